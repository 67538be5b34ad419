"""Going live: atomic releases of the built sites on a web space (`make deploy`).

`plan` is pure (destinations, manifests, what to upload or link, which releases to
keep); `targets` does the I/O on a local folder or over SFTP; `htaccess` and
`htpasswd` make the Apache files; `newsroom_deploy.py` beside this package is the
command line. Nothing here imports MkDocs.
"""
