"""The members' htpasswd file (pure): one `name:bcrypt-hash` line per login."""

from __future__ import annotations

import re

from .plan import DeployError

_NAME = re.compile(r"^[A-Za-z0-9._@-]{1,64}$")


def check_name(name: str) -> str:
    if not _NAME.match(name or ""):
        raise DeployError(
            f"Der Name „{name}“ taugt nicht als Zugang: erlaubt sind 1–64 Zeichen aus Buchstaben a–z, Ziffern, "
            "Punkt, Bindestrich, Unterstrich und @ (keine Umlaute, kein Doppelpunkt, keine Leerzeichen)."
        )
    return name


def check_password(password: str) -> str:
    if len(password) < 10:
        raise DeployError("Das Passwort ist zu kurz: bitte mindestens 10 Zeichen.")
    if len(password.encode("utf-8")) > 72:
        raise DeployError("Das Passwort ist zu lang: bcrypt liest höchstens 72 Bytes.")
    if ":" in password or "\n" in password:
        raise DeployError("Das Passwort darf keinen Doppelpunkt und keinen Zeilenumbruch enthalten.")
    return password


def apache_bcrypt(hashed: str) -> str:
    """`$2b$` (what the bcrypt library writes) as `$2y$`: the same algorithm, the prefix
    Apache's htpasswd writes and every server (Apache, nginx via libxcrypt) reads."""
    return "$2y$" + hashed[4:] if hashed.startswith("$2b$") else hashed


def updated(text: str, name: str, hashed: str) -> tuple[str, bool]:
    """The file with `name`'s line replaced (or added); True when it was new."""
    lines = [line for line in text.splitlines() if line.strip()]
    new_line = f"{check_name(name)}:{hashed}"
    found = False
    for index, line in enumerate(lines):
        if line.split(":", 1)[0] == name:
            lines[index], found = new_line, True
    if not found:
        lines.append(new_line)
    return "\n".join(lines) + "\n", not found
