"""Links checked on what the public build wrote, not on source lines.

The source checks (`member_links`) read Markdown; what a browser or a crawler follows
is the HTML and the feeds the build writes. This check reads every written page and
feed with an HTML parser (entities decoded, any case, attributes over several lines),
takes every URL of every URL-bearing attribute (`href`, `src`, each `srcset`
candidate, `cite`, `action`, `formaction`, `poster`, `data`, `background`,
`xlink:href`, a meta refresh's or OpenGraph tag's `content`, CSS `url()` in `style`
attributes and `<style>` elements), and in feeds and other text files also every
absolute URL in the text. Each URL is resolved against the page it stands in and the
site's address (`site_url`, protocol-relative `//host/…` included). A URL that points
to member-only content of this site or anywhere on the member site's host and path is
an error.

Pure: the caller reads the files and passes their bytes.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

from .member_links import MemberSpace, stem

_URL_ATTRIBUTES = frozenset(
    {"href", "src", "cite", "action", "formaction", "poster", "data", "background", "longdesc", "xlink:href",
     "manifest", "icon", "codebase", "archive", "usemap", "ping", "itemid", "itemtype", "profile"}
)
_CSS_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE | re.DOTALL)
_CSS_IMPORT = re.compile(r"@import\s+(['\"])(.*?)\1", re.IGNORECASE)
_REFRESH = re.compile(r"^\s*\d*[.\d]*\s*[;,]?\s*url\s*=\s*['\"]?([^'\"]*)", re.IGNORECASE)
_ABSOLUTE = re.compile(r"(?:https?:)?//[^\s\"'<>()\\]+", re.IGNORECASE)
_TEXT_SUFFIXES = (".xml", ".ics", ".json", ".txt", ".webmanifest", ".css", ".js")


@dataclass(frozen=True)
class Hit:
    output: str  # output-relative path of the file the URL stands in
    url: str  # as written (decoded)
    member_site: bool  # True: to the member site; False: to member content of this site


@dataclass
class Scan:
    hits: list[Hit] = field(default_factory=list)
    referenced: set[str] = field(default_factory=set)  # site paths (`a/b.pdf`) the output links to


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_style = tag == "style"
        values = {name.lower(): value or "" for name, value in attrs}
        for name, value in values.items():
            if name in _URL_ATTRIBUTES:
                self.urls.append(value)
            elif name in ("srcset", "imagesrcset"):
                self.urls += [candidate.strip().split()[0] for candidate in value.split(",") if candidate.strip()]
            elif name == "style":
                self.urls += _css_urls(value)
            elif name == "content":
                refresh = _REFRESH.match(value)
                if refresh:
                    self.urls.append(refresh.group(1))
                elif _ABSOLUTE.match(value.strip()) or value.strip().startswith("/"):
                    self.urls.append(value.strip())

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.urls += _css_urls(data)


def _css_urls(css: str) -> list[str]:
    css = re.sub(r"\\([0-9a-fA-F]{1,6})\s?", lambda m: chr(int(m.group(1), 16)), css)
    return [m.group(2) for m in _CSS_URL.finditer(css)] + [m.group(2) for m in _CSS_IMPORT.finditer(css)]


def urls_in(name: str, data: bytes) -> list[str]:
    """Every URL a page or feed holds, decoded as a browser or feed reader would."""
    text = data.decode("utf-8", errors="replace")
    found: list[str] = []
    for form in (text, html.unescape(text)) if not name.endswith((".html", ".htm")) else (text,):
        parser = _Collector()
        parser.feed(form)
        parser.close()
        found += parser.urls
    if name.endswith(_TEXT_SUFFIXES):
        for form in (text, html.unescape(text), unquote(text)):
            found += _ABSOLUTE.findall(form)
            found += _css_urls(form) if name.endswith(".css") else []
    return list(dict.fromkeys(url.strip() for url in found if url and url.strip()))


def _place(url: str) -> tuple[str, str, str]:
    parts = urlsplit(url)
    return (parts.hostname or "").lower(), parts.port or "", unquote(parts.path)


def _within(path: str, base: str) -> str | None:
    """`path` relative to the folder `base`, or None if outside it."""
    base = "/" + base.strip("/")
    path = posixpath.normpath("/" + path.lstrip("/")) + ("/" if path.endswith("/") else "")
    if base == "/":
        return path.lstrip("/")
    if path.rstrip("/") == base or path.startswith(base + "/"):
        return path[len(base):].lstrip("/")
    return None


def _under_member_page(site_path: str, member_stems: set[str]) -> bool:
    """The page itself (any spelling: `x/`, `x/index.html`, capitals) or anything below it."""
    parts = stem(site_path).lower().split("/")
    return any("/".join(parts[:end]) in member_stems for end in range(1, len(parts) + 1))


def scan(files: dict[str, bytes], space: MemberSpace, site_url: str, member_url: str | None) -> Scan:
    """Every URL of the written public files that points to member content or the member site.

    `files`: output-relative path -> bytes (pages, feeds, sitemaps, …). `site_url`: the
    public site's address; `member_url`: the member site's address, if known.
    """
    site_url = site_url if site_url.endswith("/") else site_url + "/"
    site_host, site_port, site_path = _place(site_url)
    member = _place(member_url) if member_url else None
    member_stems = {value.lower() for value in space.stems}
    result = Scan()
    for name in sorted(files):
        page_url = urljoin(site_url, name)
        for raw in urls_in(name, files[name]):
            cleaned = "".join(raw.split())  # browsers drop tabs and line breaks inside URLs
            if cleaned.lower().startswith(("javascript:", "mailto:", "tel:", "data:")):
                continue
            absolute = urljoin(page_url, cleaned if not cleaned.startswith("//") else "https:" + cleaned)
            scheme = urlsplit(absolute).scheme.lower()
            if scheme not in ("http", "https", ""):
                continue
            host, port, path = _place(absolute)
            if member and host == member[0] and (port or "") == (member[1] or "") and _within(path, member[2]) is not None:
                result.hits.append(Hit(name, raw, True))
                continue
            if host != site_host or (port or "") != (site_port or ""):
                continue
            inside = _within(path, site_path)
            if inside is None:
                continue
            result.referenced.add(inside.rstrip("/"))
            if space.holds(inside) or _under_member_page(inside, member_stems):
                result.hits.append(Hit(name, raw, False))
    return result


def message(hit: Hit) -> str:
    where = "auf die Mitgliederseite" if hit.member_site else "auf Inhalt nur für Mitglieder"
    return (
        f"Die gebaute Datei „{hit.output}“ enthält den Verweis „{hit.url}“, der {where} zeigt. Die öffentliche "
        "Website darf diese Adresse nicht nennen: bitte den Verweis in einen Abschnitt „/// members“ setzen "
        "oder entfernen (auch ausgeschriebene Adressen wie „https://…/mitglieder/…“ oder HTML-Attribute zählen)."
    )


def unused_member_file_message(asset: str) -> str:
    return (
        f"Die Datei „{asset}“ wird in Text für Mitglieder genannt, aber von keiner öffentlichen Seite verlinkt, "
        "und käme so auf die öffentliche Website. Bitte die Datei nach docs/mitglieder/ verschieben und den "
        "Verweis anpassen."
    )
