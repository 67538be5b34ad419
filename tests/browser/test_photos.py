"""A bulletin with three photos in Chromium (issue 14), on a phone and a desktop screen:
no sideways scroll, axe-core clean, each image loads a file that fits its width
(`currentSrc`), and loading the images shifts no layout."""

from __future__ import annotations

import re

import pytest

from conftest import copy_project, run_mkdocs, write
from photodata import phone_photo, png_bytes

from .conftest import ServedSite, VIEWPORTS, reader, serious_violations, settle
from .site_server import serve

TEXT = """---
title: Drei Fotos vom Sommerfest
date: 2024-05-20
tags: [Sommerfest]
---

Unser Sommerfest war ein Erfolg.

![Gäste an den Biertischen im Park](fest-1.jpg "Foto: Erika Muster")

Am Nachmittag spielte die Band.

![Die Band auf der kleinen Bühne](fest-2.jpg "Foto: Max Beispiel")

![Kinder beim Dosenwerfen](fest-3.png "Foto: Redaktion")

Danke an alle Helferinnen und Helfer.
"""
PATH = "aktuelles/2024/drei-fotos-vom-sommerfest/"

# Layout shifts over the page's life, and every image's chosen file and shown size.
_MEASURE = """async () => {
  let shift = 0;
  new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput) shift += e.value; })
    .observe({type: 'layout-shift', buffered: true});
  const images = [...document.querySelectorAll('article img')];
  for (const img of images) { img.loading = 'eager'; img.scrollIntoView(); }
  await Promise.all(images.map((img) => img.decode().catch(() => null)));
  window.scrollTo(0, 0);
  await new Promise((r) => setTimeout(r, 300));
  return {
    shift,
    images: images.map((img) => ({src: img.currentSrc, shown: img.getBoundingClientRect().width, natural: img.naturalWidth,
                                  complete: img.complete})),
    scroll: [document.documentElement.scrollWidth, document.documentElement.clientWidth],
  };
}"""


@pytest.fixture(scope="module")
def photo_site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("photo-site") / "project")
    folder = project / "bulletins" / "2024"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "fest-1.jpg").write_bytes(phone_photo(3000, 2000, orientation=6))
    (folder / "fest-2.jpg").write_bytes(phone_photo(2400, 1600, colour=(40, 40, 40)))
    (folder / "fest-3.png").write_bytes(png_bytes(900, 600))
    write(folder / "2024-05-20-drei-fotos-vom-sommerfest.md", TEXT)
    build = run_mkdocs(project)
    assert build.ok, build.log
    site = ServedSite("photos", build.site, serve(build.site))
    yield site
    site.server.stop()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_three_photos_fit_load_the_right_width_and_do_not_shift(browser, photo_site, viewport):
    visit, context = reader(browser, photo_site, viewport)
    try:
        visit.page.goto(photo_site.url(PATH))
        settle(visit.page)
        measured = visit.page.evaluate(_MEASURE)
        scroll_width, client_width = measured["scroll"]
        assert scroll_width <= client_width, "the page scrolls sideways"
        assert serious_violations(visit.page) == []
        assert not visit.outside_requests()
        images = measured["images"]
        assert len(images) == 3 and all(i["complete"] and i["natural"] > 0 for i in images)
        for image in images:
            chosen = int(re.search(r"-(\d+)\.(?:jpg|png)$", image["src"]).group(1))
            assert image["shown"] <= client_width
            # The file is at least as wide as shown (device pixel ratio 1), or the widest there is,
            # and not a larger one than needed: the next smaller width would be too small.
            assert chosen >= image["shown"] or chosen in (1600, 1200, 900), image
            smaller = [w for w in (480, 960, 1600) if w < chosen]
            assert not smaller or smaller[-1] < image["shown"], image
        assert measured["shift"] < 0.01, f"layout shift {measured['shift']}"
    finally:
        context.close()
