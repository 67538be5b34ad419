"""Every kind of bad input in tests/bad-input/ is answered in German, and loses nothing.

Each case is put into a copy of a project whose site was built successfully; the
build must then fail (non-zero exit), name the file (and line and key where known)
with the case's expected German fragments, leave the built site byte-for-byte as it
was, leave no staging folder behind, and the editors' check command must list the
very same errors.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import copy_project, run_mkdocs
from safety_helpers import Case, cases, error_lines, explained_in_guide, leftovers, run_check, snapshot

CASES = cases()


def test_the_corpus_covers_at_least_thirty_kinds() -> None:
    assert len(CASES) >= 30
    for case in CASES:
        assert case.expected, f"{case.name}: expected.txt names no message"


@pytest.fixture(scope="module")
def good_project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    project = copy_project(tmp_path_factory.mktemp("good") / "project")
    build = run_mkdocs(project)
    assert build.ok, build.log
    return project, snapshot(build.site)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input_fails_in_german_and_keeps_the_site(case: Case, good_project: tuple[Path, dict], tmp_path: Path) -> None:
    source, good_site = good_project
    project = tmp_path / "project"
    shutil.copytree(source, project, symlinks=True)
    case.apply(project)

    build = run_mkdocs(project)

    assert build.result.returncode != 0, build.log
    assert "Fehler in den Inhalten – die Website wurde nicht neu gebaut" in build.log
    for fragment in case.expected:
        assert fragment in build.log, f"{case.name}: missing {fragment!r} in\n{build.log}"
    listed = error_lines(build.log)
    assert listed, build.log
    unexplained = [line for line in listed if not explained_in_guide(line)]
    assert unexplained == [], "bulletins/README.md, „Fehlermeldungen“, has no row for these"
    assert snapshot(project / "site") == good_site
    assert leftovers(project) == []

    check = run_check(project)
    assert check.returncode == 1, check.stdout + check.stderr
    assert error_lines(check.stderr) == listed


def test_sample_content_passes_the_check(tmp_path: Path) -> None:
    """The corpus cases fail because of their files: the sample content alone is fine."""
    project = copy_project(tmp_path / "project")
    check = run_check(project)
    assert check.returncode == 0, check.stderr
    assert "Alles in Ordnung" in check.stdout
