"""Runs a real ``agent-sessions serve`` for the tests, on a loopback port."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[3]


def binary() -> Path | None:
    """The ``agent-sessions`` executable: ``AGENT_SESSIONS_BINARY``, else the checkout's debug build."""
    configured = os.environ.get("AGENT_SESSIONS_BINARY")
    path = Path(configured) if configured else REPOSITORY / ".build" / "debug" / "agent-sessions"
    return path if path.is_file() and os.access(path, os.X_OK) else None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """``agent-sessions serve`` over a SQLite file in ``folder``, in a process group of its own.

    ``kill`` (SIGKILL) and ``start`` again keep the database and the port, so a test can check
    what survives a crash.
    """

    def __init__(self, executable: Path, folder: Path, *arguments: str, environment: dict[str, str] | None = None):
        self.executable = executable
        self.folder = folder
        self.arguments = list(arguments)
        self.environment = environment or {}
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path = folder / "serve.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, within: float = 60.0) -> None:
        log = self.log_path.open("ab")
        start = self.log_path.stat().st_size
        self.process = subprocess.Popen(
            [str(self.executable), "serve", "--port", str(self.port), "--db", str(self.folder / "sessions.sqlite")]
            + self.arguments,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env={**os.environ, **self.environment},
            start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            text = self.log_path.read_bytes()[start:].decode(errors="replace")
            if re.search(r"listening on http://\S+:(\d+)", text):
                return
            if self.process.poll() is not None:
                raise RuntimeError(f"agent-sessions serve ended with {self.process.returncode}:\n{text}")
            time.sleep(0.02)
        self.stop()
        raise RuntimeError(f"agent-sessions serve did not listen within {within} s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def kill(self) -> None:
        """SIGKILL to the server's process group, then waits for it."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=60)

    def stop(self) -> None:
        """SIGTERM (a graceful stop), then SIGKILL after 60 s."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.kill()


class SilentListener:
    """A loopback port that takes connections and never answers: a server that hangs."""

    def __enter__(self) -> SilentListener:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}"
        return self

    def __exit__(self, *exception: object) -> None:
        self.socket.close()
