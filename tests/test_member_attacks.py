"""Concrete attacks on the member/public separation, as a careless editor or an attacker would try.

Every case lays some Markdown (or a command) over a copy of the project. The public build
must then either refuse (with a German message naming the file the attack is in) or
write a site in which no member marker (`leakproof.MARKER`) appears in any file, any
path, or any decoded form of them (gzip, JSON, URL and HTML escapes).

Markers: mmk0001q is the member page's name and title, mmk0002q member passage text,
mmk0003q the name of a file only member text uses.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import EPOCH, write
from leakproof import InProcessBuilder, base, builder, markers_in_output  # noqa: F401 - fixtures

ATTACK = "bulletins/2024/2024-03-01-angriff.md"
FRONT = "---\ntitle: Angriff\ndate: 2024-03-01\n---\n\n"
P = "mmk0002q"  # member passage text
PAGE = "https://www.example.org/mitglieder/mmk0001q/"


@dataclass(frozen=True)
class Case:
    name: str
    body: str
    expect: str  # "refuse" (German error naming the attack file) or "clean" (builds, no marker)
    extra: tuple[tuple[str, str], ...] = ()


def passage(prefix: str, inner: str | None = None) -> str:
    inner = inner if inner is not None else prefix
    return f"Öffentlich.\n\n{prefix}/// members\n{inner}{P} geheim\n{inner}///\n\nWeiter öffentlich.\n"


PDF = (("docs/assets/Kassenbericht mmk0003q.pdf", "%PDF-1.4 mmk0003q\n"),)

CASES = [
    # Containers: the passage must be cut (or refused) wherever Markdown reads a block.
    Case("quote", passage("> "), "clean"),
    Case("quote-2", passage("> > "), "clean"),
    Case("quote-3", passage("> > > "), "clean"),
    Case("quote-no-space", passage(">"), "clean"),
    Case("list-dash", passage("- ", "  "), "clean"),
    Case("list-star", passage("* ", "  "), "clean"),
    Case("list-plus", passage("+ ", "  "), "clean"),
    Case("list-ordered", passage("1. ", "   "), "clean"),
    Case("list-ordered-paren", passage("1) ", "   "), "refuse"),
    Case("list-after-items", "- eins\n- /// members\n  mmk0002q\n  ///\n- drei\n", "clean"),
    Case("list-unclosed", "- /// members\n  mmk0002q geheim\n\nWeiter.\n", "refuse"),
    Case("ordered-closed-too-deep", "1. /// members\n   mmk0002q\n    ///\n", "refuse"),
    Case("ordered-closed-at-left", "1. /// members\n   mmk0002q\n///\n", "refuse"),
    Case("quote-in-list", "- > /// members\n  > mmk0002q\n  > ///\n", "clean"),
    Case("list-in-quote", "> - /// members\n>   mmk0002q\n>   ///\n", "clean"),
    Case("footnote", "Text[^1]\n\n[^1]: /// members\n    mmk0002q\n    ///\n", "clean"),
    Case("footnote-2nd-paragraph", "Text[^1]\n\n[^1]: Erster Absatz.\n\n    /// members\n    mmk0002q\n    ///\n", "clean"),
    Case("admonition-indented", "!!! note \"Hinweis\"\n    Öffentlich.\n\n    /// members\n    mmk0002q\n    ///\n", "clean"),
    Case("md-in-html", '<div markdown="1">\n\n/// members\nmmk0002q\n///\n\n</div>\n', "clean"),
    Case("md-in-html-same-line", "<div markdown>/// members\nmmk0002q\n///</div>\n", "refuse"),
    Case("inline-passage", "Text /// members mmk0002q ///\n", "refuse"),
    Case("classic-members-admonition", "!!! members\n    mmk0002q\n", "refuse"),
    Case("lazy-quote", "> /// members\nmmk0002q\n> ///\n", "clean"),
    # Links to member content, in every spelling the output can carry.
    Case("own-host-url", f"[Protokoll]({PAGE})\n", "refuse"),
    Case("protocol-relative", "[Protokoll](//www.example.org/mitglieder/mmk0001q/)\n", "refuse"),
    Case("autolink", f"<{PAGE}>\n", "refuse"),
    Case("capital-path", "[Protokoll](https://www.example.org/Mitglieder/mmk0001q/)\n", "refuse"),
    Case("href-two-lines", '<a\nhref="/mitglieder/mmk0001q/">Protokoll</a>\n', "refuse"),
    Case("href-entities", '<a href="&#47;mitglieder&#47;mmk&#48;001q/">Protokoll</a>\n', "refuse"),
    Case("formaction", '<form><button formaction="/mitglieder/mmk0001q/">Los</button></form>\n', "refuse"),
    Case("cite", f'<blockquote cite="{PAGE}">Zitat</blockquote>\n', "refuse"),
    Case("srcset-second", '<img alt="" srcset="/assets/a.png 1x, /mitglieder/mmk0001q/b.png 2x">\n', "refuse"),
    Case("style-url", "<span style=\"background: url('/mitglieder/mmk0001q/x.png')\">x</span>\n", "refuse"),
    Case("meta-refresh", '<meta http-equiv="refresh" content="0; url=/mitglieder/mmk0001q/">\n', "refuse"),
    Case("member-site", "[Intern](https://intern.example.org/mitglieder/)\n", "refuse"),
    Case("two-line-reference", "[Protokoll][p]\n\n[p]:\n    ../../docs/mitglieder/mmk0001q.md\n", "refuse"),
    # Files only member text uses.
    Case("file-angle-brackets", passage("", "") .replace(P, f"[PDF](<../../docs/assets/Kassenbericht mmk0003q.pdf>) {P}"), "refuse", PDF),
    Case("file-img-src", passage("").replace(P, f'<img alt="" src="/assets/Kassenbericht%20mmk0003q.pdf"> {P}'), "refuse", PDF),
    Case("file-reference-two-lines", passage("").replace(P, f"[PDF][k] {P}\n\n[k]:\n    <../../docs/assets/Kassenbericht mmk0003q.pdf>\n"), "refuse", PDF),
    Case("file-css-url", passage("").replace(P, f"<span style=\"background:url('/assets/Kassenbericht mmk0003q.pdf')\">x</span> {P}"), "refuse", PDF),
    Case("file-own-host", passage("").replace(P, f"https://www.example.org/assets/Kassenbericht%20mmk0003q.pdf {P}"), "refuse", PDF),
]


def project_with(base: Path, target: Path, case: Case) -> Path:
    shutil.copytree(base, target)
    write(target / ATTACK, FRONT + case.body)
    for path, text in case.extra:
        write(target / path, text)
    return target


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_public_build_refuses_or_publishes_no_member_marker(case: Case, base: Path, builder: InProcessBuilder, tmp_path: Path):
    project = project_with(base, tmp_path / "p", case)
    public = builder.build(project, tmp_path / "site")
    if case.expect == "refuse":
        assert not public.ok, f"built although it should refuse:\n{public.log}"
        assert ATTACK in public.log or "docs/assets/Kassenbericht" in public.log, public.log
        assert not (tmp_path / "site" / "index.html").exists()
    else:
        assert public.ok, public.log
        assert markers_in_output(public.site) == {}
        members = builder.build(project, tmp_path / "members", config="mkdocs.members.yml")
        assert members.ok, members.log
        page = next(members.site.glob("aktuelles/2024/*angriff*/index.html")).read_text(encoding="utf-8")
        assert P in page and "admonition members" in page and "/// members" not in page


def _mkdocs(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", *args], cwd=project, env=env, capture_output=True, text=True, timeout=300)


def test_gh_deploy_of_the_member_site_is_refused(base: Path, tmp_path: Path):
    project = shutil.copytree(base, tmp_path / "p")
    result = _mkdocs(project, "gh-deploy", "-f", "mkdocs.members.yml", "--no-history")
    assert result.returncode != 0
    assert "gh-deploy" in result.stdout + result.stderr and "nicht erlaubt" in result.stdout + result.stderr


def test_member_build_refuses_an_output_folder_inside_a_public_one_given_with_d(base: Path, tmp_path: Path):
    project = shutil.copytree(base, tmp_path / "p")
    assert _mkdocs(project, "build", "-d", str(tmp_path / "out")).returncode == 0
    nested = _mkdocs(project, "build", "-f", "mkdocs.members.yml", "-d", str(tmp_path / "out" / "intern"))
    assert nested.returncode != 0 and "öffentliche Website" in nested.stdout + nested.stderr
    assert not (tmp_path / "out" / "intern").exists()
    around = _mkdocs(project, "build", "-f", "mkdocs.members.yml", "-d", str(tmp_path))
    assert around.returncode != 0


def test_public_build_refuses_an_output_folder_inside_or_around_the_member_site(base: Path, tmp_path: Path):
    project = shutil.copytree(base, tmp_path / "p")
    assert _mkdocs(project, "build", "-f", "mkdocs.members.yml", "-d", str(tmp_path / "intern")).returncode == 0
    inside = _mkdocs(project, "build", "-d", str(tmp_path / "intern" / "public"))
    assert inside.returncode != 0 and "Mitgliederseite" in inside.stdout + inside.stderr
    around = _mkdocs(project, "build", "-d", str(tmp_path))
    assert around.returncode != 0
    assert not (tmp_path / "intern" / "public").exists()


# Symlinks are refused by read/tree_safety.py (issue 13); more cases in test_tree_safety.py.
def test_a_docs_symlink_into_the_member_folder_is_refused(base: Path, builder: InProcessBuilder, tmp_path: Path):
    project = shutil.copytree(base, tmp_path / "p", symlinks=True)
    (project / "docs" / "offen").symlink_to(project / "docs" / "mitglieder", target_is_directory=True)
    public = builder.build(project, tmp_path / "site")
    assert not public.ok and "docs/offen: Das ist ein symbolischer Link" in public.log


# The project's own checks (`make check` and the build) report these in German, not only
# MkDocs' strict mode.
OWN_CHECKS = [
    ("1. Punkt\n2. /// members\n   mmk0002q\n    ///\n", "anderen Ebene geschlossen"),
    ("[Protokoll][p]\n\n[p]:\n    ../../docs/mitglieder/mmk0001q.md\n", "zeigt aber auf Inhalt nur für Mitglieder"),
    ("Text.\n\n/// members\nGeheim mmk0002q[^1]\n///\n\n[^1]: Anmerkung.\n", "Fußnote „[^1]“ wird nur in einem Abschnitt"),
]


@pytest.mark.parametrize("body, expected", OWN_CHECKS, ids=["ordered-list-closed-indented", "two-line-reference", "footnote-only-in-passage"])
def test_make_check_reports_in_german(body: str, expected: str, base: Path, tmp_path: Path):
    project = shutil.copytree(base, tmp_path / "p")
    write(project / ATTACK, FRONT + body)
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    result = subprocess.run(
        [sys.executable, str(project / "hooks" / "newsroom_check.py")], cwd=project, env=env, capture_output=True, text=True, timeout=120
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert ATTACK in output and expected in output, output


# --- The output scan as a pure function ---------------------------------------------------

def _space():
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))
    from newsroom.check.member_links import MemberSpace

    return MemberSpace(sources=frozenset(), stems=frozenset({"aktuelles/2024/intern-mmk0001q"}))


@pytest.mark.parametrize(
    "page",
    [
        '<img srcset="/a.png 1x,\n /aktuelles/2024/intern-mmk0001q/b.png 2x">',
        '<a HREF="&#x2F;mitglieder&#x2F;x/">x</a>',
        '<a href="/Mitglieder/x/">x</a>',
        '<meta http-equiv="refresh" content="0;URL=\'/mitglieder/\'">',
        '<div style="background:url(&quot;/mitglieder/a.png&quot;)"></div>',
        '<a href="//www.example.org/aktuelles/2024/intern-mmk0001q/">x</a>',
        '<a href="https://intern.example.org/">x</a>',
        '<a href="../../aktuelles/2024/intern-mmk0001q/index.html">x</a>',
        '<object data="/mitglieder/a.pdf"></object><video poster="/mitglieder/p.png"></video>',
        '<style>.x { background: url(/mitglieder/a.png) }</style>',
    ],
)
def test_output_scan_finds_member_urls_in_any_spelling(page: str):
    from newsroom.check import output_links

    found = output_links.scan({"ueber-uns/index.html": page.encode()}, _space(), "https://www.example.org/", "https://intern.example.org/")
    assert found.hits, page


def test_output_scan_leaves_public_links_and_other_hosts_alone():
    from newsroom.check import output_links

    page = '<a href="/aktuelles/">a</a><a href="https://example.com/mitglieder/">b</a><img srcset="/x.png 1x, /y.png 2x">'
    found = output_links.scan({"index.html": page.encode()}, _space(), "https://www.example.org/", "https://intern.example.org/")
    assert found.hits == [] and {"aktuelles", "x.png", "y.png"} <= found.referenced


def test_output_scan_reads_feeds_with_escaped_html():
    from newsroom.check import output_links

    feed = b'<rss><item><description>&lt;a href="/mitglieder/x/"&gt;x&lt;/a&gt;</description><link>https://www.example.org/aktuelles/</link></item></rss>'
    found = output_links.scan({"feeds/rss.xml": feed}, _space(), "https://www.example.org/", None)
    assert [hit.url for hit in found.hits] == ["/mitglieder/x/"]
