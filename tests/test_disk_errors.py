"""Issue 13: a full disk (or an output folder we may not write) while building.

No disk is filled: `tests/disk_errors/sitecustomize.py` makes MkDocs' third page write
fail with the OSError the kernel gives. The build must end with one German line naming
what happened, no traceback, no staging folder left, and the old site byte-for-byte.
"""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from build_guard import disk_problem
from conftest import run_mkdocs
from safety_helpers import leftovers, snapshot

INJECT = Path(__file__).resolve().parent / "disk_errors"

EXPECTED = {
    "ENOSPC": "Kein Speicherplatz mehr auf dem Datenträger",
    "EDQUOT": "Das Speicherkontingent (Quota)",
    "EROFS": "ist schreibgeschützt",
    "EACCES": "Keine Schreibrechte für den Ordner",
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_disk_error_while_building_keeps_the_site(project: Path, name: str) -> None:
    good = run_mkdocs(project)
    assert good.ok, good.log
    before = snapshot(good.site)
    broken = run_mkdocs(project, env={"PYTHONPATH": str(INJECT), "NEWSROOM_TEST_DISK_ERROR": f"{name}:3"})
    assert broken.result.returncode == 1, broken.log
    assert EXPECTED[name] in broken.log
    assert f"(Ausgabeordner „{good.site.resolve()}“)" in broken.log
    assert "Die Website wurde nicht neu gebaut, die alte bleibt unverändert." in broken.log
    assert "Traceback" not in broken.log and "Errno" not in broken.log and "Error building page" not in broken.log
    assert snapshot(good.site) == before
    assert leftovers(project) == []


def test_disk_problem_names_only_disk_errors() -> None:
    staged = "/srv/web/.site-staging-41/aktuelles/index.html"
    assert disk_problem(OSError(errno.ENOSPC, "No space left on device", staged)).startswith(
        "Kein Speicherplatz mehr auf dem Datenträger, auf dem die Website gebaut wird (Ausgabeordner „/srv/web/site“)."
    )
    # No rights on a source file is the read stage's error, not one of the output folder.
    assert disk_problem(PermissionError(errno.EACCES, "Permission denied", "/srv/web/docs/kontakt.md")) is None
    assert disk_problem(OSError(errno.ENOENT, "No such file or directory", staged)) is None
    assert disk_problem(ValueError("no OSError")) is None
