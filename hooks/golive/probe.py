"""After a member deploy: does the member site really ask for a password?

A host that ignores `.htaccess` (AllowOverride None) would serve the member release to
everyone. With DEPLOY_MEMBERS_URL set, the deploy fetches that address without a login
and expects 401; anything served instead makes it take the release offline again.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from enum import Enum


class Verdict(Enum):
    PROTECTED = "geschützt"
    OPEN = "offen"
    UNKNOWN = "unbekannt"


def verdict(status: int | None) -> Verdict:
    """401 is the only answer that proves the login is asked for (pure)."""
    if status == 401:
        return Verdict.PROTECTED
    if status is not None and status < 400:
        return Verdict.OPEN
    return Verdict.UNKNOWN


def fetch_status(url: str, timeout: float = 20) -> tuple[int | None, str]:
    request = urllib.request.Request(url, headers={"User-Agent": "newsroom-deploy-check"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, ""
    except urllib.error.HTTPError as error:
        return error.code, ""
    except (urllib.error.URLError, OSError) as error:
        return None, str(getattr(error, "reason", error))
