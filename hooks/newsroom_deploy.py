"""Publishing: `make deploy`, `make rollback`, `make zugang` (and the CI guard).

    python hooks/newsroom_deploy.py deploy   [--public-site site] [--members-site site-members]
    python hooks/newsroom_deploy.py rollback
    python hooks/newsroom_deploy.py zugang NAME [--passwort-stdin]
    python hooks/newsroom_deploy.py guard     (exit 1 when the repository is public)

Destinations from the environment: DEPLOY_PUBLIC (required) and DEPLOY_MEMBERS
(optional), each `user@host:/path`, `ssh://user@host:port/path` or a local folder.
SSH: DEPLOY_SSH_KEY (the private key itself or a path; else the SSH agent and
~/.ssh), DEPLOY_KNOWN_HOSTS (known_hosts lines or a path; else ~/.ssh/known_hosts).
DEPLOY_RSYNC: `auto` (default: rsync over ssh when the server has it, so changed files
go as deltas; else SFTP) or `nein` (SFTP only).
DEPLOY_MEMBERS_URL: the member site's address; after the deploy it is fetched without
a login and must answer 401, else the member release is taken offline again.
DEPLOY_HTPASSWD_PATH: where the web server finds the members' password file, when it
is not `<DEPLOY_MEMBERS>/htpasswd` (an SFTP chroot shows other paths than Apache sees).
Messages are German: whoever sets up the site reads them. Exit 0 = done, 1 = refused
or failed (the live site is unchanged unless the message says otherwise).
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # `golive` lives beside this file

from golive import apache, htpasswd, probe  # noqa: E402
from golive.plan import DeployError, Destination, Kind, check_apart, parse_destination  # noqa: E402
from golive.release import deploy, live, rollback, switch  # noqa: E402
from golive.targets import open_target  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "deploy" / "apache"
HTPASSWD = "htpasswd"


def visibility_problem(env: dict[str, str]) -> str | None:
    """The German refusal when CI says the repository is not private, else None.
    GitHub: REPO_PRIVATE from `github.event.repository.private`; GitLab:
    CI_PROJECT_VISIBILITY. Outside CI neither is set and nothing is refused."""
    github = env.get("REPO_PRIVATE")
    gitlab = env.get("CI_PROJECT_VISIBILITY")
    if github is None and gitlab is None and env.get("GITHUB_ACTIONS") != "true":
        return None
    if github is not None and github.strip().lower() == "true":
        return None
    if github is None and gitlab is not None and gitlab.strip().lower() == "private":
        return None
    found = f"„{github}“ (GitHub)" if github is not None else f"„{gitlab}“ (GitLab)"
    return (
        "Abgebrochen: Die Mitgliederseite wird nur aus einem privaten Repository gebaut und veröffentlicht. "
        f"Die Sichtbarkeit dieses Repositorys ist {found}, erwartet „privat“. Das Repository enthält die "
        "Texte für Mitglieder: Wer es lesen kann, liest sie. Bitte das Repository auf privat stellen "
        "(GitHub: Settings → General → Danger Zone → Change visibility; GitLab: Settings → General → "
        "Visibility) und danach prüfen, wer es gesehen oder kopiert haben kann."
    )


def destinations(env: dict[str, str]) -> tuple[Destination, Destination | None]:
    public = parse_destination(env.get("DEPLOY_PUBLIC", ""), name="DEPLOY_PUBLIC", cwd=os.getcwd())
    members = None
    if env.get("DEPLOY_MEMBERS", "").strip():
        members = parse_destination(env["DEPLOY_MEMBERS"], name="DEPLOY_MEMBERS", cwd=os.getcwd())
        check_apart(public, members)
    return public, members


def htpasswd_server_path(members: Destination, env: dict[str, str]) -> str:
    return env.get("DEPLOY_HTPASSWD_PATH") or members.join(HTPASSWD)


def now_utc() -> dt.datetime:
    return dt.datetime.now(tz=dt.timezone.utc)


def _n(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _say(label: str, destination: Destination, outcome) -> None:
    plan = outcome.plan
    share = 100 * outcome.sent_bytes / (plan.total_bytes or 1)
    print(
        f"{label}: Version {outcome.release} ist live unter {destination}/current "
        f"(vorher: {outcome.previous or 'keine'}). Gesendet ({outcome.transport}): {len(plan.uploads)} Dateien, {_n(outcome.sent_bytes)} Bytes "
        f"({share:.1f} % von {_n(plan.total_bytes)}); {len(plan.links)} unveränderte Dateien verlinkt; "
        f"{len(outcome.removed)} alte Einträge entfernt."
    )


def cmd_deploy(args, env) -> int:
    public, members = destinations(env)
    if members is not None:
        problem = visibility_problem(env)
        if problem:
            print(problem, file=sys.stderr)
            return 1
    sites = [("Öffentliche Seite", public, Path(args.public_site), (TEMPLATES / "public.htaccess").read_text(encoding="utf-8"))]
    if members is not None:
        text = apache.render((TEMPLATES / "members.htaccess").read_text(encoding="utf-8"), {"HTPASSWD": htpasswd_server_path(members, env)})
        sites.append(("Mitgliederseite", members, Path(args.members_site), text))
    else:
        print("DEPLOY_MEMBERS ist nicht gesetzt: nur die öffentliche Seite wird veröffentlicht.")
    for label, destination, site, _ in sites:
        if not (site / "index.html").is_file():
            raise DeployError(f"{label}: {site}/index.html fehlt: erst bauen (make build build-members), dann veröffentlichen.")
    for label, destination, site, htaccess in sites:
        target = open_target(destination, env)
        try:
            outcome = deploy(target, site, now=now_utc(), extra={".htaccess": htaccess.encode("utf-8")})
            _say(label, destination, outcome)
            if destination is members and target.read(HTPASSWD) is None and "DEPLOY_HTPASSWD_PATH" not in env:
                print(f"Hinweis: Noch kein Zugang für Mitglieder in {destination}/{HTPASSWD}: „make zugang NAME=…“ legt einen an.")
            if destination is members and env.get("DEPLOY_MEMBERS_URL", "").strip():
                if not members_protected(target, outcome, env["DEPLOY_MEMBERS_URL"].strip()):
                    return 1
        finally:
            target.close()
    return 0


def members_protected(target, outcome, url: str) -> bool:
    """Fetch the member site without a login: 401 or nothing is served any more."""
    status, problem = probe.fetch_status(url)
    found = probe.verdict(status)
    if found is probe.Verdict.PROTECTED:
        print(f"Mitgliederseite: {url} fragt nach Name und Passwort (401), wie es sein soll.")
        return True
    if found is probe.Verdict.UNKNOWN:
        print(f"Hinweis: {url} ließ sich nicht prüfen ({status or problem}); bitte von Hand prüfen, ob nach dem Passwort gefragt wird.")
        return True
    if outcome.previous:
        switch(target, outcome.previous)
        undone = f"Die vorige Version {outcome.previous} ist wieder live."
    else:
        target.remove("current")
        undone = "Die Mitgliederseite ist jetzt offline (es gab keine vorige Version)."
    print(
        f"Fehler: {url} liefert die Mitgliederseite ohne Passwort aus (Antwort {status} statt 401). {undone} "
        "Wahrscheinlich beachtet der Webserver die Datei .htaccess nicht (Apache: AllowOverride All) oder die "
        "Adresse zeigt nicht auf DEPLOY_MEMBERS/current. Bitte beim Anbieter klären.",
        file=sys.stderr,
    )
    return False


def cmd_rollback(args, env) -> int:
    public, members = destinations(env)
    for label, destination in (("Öffentliche Seite", public), ("Mitgliederseite", members)):
        if destination is None:
            continue
        target = open_target(destination, env)
        try:
            before, now_live = rollback(target)
            print(f"{label}: zurück auf Version {now_live} (war {before}) unter {destination}/current.")
        finally:
            target.close()
    return 0


def cmd_zugang(args, env) -> int:
    import bcrypt

    name = htpasswd.check_name(args.name)
    if args.passwort_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass(f"Neues Passwort für „{name}“: ")
        if getpass.getpass("Noch einmal: ") != password:
            raise DeployError("Die beiden Passwörter sind verschieden; nichts geändert.")
    htpasswd.check_password(password)
    if not env.get("DEPLOY_MEMBERS", "").strip():
        raise DeployError("DEPLOY_MEMBERS ist nicht gesetzt: dort liegt die Passwortdatei der Mitgliederseite.")
    members = parse_destination(env["DEPLOY_MEMBERS"], name="DEPLOY_MEMBERS", cwd=os.getcwd())
    repository = str(ROOT)
    if members.kind is Kind.LOCAL and (members.path == repository or members.path.startswith(repository + "/")):
        raise DeployError(
            f"DEPLOY_MEMBERS liegt im Projektordner ({members.path}): die Passwortdatei gehört auf den Server, "
            "nie ins Repository. Bitte ein Ziel außerhalb des Projekts angeben."
        )
    hashed = htpasswd.apache_bcrypt(bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds=12)).decode("ascii"))
    target = open_target(members, env)
    try:
        old = (target.read(HTPASSWD) or b"").decode("utf-8")
        text, added = htpasswd.updated(old, name, hashed)
        temporary = f"{HTPASSWD}.neu"
        target.remove(temporary)
        target.write(temporary, text.encode("utf-8"), mode=0o644)
        target.replace(temporary, HTPASSWD)  # one rename: the server never reads half a file
    finally:
        target.close()
    print(f"Zugang „{name}“ {'angelegt' if added else 'geändert'} in {members}/{HTPASSWD}.")
    return 0


def cmd_guard(args, env) -> int:
    problem = visibility_problem(env)
    if problem:
        print(f"::error title=Repository öffentlich::{problem}" if env.get("GITHUB_ACTIONS") == "true" else problem, file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None, env: dict[str, str] | None = None) -> int:
    env = dict(os.environ if env is None else env)
    parser = argparse.ArgumentParser(description="Veröffentlicht die gebauten Seiten (make deploy, make rollback, make zugang).")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("deploy", help="beide Seiten als neue Version hochladen und live schalten")
    p.add_argument("--public-site", default="site")
    p.add_argument("--members-site", default="site-members")
    sub.add_parser("rollback", help="beide Seiten auf die vorherige Version zurückschalten")
    p = sub.add_parser("zugang", help="einen Zugang zur Mitgliederseite anlegen oder sein Passwort ändern")
    p.add_argument("name")
    p.add_argument("--passwort-stdin", action="store_true", help="Passwort aus der ersten Zeile der Eingabe lesen")
    sub.add_parser("guard", help="Abbruch, wenn das Repository öffentlich ist (in CI)")
    args = parser.parse_args(argv)
    try:
        return {"deploy": cmd_deploy, "rollback": cmd_rollback, "zugang": cmd_zugang, "guard": cmd_guard}[args.command](args, env)
    except DeployError as error:
        print(f"Fehler: {error}", file=sys.stderr)
        return 1
    except OSError as error:  # disk, network, server: the live version stays as it was
        print(f"Fehler beim Lesen oder Schreiben am Ziel: {error}. Die live Version ist unverändert, "
              "außer die Meldung davor sagt, dass schon umgeschaltet wurde.", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
