"""Where a release is written: a local folder, or a web space over SFTP (paramiko).

Both offer the same few operations, on paths relative to the destination folder. No
operation ever writes into an existing file: a file is always new, so hard links
shared between releases never change under a reader.
"""

from __future__ import annotations

import io
import os
import posixpath
import re
import shutil
import stat
import subprocess
import tempfile
from pathlib import Path

from .plan import DeployError, Destination, Kind


class LocalTarget:
    def __init__(self, destination: Destination):
        self.root = Path(destination.path)
        self.root.mkdir(parents=True, exist_ok=True)

    def _p(self, relative: str) -> Path:
        return self.root / relative

    def mkdir(self, relative: str) -> None:
        self._p(relative).mkdir(parents=True, exist_ok=True)

    def listdir(self, relative: str) -> list[str]:
        try:
            return sorted(os.listdir(self._p(relative)))
        except FileNotFoundError:
            return []

    def readlink(self, relative: str) -> str | None:
        path = self._p(relative)
        if path.is_symlink():
            return os.readlink(path)
        if path.exists():
            raise DeployError(f"{path} ist ein echter Ordner oder eine Datei, kein Verweis: bitte einmal von Hand beiseite räumen.")
        return None

    def read(self, relative: str) -> bytes | None:
        try:
            return self._p(relative).read_bytes()
        except FileNotFoundError:
            return None

    def write(self, relative: str, data: bytes, mode: int = 0o644) -> None:
        path = self._p(relative)
        with open(path, "xb") as handle:
            handle.write(data)
        os.chmod(path, mode)

    def upload(self, local: Path, relative: str) -> None:
        shutil.copyfile(local, self._p(relative))
        os.chmod(self._p(relative), 0o644)

    def assemble(self, relative: str, local: Path, pieces, old: str) -> bool:
        """A changed large file from the pieces of the live one and the new bytes."""
        with open(local, "rb") as new_bytes, open(self._p(old), "rb") as old_bytes, open(self._p(relative), "xb") as out:
            for piece in pieces:
                source = new_bytes if piece.source is None else old_bytes
                source.seek(piece.offset if piece.source is None else piece.source)
                out.write(source.read(piece.length))
        os.chmod(self._p(relative), 0o644)
        return True

    def hardlink(self, source: str, relative: str) -> bool:
        try:
            os.link(self._p(source), self._p(relative))
            return True
        except OSError:
            return False

    def symlink(self, target_text: str, relative: str) -> None:
        os.symlink(target_text, self._p(relative))

    def replace(self, source: str, relative: str) -> None:
        os.replace(self._p(source), self._p(relative))  # rename(2): atomic

    def remove(self, relative: str) -> None:
        path = self._p(relative)
        if path.is_symlink() or path.is_file():
            path.unlink()
        elif path.is_dir():
            shutil.rmtree(path)

    def close(self) -> None:
        pass


class SftpTarget:
    """SFTP over paramiko: works on web spaces that offer SFTP only (no shell, no rsync).
    Atomic switch with the `posix-rename@openssh.com` extension, unchanged files with
    `hardlink@openssh.com` (both OpenSSH); the host key must be known."""

    def __init__(self, destination: Destination, *, key: str | None, known_hosts: str | None, rsync: str = "auto"):
        import paramiko  # only SSH destinations need it

        self._paramiko = paramiko
        self.destination = destination
        self.root = destination.path
        self._key, self._known_hosts, self._rsync_wanted = key, known_hosts, rsync
        client = paramiko.SSHClient()
        client.set_missing_host_key_policy(paramiko.RejectPolicy())
        loaded = False
        if known_hosts:
            if "\n" in known_hosts.strip() or " " in known_hosts.strip():
                host_keys = client.get_host_keys()
                for line in known_hosts.splitlines():
                    entry = paramiko.hostkeys.HostKeyEntry.from_line(line)
                    if entry:
                        for name in entry.hostnames:
                            host_keys.add(name, entry.key.get_name(), entry.key)
            else:
                client.load_host_keys(known_hosts)
            loaded = True
        if not loaded:
            client.load_system_host_keys()
        pkey = _private_key(paramiko, key) if key else None
        try:
            client.connect(
                destination.host, port=destination.port or 22, username=destination.user, pkey=pkey,
                allow_agent=pkey is None, look_for_keys=pkey is None, timeout=30, banner_timeout=30, auth_timeout=30,
            )
        except paramiko.SSHException as exc:
            raise DeployError(
                f"Keine SSH-Verbindung zu {destination}: {exc}. Ist der Schlüssel des Servers in DEPLOY_KNOWN_HOSTS "
                "und der eigene Schlüssel in DEPLOY_SSH_KEY?"
            ) from exc
        self.client = client
        self.sftp = client.open_sftp()
        self._mkdirs(self.root)

    def _p(self, relative: str) -> str:
        return posixpath.join(self.root, relative) if relative else self.root

    def _mkdirs(self, path: str) -> None:
        parts, current = path.strip("/").split("/"), ""
        for part in parts:
            current += "/" + part
            try:
                self.sftp.stat(current)
            except FileNotFoundError:
                self.sftp.mkdir(current)

    def mkdir(self, relative: str) -> None:
        self._mkdirs(self._p(relative))

    def listdir(self, relative: str) -> list[str]:
        try:
            return sorted(self.sftp.listdir(self._p(relative)))
        except FileNotFoundError:
            return []

    def readlink(self, relative: str) -> str | None:
        try:
            attrs = self.sftp.lstat(self._p(relative))
        except FileNotFoundError:
            return None
        if not stat.S_ISLNK(attrs.st_mode):
            raise DeployError(f"{self._p(relative)} ist ein echter Ordner oder eine Datei, kein Verweis: bitte einmal von Hand beiseite räumen.")
        return self.sftp.readlink(self._p(relative))

    def read(self, relative: str) -> bytes | None:
        buffer = io.BytesIO()
        try:
            self.sftp.getfo(self._p(relative), buffer)
        except FileNotFoundError:
            return None
        return buffer.getvalue()

    def write(self, relative: str, data: bytes, mode: int = 0o644) -> None:
        with self.sftp.open(self._p(relative), "wx") as handle:  # new file only (O_EXCL)
            handle.write(data)
        self.sftp.chmod(self._p(relative), mode)

    def upload(self, local: Path, relative: str) -> None:
        self.sftp.put(str(local), self._p(relative), confirm=True)
        self.sftp.chmod(self._p(relative), 0o644)

    def hardlink(self, source: str, relative: str) -> bool:
        from paramiko.sftp import CMD_EXTENDED

        try:  # the extension paramiko has no method for; OpenSSH's sftp-server offers it
            self.sftp._request(CMD_EXTENDED, "hardlink@openssh.com", self._p(source), self._p(relative))
            return True
        except (OSError, self._paramiko.SFTPError):
            return False

    def assemble(self, relative: str, local: Path, pieces, old: str) -> bool:
        """A changed large file: the server copies the unchanged pieces from the live file
        (`copy-data`, OpenSSH 9.0+), only the rest is sent. False (and nothing left
        behind) when the server cannot; the caller then uploads the whole file."""
        from paramiko.sftp import CMD_EXTENDED, int64

        try:
            with open(local, "rb") as new_bytes, self.sftp.open(self._p(old), "r") as old_file, \
                    self.sftp.open(self._p(relative), "wx") as out:
                for piece in pieces:
                    if piece.source is None:
                        new_bytes.seek(piece.offset)
                        out.seek(piece.offset)
                        out.write(new_bytes.read(piece.length))
                        out.flush()
                    else:
                        self.sftp._request(
                            CMD_EXTENDED, "copy-data", old_file.handle, int64(piece.source), int64(piece.length),
                            out.handle, int64(piece.offset),
                        )
            self.sftp.chmod(self._p(relative), 0o644)
            return True
        except (OSError, self._paramiko.SFTPError):
            self.remove(relative)
            return False

    def symlink(self, target_text: str, relative: str) -> None:
        self.sftp.symlink(target_text, self._p(relative))

    def replace(self, source: str, relative: str) -> None:
        self.sftp.posix_rename(self._p(source), self._p(relative))

    def remove(self, relative: str) -> None:
        path = self._p(relative)
        try:
            attrs = self.sftp.lstat(path)
        except FileNotFoundError:
            return
        if stat.S_ISDIR(attrs.st_mode):
            for child in self.sftp.listdir(path):
                self.remove(posixpath.join(relative, child))
            self.sftp.rmdir(path)
        else:
            self.sftp.remove(path)

    def close(self) -> None:
        self.sftp.close()
        self.client.close()

    # --- rsync: changed files as deltas against the live release ---------------------

    def can_rsync(self) -> bool:
        """rsync here and on the server (needs a shell there; SFTP-only web space has none)."""
        if self._rsync_wanted == "nein" or not shutil.which("rsync") or not shutil.which("ssh"):
            return False
        try:
            _, stdout, _ = self.client.exec_command("rsync --version", timeout=30)
            return stdout.channel.recv_exit_status() == 0
        except (self._paramiko.SSHException, OSError):
            return False

    def rsync_into(self, site: Path, incoming: str, bases: list[str]) -> int:
        """rsync the site's served files into `incoming` (relative to the destination):
        unchanged files become hard links to the first base that has them
        (`--link-dest`), changed ones are sent as deltas against it. Files are compared
        by content (`--checksum`), not by time: every build writes every file anew, and
        no time is kept, since a kept time that differs would stop the hard link. Returns the bytes
        rsync sent. Keys and known hosts go to a private temporary folder for `ssh`."""
        with tempfile.TemporaryDirectory(prefix="newsroom-ssh-") as private:
            ssh = ["ssh", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes"]
            if self.destination.port:
                ssh += ["-p", str(self.destination.port)]
            if self._key:
                key = Path(private) / "key"
                text = self._key if "PRIVATE KEY" in self._key else Path(self._key).expanduser().read_text(encoding="utf-8")
                key.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
                key.chmod(0o600)
                ssh += ["-i", str(key), "-o", "IdentitiesOnly=yes"]
            if self._known_hosts:
                known = Path(private) / "known_hosts"
                if "\n" in self._known_hosts.strip() or " " in self._known_hosts.strip():
                    known.write_text(self._known_hosts.strip() + "\n", encoding="utf-8")
                else:
                    known = Path(self._known_hosts).expanduser()
                ssh += ["-o", f"UserKnownHostsFile={known}"]
            user = f"{self.destination.user}@" if self.destination.user else ""
            remote = f"{user}{self.destination.host}:{self._p(incoming)}/"
            command = [
                "rsync", "--recursive", "--links", "--checksum", "--chmod=D755,F644", "--stats", "--protect-args",
                "--exclude=.*", "-e", " ".join(ssh),
                *(f"--link-dest=../{base}" for base in bases[:20]),
                f"{site}/", remote,
            ]
            result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            raise OSError(f"rsync endete mit {result.returncode}: {result.stderr.strip()[-500:]}")
        sent = re.search(r"Total bytes sent: ([\d,.]+)", result.stdout)
        return int(re.sub(r"[,.]", "", sent[1])) if sent else 0


def _private_key(paramiko, key: str):
    """DEPLOY_SSH_KEY: the private key itself (as CI secret stores hold it) or a path."""
    text = key if "PRIVATE KEY" in key else Path(key).expanduser().read_text(encoding="utf-8")
    errors = []
    for kind in (paramiko.Ed25519Key, paramiko.ECDSAKey, paramiko.RSAKey):
        try:
            return kind.from_private_key(io.StringIO(text))
        except (paramiko.SSHException, ValueError) as exc:
            errors.append(str(exc))
    raise DeployError("DEPLOY_SSH_KEY ist kein lesbarer privater Schlüssel ohne Passwort (Ed25519, ECDSA oder RSA).")


def open_target(destination: Destination, env: dict[str, str]):
    if destination.kind is Kind.LOCAL:
        return LocalTarget(destination)
    return SftpTarget(
        destination, key=env.get("DEPLOY_SSH_KEY") or None, known_hosts=env.get("DEPLOY_KNOWN_HOSTS") or None,
        rsync=(env.get("DEPLOY_RSYNC") or "auto").strip().lower(),
    )
