"""Growth, not speed: the work per page and per bulletin stays flat as the site grows.

A small version of benchmarks/run.py. The same generated content (benchmarks/corpus.py)
at two sizes; per page we count what makes rendering expensive (templates fetched,
links made, HTML written) and in the core every Python function call. Work that walks
all bulletins for every page, or renders every page number on every list page, makes
these numbers grow with the site and fails here long before anyone notices the time.
"""

from __future__ import annotations

import cProfile
import datetime as dt
import importlib.util
import json
import pstats
import statistics
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from conftest import ROOT, copy_project, run_mkdocs
from newsroom.read.loader import parse_sources
from newsroom.model import Audience
from newsroom.settings import Settings
from newsroom.plan.site import plan_site

SMALL, LARGE = 50, 200
SEED = 7


def _corpus_module():
    spec = importlib.util.spec_from_file_location("benchmark_corpus", ROOT / "benchmarks" / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


corpus = _corpus_module()


def _site_files(size: int) -> dict[str, bytes]:
    return {f"bulletins/{path}": text.encode("utf-8") for path, text in corpus.generate(size, SEED).project.items()}


def _core_calls(size: int) -> int:
    """Python function calls made to read, validate and plan a site of `size` bulletins."""
    files = _site_files(size)
    settings = Settings(
        audience=Audience.PUBLIC, site_url="https://www.example.org/", site_name="Test",
        now=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc),
    )
    profiler = cProfile.Profile()
    profiler.enable()
    content, errors = parse_sources(files, {})
    plan = plan_site(content, settings)
    profiler.disable()
    assert errors == [] and len(plan.pages) > size
    return pstats.Stats(profiler).total_calls


def test_core_work_grows_linearly_with_the_bulletins():
    per_bulletin = {size: _core_calls(size) / size for size in (SMALL, LARGE)}
    assert per_bulletin[LARGE] <= 1.15 * per_bulletin[SMALL], per_bulletin


def _probe(tmp_path: Path, size: int) -> dict[str, dict]:
    project = copy_project(tmp_path / f"site-{size}", with_content=False)
    for path, data in _site_files(size).items():
        target = project / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    # The probe runs after the site's own hooks: it reads the `plan` they give templates.
    lines = (project / "mkdocs.yml").read_text(encoding="utf-8").split("\n")
    last_hook = max(i for i, line in enumerate(lines) if line.startswith("  - hooks/"))
    lines.insert(last_hook + 1, f"  - {(ROOT / 'tests' / 'scale_probe.py').as_posix()}")
    (project / "mkdocs.yml").write_text("\n".join(lines), encoding="utf-8")
    build = run_mkdocs(project)
    assert build.ok, build.log
    return json.loads((project / "probe.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def probes(tmp_path_factory) -> dict[int, dict[str, dict]]:
    folder = tmp_path_factory.mktemp("scale")
    return {size: _probe(folder, size) for size in (SMALL, LARGE)}


def _by_kind(pages: dict[str, dict], measure: str) -> dict[str, list[int]]:
    values: dict[str, list[int]] = defaultdict(list)
    for page in pages.values():
        values[page["kind"]].append(page[measure])
    return values


def test_pages_grow_linearly_with_the_bulletins(probes):
    per_bulletin = {size: len(pages) / size for size, pages in probes.items()}
    assert per_bulletin[LARGE] <= 1.1 * per_bulletin[SMALL], per_bulletin
    kinds = _by_kind(probes[LARGE], "bytes")
    assert {"bulletin", "list", "event"} <= set(kinds), sorted(kinds)


@pytest.mark.parametrize("measure", ["templates", "links", "bytes"])
def test_work_per_page_does_not_grow_with_the_site(probes, measure):
    # Both sizes use every year and every tag of the corpus, and a full list page holds
    # the same number of cards, so the heaviest page of each kind costs the same at
    # both sizes; a list page that links every page number, or anything that walks
    # all bulletins for each page, makes it grow.
    small, large = _by_kind(probes[SMALL], measure), _by_kind(probes[LARGE], measure)
    for kind in ("bulletin", "list", "event"):
        assert max(large[kind]) <= 1.05 * max(small[kind]), (kind, max(small[kind]), max(large[kind]))
