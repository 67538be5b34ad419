"""Where a build spends its CPU time, even while other processes load the machine.

    python benchmarks/cpuprofile.py PROJECT_FOLDER [--top 40]

Runs `mkdocs build` in this process and samples the Python stack every millisecond of
CPU time the process uses (SIGPROF), so waiting for a busy CPU does not count, unlike
in wall-clock profilers such as pyinstrument. Prints, for the functions and templates
that took most, the share of all samples in which they were on the stack.
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import sys
from collections import Counter
from pathlib import Path

# Seconds of CPU time between samples; the kernel may round it up to its tick (4 ms at
# 250 Hz), which changes the number of samples, not their shares.
INTERVAL = 0.001


def profile_build(project: Path) -> tuple[Counter, int, float]:
    from mkdocs.__main__ import cli

    inclusive: Counter = Counter()
    total = 0

    def sample(signum, frame) -> None:
        nonlocal total
        total += 1
        seen = set()
        while frame is not None:
            code = frame.f_code
            name = f"{_short(code.co_filename)}:{code.co_name}"
            if name not in seen:  # recursion counts once per sample
                seen.add(name)
                inclusive[name] += 1
            frame = frame.f_back

    os.chdir(project)
    started = resource.getrusage(resource.RUSAGE_SELF)
    signal.signal(signal.SIGPROF, sample)
    signal.setitimer(signal.ITIMER_PROF, INTERVAL, INTERVAL)
    try:
        cli.main(["build", "--quiet"], standalone_mode=False)
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0, 0)
    ended = resource.getrusage(resource.RUSAGE_SELF)
    cpu = ended.ru_utime + ended.ru_stime - started.ru_utime - started.ru_stime
    return inclusive, total, cpu


def _short(filename: str) -> str:
    for marker in ("site-packages/", "/hooks/", "/overrides/", "/lib/python3"):
        if marker in filename:
            return filename.split(marker, 1)[1] if marker != "/lib/python3" else "stdlib/" + filename.rsplit("/", 1)[-1]
    return filename


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path, help="folder with mkdocs.yml (e.g. benchmarks/out/1000/ours)")
    parser.add_argument("--top", type=int, default=40, help="lines to print (default 40)")
    parser.add_argument("--grep", default="", help="print only names containing this text")
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    inclusive, total, cpu = profile_build(args.project.resolve())
    print(f"{total} samples in {cpu:.1f} s CPU")
    chosen = [(name, count) for name, count in inclusive.most_common() if args.grep in name]
    for name, count in chosen[: args.top]:
        print(f"{100 * count / total:6.1f} %  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
