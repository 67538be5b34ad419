"""The documented nginx configuration (deploy/nginx/), run for real on 127.0.0.1.

nginx comes from Debian's packages; the test installs it if it is missing. It runs as
one foreground process (`master_process off`) with its own prefix, logs and temp
folders under the test's tmp folder, on two free high ports, and is stopped at the end.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, copy_project, run_mkdocs

RENDER = ROOT / "deploy" / "nginx" / "render.py"
USER, PASSWORD = "mitglied", "Geheim-2024"
ROBOTS = "noindex, nofollow"


def nginx_binary() -> str:
    """nginx, installed from Debian's packages if it is not there yet."""
    found = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)
    if found is None:
        subprocess.run(["apt-get", "update"], check=True, capture_output=True)
        subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", "nginx"], check=True, capture_output=True)
        found = shutil.which("nginx") or "/usr/sbin/nginx"
    return found


def htpasswd_line(user: str, password: str) -> str:
    """An htpasswd entry: apr1 (MD5-based, what `htpasswd -m` writes) via openssl if it is
    there, else `{SHA}`, which nginx reads as well."""
    openssl = shutil.which("openssl")
    if openssl:
        hashed = subprocess.run(
            [openssl, "passwd", "-apr1", "-stdin"], input=password, capture_output=True, text=True, check=True
        ).stdout.strip()
    else:
        hashed = "{SHA}" + base64.b64encode(hashlib.sha1(password.encode()).digest()).decode()
    return f"{user}:{hashed}\n"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"nginx stopped: {log.read_text() if log.exists() else ''}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise AssertionError("nginx did not start listening")


def write_main_conf(prefix: Path, extra: str = "") -> None:
    """nginx.conf for one foreground process under `prefix`, including `prefix/sites.conf`."""
    mime = "include /etc/nginx/mime.types;" if Path("/etc/nginx/mime.types").exists() else ""
    temp = prefix / "temp"
    (prefix / "nginx.conf").write_text(
        f"""daemon off;
master_process off;
worker_processes 1;
error_log {prefix}/logs/error.log;
pid {prefix}/logs/nginx.pid;
events {{ worker_connections 64; }}
http {{
    {mime}
    {extra}
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {prefix}/sites.conf;
}}
"""
    )


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    """Both sites built and served by nginx with the documented configuration."""
    base = tmp_path_factory.mktemp("nginx")
    project = copy_project(base / "project")
    for config in ("mkdocs.yml", "mkdocs.members.yml"):
        build = run_mkdocs(project, config=config)
        assert build.ok, build.log
    (project / "site-members" / ".stale-secret").write_text("left from an old build\n")
    (project / "site" / ".stale-secret").write_text("left from an old build\n")

    prefix = base / "nginx"
    for folder in ("logs", "temp"):
        (prefix / folder).mkdir(parents=True)
    htpasswd = prefix / "htpasswd"
    htpasswd.write_text(htpasswd_line(USER, PASSWORD))
    public_port, member_port = free_port(), free_port()
    sites = subprocess.run(
        [
            sys.executable, str(RENDER),
            "--public-root", str(project / "site"), "--member-root", str(project / "site-members"),
            "--htpasswd", str(htpasswd),
            "--public-host", "localhost", "--member-host", "localhost",
            "--public-listen", f"127.0.0.1:{public_port}", "--member-listen", f"127.0.0.1:{member_port}",
        ],
        check=True, capture_output=True, text=True,
    ).stdout
    (prefix / "sites.conf").write_text(sites)
    write_main_conf(prefix)
    nginx = nginx_binary()
    checked = subprocess.run([nginx, "-t", "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", str(prefix / "logs/error.log")], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen(
        [nginx, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", str(prefix / "logs/error.log")],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        wait_for(public_port, process, prefix / "logs/error.log")
        wait_for(member_port, process, prefix / "logs/error.log")
        yield {"public": public_port, "members": member_port, "process": process}
    finally:
        stop(process)
        process.stderr.close()


def stop(process: subprocess.Popen) -> None:
    """Ends a server started in the foreground: politely, then for sure."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def get_bytes(port: int, path: str, auth: tuple[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """GET from a server on 127.0.0.1 (Host: localhost), with Basic auth if given:
    status, headers (lower-case names), body. Also used by the deploy tests."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Host": "localhost"}
    if auth:
        headers["Authorization"] = "Basic " + base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def get(port: int, path: str, auth: tuple[str, str] | None = None) -> tuple[int, dict[str, str], str]:
    """`get_bytes` with the body as text."""
    status, headers, body = get_bytes(port, path, auth)
    return status, headers, body.decode("utf-8", "replace")


MEMBER_REQUESTS = [
    # (path, credentials, expected status)
    ("/", None, 401),
    ("/mitglieder/protokolle/", None, 401),
    ("/gibt-es-nicht/", None, 401),
    ("/robots.txt", None, 401),
    ("/", (USER, "falsch"), 401),
    ("/", ("niemand", PASSWORD), 401),
    ("/", (USER, PASSWORD), 200),
    ("/mitglieder/protokolle/", (USER, PASSWORD), 200),
    ("/aktuelles/2026/hinweise-mitgliederverwaltung/", (USER, PASSWORD), 200),
    ("/sitemap.xml", (USER, PASSWORD), 200),
    ("/assets/stylesheets/newsroom.css", (USER, PASSWORD), 200),
    ("/gibt-es-nicht/", (USER, PASSWORD), 404),
    ("/.stale-secret", (USER, PASSWORD), 404),
]


@pytest.mark.parametrize("path, auth, status", MEMBER_REQUESTS)
def test_member_site_needs_credentials_and_is_never_indexed(servers, path, auth, status):
    got, headers, body = get(servers["members"], path, auth)
    assert got == status
    assert headers.get("x-robots-tag") == ROBOTS
    if status == 401:
        assert headers.get("www-authenticate", "").startswith("Basic")
        assert "Mitglied" not in body and "Protokolle" not in body
    if status == 404 and path != "/.stale-secret":
        assert "Mitgliederbereich – intern" in body  # the member site's own 404 page


def test_member_pages_are_the_member_build(servers):
    _, _, page = get(servers["members"], "/mitglieder/protokolle/", (USER, PASSWORD))
    assert "Mitgliederbereich – intern" in page and '<meta name="robots" content="noindex, nofollow">' in page
    _, _, robots = get(servers["members"], "/robots.txt", (USER, PASSWORD))
    assert robots == "User-agent: *\nDisallow: /\n"


@pytest.mark.parametrize("path, status", [("/", 200), ("/aktuelles/", 200), ("/robots.txt", 200), ("/mitglieder/", 404), ("/.stale-secret", 404)])
def test_public_site_is_open_without_credentials(servers, path, status):
    got, headers, body = get(servers["public"], path)
    assert got == status
    assert "x-robots-tag" not in headers and "www-authenticate" not in headers
    assert "Mitgliederbereich" not in body


def test_public_site_does_not_ask_for_or_accept_member_paths(servers):
    assert get(servers["public"], "/mitglieder/protokolle/", (USER, PASSWORD))[0] == 404
    assert get(servers["public"], "/robots.txt")[2].startswith("User-agent: *\nAllow: /\n")


def test_nginx_runs_as_one_process_that_the_fixture_stops(servers):
    assert servers["process"].poll() is None  # running now; the fixture's finally stops it
