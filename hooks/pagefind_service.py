"""A Pagefind indexing process that reads pages while MkDocs renders the rest (thin: process and pipes).

Pagefind's binary has a service mode (`pagefind --service`): requests on stdin, answers
on stdout, each base64-encoded JSON followed by a comma; it reads stdin on a thread of
its own, so handing it a page costs this process only the encoding (about 70 µs for a
20 KB page) and the parsing happens on the machine's other core. The `pagefind` Python
package speaks the same protocol, but its reader sleeps 100 ms before every answer
(one answer per rendered page: 20 minutes at 12,000 pages) and needs an asyncio loop
beside MkDocs' synchronous build, so this module speaks it directly, with one reader
thread. The protocol is that of the pinned `pagefind-bin` (see pyproject.toml).

One service holds several indexes (`Part`s, see `newsroom.write.search_parts`); each is
written to disk with `write`, which Pagefind does while it keeps reading later pages.
Any failure (the binary cannot start, exits, answers with an error) is kept and raised
by `finish` as `IndexingFailed`, with the process's exit status and its error output.
"""

from __future__ import annotations

import base64
import json
import os
import queue
import subprocess
import tempfile
import threading
from pathlib import Path


class IndexingFailed(Exception):
    def __init__(self, status: int | None, details: str):
        super().__init__(details)
        self.status = status
        self.details = details


class Service:
    """One `pagefind --service` process; requests are numbered, answers matched by number."""

    def __init__(self, binary: Path, cwd: Path, env: dict[str, str] | None = None):
        self._errors = tempfile.TemporaryFile()
        self._lock = threading.Condition()
        self._answers: dict[int, dict] = {}
        self._failure: str | None = None
        self._number = 0
        try:
            self._process = subprocess.Popen(
                [str(binary), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._errors,
                cwd=cwd, env={**os.environ, **(env or {})},
            )
        except OSError as error:
            self._process = None
            self._failure = f"{binary} lässt sich nicht starten ({error})"
            return
        self._reader = threading.Thread(target=self._read, name="pagefind-answers", daemon=True)
        self._reader.start()
        # Requests are encoded and written by a thread of their own: a write waits while
        # the pipe is full, and MkDocs should go on rendering meanwhile.
        self._outbox: queue.SimpleQueue = queue.SimpleQueue()
        self._writer = threading.Thread(target=self._write, name="pagefind-requests", daemon=True)
        self._writer.start()

    def _write(self) -> None:
        stdin = self._process.stdin
        while True:
            item = self._outbox.get()
            if item is None:
                break
            number, payload = item
            message = base64.b64encode(json.dumps({"message_id": number, "payload": payload}).encode("utf-8"))
            try:
                stdin.write(message + b",")
                if self._outbox.empty():
                    stdin.flush()
            except (BrokenPipeError, OSError, ValueError):
                break  # the process has ended; `wait` reports why

    def _messages(self):
        """Each answer's bytes; a large one (a part's files) is joined once, not re-split per chunk."""
        stream = self._process.stdout
        pieces: list[bytes] = []
        while True:
            chunk = stream.read1(1 << 16)
            if not chunk:
                return
            while True:
                comma = chunk.find(b",")
                if comma < 0:
                    pieces.append(chunk)
                    break
                pieces.append(chunk[:comma])
                yield b"".join(pieces)
                pieces, chunk = [], chunk[comma + 1 :]

    def _read(self) -> None:
        for message in self._messages():
            try:
                answer = json.loads(base64.b64decode(message))
            except ValueError:
                answer = {"message_id": None, "payload": {"type": "Error", "message": message[:200].decode("latin-1")}}
            with self._lock:
                payload = answer.get("payload") or {}
                if payload.get("type") == "Error" and self._failure is None:
                    self._failure = str(payload.get("message") or "Fehler ohne Meldung")
                if answer.get("message_id") is not None:
                    self._answers[answer["message_id"]] = payload
                self._lock.notify_all()
        with self._lock:
            self._lock.notify_all()

    def send(self, payload: dict) -> int:
        """Hand a request to the process; its number, to `wait` for. Never blocks on Pagefind's work."""
        self._number += 1
        if self._process is None or self._failure is not None:
            return self._number
        self._outbox.put((self._number, payload))
        return self._number

    def wait(self, number: int) -> dict:
        if self._process is None:
            raise self._failed()
        with self._lock:
            while number not in self._answers and self._failure is None and self._reader.is_alive():
                self._lock.wait(timeout=1)
            if number in self._answers and self._answers[number].get("type") != "Error":
                return self._answers[number]
        raise self._failed()

    def _failed(self) -> IndexingFailed:
        status = None
        if self._process is not None:
            try:
                status = self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.close()
        self._errors.seek(0)
        output = self._errors.read().decode("utf-8", errors="replace")
        details = " ".join(" ".join(filter(None, [output, self._failure or ""])).split())[:800]
        return IndexingFailed(status, details)

    def close(self) -> None:
        if self._process is None:
            return
        process, self._process = self._process, None
        self._outbox.put(None)
        self._writer.join(timeout=10)
        try:
            process.stdin.close()
        except (BrokenPipeError, OSError):
            pass
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        self._errors.close()


class Indexer:
    """Pages go to the index of their part; a part is written once its last page is in."""

    def __init__(self, binary: Path, out: Path, config: dict, parts: list[str], env: dict[str, str] | None = None):
        self.out = out  # each written part goes to out/<n> (a fresh folder per write)
        self._config = config
        self._service = Service(binary, out.parent, env)
        self._indexes: dict[str, int] = {}  # part -> index id
        self._used: set[str] = set()  # parts with at least one page
        self._writes: dict[str, tuple[int, Path]] = {}  # part -> (request, folder) of its newest write
        self._written: set[str] = set()
        self._folders = 0
        self._failure: IndexingFailed | None = None  # raised by `finish`, so the build fails in one place
        # Every index made at once, while the service has nothing else to do: later, an
        # answer would wait for every page handed over before.
        try:
            asked = {part: self._service.send({"type": "NewIndex", "config": config}) for part in parts}
            self._indexes = {part: self._service.wait(number)["index_id"] for part, number in asked.items()}
        except IndexingFailed as failure:
            self._failure = failure

    def _index(self, part: str) -> int:
        if part not in self._indexes:
            self._indexes[part] = self._service.wait(self._service.send({"type": "NewIndex", "config": self._config}))["index_id"]
        return self._indexes[part]

    def add(self, part: str, path: str, html: str) -> None:
        """A page as written to `path` (relative to the site: `aktuelles/2024/x/index.html`)."""
        if self._failure is not None:
            return
        try:
            index = self._index(part)
        except IndexingFailed as failure:
            self._failure = failure
            return
        self._used.add(part)
        if part in self._written:
            self._written.discard(part)  # a page after its part was written: written again at the end
        self._service.send({"type": "AddFile", "index_id": index, "file_path": path, "url": None, "file_contents": html})

    def write(self, part: str) -> None:
        """Ask for the part's index files (Pagefind builds them while later pages keep coming).

        `GetFiles`, not `WriteFiles`: Pagefind answers a `WriteFiles` before its writer
        threads have filled every file (seen: empty or truncated files, now and then), and
        ending the process then loses them. The files of an answer are complete; this
        process writes them itself, in `finish`."""
        if part not in self._used or part in self._written or self._failure is not None:
            return
        self._folders += 1
        folder = self.out / str(self._folders)
        number = self._service.send({"type": "GetFiles", "index_id": self._indexes[part]})
        self._writes[part] = (number, folder)
        self._written.add(part)

    def finish(self) -> dict[str, Path]:
        """Write the parts not written yet, wait for every answer; the folder of each part."""
        if self._failure is not None:
            raise self._failure
        for part in sorted(self._used):
            self.write(part)
        folders = {}
        for part, (number, folder) in sorted(self._writes.items()):
            answer = self._service.wait(number)
            for file in answer.get("files") or []:
                relative = Path(file["path"])
                if relative.is_absolute() or ".." in relative.parts:
                    raise IndexingFailed(None, f"Pagefind nannte eine Datei außerhalb des Index: {file['path']}")
                target = folder / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(base64.b64decode(file["content"]))
            folders[part] = folder
        return folders

    def close(self) -> None:
        self._service.close()
