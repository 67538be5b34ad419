"""The editors' check command: validates without building, reads the MkDocs config."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import EPOCH, write
from safety_helpers import run_check, snapshot


def test_sample_content_passes_and_nothing_is_written(project: Path) -> None:
    before = snapshot(project)
    result = run_check(project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Alles in Ordnung. Die öffentliche Website enthält")
    assert snapshot(project) == before


def test_it_does_not_start_mkdocs(project: Path) -> None:
    """What keeps it fast: no MkDocs, no theme, no Markdown rendering of pages."""
    code = "import runpy, sys\ntry:\n    runpy.run_path('hooks/newsroom_check.py', run_name='__main__')\nexcept SystemExit:\n    pass\nprint(sorted({m.split('.')[0] for m in sys.modules} & {'mkdocs', 'material', 'jinja2'}))"
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    result = subprocess.run([sys.executable, "-c", code], cwd=project, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("[]")


def test_errors_exit_1_with_the_report_on_stderr(project: Path) -> None:
    write(project / "bulletins" / "2025" / "2025-01-01-x.md", "---\ntitel: x\ndate: 2025-01-01\n---\n")
    result = run_check(project)
    assert result.returncode == 1
    assert "Fehler in den Inhalten – nichts gebaut, nur geprüft:" in result.stderr
    assert "bulletins/2025/2025-01-01-x.md, Zeile 2, Schlüssel „titel“" in result.stderr


def test_inherited_config_and_mkdocs_tags(project: Path) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\ncopyright: !ENV [COPYRIGHT, 'x']\n", encoding="utf-8")
    write(project / "mkdocs.members.yml", "INHERIT: mkdocs.yml\nsite_dir: site-members\nextra:\n  newsroom:\n    audience: members\n")
    result = run_check(project, "-f", "mkdocs.members.yml")
    assert result.returncode == 0, result.stderr
    assert "Die Mitgliederseite enthält" in result.stdout


def test_unreadable_config_exits_2(project: Path) -> None:
    result = run_check(project, "-f", "gibt-es-nicht.yml")
    assert result.returncode == 2
    assert "Die Konfiguration gibt-es-nicht.yml lässt sich nicht lesen" in result.stderr


def test_check_names_the_pages_the_navigation_leaves_out(project: Path) -> None:
    """Strict MkDocs stops on a page outside `nav`; the check says so in the same round."""
    write(project / "docs" / "satzung.md", "# Satzung\n\nText.\n")
    write(project / "docs" / "mitglieder" / "kasse.md", "---\naudience: members\n---\n# Kasse\n\nText.\n")
    result = run_check(project)
    assert result.returncode == 1
    assert "docs/satzung.md: Diese Seite steht nicht in der Navigation" in result.stderr
    assert "kasse.md" not in result.stderr  # member pages: not public, and the member build lists them itself
    assert run_check(project, "-f", "mkdocs.members.yml").stderr.count("steht nicht in der Navigation") == 1
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("not_in_nav: |\n", "not_in_nav: |\n  /satzung.md\n"), encoding="utf-8")
    assert run_check(project).returncode == 0


def test_check_refuses_a_member_page_in_the_public_navigation(project: Path) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - Kontakt: kontakt.md\n", "  - Kontakt: kontakt.md\n  - Intern: mitglieder/index.md\n"), encoding="utf-8")
    line = next(n for n, row in enumerate(config.read_text(encoding="utf-8").split("\n"), 1) if "Intern:" in row)
    result = run_check(project)
    assert result.returncode == 1
    assert f"mkdocs.yml, Zeile {line}, Schlüssel „nav“: Die Navigation der öffentlichen Website nennt" in result.stderr


def test_a_page_outside_the_navigation_is_no_error_where_mkdocs_would_build_it(project: Path) -> None:
    """Without strict mode MkDocs only logs the omission and builds the page: so does the check."""
    write(project / "docs" / "satzung.md", "# Satzung\n\nText.\n")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("strict: true", "strict: false"), encoding="utf-8")
    result = run_check(project)
    assert result.returncode == 0, result.stderr
