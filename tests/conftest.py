"""Shared test helpers: copy the project into a temporary folder and build it for real."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# 2026-12-02 12:00 UTC: a fixed "now" for builds, unless a test sets its own: after the
# newest sample bulletin (planned posts, whose date lies ahead, are not built) and before
# the sample dates of December 2026 (from the 3rd on).
EPOCH = "1796212800"
PROJECT_PARTS = ("mkdocs.yml", "mkdocs.members.yml", "hooks", "overrides", "docs", "bulletins")


@dataclass
class Build:
    result: subprocess.CompletedProcess
    site: Path

    @property
    def ok(self) -> bool:
        return self.result.returncode == 0

    @property
    def log(self) -> str:
        return self.result.stdout + self.result.stderr

    def text(self, relative: str) -> str:
        return (self.site / relative).read_text(encoding="utf-8")

    def files(self) -> list[str]:
        return sorted(p.relative_to(self.site).as_posix() for p in self.site.rglob("*") if p.is_file())


def copy_project(target: Path, *, with_content: bool = True) -> Path:
    """The project's site sources in `target` (content optional), without build output."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if not source.exists():
            continue
        if source.is_dir():
            if part in ("bulletins",) and not with_content:
                (target / part).mkdir(exist_ok=True)
                continue
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / part)
    return target


def run_mkdocs(project: Path, *args: str, config: str = "mkdocs.yml", env: dict | None = None, site_dir: str | None = None) -> Build:
    environment = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    command = [sys.executable, "-m", "mkdocs", "build", "-f", config, *args]
    if site_dir:
        command += ["--site-dir", site_dir]
    result = subprocess.run(command, cwd=project, env=environment, capture_output=True, text=True, timeout=600)
    if site_dir:
        site = Path(site_dir) if Path(site_dir).is_absolute() else project / site_dir
    else:
        site = project / ("site-members" if "members" in config else "site")
    return Build(result, site)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the real project with its sample content."""
    return copy_project(tmp_path / "project")


@pytest.fixture
def empty_project(tmp_path: Path) -> Path:
    """A copy of the project with an empty bulletins/ folder, for hand-made content."""
    return copy_project(tmp_path / "project", with_content=False)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
