"""Issue 13, "Time": every body of Markdown punctuation up to 1 MiB costs the same CPU time
per KiB as a small one (it is built in linear time, or refused just as fast).

Generated bodies (`linear_time.MIXES`: each of `[ ( < * ` > |` repeated, with newlines,
in paragraphs, `[x](`, `<a `, random mixes with and without words and line ends), 16 KiB
against 1 MiB, interleaved, the minimum of three runs of process CPU time, so a loaded
machine slows both alike. Before the rendering limits, 32 KiB of `[x](` took 52 s and
the time per KiB grew with the length.
"""

from __future__ import annotations

import pytest
from linear_time import MIXES, per_kib

SMALL, LARGE = 16, 1024
FACTOR = 3.0
NOISE_MS = 0.05  # per KiB: refusals cost hundredths of a millisecond, below the timer's grain


@pytest.mark.slow
@pytest.mark.parametrize("mix", list(MIXES))
def test_time_per_kib_stays_flat_up_to_a_mebibyte(mix: str) -> None:
    figures = per_kib(mix, [SMALL, LARGE], repeats=3)
    if figures[LARGE][0] > FACTOR * figures[SMALL][0] + NOISE_MS:  # one more look before failing
        again = per_kib(mix, [SMALL, LARGE], repeats=3)
        figures = {kib: (min(figures[kib][0], again[kib][0]), again[kib][1]) for kib in figures}
    (small, _), (large, _) = figures[SMALL], figures[LARGE]
    assert large <= FACTOR * small + NOISE_MS, f"{mix}: {small:.2f} ms/KiB at {SMALL} KiB, {large:.2f} at {LARGE} KiB"
