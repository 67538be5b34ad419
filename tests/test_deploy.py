"""`make deploy`, `make rollback`, `make zugang`: the pure planning (hooks/golive/plan.py
and friends) and real deploys to local folders. The SSH server, nginx and Apache are in
tests/test_deploy_servers.py."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import bcrypt
import pytest

from conftest import ROOT
from newsroom.errors import ContentError
from newsroom.write import ci_report

sys.path.insert(0, str(ROOT / "hooks"))
from golive import apache, htpasswd  # noqa: E402
from golive.plan import (  # noqa: E402
    DeployError, Destination, Entry, Kind, State, check_apart, parse_destination, plan_release, read_state,
    release_id, rollback_target, to_remove,
)
from golive.release import deploy, live, rollback  # noqa: E402
from golive.targets import LocalTarget  # noqa: E402
from newsroom_deploy import visibility_problem  # noqa: E402

DEPLOY = ROOT / "hooks" / "newsroom_deploy.py"
T0 = dt.datetime(2026, 11, 28, 6, 0, tzinfo=dt.timezone.utc)


# --- destinations ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, kind, host, user, port, path",
    [
        ("deploy@web.example.org:/srv/www", Kind.SSH, "web.example.org", "deploy", None, "/srv/www"),
        ("ssh://deploy@Web.Example.org:2222/srv/www/", Kind.SSH, "web.example.org", "deploy", 2222, "/srv/www"),
        ("sftp://web.example.org/home/x/public", Kind.SSH, "web.example.org", None, None, "/home/x/public"),
        ("/srv/www/public", Kind.LOCAL, None, None, None, "/srv/www/public"),
        ("out/public", Kind.LOCAL, None, None, None, "/work/out/public"),
        ("./a:b", Kind.LOCAL, None, None, None, "/work/a:b"),
    ],
)
def test_destinations_are_read_in_the_usual_forms(text, kind, host, user, port, path):
    destination = parse_destination(text, name="DEPLOY_PUBLIC", cwd="/work")
    assert (destination.kind, destination.host, destination.user, destination.port, destination.path) == (kind, host, user, port, path)


@pytest.mark.parametrize("text, words", [("", "ist leer"), ("deploy@host:www", "absolut"), ("/", "ganze System")])
def test_bad_destinations_are_german_errors(text, words):
    with pytest.raises(DeployError, match=words):
        parse_destination(text, name="DEPLOY_PUBLIC", cwd="/work")


@pytest.mark.parametrize(
    "public, members",
    [
        ("/srv/site", "/srv/site"),
        ("/srv/site", "/srv/site/intern"),
        ("/srv/site/oeffentlich", "/srv/site"),
        ("u@host:/srv/site", "v@HOST:/srv/site/mitglieder"),
        ("ssh://u@host:22/srv/a", "u@host:/srv/a/"),
    ],
)
def test_member_destination_never_inside_around_or_equal_to_the_public_one(public, members):
    with pytest.raises(DeployError, match="nicht derselbe Ordner sein und nicht ineinander"):
        check_apart(parse_destination(public, name="P"), parse_destination(members, name="M"))


@pytest.mark.parametrize(
    "public, members",
    [("/srv/site", "/srv/site-members"), ("/srv/a/site", "/srv/b/site"), ("u@one:/srv/site", "u@two:/srv/site"), ("/srv/site", "u@host:/srv/site")],
)
def test_separate_destinations_are_fine(public, members):
    check_apart(parse_destination(public, name="P"), parse_destination(members, name="M"))


# --- plans ----------------------------------------------------------------------------


def entry(text: str) -> Entry:
    import hashlib

    return Entry(hashlib.sha256(text.encode()).hexdigest(), len(text))


def test_unchanged_files_are_linked_by_content_from_the_live_release_first():
    old = {"index.html": entry("alt"), "a.css": entry("css"), "bundle.1111.min.js": entry("js")}
    older = {"a.css": entry("css"), "x.png": entry("png")}
    new = {"index.html": entry("neu"), "a.css": entry("css"), "bundle.2222.min.js": entry("js"), "b/x.png": entry("png")}
    plan = plan_release("R3", new, {"R1": older, "R2": old}, prefer="R2")
    assert [u.path for u in plan.uploads] == ["index.html"]
    links = {link.path: (link.source_release, link.source_path) for link in plan.links}
    assert links == {"a.css": ("R2", "a.css"), "bundle.2222.min.js": ("R2", "bundle.1111.min.js"), "b/x.png": ("R1", "x.png")}
    assert plan.folders == ("b",)
    assert plan.upload_bytes == 3 and plan.total_bytes == 3 + 3 + 2 + 3


def test_release_ids_sort_by_time_and_never_repeat():
    first = release_id(T0, set())
    assert first == "20261128T060000Z"
    assert release_id(T0, {first}) == "20261128T060000Z-2"
    assert release_id(T0, {first, first + "-2"}) == "20261128T060000Z-3"
    names = ["20261128T060000Z-10", "20261128T060000Z-2", "20261128T060000Z", "20261127T235959Z", ".incoming-x", "junk"]
    state = read_state(names + [f"{n}.json" for n in names[:4]], "releases/20261128T060000Z-2")
    assert state.complete == ("20261127T235959Z", "20261128T060000Z", "20261128T060000Z-2", "20261128T060000Z-10")
    assert state.leftovers == (".incoming-x", "junk") and state.current == "20261128T060000Z-2"


def test_pruning_keeps_the_newest_five_and_the_live_one():
    complete = tuple(f"2026112{n}T000000Z" for n in range(8))
    state = State(complete, (".incoming-2026112XT000000Z", "20261120T000000Z-x"), current=complete[1])
    removed = to_remove(state, 5, busy=None)
    assert set(removed) == {complete[0], f"{complete[0]}.json", complete[2], f"{complete[2]}.json", ".incoming-2026112XT000000Z", "20261120T000000Z-x"}


def test_rollback_needs_an_earlier_release():
    assert rollback_target(State(("a", "b", "c"), (), current="c")) == "b"
    with pytest.raises(DeployError, match="älteste"):
        rollback_target(State(("a", "b"), (), current="a"))
    with pytest.raises(DeployError, match="keine Version live"):
        rollback_target(State(("a",), (), current=None))


# --- local deploys ----------------------------------------------------------------------


def make_site(folder: Path, version: str) -> Path:
    files = {
        "index.html": f"<h1>Start {version}</h1>",
        "aktuelles/index.html": f"<p>Liste {version}</p>",
        "assets/stylesheets/newsroom.css": "body { color: black }",
        ".stale-secret": "nie veröffentlichen",
        ".cache/x.txt": "nein",
    }
    for relative, text in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def test_deploys_switch_current_keep_five_and_roll_back(tmp_path: Path):
    target = LocalTarget(Destination(Kind.LOCAL, str(tmp_path / "public")))
    ids = []
    for n in range(7):
        outcome = deploy(target, make_site(tmp_path / f"site{n}", str(n)), now=T0 + dt.timedelta(minutes=n), extra={".htaccess": b"# x\n"})
        ids.append(outcome.release)
        current = tmp_path / "public" / "current"
        assert os.readlink(current) == f"releases/{outcome.release}"
        assert (current / "index.html").read_text() == f"<h1>Start {n}</h1>"
        assert (current / ".htaccess").read_bytes() == b"# x\n"
        assert not (current / ".stale-secret").exists() and not (current / ".cache").exists()
        if n:  # unchanged: a hard link, not a copy
            assert outcome.sent_bytes == len(f"<h1>Start {n}</h1>") + len(f"<p>Liste {n}</p>")
            assert (current / "assets/stylesheets/newsroom.css").stat().st_nlink >= 2
    releases = sorted(os.listdir(tmp_path / "public" / "releases"))
    assert releases == sorted(ids[-5:] + [f"{i}.json" for i in ids[-5:]])
    manifest = json.loads((tmp_path / "public" / "releases" / f"{ids[-1]}.json").read_text())
    assert set(manifest["files"]) == {"index.html", "aktuelles/index.html", "assets/stylesheets/newsroom.css", ".htaccess"}
    assert rollback(target) == (ids[-1], ids[-2])
    assert (tmp_path / "public" / "current" / "index.html").read_text() == "<h1>Start 5</h1>"
    for _ in range(3):
        rollback(target)
    assert live(target) == ids[-5]
    with pytest.raises(DeployError, match="älteste"):
        rollback(target)
    # While it is live, the oldest is kept; the next deploy makes the newest live again.
    newest = deploy(target, make_site(tmp_path / "site7", "7"), now=T0 + dt.timedelta(minutes=9)).release
    kept = {n for n in os.listdir(tmp_path / "public" / "releases") if not n.endswith(".json")}
    assert kept == set(ids[-4:]) | {newest}


def test_an_interrupted_upload_is_never_live_and_is_cleared_later(tmp_path: Path):
    target = LocalTarget(Destination(Kind.LOCAL, str(tmp_path / "d")))
    first = deploy(target, make_site(tmp_path / "a", "a"), now=T0)

    class Broken(LocalTarget):
        def upload(self, local, relative):
            raise OSError("Verbindung abgebrochen")

    with pytest.raises(OSError):
        deploy(Broken(Destination(Kind.LOCAL, str(tmp_path / "d"))), make_site(tmp_path / "b", "b"), now=T0 + dt.timedelta(minutes=1))
    assert live(target) == first.release
    assert (tmp_path / "d" / "current" / "index.html").read_text() == "<h1>Start a</h1>"
    assert [n for n in os.listdir(tmp_path / "d" / "releases") if n.startswith(".incoming-")]
    deploy(target, make_site(tmp_path / "c", "c"), now=T0 + dt.timedelta(minutes=2))
    assert not [n for n in os.listdir(tmp_path / "d" / "releases") if n.startswith(".incoming-")]


def test_a_real_folder_named_current_is_not_replaced(tmp_path: Path):
    (tmp_path / "d" / "current").mkdir(parents=True)
    with pytest.raises(DeployError, match="kein Verweis"):
        deploy(LocalTarget(Destination(Kind.LOCAL, str(tmp_path / "d"))), make_site(tmp_path / "a", "a"), now=T0)


# --- the command ----------------------------------------------------------------------


def run(tmp_path: Path, *args: str, env: dict | None = None, stdin: str | None = None):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DEPLOY_", "GITHUB_", "CI_", "REPO_"))}
    return subprocess.run([sys.executable, str(DEPLOY), *args], cwd=tmp_path, env={**clean, **(env or {})}, input=stdin, capture_output=True, text=True, timeout=120)


def built(tmp_path: Path) -> None:
    make_site(tmp_path / "site", "public")
    make_site(tmp_path / "site-members", "members")


def test_command_deploys_both_and_writes_the_apache_files(tmp_path: Path):
    built(tmp_path)
    env = {"DEPLOY_PUBLIC": "out/public", "DEPLOY_MEMBERS": str(tmp_path / "out" / "members")}
    result = run(tmp_path, "deploy", env=env)
    assert result.returncode == 0, result.stderr
    assert "Öffentliche Seite: Version" in result.stdout and "make zugang" in result.stdout
    public = (tmp_path / "out/public/current/.htaccess").read_text()
    members = (tmp_path / "out/members/current/.htaccess").read_text()
    assert "AuthType" not in public and 'AddType "text/calendar; charset=utf-8" .ics' in public
    assert f'AuthUserFile "{tmp_path}/out/members/htpasswd"' in members and "Require valid-user" in members
    assert "@@" not in members
    made = run(tmp_path, "zugang", "mitglied", "--passwort-stdin", env=env, stdin="Richtig-langes-Passwort\n")
    assert made.returncode == 0, made.stderr
    name, hashed = (tmp_path / "out/members/htpasswd").read_text().strip().split(":", 1)
    assert name == "mitglied" and hashed.startswith("$2y$12$")
    assert bcrypt.checkpw(b"Richtig-langes-Passwort", ("$2b$" + hashed[4:]).encode())
    changed = run(tmp_path, "zugang", "mitglied", "--passwort-stdin", env=env, stdin="Ein-anderes-Passwort\n")
    assert "geändert" in changed.stdout and len((tmp_path / "out/members/htpasswd").read_text().splitlines()) == 1
    assert run(tmp_path, "rollback", env=env).returncode == 1  # only one release: nothing to go back to


def test_command_refuses_members_inside_public_and_from_a_public_repository(tmp_path: Path):
    built(tmp_path)
    inside = run(tmp_path, "deploy", env={"DEPLOY_PUBLIC": "out/www", "DEPLOY_MEMBERS": "out/www/intern"})
    assert inside.returncode == 1 and "ineinander" in inside.stderr
    public_repo = run(tmp_path, "deploy", env={"DEPLOY_PUBLIC": "out/www", "DEPLOY_MEMBERS": "out/intern", "REPO_PRIVATE": "false"})
    assert public_repo.returncode == 1 and "privaten Repository" in public_repo.stderr
    assert not (tmp_path / "out").exists(), "nothing is written when the deploy is refused"
    short = run(tmp_path, "zugang", "mitglied", "--passwort-stdin", env={"DEPLOY_MEMBERS": "out/intern"}, stdin="kurz\n")
    assert short.returncode == 1 and "zu kurz" in short.stderr
    in_repository = run(tmp_path, "zugang", "mitglied", "--passwort-stdin", env={"DEPLOY_MEMBERS": str(ROOT / "build" / "intern")}, stdin="Lang-genug-1234\n")
    assert in_repository.returncode == 1 and "nie ins Repository" in in_repository.stderr
    assert not (ROOT / "build" / "intern").exists()


@pytest.mark.parametrize(
    "env, refused",
    [
        ({}, False),
        ({"GITHUB_ACTIONS": "true", "REPO_PRIVATE": "true"}, False),
        ({"GITHUB_ACTIONS": "true", "REPO_PRIVATE": "false"}, True),
        ({"GITHUB_ACTIONS": "true", "REPO_PRIVATE": ""}, True),
        ({"GITHUB_ACTIONS": "true"}, True),
        ({"CI_PROJECT_VISIBILITY": "private"}, False),
        ({"CI_PROJECT_VISIBILITY": "internal"}, True),
        ({"CI_PROJECT_VISIBILITY": "public"}, True),
    ],
)
def test_the_member_site_is_built_from_private_repositories_only(env, refused):
    problem = visibility_problem(env)
    assert (problem is not None) is refused
    if refused:
        assert problem.startswith("Abgebrochen: Die Mitgliederseite wird nur aus einem privaten Repository")


def test_guard_command_in_github_actions_is_an_annotation(tmp_path: Path):
    result = run(tmp_path, "guard", env={"GITHUB_ACTIONS": "true", "REPO_PRIVATE": "false"})
    assert result.returncode == 1 and result.stderr.startswith("::error title=Repository öffentlich::Abgebrochen")
    assert run(tmp_path, "guard", env={"GITHUB_ACTIONS": "true", "REPO_PRIVATE": "true"}).returncode == 0


# --- files for the server ----------------------------------------------------------------


def test_htpasswd_lines_are_added_or_replaced():
    text, added = htpasswd.updated("", "anna", "$2y$12$a")
    assert (text, added) == ("anna:$2y$12$a\n", True)
    text, added = htpasswd.updated("anna:$2y$12$a\nben:$2y$12$b\n", "anna", "$2y$12$c")
    assert (text, added) == ("anna:$2y$12$c\nben:$2y$12$b\n", False)
    assert htpasswd.apache_bcrypt("$2b$12$xyz") == "$2y$12$xyz"
    for name in ("", "a:b", "Jürgen", "a b"):
        with pytest.raises(DeployError, match="taugt nicht"):
            htpasswd.check_name(name)


def test_apache_templates_fill_every_placeholder():
    members = (ROOT / "deploy/apache/members.htaccess").read_text()
    assert "noindex, nofollow" in apache.render(members, {"HTPASSWD": "/srv/x/htpasswd"})
    with pytest.raises(KeyError):
        apache.render(members, {})
    with pytest.raises(ValueError):
        apache.render(members, {"HTPASSWD": '/x" \nRequire all granted'})


# --- make check in CI ---------------------------------------------------------------------


def test_check_errors_as_github_annotations_and_gitlab_code_quality():
    errors = [
        ContentError("bulletins/2024/a,b.md", 3, "date", "erwartet: ein Datum, gefunden: „x“.\nZweite Zeile 100%"),
        ContentError("docs/x.md", None, None, "Etwas fehlt."),
    ]
    lines = ci_report.github(errors).splitlines()
    assert lines[0] == (
        "::error file=bulletins/2024/a%2Cb.md,line=3,title=Fehler in den Inhalten::"
        "Schlüssel „date“: erwartet: ein Datum, gefunden: „x“.%0AZweite Zeile 100%25"
    )
    assert lines[1] == "::error file=docs/x.md,title=Fehler in den Inhalten::Etwas fehlt."
    report = json.loads(ci_report.gitlab(errors))
    assert report[0]["location"] == {"path": "bulletins/2024/a,b.md", "lines": {"begin": 3}}
    assert report[1]["location"]["lines"]["begin"] == 1
    assert {item["severity"] for item in report} == {"major"} and len({item["fingerprint"] for item in report}) == 2


# --- the member site must ask for the password after a deploy ----------------------------


@pytest.fixture
def web(tmp_path: Path):
    """A server on 127.0.0.1 that answers every request with the status in `state`."""
    import http.server
    import threading

    state = {"status": 200}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(state["status"])
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_a_member_site_served_without_password_is_taken_offline(tmp_path: Path, web):
    state, url = web
    built(tmp_path)
    env = {"DEPLOY_PUBLIC": "out/public", "DEPLOY_MEMBERS": "out/members", "DEPLOY_MEMBERS_URL": url}
    first = run(tmp_path, "deploy", env=env)  # a host that ignores .htaccess: 200 without login
    assert first.returncode == 1 and "ohne Passwort aus (Antwort 200 statt 401)" in first.stderr
    assert not os.path.lexists(tmp_path / "out/members/current") and "offline" in first.stderr
    state["status"] = 401
    second = run(tmp_path, "deploy", env=env)
    assert second.returncode == 0 and "fragt nach Name und Passwort (401)" in second.stdout
    protected = os.readlink(tmp_path / "out/members/current")
    state["status"] = 200
    third = run(tmp_path, "deploy", env=env)
    assert third.returncode == 1 and os.readlink(tmp_path / "out/members/current") == protected
    state["status"] = 503
    unknown = run(tmp_path, "deploy", env=env)
    assert unknown.returncode == 0 and "von Hand prüfen" in unknown.stdout


# --- deltas of large files ------------------------------------------------------------------


def text_bytes(n: int, seed: int) -> bytes:
    import random

    rng = random.Random(seed)
    words = [b"Stadtrat", b"Sitzung", b"Haushalt", b"Termin", b"Kita", b"Radweg", b"Beschluss", b"Antrag", b"{", b"}", b"\n"]
    return b" ".join(rng.choice(words) for _ in range(n))


def test_chunks_survive_an_insertion_and_rebuild_the_file():
    from golive import chunks

    old = text_bytes(60_000, 1)
    new = old[:200_000] + b'{"location": "aktuelles/2026/neu/", "text": "Ein neuer Beitrag"}' + old[200_000:]
    old_chunks, new_chunks = chunks.cut(old), chunks.cut(new)
    assert sum(c.length for c in new_chunks) == len(new) and all(chunks.MIN_CHUNK <= c.length <= chunks.MAX_CHUNK for c in new_chunks[:-1])
    pieces = chunks.delta(new_chunks, chunks.from_json(chunks.to_json(old_chunks)))
    rebuilt = b"".join(old[p.source:p.source + p.length] if p.source is not None else new[p.offset:p.offset + p.length] for p in pieces)
    assert rebuilt == new
    assert chunks.sent_bytes(pieces) < 3 * chunks.MAX_CHUNK and chunks.sent_bytes(pieces) < len(new) // 2


def test_a_changed_large_file_sends_only_its_new_chunks(tmp_path: Path):
    target = LocalTarget(Destination(Kind.LOCAL, str(tmp_path / "d")))
    site = make_site(tmp_path / "a", "a")
    big = site / "search" / "search_index.json"
    big.parent.mkdir()
    old = text_bytes(80_000, 2)
    big.write_bytes(old)
    deploy(target, site, now=T0)
    new = old[:300_000] + b'{"location": "neu/"}' + old[300_000:]
    big.write_bytes(new)
    outcome = deploy(target, site, now=T0 + dt.timedelta(minutes=1))
    assert (tmp_path / "d" / "current" / "search" / "search_index.json").read_bytes() == new
    assert outcome.sent_bytes < len(new) / 5
