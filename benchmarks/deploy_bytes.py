"""Bytes a deploy sends after one new bulletin (issue 16: well under 10 % at 1,000).

    python benchmarks/deploy_bytes.py [--size 1000] [--out benchmarks/out]

Generates the benchmark corpus (benchmarks/corpus.py) with `--size` bulletins, builds
the public site, deploys it to a local destination with `make deploy`'s code
(hooks/golive), adds one bulletin dated the build's "now" (the newest: it shifts every
list page), builds and deploys again, and prints what the second deploy sent against
the size of the release, with the largest changed files: over SFTP / to a local folder
(unchanged files hard-linked, changed large files as content-defined chunk deltas, the
rest whole) and with rsync (changed files as deltas against the live release).
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from golive.plan import Destination, Kind  # noqa: E402
from golive.release import deploy  # noqa: E402
from golive.targets import LocalTarget  # noqa: E402
from run import EPOCH, build, prepare  # noqa: E402

NEW = """---
title: Ein neuer Beitrag nach tausend anderen
date: {date}
tags: [Stadtrat]
summary: Der eine neue Beitrag, dessen Veröffentlichung gemessen wird.
---
Ein kurzer Text über die Sitzung des Stadtrates, mit einem zweiten Satz.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out")
    args = parser.parse_args(argv)
    work = args.out / f"deploy-{args.size}"
    if work.exists():
        shutil.rmtree(work)
    project, _, _ = prepare(args.size, 1, work)
    destination = work / "dest"
    target = LocalTarget(Destination(Kind.LOCAL, str(destination)))
    now = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    build(project, work / "build-1.log")
    first = deploy(target, project / "site", now=now)
    day = dt.datetime.fromtimestamp(int(EPOCH), tz=dt.timezone.utc).date()
    (project / "bulletins" / f"{day.isoformat()}-ein-neuer-beitrag.md").write_text(NEW.format(date=day.isoformat()), encoding="utf-8")
    build(project, work / "build-2.log")
    second = deploy(target, project / "site", now=now + dt.timedelta(minutes=1))
    plan = second.plan
    print(f"bulletins: {args.size}; release: {len(plan.uploads) + len(plan.links)} files, {plan.total_bytes:,} bytes")
    print(f"first deploy sent {first.sent_bytes:,} bytes")
    print(
        f"after one new bulletin: sent {len(plan.uploads)} files, {second.sent_bytes:,} bytes = "
        f"{100 * second.sent_bytes / plan.total_bytes:.2f} % of the release; {len(plan.links)} files hard-linked"
    )
    # What `make deploy` sends to a server with rsync: the same command it runs over ssh
    # (hooks/golive/targets.py), here between two local folders with the delta algorithm on.
    releases = destination / "releases"
    trial = work / "rsync-release"
    result = subprocess.run(
        ["rsync", "--recursive", "--links", "--checksum", "--chmod=D755,F644", "--stats", "--no-whole-file",
         "--exclude=.*", f"--link-dest={releases / first.release}", f"{project / 'site'}/", f"{trial}/"],
        check=True, capture_output=True, text=True,
    )
    rsync_sent = int(re.search(r"Total bytes sent: ([\d,.]+)", result.stdout)[1].replace(",", "").replace(".", ""))
    print(f"rsync (over ssh): sent {rsync_sent:,} bytes = {100 * rsync_sent / plan.total_bytes:.2f} % of the release")
    print("largest changed files (large ones go as chunk deltas):")
    for upload in sorted(plan.uploads, key=lambda u: -u.entry.size)[:12]:
        print(f"  {upload.entry.size:>10,}  {upload.path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
