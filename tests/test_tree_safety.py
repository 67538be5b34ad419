"""Files from outside the project, member pages behind links, a missing bulletins/ folder,
unreadable folders and the umask (issue 13): refused in German, the old site unchanged;
or, for modes, a site the web server can read whoever built it."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

from conftest import EPOCH, copy_project, run_mkdocs, write
from safety_helpers import run_check, snapshot


@pytest.fixture
def built(tmp_path):
    project = copy_project(tmp_path / "project")
    first = run_mkdocs(project)
    assert first.ok, first.log
    return project, snapshot(first.site)


def _refused(project, before, *expected: str) -> None:
    build = run_mkdocs(project)
    assert not build.ok
    assert "Traceback" not in build.log, build.log
    for text in expected:
        assert text in build.log, build.log
    assert snapshot(project / "site") == before
    check = run_check(project)
    assert check.returncode == 1 and "Traceback" not in check.stderr
    for text in expected:
        assert text in check.stderr, check.stderr


CASES = {
    "file outside the project": (lambda p: os.symlink("/etc/passwd", p / "docs/passwd.txt"),
                                 ["docs/passwd.txt: Das ist ein symbolischer Link", "außerhalb des Projekts"]),
    "folder outside the project": (lambda p: os.symlink("/etc", p / "docs/etc"),
                                   ["docs/etc: Das ist ein symbolischer Link", "außerhalb des Projekts"]),
    "member page under a public path": (
        lambda p: os.symlink("mitglieder/index.md", p / "docs/termine-intern.md"),
        ["docs/termine-intern.md: Das ist ein symbolischer Link", "docs/mitglieder/"]),
    "folder into the member folder": (lambda p: os.symlink("mitglieder", p / "docs/oeffentlich"),
                                      ["docs/oeffentlich: Das ist ein symbolischer Link", "docs/mitglieder/"]),
    "link loop between two bulletins": (
        lambda p: (os.symlink("b.md", p / "bulletins/a.md"), os.symlink("a.md", p / "bulletins/b.md")),
        ["bulletins/a.md: Das ist ein symbolischer Link", "Schleife"]),
    "folder loop in docs/assets": (lambda p: os.symlink(".", p / "docs/assets/schleife"),
                                   ["docs/assets/schleife: Das ist ein symbolischer Link"]),
    "dangling link": (lambda p: os.symlink("gibt-es-nicht.pdf", p / "docs/plan.pdf"),
                      ["docs/plan.pdf: Das ist ein symbolischer Link", "ins Leere"]),
    "bulletin linked to a file inside": (
        lambda p: os.symlink("../../docs/kontakt.md", p / "bulletins/2024/kontakt.md"),
        ["bulletins/2024/kontakt.md: Das ist ein symbolischer Link", "„docs/kontakt.md“"]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_symbolic_link_is_refused(built, name):
    project, before = built
    make, expected = CASES[name]
    make(project)
    _refused(project, before, *expected)


def test_a_missing_bulletins_folder_is_refused(built):
    project, before = built
    import shutil

    shutil.rmtree(project / "bulletins")
    _refused(project, before, "Der Ordner bulletins/ fehlt")


def test_unreadable_folders_and_files_are_refused(tmp_path, monkeypatch):
    """Root reads everything, so the file system's answers are simulated (as an editor's
    account without read rights would get them)."""
    from newsroom.read import tree_safety

    project = copy_project(tmp_path / "project")
    hidden, secret = project / "bulletins" / "2024", project / "docs" / "kontakt.md"
    real_scandir = os.scandir

    def scandir(path="."):
        if os.path.abspath(path) == str(hidden):
            raise PermissionError(13, "Permission denied", str(hidden))
        return real_scandir(path)

    monkeypatch.setattr(tree_safety.os, "scandir", scandir)
    monkeypatch.setattr(tree_safety.os, "access", lambda path, mode: os.path.abspath(path) != str(secret))
    found = [(e.path, e.message.split(" (")[0]) for e in tree_safety.problems(project)]
    assert found == [
        ("bulletins/2024", "Dieser Ordner lässt sich nicht lesen"),
        ("docs/kontakt.md", "Diese Datei lässt sich nicht lesen"),
    ]


@pytest.mark.parametrize("umask", [0o077, 0o000])
def test_output_modes_do_not_depend_on_the_umask(tmp_path, umask):
    project = copy_project(tmp_path / "project")
    code = f"import os, runpy, sys; os.umask({umask}); sys.argv = ['mkdocs', 'build']; runpy.run_module('mkdocs', run_name='__main__')"
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-c", code], cwd=project, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    modes = {stat.S_IMODE(p.stat().st_mode) for p in site.rglob("*") if p.is_file()}
    folders = {stat.S_IMODE(p.stat().st_mode) for p in [site, *site.rglob("*")] if p.is_dir()}
    assert modes == {0o644} and folders == {0o755}


@pytest.mark.parametrize("epoch", ["abc", "99999999999999999999"])
def test_a_wrong_source_date_epoch_is_a_german_message(built, epoch):
    project, before = built
    build = run_mkdocs(project, env={"SOURCE_DATE_EPOCH": epoch})
    assert not build.ok and "Traceback" not in build.log
    assert f"SOURCE_DATE_EPOCH ist „{epoch}“" in build.log
    assert snapshot(project / "site") == before
    check = run_check(project, env={"SOURCE_DATE_EPOCH": epoch})
    assert check.returncode != 0 and "Traceback" not in check.stderr and "SOURCE_DATE_EPOCH" in check.stderr


def test_an_unknown_audience_and_a_huge_option_are_german_messages_in_make_check(built):
    project, before = built
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("audience: public", "audience: intern"), encoding="utf-8")
    check = run_check(project)
    assert check.returncode != 0 and "Traceback" not in check.stderr
    assert "extra.newsroom.audience" in check.stderr and "„intern“" in check.stderr
    config.write_text(text.replace("    home_count: 5\n", "    home_count: 5\n    calendar_keep_days: 99999999999\n"), encoding="utf-8")
    build = run_mkdocs(project)
    assert not build.ok and "Traceback" not in build.log
    assert "extra.newsroom.calendar_keep_days: erwartet eine ganze Zahl von 0 bis 36500" in build.log
    assert snapshot(project / "site") == before
