"""`make deploy` for real: an OpenSSH server as the target (SFTP), nginx and Apache
serving `current/` of the public and the member destination while releases change.

Proves: a reader fetching pages and assets during a deploy never gets an error or a
file that belongs to no release, and never goes back to the old release once it saw
the new one; a deploy killed midway leaves the old release live; rollback; the member
site answers 401 without and 200 with a login made by `zugang` (bcrypt), on both
servers; Apache serves the .htaccess rules (types, caching, noindex, German 404).
"""

from __future__ import annotations

import os
import re
import signal
import threading
import time
from pathlib import Path

import pytest

from conftest import copy_project, run_mkdocs, write
from deploy_servers import (
    apache_server, cleanup, nginx_server, run_deploy, ssh_server, start_deploy, world_readable_dir,
)
from test_nginx import get_bytes

# `serial`: `make test` runs these after the parallel run, on an otherwise idle machine.
# Apache looks a file up (stat) and opens it in two steps; a `current` switch between
# them can answer with one release's length and the other's bytes. Load widens that
# window from microseconds; see README "Going live" (known limits).
pytestmark = [pytest.mark.slow, pytest.mark.serial]
USER, PASSWORD = "mitglied", "Sehr-geheim-2024"
READ_PATHS = ["/", "/aktuelles/", "/feeds/rss.xml", "/termine/kalender.ics", "/assets/stylesheets/newsroom.css", "/sitemap.xml"]
NEW_BULLETIN = """---
title: Neu im Netz
date: 2024-05-30
summary: Ein Beitrag, den nur die zweite Version hat.
---
Die Seite ist jetzt online.
"""


def expected(site: Path, url: str) -> bytes:
    relative = url.lstrip("/")
    path = site / relative
    return (path / "index.html" if url.endswith("/") else path).read_bytes()


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """Versions A (sample content) and B (one more bulletin) built; sshd, nginx and Apache
    started; a member login made with `zugang`; version A deployed over SSH."""
    work = tmp_path_factory.mktemp("deploy-servers")
    builds = {}
    for version in ("a", "b"):
        project = copy_project(work / version)
        # A long report, so that the search index is a large file (chunked deltas over SFTP).
        paragraphs = "\n\n".join(f"Absatz {n}: Der Stadtrat beriet über Haushalt, Kitas und Radwege in Halle." * 8 for n in range(150))
        write(project / "bulletins" / "2024" / "2024-04-01-langer-bericht.md", f"---\ntitle: Langer Bericht\ndate: 2024-04-01\n---\n{paragraphs}\n")
        if version == "b":
            write(project / "bulletins" / "2024" / "2024-05-30-neu-im-netz.md", NEW_BULLETIN)
        for config in ("mkdocs.yml", "mkdocs.members.yml"):
            build = run_mkdocs(project, config=config)
            assert build.ok, build.log
        builds[version] = project
    base = world_readable_dir("deploy-servers-")
    public, members = base / "public", base / "members"
    try:
        with ssh_server(work) as (port, key, known_hosts, user):
            env = {
                "DEPLOY_PUBLIC": f"ssh://{user}@127.0.0.1:{port}{public}",
                "DEPLOY_MEMBERS": f"ssh://{user}@127.0.0.1:{port}{members}",
                "DEPLOY_SSH_KEY": key,
                "DEPLOY_KNOWN_HOSTS": known_hosts,
            }
            made = run_deploy(["zugang", USER, "--passwort-stdin"], env, builds["a"], input=PASSWORD + "\n")
            assert made.returncode == 0, made.stderr
            assert (members / "htpasswd").read_text().startswith(f"{USER}:$2y$")
            first = deploy_version(env, builds["a"])
            assert first.returncode == 0, first.stderr
            with nginx_server(work, public / "current", members / "current", members / "htpasswd") as nginx, \
                    apache_server(base, public / "current", members / "current") as apache:
                env["DEPLOY_MEMBERS_URL"] = f"http://127.0.0.1:{apache['members']}/"  # checked after each deploy
                yield {"env": env, "builds": builds, "public": public, "members": members, "nginx": nginx, "apache": apache}
    finally:
        cleanup(base)


def deploy_version(env, project: Path):
    return run_deploy(["deploy", "--public-site", str(project / "site"), "--members-site", str(project / "site-members")], env, project)


def live(destination: Path) -> str:
    return os.readlink(destination / "current")


def assert_serves(stack, project: Path) -> None:
    for server in ("nginx", "apache"):
        status, _, body = get_bytes(stack[server]["public"], "/")
        assert status == 200 and body == expected(project / "site", "/"), server


def test_killed_deploy_then_deploy_under_readers_then_rollback(stack):
    a, b = stack["builds"]["a"], stack["builds"]["b"]
    public = stack["public"]
    release_a = live(public)
    assert_serves(stack, a)

    # 1. A deploy killed while it uploads: the old release stays live.
    sftp_only = {**stack["env"], "DEPLOY_RSYNC": "nein"}
    process = start_deploy(["deploy", "--public-site", str(b / "site"), "--members-site", str(b / "site-members")], sftp_only, b)
    deadline = time.monotonic() + 60
    killed_in_upload = False
    while time.monotonic() < deadline and process.poll() is None:
        incoming = [p for p in (public / "releases").glob(".incoming-*")]
        if incoming and sum(1 for f in incoming[0].rglob("*") if f.is_file()) >= 10:
            os.killpg(process.pid, signal.SIGKILL)
            killed_in_upload = True
            break
        time.sleep(0.002)
    process.wait(timeout=30)
    process.stdout.close(), process.stderr.close()
    assert killed_in_upload, "the deploy finished before it could be killed"
    assert live(public) == release_a
    assert list((public / "releases").glob(".incoming-*")), "the interrupted upload is left beside the live release"
    assert_serves(stack, a)

    # 2. A full deploy while readers fetch pages and assets from nginx and Apache.
    sites = {"a": a / "site", "b": b / "site"}
    versions = {url: {name: expected(site, url) for name, site in sites.items()} for url in READ_PATHS}
    assert versions["/"]["a"] != versions["/"]["b"]
    stop, problems, seen = threading.Event(), [], {"nginx": [], "apache": []}

    def reader(server: str) -> None:
        port = stack[server]["public"]
        while not stop.is_set():
            for url in READ_PATHS:
                try:
                    status, _, body = get_bytes(port, url)
                except OSError as exc:  # a refused or broken connection is an error too
                    problems.append((server, url, repr(exc)))
                    continue
                match = [name for name, content in versions[url].items() if content == body]
                if status != 200 or not match:
                    problems.append((server, url, status, len(body)))
                elif versions[url]["a"] != versions[url]["b"]:
                    seen[server].append((url, match[0]))

    threads = [threading.Thread(target=reader, args=(server,)) for server in ("nginx", "apache")]
    for thread in threads:
        thread.start()
    time.sleep(0.3)
    try:
        second = deploy_version(stack["env"], b)
    finally:
        time.sleep(0.3)
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    assert second.returncode == 0, second.stderr
    assert problems == []
    for server, reads in seen.items():
        order = [version for _, version in reads]
        assert order[0] == "a" and order[-1] == "b", server
        first_b = order.index("b")
        assert "a" not in order[first_b:], f"{server} went back to the old release after serving the new one"
        assert len(order) > 20, server
    release_b = live(public)
    assert release_b != release_a
    assert not list((public / "releases").glob(".incoming-*")), "the next deploy removes what an interrupted one left"
    assert sent_share(second.stdout, "rsync") < 5, second.stdout  # deltas against the live release
    assert "fragt nach Name und Passwort (401)" in second.stdout
    assert_serves(stack, b)
    css = "assets/stylesheets/newsroom.css"  # unchanged: a hard link to A's file (SFTP hardlink@openssh.com)
    assert (public / release_a / css).stat().st_ino == (public / release_b / css).stat().st_ino

    # 3. Rollback: both destinations back to A.
    back = run_deploy(["rollback"], stack["env"], b)
    assert back.returncode == 0, back.stderr
    assert live(public) == release_a
    assert_serves(stack, a)

    # 4. The same over SFTP only (web space without a shell): unchanged files hard-linked.
    third = deploy_version({**stack["env"], "DEPLOY_RSYNC": "nein"}, b)
    assert third.returncode == 0, third.stderr
    assert sent_share(third.stdout, "sftp") < 15, third.stdout
    release_c = live(public)
    served = {p.relative_to(public / release_c).as_posix(): p.read_bytes() for p in (public / release_c).rglob("*") if p.is_file()}
    built = {p.relative_to(b / "site").as_posix(): p.read_bytes() for p in (b / "site").rglob("*") if p.is_file()}
    assert served.pop(".htaccess") and served == built  # large files rebuilt by the server from pieces: byte-identical
    # The largest file that changed and is cut into chunks (64 KiB or more): the server must
    # copy most of it from the live release.
    large = [n for n, c in built.items() if len(c) > 64 * 1024 and (a / "site" / n).is_file() and (a / "site" / n).read_bytes() != c]
    assert large, "version b changes no large file"
    index = max(large, key=lambda n: len(built[n]))
    changed = sum(len(content) for name, content in built.items() if not (a / "site" / name).is_file() or (a / "site" / name).read_bytes() != content)
    sent = int(re.search(r"Öffentliche Seite: .* Gesendet \(sftp\): \d+ Dateien, ([\d.]+) Bytes", third.stdout)[1].replace(".", ""))
    assert sent < changed - len(built[index]) // 2, "the server copied most of the search index from the live one (copy-data)"
    assert (public / release_a / css).stat().st_ino == (public / release_c / css).stat().st_ino
    assert_serves(stack, b)


def sent_share(stdout: str, transport: str) -> float:
    found = re.search(rf"Öffentliche Seite: .* Gesendet \({transport}\): \d+ Dateien, [\d.]+ Bytes \(([\d.]+) % von .*; (\d+) unveränderte", stdout)
    assert found and int(found[2]) > 50, stdout
    return float(found[1])


@pytest.mark.parametrize("server", ["nginx", "apache"])
def test_member_site_needs_the_login_on_both_servers(stack, server):
    port = stack[server]["members"]
    for path in ("/", "/mitglieder/protokolle/", "/robots.txt"):
        status, headers, body = get_bytes(port, path)
        assert status == 401, (server, path)
        assert headers.get("www-authenticate", "").startswith("Basic")
        assert headers.get("x-robots-tag") == "noindex, nofollow"
        assert b"Protokolle" not in body
    assert get_bytes(port, "/", (USER, "falsch-falsch"))[0] == 401
    status, headers, body = get_bytes(port, "/mitglieder/protokolle/", (USER, PASSWORD))
    assert status == 200 and "Mitgliederbereich – intern" in body.decode()
    assert headers.get("x-robots-tag") == "noindex, nofollow"
    assert get_bytes(port, "/.htaccess", (USER, PASSWORD))[0] == 404
    # The public site stays open and is not the member one.
    status, headers, body = get_bytes(stack[server]["public"], "/")
    assert status == 200 and "x-robots-tag" not in headers and "Mitgliederbereich" not in body.decode()


def test_apache_serves_the_htaccess_rules(stack):
    port = stack["apache"]["public"]
    status, headers, _ = get_bytes(port, "/termine/kalender.ics")
    assert status == 200 and headers["content-type"] == "text/calendar; charset=utf-8"
    status, headers, _ = get_bytes(port, "/feeds/rss.xml")
    assert headers["content-type"] == "application/xml; charset=utf-8"
    assert headers["cache-control"] == "public, max-age=300"
    status, headers, _ = get_bytes(port, "/")
    assert headers["cache-control"] == "public, max-age=300" and headers["content-type"].startswith("text/html")
    bundle = next((stack["builds"]["a"] / "site" / "assets" / "javascripts").glob("bundle.*.min.js")).name
    status, headers, _ = get_bytes(port, f"/assets/javascripts/{bundle}")
    assert status == 200 and headers["cache-control"] == "public, max-age=31536000, immutable"
    status, headers, body = get_bytes(port, "/gibt-es-nicht/")
    assert status == 404 and "Seite nicht gefunden" in body.decode()
    assert get_bytes(port, "/.htaccess")[0] == 404
    status, headers, body = get_bytes(stack["apache"]["members"], "/gibt-es-nicht/", (USER, PASSWORD))
    assert status == 404 and "Seite nicht gefunden" in body.decode() and headers["x-robots-tag"] == "noindex, nofollow"
    assert headers["cache-control"].startswith("private")
