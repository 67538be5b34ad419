"""Test only (tests/test_disk_errors.py puts this folder on PYTHONPATH): a full disk.

With NEWSROOM_TEST_DISK_ERROR=<errno name>:<n>, MkDocs' n-th page write fails with that
OSError, as the kernel would report it, so no real disk has to be filled.
"""

import errno
import os

_wanted = os.environ.get("NEWSROOM_TEST_DISK_ERROR")
if _wanted:
    import mkdocs.utils

    _name, _, _nth = _wanted.partition(":")
    _code = getattr(errno, _name)
    _write = mkdocs.utils.write_file
    _count = 0

    def _failing_write(content, output_path):
        global _count
        _count += 1
        if _count >= int(_nth or 1):
            raise OSError(_code, os.strerror(_code), output_path)
        return _write(content, output_path)

    mkdocs.utils.write_file = _failing_write
