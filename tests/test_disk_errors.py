"""Issue 13: a full disk (or an output folder we may not write) while building.

No disk is filled: `tests/disk_errors/sitecustomize.py` makes MkDocs' third page write
fail with the OSError the kernel gives. The build must end with one German line naming
what happened, no traceback, no staging folder left, and the old site byte-for-byte.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from build_guard import disk_problem
from conftest import EPOCH, run_mkdocs
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


# A real full disk where the machine allows it (root with mount rights, as in CI's
# container): a tmpfs that holds one site (~10 MB) but not a second beside it, mounted in
# a private mount namespace so it vanishes with the test's process whatever happens.
_FULL_DISK = """
set -e
mkdir -p out
mount -t tmpfs -o size=14m tmpfs out || exit 77
"$PYTHON" -m mkdocs build -q --site-dir out/site
(cd out && find site -type f -exec sha256sum {} + | sort > ../before.txt)
set +e
"$PYTHON" -m mkdocs build --site-dir out/site > second.log 2>&1
echo "$?" > second.rc
(cd out && find site -type f -exec sha256sum {} + | sort > ../after.txt; ls -a > ../entries.txt)
"""


def test_a_really_full_disk_keeps_the_site(project: Path) -> None:
    if shutil.which("unshare") is None:
        pytest.skip("no unshare(1) for a private tmpfs")
    env = {**os.environ, "PYTHON": sys.executable, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c", _FULL_DISK],
                         cwd=project, env=env, capture_output=True, text=True, timeout=300)
    if run.returncode == 77 or "unshare failed" in run.stderr:
        pytest.skip(f"no tmpfs can be mounted here: {run.stderr.strip()}")
    assert run.returncode == 0, run.stdout + run.stderr
    log = (project / "second.log").read_text(encoding="utf-8")
    assert (project / "second.rc").read_text().strip() == "1", log
    assert "Kein Speicherplatz mehr auf dem Datenträger, auf dem die Website gebaut wird" in log
    assert f"(Ausgabeordner „{(project / 'out/site').resolve()}“)" in log
    assert "Traceback" not in log and "Errno" not in log
    assert (project / "before.txt").read_text() == (project / "after.txt").read_text()
    assert (project / "before.txt").read_text().count("index.html") >= 40  # a whole site was there
    assert (project / "entries.txt").read_text().split() == [".", "..", "site"]  # no staging left
