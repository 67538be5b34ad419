"""Fill in stadtverband.conf.template and print the nginx configuration.

    python3 deploy/nginx/render.py \
        --public-root /srv/stadtverband/site --member-root /srv/stadtverband/site-members \
        --htpasswd /etc/nginx/stadtverband.htpasswd \
        --public-host www.example.org --member-host intern.example.org \
        --tls-include /etc/nginx/snippets/stadtverband-tls.conf \
        > /etc/nginx/conf.d/stadtverband.conf

Listens on `443 ssl` by default; the TLS include holds `ssl_certificate` and
`ssl_certificate_key`. Only the standard library is used.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

TEMPLATE = Path(__file__).with_name("stadtverband.conf.template")
_PLACEHOLDER = re.compile(r"@@([A-Z_]+)@@")


def render(values: dict[str, str], template: str | None = None) -> str:
    """The template with every @@NAME@@ replaced; a missing value is an error."""
    text = TEMPLATE.read_text(encoding="utf-8") if template is None else template
    missing = sorted({name for name in _PLACEHOLDER.findall(text) if name not in values})
    if missing:
        raise KeyError(f"no value for: {', '.join(missing)}")
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--public-root", required=True, type=Path, help="folder of the public site (site/)")
    parser.add_argument("--member-root", required=True, type=Path, help="folder of the member site (site-members/)")
    parser.add_argument("--htpasswd", required=True, type=Path, help="file with the members' names and password hashes")
    parser.add_argument("--public-host", default="www.example.org")
    parser.add_argument("--member-host", default="intern.example.org")
    parser.add_argument("--public-listen", default="443 ssl", help="nginx `listen` value")
    parser.add_argument("--member-listen", default="443 ssl", help="nginx `listen` value")
    parser.add_argument("--tls-include", type=Path, help="file with ssl_certificate and ssl_certificate_key")
    args = parser.parse_args(argv)
    for path in (args.public_root, args.member_root, args.htpasswd):
        if not path.is_absolute():
            parser.error(f"{path}: nginx needs absolute paths")
    if args.public_root.resolve() == args.member_root.resolve():
        parser.error("the public and the member site need folders of their own")
    values = {
        "PUBLIC_ROOT": str(args.public_root),
        "MEMBER_ROOT": str(args.member_root),
        "HTPASSWD": str(args.htpasswd),
        "PUBLIC_HOST": args.public_host,
        "MEMBER_HOST": args.member_host,
        "PUBLIC_LISTEN": args.public_listen,
        "MEMBER_LISTEN": args.member_listen,
        "TLS": f"include {args.tls_include};" if args.tls_include else "",
    }
    sys.stdout.write(render(values))
    return 0


if __name__ == "__main__":
    sys.exit(main())
