"""Editors' check: validate every source file without building the site.

    python hooks/newsroom_check.py [-f mkdocs.yml]      (or: make check)
    python hooks/newsroom_check.py --format github      (annotations in GitHub Actions)
    python hooks/newsroom_check.py --format gitlab --report gl-code-quality-report.json

Runs the same sequence as the MkDocs hooks (`newsroom.project.load_site`), so it
reports the same problems in the same words, but renders and writes nothing and does
not start MkDocs: it answers in a fraction of a second. Exit code 0 = all good,
1 = content errors (listed on stderr), 2 = the configuration cannot be read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

import pathspec
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))  # `newsroom` lives beside this file

from newsroom.check import member_links, member_nav  # noqa: E402
from newsroom.errors import ContentErrors  # noqa: E402
from newsroom.model import Audience  # noqa: E402
from newsroom.plan.schedule import planned_items  # noqa: E402
from newsroom.project import check_site  # noqa: E402
from newsroom.settings import EpochError, Settings, epoch_moment, from_config  # noqa: E402
from newsroom.write import ci_report  # noqa: E402


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for plain values; MkDocs' own tags (`!ENV`, `!!python/name:`) become None."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def read_config(path: Path) -> dict:
    config = yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    parent = config.pop("INHERIT", None)
    if parent:
        return _merge(read_config(path.parent / parent), config)
    return config


def _merge(base: dict, override: dict) -> dict:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            merged[key] = _merge(base[key], value)
        else:
            merged[key] = value
    return merged


def settings_from(config: dict) -> Settings:
    options = (config.get("extra") or {}).get("newsroom") or {}
    try:
        audience = Audience(options.get("audience", "public"))
    except ValueError:
        raise SystemExit(
            f"mkdocs.yml, Schlüssel „extra.newsroom.audience“: erwartet „public“ (öffentliche Website) oder "
            f"„members“ (Mitgliederseite), gefunden: „{options.get('audience')}“."
        ) from None
    try:
        now = epoch_moment(os.environ.get("SOURCE_DATE_EPOCH")) or dt.datetime.now(tz=dt.timezone.utc)
    except EpochError as error:
        raise SystemExit(str(error)) from None
    settings, wrong = from_config(
        options,
        site_url=config.get("site_url"),
        site_name=config.get("site_name"),
        audience=audience,
        now=now,
    )
    if wrong:
        raise SystemExit("\n".join(wrong))
    return settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Prüft alle Beiträge, Termine und Seiten, ohne die Website zu bauen.")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="MkDocs-Konfiguration (Standard: mkdocs.yml)")
    parser.add_argument("--format", choices=("text", "github", "gitlab"), default="text", help="zusätzlich: Anmerkungen für GitHub (stdout) oder GitLab (--report)")
    parser.add_argument("--report", default="gl-code-quality-report.json", help="Datei für --format gitlab")
    args = parser.parse_args(argv)
    config_path = Path(args.config_file).resolve()
    try:
        config = read_config(config_path)
    except (OSError, yaml.YAMLError) as exc:
        print(f"Die Konfiguration {args.config_file} lässt sich nicht lesen: {exc}", file=sys.stderr)
        return 2
    root = config_path.parent
    settings = settings_from(config)
    docs = config.get("docs_dir") or "docs"
    everything, plan, problems = check_site(root, settings, docs=docs)
    if everything is not None and plan is not None:  # as the build's on_config does
        problems += member_nav.navigation_problems(
            config.get("nav"),
            pathspec.GitIgnoreSpec.from_lines(str(config.get("not_in_nav") or "").splitlines()).match_file,
            everything,
            [(page.src_uri, page.source.path) for page in plan.content.pages],
            settings.audience,
            member_links.member_space(everything, docs),
            config_path.name,
            config_path.read_text(encoding="utf-8"),
            omissions_stop=member_nav.omissions_stop_the_build(bool(config.get("strict")), config.get("validation")),
        )
    if problems or plan is None:
        _annotate(args, problems)
        print(ContentErrors(problems).report("nichts gebaut, nur geprüft"), file=sys.stderr)
        return 1
    _annotate(args, ())
    content = plan.content
    site = "Mitgliederseite" if plan.settings.audience is Audience.MEMBERS else "öffentliche Website"
    print(
        f"Alles in Ordnung. Die {site} enthält {len(content.bulletins)} Beiträge, "
        f"{len(content.notices)} Terminankündigungen und {len(content.pages)} feste Seiten."
    )
    print_planned(planned_items(everything, settings.now))
    return 0


def _annotate(args, errors) -> None:
    if args.format == "github":
        sys.stdout.write(ci_report.github(errors))
    elif args.format == "gitlab":
        Path(args.report).write_text(ci_report.gitlab(errors), encoding="utf-8")


def print_planned(items: list) -> None:
    """Planned posts (date after "now") with the day they go live: the first build then."""
    if not items:
        return
    print(f"Geplant (erscheinen mit dem ersten Bauen ab ihrem Datum, bis dahin nur in „make serve“): {len(items)}")
    for item in items:
        members = ", nur für Mitglieder" if item.members_only else ""
        print(f"  {item.date}  {item.path} ({item.kind}{members}: {item.title})")


if __name__ == "__main__":
    sys.exit(main())
