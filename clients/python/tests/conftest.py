from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from serve import Server, binary


def _executable() -> Path:
    path = binary()
    if path is None:
        message = "no agent-sessions executable: run `swift build` first, or set AGENT_SESSIONS_BINARY"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """A server in open mode over a fresh SQLite file."""
    running = Server(_executable(), tmp_path)
    running.start()
    yield running
    running.stop()


API_KEY = "test-key-0123456789abcdef"


@pytest.fixture
def keyed_server(tmp_path: Path) -> Iterator[Server]:
    """A server whose one API key opens app ``tests``."""
    running = Server(_executable(), tmp_path, environment={"AGENT_SESSIONS_API_KEYS": f"tests={API_KEY}"})
    running.start()
    yield running
    running.stop()


@pytest.fixture
def make_server(tmp_path: Path) -> Iterator[type[Server]]:
    """Starts servers with arguments of the test's own; all are stopped at the end."""
    started: list[Server] = []

    class Started(Server):
        def __init__(self, *arguments: str, environment: dict[str, str] | None = None) -> None:
            folder = tmp_path / f"server-{len(started)}"
            folder.mkdir()
            super().__init__(_executable(), folder, *arguments, environment=environment)
            started.append(self)
            self.start()

    yield Started
    for running in started:
        running.stop()
