"""Clean builds of our public site against bare MkDocs + Material, at several sizes.

    python benchmarks/run.py --sizes 1000,10000 --repeats 3

For each size N it generates N bulletins (plus N/5 event notices; see corpus.py) and
builds, alternating, (a) our public build: the project's mkdocs.yml, hooks/,
overrides/ and docs/ as they are now, with bulletins/ replaced by the generated
files, and (b) the baseline: bare MkDocs with the same Material theme settings, the
same Markdown extensions and search, building the same public bulletin bodies as plain
pages outside the navigation, without hooks. Every build is a fresh process into an
empty output folder. Printed per N: median wall time of both, the ratio a/b, the
milliseconds per bulletin, median CPU time, peak RSS and output size; with
--instructions also the instructions one build of each executes. Generated projects
and results stay in benchmarks/out/ (ignored by git).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

from corpus import generate

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("mkdocs.yml", "hooks", "overrides", "docs")
# 2026-01-01 00:00 UTC: a fixed "now", so upcoming and past events are the same every run.
EPOCH = "1767225600"
GIB = 1024**3

# Targets of the issue "Fast at any size".
MAX_RATIO = 1.15
MAX_GROWTH = 1.2
MAX_RSS = 1 * GIB
MAX_OUTPUT_RATIO = 1.5


@dataclass
class Sample:
    wall: float  # seconds
    cpu: float  # user + system seconds of the build process
    rss: int  # peak resident set size, bytes
    output: int  # bytes written to site/
    files: int


@dataclass
class Result:
    size: int
    ours: list[Sample]
    base: list[Sample]
    load_before: float
    load_after: float
    # --photos: our builds with an empty re-encoding cache ("ours" then has a warm one).
    cold: list[Sample] = field(default_factory=list)
    # Instructions of one build of each (--instructions): the same however busy the machine.
    instructions: dict[str, int] = field(default_factory=dict)

    def median(self, which: str, measure: str) -> float:
        return statistics.median(getattr(s, measure) for s in getattr(self, which))

    @property
    def ratio(self) -> float:
        return self.median("ours", "wall") / self.median("base", "wall")

    @property
    def cpu_ratio(self) -> float:
        return self.median("ours", "cpu") / self.median("base", "cpu")

    @property
    def ms_per_bulletin(self) -> float:
        return 1000 * self.median("ours", "wall") / self.size

    @property
    def output_ratio(self) -> float:
        return self.median("ours", "output") / self.median("base", "output")


class _Tagged:
    """A YAML value with a tag SafeLoader does not know (`!!python/name:…`), kept as written."""

    def __init__(self, tag: str, value):
        self.tag, self.value = tag, value


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


def _construct_tagged(loader, suffix, node):
    if isinstance(node, yaml.ScalarNode):
        return _Tagged(node.tag, loader.construct_scalar(node))
    if isinstance(node, yaml.SequenceNode):
        return _Tagged(node.tag, loader.construct_sequence(node, deep=True))
    return _Tagged(node.tag, loader.construct_mapping(node, deep=True))


def _represent_tagged(dumper, data: _Tagged):
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, data.value)


_Loader.add_multi_constructor("", _construct_tagged)
_Dumper.add_representer(_Tagged, _represent_tagged)


def baseline_config(project_config: dict) -> dict:
    """Bare MkDocs: the project's theme settings (without our templates), Markdown
    extensions and search options; no hooks, no extra CSS, no navigation."""
    theme = {k: v for k, v in project_config.get("theme", {}).items() if k != "custom_dir"}
    search = [p for p in project_config.get("plugins", []) if p == "search" or (isinstance(p, dict) and "search" in p)]
    return {
        "site_name": "Baseline",
        "site_url": project_config.get("site_url", "https://www.example.org/"),
        "use_directory_urls": project_config.get("use_directory_urls", True),
        "theme": theme,
        # Our site has no search plugin (Pagefind instead, issue 15): the baseline keeps
        # Material's search as the project had it.
        "plugins": search or [{"search": {"lang": "de"}}],
        "markdown_extensions": project_config.get("markdown_extensions", []),
        "nav": [],
        "not_in_nav": "*.md\n",
    }


def prepare(size: int, seed: int, out: Path, photos: bool = False) -> tuple[Path, Path, int]:
    """Write both projects for `size` bulletins; returns (ours, baseline, public pages)."""
    corpus = generate(size, seed)
    photo_files = _add_photos(corpus) if photos else {}
    folder = out / str(size)
    if folder.exists():
        shutil.rmtree(folder)
    ours, base = folder / "ours", folder / "baseline"
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, ours / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            ours.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, ours / part)
    _write_tree(ours / "bulletins", corpus.project)
    _write_tree(base / "docs", corpus.baseline)
    for relative, data in photo_files.items():  # the baseline publishes them as they are
        for target in (ours / "bulletins" / relative, base / "docs" / relative):
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    (base / "docs" / "index.md").write_text("# Baseline\n", encoding="utf-8")
    project_config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    (base / "mkdocs.yml").write_text(
        yaml.dump(baseline_config(project_config), Dumper=_Dumper, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return ours, base, corpus.public_pages


def _add_photos(corpus) -> dict[str, bytes]:
    """--photos (issue 14): a camera photo (2000x1333 JPEG with EXIF and GPS) in every
    fifth bulletin, linked beside it with alt text and credit, in both projects."""
    import io

    from PIL import Image, ImageDraw

    files = {}
    paths = sorted(p for p in corpus.project if not p.startswith("termine/"))
    for number, path in enumerate(paths[::5], start=1):
        name = f"{path.rsplit('/', 1)[0]}/foto-{number}.jpg"
        image = Image.new("RGB", (2000, 1333), ((number * 37) % 256, (number * 91) % 256, (number * 53) % 256))
        draw = ImageDraw.Draw(image)
        for ring in range(12):
            draw.ellipse((ring * 60, ring * 40, 2000 - ring * 50, 1333 - ring * 30), outline=((ring * 20) % 256, 200, number % 256), width=9)
        exif = Image.Exif()
        exif[0x0110] = "Phone"
        exif[0x8825] = {1: "N", 2: (51.0, 28.0, float(number % 60)), 3: "E", 4: (11.0, 58.0, 10.0)}
        out = io.BytesIO()
        image.save(out, "JPEG", quality=88, exif=exif)
        files[name] = out.getvalue()
        line = f'\n![Foto Nummer {number} vom Infostand](foto-{number}.jpg "Foto: Bench")\n'
        corpus.project[path] += line
        if path in corpus.baseline:
            corpus.baseline[path] += line
    return files


def _write_tree(base: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = base / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def build(project: Path, log: Path, profile: Path | None = None) -> Sample:
    """One clean build in a fresh process; its own rusage gives CPU time and peak RSS."""
    site = project / "site"
    if site.exists():
        shutil.rmtree(site)
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build"]
    if profile:
        command = [sys.executable, "-m", "pyinstrument", "-r", "text", "--show-all", "-o", str(profile), "-m", "mkdocs", "build"]
    with log.open("w", encoding="utf-8") as sink:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=project, env=env, stdout=sink, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"build failed in {project} (exit {process.returncode}); log: {log}")
    sizes = [p.stat().st_size for p in site.rglob("*") if p.is_file()]
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, sum(sizes), len(sizes))


def count_instructions(project: Path, log: Path) -> int:
    """Instructions one clean build executes, counted by valgrind (cachegrind, about 50x slower)."""
    site = project / "site"
    if site.exists():
        shutil.rmtree(site)
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    command = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
               sys.executable, "-m", "mkdocs", "build"]
    with log.open("w", encoding="utf-8") as sink:
        subprocess.run(command, cwd=project, env=env, stdout=sink, stderr=subprocess.STDOUT, check=True)
    found = re.search(r"I\s+refs:\s+([\d,]+)", log.read_text(encoding="utf-8"))
    if not found:
        raise SystemExit(f"no instruction count in {log}")
    return int(found.group(1).replace(",", ""))


def measure(size: int, repeats: int, seed: int, out: Path, profile: bool, instructions: bool = False, photos: bool = False) -> Result:
    print(f"N = {size}: generating …" + (" (with photos)" if photos else ""), flush=True)
    ours, base, _ = prepare(size, seed, out, photos)
    result = Result(size, [], [], os.getloadavg()[0], 0.0)
    for repeat in range(repeats):
        # Alternate the order, so a load that comes and goes hits both builds alike.
        # With photos: "cold" builds with an empty re-encoding cache, "ours" with a warm one.
        order = ([("cold", ours)] if photos else []) + [("ours", ours), ("base", base)]
        for which, project in order if repeat % 2 == 0 else order[::-1]:
            if which == "cold":
                shutil.rmtree(project / ".cache", ignore_errors=True)
            elif which == "ours" and photos and not (project / ".cache").exists():
                build(project, project / "warmup.log")  # fills the cache
            sample = build(project, project / "build.log")
            getattr(result, which).append(sample)
            print(f"  {which:4} run {repeat + 1}: {sample.wall:7.2f} s wall, {sample.cpu:7.2f} s CPU, "
                  f"{sample.rss / 2**20:6.0f} MiB peak", flush=True)
    result.load_after = os.getloadavg()[0]
    if instructions:
        for which, project in (("ours", ours), ("base", base)):
            result.instructions[which] = count_instructions(project, project / "valgrind.log")
            print(f"  {which:4} instructions: {result.instructions[which]:,}", flush=True)
    if profile:
        for which, project in (("ours", ours), ("base", base)):
            target = out / f"profile-{size}-{which}.txt"
            build(project, project / "profile.log", profile=target)
            print(f"  profile of {which}: {target}")
    return result


def _mib(value: float) -> str:
    return f"{value / 2**20:.0f} MiB"


def report(results: list[Result]) -> tuple[str, bool]:
    head = ("N", "ours s", "base s", "ratio a/b", "ms/bulletin", "CPU ratio", "ours peak RSS", "base peak RSS",
            "ours output", "base output", "output ratio", "load 1 min")
    rows = [head]
    for r in results:
        rows.append((
            str(r.size), f"{r.median('ours', 'wall'):.2f}", f"{r.median('base', 'wall'):.2f}", f"{r.ratio:.3f}",
            f"{r.ms_per_bulletin:.2f}", f"{r.cpu_ratio:.3f}", _mib(max(s.rss for s in r.ours)),
            _mib(max(s.rss for s in r.base)), _mib(r.median("ours", "output")), _mib(r.median("base", "output")),
            f"{r.output_ratio:.3f}", f"{r.load_before:.1f} → {r.load_after:.1f}",
        ))
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = ["| " + " | ".join(cell.rjust(w) for cell, w in zip(row, widths)) + " |" for row in rows]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")

    checks = [(f"ratio a/b <= {MAX_RATIO} at N = {r.size}", r.ratio <= MAX_RATIO, f"{r.ratio:.3f}") for r in results]
    checks += [(f"output per bulletin <= {MAX_OUTPUT_RATIO}x baseline at N = {r.size}", r.output_ratio <= MAX_OUTPUT_RATIO,
                f"{r.output_ratio:.3f}") for r in results]
    largest = results[-1]
    peak = max(s.rss for s in largest.ours)
    checks.append((f"peak RSS < 1 GiB at N = {largest.size}", peak < MAX_RSS, _mib(peak)))
    if len(results) > 1:
        growth = largest.ms_per_bulletin / results[0].ms_per_bulletin
        checks.append((f"ms/bulletin at N = {largest.size} <= {MAX_GROWTH}x N = {results[0].size}", growth <= MAX_GROWTH,
                       f"{growth:.3f}"))
    for r in results:
        if r.instructions:
            ours, base = r.instructions["ours"], r.instructions["base"]
            lines.append(f"\ninstructions at N = {r.size}: ours {ours:,}, base {base:,}, ratio {ours / base:.3f}")
    lines.append("")
    lines += [f"{'ok  ' if ok else 'FAIL'} {name}: {value}" for name, ok, value in checks]
    lines.append(f"\n{os.cpu_count()} cores; load 1 min = load average before → after the size's builds "
                 "(above the core count, other processes competed; the CPU ratio is less sensitive to that).")
    return "\n".join(lines), all(ok for _, ok, _ in checks)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="bulletin counts, comma-separated (default 1000,10000)")
    parser.add_argument("--repeats", type=int, default=3, help="builds of each site per size (default 3)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated text (default 1)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out", help="working folder (default benchmarks/out)")
    parser.add_argument("--profile", action="store_true", help="also profile one build of each site per size with pyinstrument (benchmarks/out/profile-*.txt)")
    parser.add_argument("--instructions", action="store_true",
                        help="also count the instructions of one build of each site with valgrind: "
                             "a ratio that other load on the machine does not change (slow)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--photos", action="store_true",
                        help="a photo in every fifth bulletin (issue 14): our builds with a cold and a warm re-encoding cache")
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    args.out.mkdir(parents=True, exist_ok=True)
    results = [measure(size, args.repeats, args.seed, args.out, args.profile, args.instructions, args.photos) for size in sizes]
    text, ok = report(results)
    for r in results:
        if r.cold:
            cold = statistics.median(s.wall for s in r.cold)
            text += (f"\nPhotos, N = {r.size}: cold cache {cold:.2f} s (ratio {cold / r.median('base', 'wall'):.2f}), "
                     f"warm cache {r.median('ours', 'wall'):.2f} s (ratio {r.ratio:.2f}, target <= {MAX_RATIO})")
    save(args.out, text, results)
    return 0 if ok or not args.check else 1


def save(out: Path, text: str, results: list) -> None:
    """The report on the terminal, and as results.md / results.json in `out` (also for search.py)."""
    print("\n" + text)
    (out / "results.md").write_text(text + "\n", encoding="utf-8")
    (out / "results.json").write_text(json.dumps([asdict(r) for r in results], indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
