"""Reads a ``text/event-stream`` line by line into events."""

from __future__ import annotations

import json

from ._models import SessionEvent


class EventReader:
    """Turns the lines of a Server-Sent Events stream into events.

    Comment lines (``: heartbeat``) are skipped; an event ends at a blank line.
    """

    def __init__(self) -> None:
        self._event = "message"
        self._data: list[str] = []
        self._id: str | None = None

    def feed(self, line: str) -> SessionEvent | None:
        """Reads one line (without its line break); returns an event when one is complete."""
        if line == "":
            if not self._data:
                self._event, self._id = "message", None
                return None
            text = "\n".join(self._data)
            try:
                data = json.loads(text)
            except ValueError:
                data = text
            event = SessionEvent(event=self._event, data=data, id=self._id)
            self._event, self._data, self._id = "message", [], None
            return event
        if line.startswith(":"):
            return None
        name, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if name == "event":
            self._event = value
        elif name == "data":
            self._data.append(value)
        elif name == "id":
            self._id = value
        return None
