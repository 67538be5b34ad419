"""Real servers for the deploy tests: an OpenSSH server (the deploy target), nginx and
Apache (serving `current/`), all from Debian's packages (`make deploy-tools` installs
them; so do these helpers when one is missing), on free ports of 127.0.0.1, each
started in the foreground and stopped by its fixture."""

from __future__ import annotations

import getpass
import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from conftest import ROOT
from test_nginx import free_port, nginx_binary, stop, wait_for, write_main_conf

DEPLOY = ROOT / "hooks" / "newsroom_deploy.py"
RENDER = ROOT / "deploy" / "nginx" / "render.py"
APACHE_MODULES = (
    "mpm_event", "authz_core", "authz_user", "authn_core", "authn_file", "auth_basic",
    "mime", "headers", "alias", "dir",
)


def ensure(binary: str, package: str) -> str:
    if not Path(binary).exists():
        subprocess.run(["apt-get", "update"], check=True, capture_output=True)
        subprocess.run(
            ["apt-get", "install", "-y", "--no-install-recommends", package], check=True, capture_output=True,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
    return binary


def world_readable_dir(prefix: str) -> Path:
    """Apache's workers run as www-data: pytest's tmp folders (mode 700) are closed to them."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    path.chmod(0o755)
    return path


@contextmanager
def ssh_server(base: Path):
    """sshd on 127.0.0.1:<free port>, keys made here; yields (port, client key text, known_hosts line, user)."""
    sshd = ensure("/usr/sbin/sshd", "openssh-server")
    ensure("/usr/bin/rsync", "rsync")
    Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # privilege separation folder
    keys = base / "ssh"
    keys.mkdir()
    for name in ("host", "client"):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", f"test-{name}", "-f", str(keys / name)], check=True)
    (keys / "authorized_keys").write_text((keys / "client.pub").read_text())
    port, user = free_port(), getpass.getuser()
    (keys / "sshd_config").write_text(
        f"""Port {port}
ListenAddress 127.0.0.1
HostKey {keys / 'host'}
PidFile {keys / 'sshd.pid'}
AuthorizedKeysFile {keys / 'authorized_keys'}
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
AllowUsers {user}
Subsystem sftp internal-sftp
"""
    )
    checked = subprocess.run([sshd, "-t", "-f", str(keys / "sshd_config")], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen([sshd, "-D", "-e", "-f", str(keys / "sshd_config")], stdout=subprocess.DEVNULL, stderr=open(keys / "sshd.log", "w"))
    try:
        wait_for(port, process, keys / "sshd.log")
        host_key = (keys / "host.pub").read_text().split()[:2]
        yield port, (keys / "client").read_text(), f"[127.0.0.1]:{port} {host_key[0]} {host_key[1]}\n", user
    finally:
        stop(process)


@contextmanager
def nginx_server(base: Path, public_root: Path, member_root: Path, htpasswd: Path):
    prefix = base / "nginx"
    for folder in ("logs", "temp"):
        (prefix / folder).mkdir(parents=True)
    public_port, member_port = free_port(), free_port()
    sites = subprocess.run(
        [
            sys.executable, str(RENDER), "--public-root", str(public_root), "--member-root", str(member_root),
            "--htpasswd", str(htpasswd), "--public-host", "localhost", "--member-host", "localhost",
            "--public-listen", f"127.0.0.1:{public_port}", "--member-listen", f"127.0.0.1:{member_port}",
        ],
        check=True, capture_output=True, text=True,
    ).stdout
    (prefix / "sites.conf").write_text(sites)
    write_main_conf(prefix, "types { text/calendar ics; }")
    nginx = nginx_binary()
    args = [nginx, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", str(prefix / "logs/error.log")]
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(public_port, process, prefix / "logs/error.log")
        wait_for(member_port, process, prefix / "logs/error.log")
        yield {"public": public_port, "members": member_port}
    finally:
        stop(process)


@contextmanager
def apache_server(base: Path, public_root: Path, member_root: Path):
    """Apache with the project's .htaccess files doing all the work (AllowOverride All)."""
    apache = ensure("/usr/sbin/apache2", "apache2")
    run = base / "apache"
    run.mkdir()
    public_port, member_port = free_port(), free_port()
    modules = "\n".join(f"LoadModule {name}_module /usr/lib/apache2/modules/mod_{name}.so" for name in APACHE_MODULES)
    (run / "httpd.conf").write_text(
        f"""{modules}
ServerName localhost
ServerRoot {run}
PidFile {run}/httpd.pid
DefaultRuntimeDir {run}
Mutex file:{run}
ErrorLog {run}/error.log
LogLevel warn
User www-data
Group www-data
TypesConfig /etc/mime.types
Listen 127.0.0.1:{public_port}
Listen 127.0.0.1:{member_port}
<Directory />
    AllowOverride None
    Require all denied
</Directory>
<Directory {base}>
    Options FollowSymLinks
    AllowOverride All
    Require all granted
</Directory>
<VirtualHost 127.0.0.1:{public_port}>
    DocumentRoot {public_root}
</VirtualHost>
<VirtualHost 127.0.0.1:{member_port}>
    DocumentRoot {member_root}
</VirtualHost>
"""
    )
    checked = subprocess.run([apache, "-t", "-d", str(run), "-f", str(run / "httpd.conf")], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen([apache, "-d", str(run), "-f", str(run / "httpd.conf"), "-DFOREGROUND"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(public_port, process, run / "error.log")
        wait_for(member_port, process, run / "error.log")
        yield {"public": public_port, "members": member_port, "log": run / "error.log"}
    finally:
        stop(process)


def _deploy_environment(env: dict[str, str]) -> dict[str, str]:
    """This process's environment without the deploy's and CI's own settings, plus `env`."""
    inherited = {key: value for key, value in os.environ.items() if not key.startswith(("DEPLOY_", "GITHUB_", "CI_", "REPO_"))}
    return {**inherited, **env}


def run_deploy(command: list[str], env: dict[str, str], cwd: Path, **kwargs):
    return subprocess.run([sys.executable, str(DEPLOY), *command], cwd=cwd, env=_deploy_environment(env), capture_output=True, text=True, timeout=300, **kwargs)


def start_deploy(command: list[str], env: dict[str, str], cwd: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(DEPLOY), *command], cwd=cwd, env=_deploy_environment(env),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,  # killpg reaches rsync and ssh too
    )


def cleanup(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
