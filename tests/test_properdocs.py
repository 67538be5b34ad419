"""The sample site built with ProperDocs (the maintained fork of MkDocs 1.6, PyPI
`properdocs`, pinned in the test extra) is the site MkDocs builds, byte for byte,
except the generator meta tag: the site keeps building when MkDocs stops getting fixes.

ProperDocs installs beside MkDocs without conflict (its own `properdocs` package; it
redirects `mkdocs.*` imports of themes, plugins and our hooks to itself), so it lives in
the project's venv; Material 9.8 and every hook run under it unchanged.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EPOCH, copy_project, run_mkdocs

pytestmark = pytest.mark.slow
PROPERDOCS = Path(sys.executable).parent / "properdocs"
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("config", ["mkdocs.yml", "mkdocs.members.yml"])
def test_properdocs_builds_the_same_site(tmp_path: Path, config: str):
    project = copy_project(tmp_path / "project")
    reference = run_mkdocs(project, config=config, site_dir=str(tmp_path / "mkdocs"))
    assert reference.ok, reference.log
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [str(PROPERDOCS), "build", "-f", config, "--site-dir", str(tmp_path / "properdocs")],
        cwd=project, env=env, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    ours, theirs = files(tmp_path / "mkdocs"), files(tmp_path / "properdocs")
    assert sorted(ours) == sorted(theirs)
    generator_tags = 0
    for name, content in ours.items():
        other = theirs[name]
        if name.endswith(".html"):
            generator_tags += len(GENERATOR.findall(other))
            assert b"ProperDocs" in b"".join(GENERATOR.findall(other)) or not GENERATOR.search(content)
            content, other = GENERATOR.sub(b"", content), GENERATOR.sub(b"", other)
        assert content == other, name
    assert generator_tags > 10  # ProperDocs really built these pages
