"""Talking to a running `mkdocs serve`, for the serve tests and the speed benchmark."""

from __future__ import annotations

import socket
import threading
import time
import urllib.error
import urllib.request


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str, timeout: float = 5) -> str | None:
    """The text at url; "" if the server answers 404; None if it gives no answer in time (MkDocs's
    server holds requests while it rebuilds) or cannot be reached."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return "" if error.code == 404 else None
    except OSError:
        return None


class RequestWatch:
    """Requests url back to back while the server runs, keeping every answer ("" for none) and the
    longest wait for one: MkDocs's own server holds every request until a rebuild ends."""

    def __init__(self, url: str, timeout: float = 120) -> None:
        self.url, self.timeout = url, timeout
        self.longest = 0.0
        self.answers: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            start = time.perf_counter()
            self.answers.append(get(self.url, timeout=self.timeout) or "")
            self.longest = max(self.longest, time.perf_counter() - start)
            self._stop.wait(0.05)

    def __enter__(self) -> RequestWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
