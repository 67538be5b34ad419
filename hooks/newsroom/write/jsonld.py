"""schema.org `Event` data for an event page (`<script type="application/ld+json">`).

Search engines show public events with date and place from this. Member-only events
get none: their pages live on the member site, which is not for search engines.
"""

from __future__ import annotations

import json
from typing import Any

from .. import dates

from ..plan import timespan
from ..model import Audience, Event, EventStatus
from ..settings import Settings

_STATUS = {
    EventStatus.SCHEDULED: "https://schema.org/EventScheduled",
    EventStatus.CANCELLED: "https://schema.org/EventCancelled",
    EventStatus.POSTPONED: "https://schema.org/EventPostponed",
}
_MODE = {  # (has a place, has an online link) -> attendance mode
    (True, False): "https://schema.org/OfflineEventAttendanceMode",
    (False, True): "https://schema.org/OnlineEventAttendanceMode",
    (True, True): "https://schema.org/MixedEventAttendanceMode",
    (False, False): "https://schema.org/OfflineEventAttendanceMode",  # place still to be announced
}
# Inside <script>, "</script>" or "<!--" would end or confuse the block: JSON allows
# these characters as \u escapes, which every JSON parser reads back unchanged.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def event_data(event: Event, settings: Settings, page_url: str, description: str) -> dict[str, Any] | None:
    """The schema.org Event as a dict, or None for member-only events."""
    if event.audience is Audience.MEMBERS:
        return None
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "startDate": dates.iso(event.start),
        "eventStatus": _STATUS[event.status],
        "eventAttendanceMode": _MODE[(event.location is not None, event.online is not None)],
        "url": settings.absolute(page_url),
        "description": description,
        "organizer": {"@type": "Organization", "name": settings.site_name, "url": settings.site_url},
    }
    if event.end is not None:
        # All-day: the last day itself (schema.org dates are inclusive, unlike iCalendar's).
        data["endDate"] = dates.iso(event.end) if not event.all_day else timespan.last_day(event).isoformat()
    locations = _locations(event)
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    return data


def _locations(event: Event) -> list[dict[str, Any]]:
    found = []
    if event.location:
        # "Gewerkschaftshaus, Musterstraße 5, 06108 Halle (Saale)": the place's name first.
        name = event.location.split(",", 1)[0].strip()
        found.append({"@type": "Place", "name": name, "address": event.location})
    if event.online:
        found.append({"@type": "VirtualLocation", "url": event.online})
    return found


def script_json(data: dict[str, Any]) -> str:
    """JSON safe to put between `<script type="application/ld+json">` tags as is."""
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False).translate(_SCRIPT_SAFE)
