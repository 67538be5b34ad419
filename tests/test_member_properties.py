"""Generated corpora: the equivalence and marker proofs on hundreds of random sites.

Each example is a random mix of public and member pages, bulletins, event notices,
events in bulletins, member files and nested member passages (`corpora.py`). For
each, three real MkDocs builds run: public, public of the same sources with every
member item deleted by hand, and members. They run in this process
(`leakproof.InProcessBuilder`); under `-n 2` the two shards usually run on the
two workers side by side, so 200 corpora take minutes, not the better part of an hour.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, seed, settings

from conftest import copy_project
from corpora import Corpus, corpora
from leakproof import (  # noqa: F401 - builder: a fixture
    InProcessBuilder, builder, clear, markers_in_output, markers_in_sources, strip_members, tree_differences,
)

EXAMPLES_PER_SHARD = 100  # two shards (one per xdist worker): 200 corpora


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    """A project without content whose list pages hold two bulletins, so that a
    member bulletin counted by mistake changes the pagination even in a small corpus."""
    base = tmp_path_factory.mktemp("corpora")
    project = copy_project(base / "base", with_content=False)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "page_size: 10" in text
    config.write_text(text.replace("page_size: 10", "page_size: 2"), encoding="utf-8")
    shutil.rmtree(project / "docs" / "mitglieder")
    return base


def write_corpus(base: Path, target: Path, corpus: Corpus) -> Path:
    """A fresh copy of the base project at a fixed place, with the corpus written in.

    The place stays the same for every example, so the builder's template caches hit.
    """
    for part in ("docs", "bulletins"):
        clear(target / part)
        shutil.copytree(base / "base" / part, target / part, dirs_exist_ok=True)
    for name in ("mkdocs.yml", "mkdocs.members.yml", "hooks", "overrides"):
        if not (target / name).exists():
            source = base / "base" / name
            (shutil.copytree if source.is_dir() else shutil.copy2)(source, target / name)
    for path, data in corpus.files.items():
        (target / path).parent.mkdir(parents=True, exist_ok=True)
        (target / path).write_bytes(data)
    return target


def check(corpus: Corpus, base: Path, builder: InProcessBuilder) -> None:
    full = write_corpus(base, base / "full", corpus)
    stripped = write_corpus(base, base / "stripped", corpus)
    strip_members(stripped)
    out = base / "out"
    public = builder.build(full, out / "public")
    assert public.ok, public.log
    members = builder.build(full, out / "members", config="mkdocs.members.yml")
    assert members.ok, members.log
    without = builder.build(stripped, out / "stripped")
    assert without.ok, without.log

    assert markers_in_sources(stripped) == set()
    assert tree_differences(public.site, without.site) == []
    leaked = markers_in_output(public.site)
    assert leaked == {}, {marker: (corpus.markers[marker], files) for marker, files in leaked.items()}
    shown = set(corpus.markers)
    missing = shown - markers_in_output(members.site).keys()
    assert missing == set(), {marker: corpus.markers[marker] for marker in missing}


# Deterministic: each shard draws its own fixed sequence of corpora, so CI runs the same
# 200 every time; no example database, no shrinking history between runs.
CORPUS_SETTINGS = settings(
    max_examples=EXAMPLES_PER_SHARD,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.mark.slow
@seed(20240601)
@CORPUS_SETTINGS
@given(corpus=corpora())
def test_generated_corpora_never_leak_shard_0(corpus: Corpus, workdir: Path, builder: InProcessBuilder) -> None:
    check(corpus, workdir, builder)


@pytest.mark.slow
@seed(20240602)
@CORPUS_SETTINGS
@given(corpus=corpora())
def test_generated_corpora_never_leak_shard_1(corpus: Corpus, workdir: Path, builder: InProcessBuilder) -> None:
    check(corpus, workdir, builder)
