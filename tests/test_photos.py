"""Photos: found in the text, checked, planned per audience, re-encoded without metadata,
and published as renditions only (never the original file)."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from conftest import run_mkdocs, write
from photodata import GPS_IFD, animated_png, phone_photo, png_bytes
from newsroom.plan import photos as plan
from newsroom.read.photo_files import PhotoFile
from newsroom.read.photo_refs import find
from newsroom.write import photos as encoder
from safety_helpers import error_lines, explained_in_guide, run_check, snapshot

MARKERS = ("mmkfoto1q", "mmkalt2q", "mmkcredit3q")


# --- pure parts ------------------------------------------------------------------

def test_references_are_found_outside_code_only():
    text = (
        "![Infostand](a.jpg \"Foto: Erika\")\n"
        "`![nicht](b.jpg)` und ![Zwei](<c d.jpg>)\n"
        "```\n![im Code](e.jpg)\n```\n"
        "> ![Im Zitat](f.jpg)\n"
        "<img src=\"g.jpg\" alt=\"x\">\n"
    )
    refs = find(text)
    assert [(r.line, r.target, r.alt, r.title, r.html) for r in refs] == [
        (1, "a.jpg", "Infostand", "Foto: Erika", False),
        (2, "c d.jpg", "Zwei", None, False),
        (6, "f.jpg", "Im Zitat", None, False),
        (7, "g.jpg", "", None, True),
    ]


def test_renditions_never_upscale():
    small = PhotoFile("bulletins/x.jpg", "ab" * 32, 700, 350, False)
    assert [(r.width, r.height) for r in plan.renditions(small)] == [(480, 240), (700, 350)]
    large = PhotoFile("bulletins/x.jpg", "cd" * 32, 4000, 3000, False)
    assert [r.width for r in plan.renditions(large)] == [480, 960, 1600]
    assert all(r.path.startswith("bilder/cdcdcdcd") and r.path.endswith(".jpg") for r in plan.renditions(large))


def test_place_writes_srcset_sizes_lazy_and_caption():
    photos = {
        "bulletins/2024/a.jpg": PhotoFile("bulletins/2024/a.jpg", "aa" * 32, 2000, 1000, False),
        "bulletins/2024/b.png": PhotoFile("bulletins/2024/b.png", "bb" * 32, 600, 600, True),
    }
    text = 'Text\n\n![Erstes](a.jpg "Foto: A*B <i>")\n\n- ![Zweites](b.png)\n'
    placed = plan.place(text, "bulletins/2024/x.md", "aktuelles/2024/x.md", photos)
    first, second = placed.markdown.split("\n\n")[1], placed.markdown.split("\n\n")[2]
    assert first.startswith("![Erstes](../../bilder/aaaaaaaaaaaaaaaa-1600.jpg")
    assert "../../../bilder/aaaaaaaaaaaaaaaa-480.jpg 480w" in first and 'width="1600" height="800"' in first
    assert "loading" not in first  # the first image of a page loads at once
    assert first.endswith("*Foto: A\\*B &lt;i&gt;*{ .nr-photo-credit }") or "Foto: A\\*B &lt;i>" in first
    assert 'loading="lazy" decoding="async"' in second and "b.png" not in second and "-600.png" in second
    assert placed.lead is not None and placed.lead.alt == "Erstes"
    assert placed.lead.share.path == "bilder/aaaaaaaaaaaaaaaa-teilen.jpg"


def test_encoder_drops_metadata_applies_orientation_and_is_reproducible():
    original = phone_photo(1200, 800, orientation=6)
    made = encoder.resized(original, 480)
    assert made == encoder.resized(original, 480)
    with Image.open(io.BytesIO(made)) as image:
        assert image.size == (480, 720)  # turned upright: portrait
        assert not image.getexif() and not image.getexif().get_ifd(GPS_IFD)
        assert not {"exif", "icc_profile", "xmp", "comment"} & set(image.info)
        assert image.getpixel((470, 5))[2] < 100  # the yellow corner moved to the top right
    assert b"Telefonhersteller" not in made and b"Kommentar" not in made
    share = encoder.share_crop(original)
    with Image.open(io.BytesIO(share)) as image:
        assert image.size == (1200, 630)


# --- real builds -----------------------------------------------------------------

def _bulletin(project, body: str, name: str = "2024-03-02-infostand.md") -> None:
    write(project / "bulletins" / "2024" / name, f"---\ntitle: Infostand am Markt\ndate: 2024-03-02\n---\n\n{body}")


def _photo_project(project):
    folder = project / "bulletins" / "2024"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "2024-03-02-buehne.jpg").write_bytes(phone_photo(3000, 2000, orientation=6))
    (folder / "bilder").mkdir()
    (folder / "bilder" / "stand.png").write_bytes(png_bytes(900, 600))
    (folder / f"{MARKERS[0]}.jpg").write_bytes(phone_photo(1000, 800, colour=(200, 30, 30)))
    (project / "docs" / "bilder").mkdir()
    (project / "docs" / "bilder" / "vorstand.jpg").write_bytes(phone_photo(800, 600, colour=(0, 90, 0)))
    _bulletin(project, (
        "Wir waren am Markt.\n\n"
        '![Die Bühne am Markt](2024-03-02-buehne.jpg "Foto: Erika Muster")\n\n'
        "Viele Gespräche.\n\n"
        "![Unser Stand](bilder/stand.png)\n\n"
        "/// members\n"
        f'![{MARKERS[1]}]({MARKERS[0]}.jpg "{MARKERS[2]}")\n'
        "///\n\n"
        "![Der Vorstand](../../docs/bilder/vorstand.jpg)\n"
    ))


def _published_images(site):
    return [p for p in site.rglob("*") if p.suffix.lower() in (".jpg", ".jpeg", ".png", ".webp")]


def test_public_and_member_builds_publish_renditions_only(project):
    _photo_project(project)
    public = run_mkdocs(project)
    assert public.ok, public.log
    page = public.text("aktuelles/2024/infostand/index.html")
    images = re.findall(r"<img [^>]*>", page)
    assert len(images) == 3, images
    for tag in images:
        assert 'alt="' in tag and 'srcset="' in tag and 'width="' in tag and 'height="' in tag
    assert 'class="nr-photo-credit">Foto: Erika Muster<' in page
    published = _published_images(public.site)
    originals = {p.read_bytes() for p in (project / "bulletins" / "2024").rglob("*.*") if p.suffix in (".jpg", ".png")}
    originals.add((project / "docs" / "bilder" / "vorstand.jpg").read_bytes())
    assert published and not (originals & {p.read_bytes() for p in published})
    assert not (public.site / "bilder" / "vorstand.jpg").exists()
    for path in published:
        with Image.open(path) as image:
            assert image.width <= 1600 and not image.getexif() and "icc_profile" not in image.info
            assert not image.getexif().get_ifd(GPS_IFD)
    # The rotated phone photo is upright: portrait in every width.
    buehne = [p for p in published if p.name.endswith("-960.jpg") and Image.open(p).height > Image.open(p).width]
    assert buehne
    # Nothing of the member photo: no file name, alt text, caption, nor its renditions.
    member_digest = None
    for path in public.site.rglob("*"):
        assert not any(m in path.as_posix() for m in MARKERS)
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".ics", ".txt"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert not any(m in text for m in MARKERS), path
    members = run_mkdocs(project, config="mkdocs.members.yml")
    assert members.ok, members.log
    member_page = members.text("aktuelles/2024/infostand/index.html")
    assert MARKERS[1] in member_page and MARKERS[2] in member_page
    assert len(_published_images(members.site)) > len(published)
    assert member_digest is None


def test_lead_photo_in_cards_share_preview_and_feed(project):
    _photo_project(project)
    build = run_mkdocs(project)
    assert build.ok, build.log
    page = build.text("aktuelles/2024/infostand/index.html")
    share = re.search(r'<meta property="og:image" content="([^"]+)"', page).group(1)
    assert share.startswith("https://www.example.org/bilder/") and share.endswith("-teilen.jpg")
    with Image.open(build.site / share.removeprefix("https://www.example.org/")) as image:
        assert image.size == (1200, 630)
    assert 'name="twitter:card" content="summary_large_image"' in page
    # A page without a photo gets the default share image, made at build time.
    about = build.text("ueber-uns/index.html")
    default = re.search(r'<meta property="og:image" content="([^"]+)"', about).group(1)
    assert default == "https://www.example.org/bilder/teilen.jpg" and (build.site / "bilder" / "teilen.jpg").is_file()
    archive = build.text("aktuelles/2024/index.html") + build.text("aktuelles/index.html")
    assert "nr-card__photo" in build.text("aktuelles/index.html") or "nr-card__photo" in archive
    rss = build.text("feeds/rss.xml")
    item = rss.split("<title>Infostand am Markt</title>", 1)[1].split("</item>", 1)[0]
    enclosure = re.search(r'<enclosure url="([^"]+)" length="(\d+)" type="image/jpeg"/>', item)
    assert enclosure and enclosure.group(1).startswith("https://www.example.org/bilder/")
    assert int(enclosure.group(2)) == (build.site / enclosure.group(1).removeprefix("https://www.example.org/")).stat().st_size
    assert 'src="https://www.example.org/bilder/' in item and "srcset=\"https://www.example.org/bilder/" in item


def test_a_rebuild_reencodes_nothing_unchanged(project):
    _photo_project(project)
    assert run_mkdocs(project).ok
    cache = project / ".cache" / "bilder"
    before = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    assert before
    second = run_mkdocs(project)
    assert second.ok, second.log
    assert {p.name: p.stat().st_mtime_ns for p in cache.iterdir()} == before


BAD = [
    ("missing alt", "![](2024-03-02-buehne.jpg)", None, "hat keinen Alternativtext"),
    ("blank alt", "![  ](2024-03-02-buehne.jpg)", None, "hat keinen Alternativtext"),
    ("missing file", "![Bühne](2024-03-02-buehn.jpg)", None, "gibt es nicht"),
    ("external", "![Bühne](https://example.com/x.jpg)", None, "anderen Website"),
    ("html img", '<img src="2024-03-02-buehne.jpg" alt="x">', None, "nicht als <img>-Tag"),
    ("svg", "![Logo](logo.svg)", ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"), "SVG"),
    ("heic", "![Bühne](IMG_0001.heic)", ("IMG_0001.heic", b"\x00\x00\x00\x18ftypheic"), "HEIC"),
    ("wrong type", "![Bühne](grafik.jpg)", ("grafik.jpg", png_bytes(50, 50)), "ist aber ein PNG-Bild"),
    ("broken", "![Bühne](kaputt.jpg)", ("kaputt.jpg", b"\xff\xd8\xff\xe0 kein Bild"), "beschädigt"),
    ("animated", "![Bühne](animiert.png)", ("animiert.png", animated_png()), "Animierte Bilder"),
    ("too many pixels", "![Bühne](riesig.png)", ("riesig.png", png_bytes(8000, 7000, "1")), "Megapixel"),
]


@pytest.mark.parametrize("case", BAD, ids=[c[0] for c in BAD])
def test_bad_photos_fail_in_german_naming_file_and_line(project, case):
    _name, markdown, extra, message = case
    folder = project / "bulletins" / "2024"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "2024-03-02-buehne.jpg").write_bytes(phone_photo(600, 400))
    if extra:
        (folder / extra[0]).write_bytes(extra[1])
    _bulletin(project, f"Einleitung.\n\n{markdown}\n")
    good = run_mkdocs(project)
    assert not good.ok
    assert message in good.log and "bulletins/2024/2024-03-02-infostand.md, Zeile 8" in good.log, good.log
    assert "Traceback" not in good.log
    check = run_check(project)
    assert check.returncode == 1 and message in check.stderr and "Zeile 8" in check.stderr
    assert [line for line in error_lines(check.stderr) if not explained_in_guide(line)] == []


def test_a_refused_photo_keeps_the_old_site(project):
    folder = project / "bulletins" / "2024"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "2024-03-02-buehne.jpg").write_bytes(phone_photo(600, 400))
    _bulletin(project, "![Bühne](2024-03-02-buehne.jpg)\n")
    first = run_mkdocs(project)
    assert first.ok, first.log
    before = snapshot(first.site)
    _bulletin(project, "![](2024-03-02-buehne.jpg)\n")
    assert not run_mkdocs(project).ok
    assert snapshot(first.site) == before
