"""Same sources + same SOURCE_DATE_EPOCH = byte-identical site: across runs, machines'
time zones and languages, hash seeds, project folders and file system listing order."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import EPOCH, copy_project, run_mkdocs
from safety_helpers import snapshot

# A machine far east and one far west of Berlin, in different languages; and the hash seed
# that decides the iteration order of sets of strings.
EAST = {"TZ": "Pacific/Kiritimati", "LANG": "de_DE.UTF-8", "LC_ALL": "de_DE.UTF-8", "LANGUAGE": "de", "PYTHONHASHSEED": "1"}
WEST = {"TZ": "America/Adak", "LANG": "C", "LC_ALL": "C", "LANGUAGE": "en", "PYTHONHASHSEED": "2"}


def _site(project: Path, env: dict | None = None) -> dict:
    build = run_mkdocs(project, env=env)
    assert build.ok, build.log
    return snapshot(build.site)


def _differences(first: dict, second: dict) -> list[str]:
    return sorted(name for name in first.keys() | second.keys() if first.get(name) != second.get(name))


def test_two_runs_are_byte_identical(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    first = _site(project)
    second = _site(project)
    assert _differences(first, second) == []


def test_time_zone_language_and_hash_seed_do_not_matter(tmp_path: Path) -> None:
    east = _site(copy_project(tmp_path / "east"), EAST)
    west = _site(copy_project(tmp_path / "west"), WEST)
    assert _differences(east, west) == []
    # The sample's dated pages are really there, so the comparison covers dates and times.
    assert any(name.startswith("termine/") for name in east)


# Runs `mkdocs build` with every directory listing reversed (os.scandir and os.listdir:
# os.walk, pathlib and glob all go through them), and reports the listing it saw.
_REVERSED_LISTING = """
import os, sys
_scandir, _listdir = os.scandir, os.listdir

class _Reversed:
    def __init__(self, path="."):
        with _scandir(path) as entries:
            self._entries = iter(sorted(entries, key=lambda entry: entry.name, reverse=True))
    def __iter__(self):
        return self
    def __next__(self):
        return next(self._entries)
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        return False
    def close(self):
        pass

os.scandir = _Reversed
os.listdir = lambda path=".": sorted(_listdir(path), reverse=True)
print("LISTING", os.listdir("bulletins"), file=sys.stderr)
from mkdocs.__main__ import cli
sys.argv = ["mkdocs", "build", "-q"]
cli()
"""


def test_file_system_listing_order_does_not_matter(tmp_path: Path) -> None:
    normal = _site(copy_project(tmp_path / "normal"))
    project = copy_project(tmp_path / "reversed")
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-c", _REVERSED_LISTING], cwd=project, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    listing = next(line for line in result.stderr.splitlines() if line.startswith("LISTING"))
    assert listing == f"LISTING {sorted(os.listdir(project / 'bulletins'), reverse=True)!r}"
    assert _differences(normal, snapshot(project / "site")) == []


def test_files_created_in_reverse_order_give_the_same_site(tmp_path: Path) -> None:
    """The same without patching: a copy whose files were written in the opposite order."""
    forward = copy_project(tmp_path / "forward")
    backward = copy_project(tmp_path / "source")
    target = tmp_path / "backward"
    for path in sorted(backward.rglob("*"), reverse=True):
        if path.is_file():
            destination = target / path.relative_to(backward)
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(path.read_bytes())
    assert _differences(_site(forward), _site(target)) == []
