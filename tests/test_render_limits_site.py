"""Issue 13, "Time", in real builds: punctuation within the rendering limits is built as
written, fast; the refused cases are in tests/bad-input/ (`body-*`, `docs-page-link-brackets`)."""

from __future__ import annotations

import html
import resource
from pathlib import Path

from conftest import copy_project, run_mkdocs


def test_much_punctuation_within_the_limits_is_built_as_written(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    stray = "Ein [ ohne Gegenstück, ein `Backtick` und a < b. " + "Wir haben getagt und beschlossen. " * 100
    body = "\n\n".join(["(" * 60_000] * 4 + ["Klammern (" * 6_000] * 10 + [stray, "| a | b |\n| --- | --- |\n" + "| 1 | (2) |\n" * 900])
    (project / "bulletins/2024/2024-05-01-klammern.md").write_text(
        f"---\ntitle: Klammern\ndate: 2024-05-01\n---\n\n{body}\n", encoding="utf-8"
    )
    (project / "docs/kontakt.md").write_text(
        (project / "docs/kontakt.md").read_text(encoding="utf-8") + "\n" + "Zeichen: (|) " * 4_000 + "\n", encoding="utf-8"
    )
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    build = run_mkdocs(project)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)

    assert build.ok, build.log
    page = (build.site / "aktuelles/2024/klammern/index.html").read_text(encoding="utf-8")
    assert page.count("(" * 60_000) == 4
    assert page.count("Klammern (" * 6_000) == 10
    assert html.escape("Ein [ ohne Gegenstück, ", quote=False) in page and "<code>Backtick</code>" in page
    assert page.count("<td>(2)</td>") == 900
    assert "Zeichen: (|) " * 4_000 in (build.site / "kontakt/index.html").read_text(encoding="utf-8")
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    assert cpu < 60, f"{cpu:.1f} s of CPU for about 700 KB of punctuation"
