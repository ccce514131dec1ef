"""Titles, tags, metadata filters, orders and counts through ``Client`` and ``AsyncClient``
against a real ``agent-sessions serve``."""

from __future__ import annotations

import asyncio

import pytest
from serve import Server

from agent_sessions import AsyncClient, Client, InvalidArgument


def ids(page: object) -> list[str]:
    return [session.id for session in page.sessions]  # type: ignore[attr-defined]


def test_titles_tags_filters_orders_and_counts(server: Server) -> None:
    with Client(server.url) as client:
        first = client.create_session("a", title="Plan the VPC", tags=["vip", "billing"], metadata={"customer": "acme"})
        assert first.title == "Plan the VPC" and first.tags == ["billing", "vip"]
        client.create_session("b", tags=["billing"], metadata={"customer": "acme", "tier": 3})
        client.create_session("c", metadata={"customer": "globex", "tier": "3"})
        client.create_session("count", title="a session named count")

        assert ids(client.list_sessions(tags=["billing"])) == ["b", "a"]
        assert ids(client.list_sessions(tags=["billing", "vip"])) == ["a"]
        assert ids(client.list_sessions(metadata={"customer": "acme"})) == ["b", "a"]
        assert ids(client.list_sessions(metadata={"tier": "3"})) == ["c"], "the number 3 is not the string 3"
        assert ids(client.list_sessions(sort="created_at")) == ["a", "b", "c", "count"]
        assert client.count_sessions() == 4
        assert client.count_sessions(tags=["billing"]) == 2
        assert client.count_sessions(metadata={"customer": "acme"}, tags=["vip"]) == 1

        page = client.list_sessions(sort="-created_at", limit=2)
        assert ids(page) == ["count", "c"] and page.next_cursor
        rest = client.list_sessions(sort="-created_at", limit=2, cursor=page.next_cursor)
        assert ids(rest) == ["b", "a"]
        with pytest.raises(InvalidArgument):
            client.list_sessions(sort="created_at", cursor=page.next_cursor)

        named = client.get_session("count")
        assert named.title == "a session named count", "the session named count, not the count"
        retitled = client.update_session("count", title="", tags=["renamed"])
        assert retitled.title is None and retitled.tags == ["renamed"]
        with pytest.raises(InvalidArgument):
            client.update_session("a", tags=["not a tag"])


def test_the_async_client_filters_and_counts(server: Server) -> None:
    async def run() -> None:
        async with AsyncClient(server.url) as client:
            await client.create_session("x", tags=["t"], title="X")
            await client.create_session("y", tags=["t", "u"])
            page = await client.list_sessions(tags=["t", "u"])
            assert [session.id for session in page.sessions] == ["y"]
            assert await client.count_sessions(tags=["t"]) == 2
            updated = await client.update_session("x", tags=["u"])
            assert updated.tags == ["u"] and updated.title == "X"

    asyncio.run(run())
