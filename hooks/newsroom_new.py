"""Editors' command: a new bulletin or event notice from the template.

    make neu TITEL="Sofortinfo März"
    make termin TITEL="Mitgliederversammlung" START="2025-03-04 19:00"

(or `python hooks/newsroom_new.py neu|termin`, reading TITEL and START from the
environment, where make puts them: no shell quoting of the title is needed). Today
is SOURCE_DATE_EPOCH's day in Berlin, else the clock's. Prints the new file's path;
exit code 1 with a German message when the title is missing, the file exists or the
result would not pass `make check`.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # `newsroom` lives beside this file

from newsroom.model import BERLIN  # noqa: E402
from newsroom.project import check_site  # noqa: E402
from newsroom.settings import EpochError, epoch_moment  # noqa: E402
from newsroom.write.newpost import NOTICE_TEMPLATE, TEMPLATE, NewPostProblem, new_post  # noqa: E402
from newsroom_check import read_config, settings_from  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def today() -> dt.date:
    try:
        now = epoch_moment(os.environ.get("SOURCE_DATE_EPOCH")) or dt.datetime.now(tz=dt.timezone.utc)
    except EpochError as error:
        raise SystemExit(str(error)) from None
    return now.astimezone(BERLIN).date()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args not in (["neu"], ["termin"]):
        print("Aufruf: make neu TITEL=\"…\" oder make termin TITEL=\"…\" START=\"JJJJ-MM-TT HH:MM\"", file=sys.stderr)
        return 2
    notice = args == ["termin"]
    template = ROOT / "bulletins" / (NOTICE_TEMPLATE if notice else TEMPLATE)
    try:
        text = template.read_text(encoding="utf-8")
    except OSError:
        print(f"Die Vorlage {template.relative_to(ROOT)} fehlt.", file=sys.stderr)
        return 1
    try:
        post = new_post(
            text, os.environ.get("TITEL", ""), today(),
            start=os.environ.get("START", "") if notice else None,
        )
    except NewPostProblem as problem:
        print(problem, file=sys.stderr)
        return 1
    target = ROOT / post.path
    if target.exists():
        print(
            f"Die Datei {post.path} gibt es schon. Bitte sie bearbeiten oder einen anderen Titel wählen.",
            file=sys.stderr,
        )
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8", newline="\n") as stream:
        stream.write(post.text)
    # Across files (two files with one address): the whole check, as `make check` runs it.
    config = read_config(ROOT / "mkdocs.yml")
    _, _, problems = check_site(ROOT, settings_from(config), docs=config.get("docs_dir") or "docs")
    mine = [problem for problem in problems if problem.path == post.path]
    if mine:
        target.unlink()
        print("Die neue Datei wäre fehlerhaft und wurde nicht angelegt:", file=sys.stderr)
        for problem in mine:
            print(f"  {problem}", file=sys.stderr)
        print("Bitte einen anderen Titel wählen.", file=sys.stderr)
        return 1
    print(post.path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
