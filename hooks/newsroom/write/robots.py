"""`robots.txt` for each build.

The public site invites every crawler and names its sitemap. The member site forbids
everything: it is behind HTTP authentication anyway, and the nginx configuration and
every page's `<meta name="robots">` say `noindex, nofollow` as well, so a member page
that escapes through a shared link is still not indexed.
"""

from __future__ import annotations

from ..model import Audience
from ..settings import Settings

PATH = "robots.txt"


def robots_txt(settings: Settings) -> bytes:
    if settings.audience is Audience.MEMBERS:
        lines = ["User-agent: *", "Disallow: /"]
    else:
        lines = ["User-agent: *", "Allow: /", "", f"Sitemap: {settings.absolute('sitemap.xml')}"]
    return ("\n".join(lines) + "\n").encode("ascii")
