"""Compactions and the model's view through ``Client`` and ``AsyncClient`` against a real
``agent-sessions serve``."""

from __future__ import annotations

import asyncio

import pytest
from serve import Server

from agent_sessions import AsyncClient, Client, Conflict, InvalidArgument, NewItem, NotFound


def conversation(client: Client, session_id: str) -> None:
    client.create_session(session_id)
    client.append_items(
        session_id,
        [
            {"role": "system", "content": "You are terse."},
            {"role": "user", "content": "Where is order 123?"},
            {"type": "function_call", "call_id": "c1", "name": "lookup", "arguments": "{}"},
            {"type": "function_call_output", "call_id": "c1", "output": "shipped " * 100},
            {"role": "assistant", "content": "It shipped."},
            {"role": "user", "content": "Thanks!"},
        ],
    )


def test_compaction_keeps_raw_items_and_shapes_the_view(server: Server) -> None:
    with Client(server.url) as client:
        conversation(client, "chat")
        summary = {"role": "system", "content": "The user asked where order 123 is; it shipped."}
        made = client.compact("chat", summary, first=2, through=5)
        assert (made.number, made.first_seq, made.last_seq) == (1, 2, 5)
        assert made.author == {"kind": "caller"} and made.summary == summary and made.tokens_before > made.tokens_after
        assert [item.seq for item in client.get_items("chat")] == [1, 2, 3, 4, 5, 6], "raw items stay"
        assert client.compactions("chat") == [made]

        view = client.context("chat")
        assert [entry.type for entry in view.items] == ["item", "summary", "item"]
        assert view.messages[0] == {"role": "system", "content": "You are terse."} and view.items[0].pinned
        assert view.messages[1] == summary and view.items[1].compaction == 1
        assert view.fits and view.tokens_before == view.tokens_after

        tight = client.context("chat", max_tokens=1)
        assert not tight.fits and [entry.seq for entry in tight.items] == [1], "the pinned system message stays"
        assert tight.dropped == [6] and tight.dropped_compactions == [1]

        with pytest.raises(Conflict) as split:
            client.compact("chat", summary, first=4, through=6)
        assert split.value.code == "range_not_compactable" and "c1" in str(split.value), "a call keeps its result"
        with pytest.raises(Conflict) as behind:
            client.compact("chat", summary, through=5)
        assert behind.value.code == "version_conflict", "the latest compaction already reaches item 5"
        with pytest.raises(InvalidArgument):
            client.compact("chat", summary, through=-1)
        with pytest.raises(InvalidArgument):
            client.context("chat", max_tokens=-1)
        with pytest.raises(NotFound):
            client.compactions("nobody")


def test_the_async_client_compacts_and_reads_the_view(server: Server) -> None:
    with Client(server.url) as client:
        conversation(client, "async-chat")

    async def run() -> None:
        async with AsyncClient(server.url) as client:
            made = await client.compact(
                "async-chat",
                {"role": "system", "content": "summary"},
                through=4,
                summary_tokens=3,
                author={"kind": "summarizer", "agent": "support", "model": "offline"},
            )
            assert made.first_seq == 1 and made.tokens_after == 3 and made.author["agent"] == "support"
            assert await client.compactions("async-chat") == [made]
            view = await client.context("async-chat", pinned=[2])
            assert [entry.seq for entry in view.items] == [1, 2, None, 5, 6]

    asyncio.run(run())


def test_items_carry_their_callers_token_counts(server: Server) -> None:
    with Client(server.url) as client:
        client.create_session("counted", agent="support")
        client.append_items(
            "counted",
            [
                NewItem({"role": "user", "content": "Where is order 123?"}, tokens=9),
                {"role": "assistant", "content": "It shipped."},
                NewItem({"role": "user", "content": "Thanks"}, item_id="m-3", tokens=2_147_483_647),
            ],
        )
        items = client.get_items("counted")
        assert [item.tokens for item in items] == [9, None, 2_147_483_647], "a count only where the caller gave one"

        tokens = client.tokens("counted", context_window=4_294_967_294)
        assert (tokens.item_count, tokens.counted_items) == (3, 2)
        estimated = tokens.tokens - 9 - 2_147_483_647
        assert estimated >= 1, "the uncounted item is estimated"
        assert tokens.context_tokens == tokens.tokens, "without a compaction the view holds every item"
        assert tokens.context_window == 4_294_967_294 and tokens.context_share == pytest.approx(0.5, abs=1e-8)
        assert client.tokens("counted").context_share is None

        stats = client.statistics()
        assert stats.tokens_by_agent["support"] == tokens.tokens and stats.token_count >= tokens.tokens

        for bad in (-1, 2_147_483_648):
            with pytest.raises(InvalidArgument) as refused:
                client.append_items("counted", [NewItem({"role": "user", "content": "x"}, tokens=bad)])
            assert refused.value.field == "tokens" and str(bad) in str(refused.value)
        assert len(client.get_items("counted")) == 3, "a refused count stores nothing"
        with pytest.raises(InvalidArgument):
            client.tokens("counted", context_window=0)
        with pytest.raises(NotFound):
            client.tokens("nobody")

    async def run() -> None:
        async with AsyncClient(server.url) as client:
            assert (await client.tokens("counted")).counted_items == 2

    asyncio.run(run())


def test_pinned_items_stay_in_the_view(server: Server) -> None:
    with Client(server.url) as client:
        client.create_session("pins")
        client.append_items(
            "pins",
            [
                {"role": "user", "content": "Hello"},
                NewItem({"role": "user", "content": "Always answer in French."}, pinned=True),
                {"role": "assistant", "content": "D'accord."},
                {"role": "user", "content": "Thanks"},
            ],
        )
        assert [item.pinned for item in client.get_items("pins")] == [False, True, False, False]
        client.compact("pins", {"role": "system", "content": "They agreed on French."}, through=3)
        view = client.context("pins")
        assert [entry.seq for entry in view.items] == [2, None, 4] and view.items[0].pinned
        starved = client.context("pins", max_tokens=0)
        assert [entry.seq for entry in starved.items] == [2] and not starved.fits
