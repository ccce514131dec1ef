"""How fast Python can ask: the cost of each layer under the adapters, against one server.

Runs 8 asyncio tasks (the concurrency of ``bench_adapters.py``) against a release
``agent-sessions serve`` started on a fresh SQLite file, and prints calls/s for:

- a bare HTTP/1.1 exchange on asyncio streams over 8 kept-alive connections (``GET /healthz``),
- httpcore's connection pool, the transport under httpx (``GET /healthz``),
- ``httpx.AsyncClient`` (``GET /healthz``),
- ``httpx.AsyncClient`` over ``FastTransport``, the transport ``AsyncClient`` uses by default (``GET /healthz``),
- ``AsyncClient.health()``: the client's direct path over ``FastTransport``, without httpx's
  request and response objects, as its calls go by default (``GET /healthz``),
- ``httpx.AsyncClient`` over a transport that answers at once, without the network,
- ``AgentSessionsSession.get_items(limit=20)`` over that instant transport (20 items decoded;
  a client given an ``http_client`` goes through httpx's objects);

and, with 8 threads (the concurrency of the synchronous Strands adapter's steps):

- a bare HTTP/1.1 exchange on blocking sockets over 8 kept-alive connections (``GET /healthz``),
- ``httpx.Client`` (``GET /healthz``),
- ``httpx.Client`` over ``FastSyncTransport``, the transport ``Client`` uses by default (``GET /healthz``),
- ``httpx.Client`` over a transport that answers at once, without the network.

The network rows show where the time of a call goes between the server and Python; the instant
transport's are the floor of what any httpx-based adapter costs per call, whatever the server.

    python benchmarks/http_floor.py --binary ../../.build/release/agent-sessions
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from urllib.parse import urlsplit

import httpcore
import httpx
from bench_adapters import CONCURRENCY, find_binary
from serve import Server

from agent_sessions import AsyncClient
from agent_sessions._fast_sync_transport import FastSyncTransport
from agent_sessions._fast_transport import FastTransport
from agent_sessions.openai_agents import AgentSessionsSession

CALLS = 2_000


async def rate(call: Callable[[int], Awaitable[None]], calls: int = CALLS) -> float:
    """Calls/s of ``call(worker)`` made ``calls`` times, spread over the workers at once."""

    async def worker(index: int) -> None:
        for _ in range(calls // CONCURRENCY):
            await call(index)

    start = time.perf_counter()
    await asyncio.gather(*(worker(index) for index in range(CONCURRENCY)))
    return calls / (time.perf_counter() - start)


def thread_rate(call: Callable[[int], None], calls: int = CALLS) -> float:
    """Calls/s of ``call(worker)`` made ``calls`` times, spread over as many threads as workers."""
    start_line = threading.Barrier(CONCURRENCY + 1)
    failures: list[BaseException] = []

    def worker(index: int) -> None:
        start_line.wait()
        try:
            for _ in range(calls // CONCURRENCY):
                call(index)
        except BaseException as error:  # noqa: BLE001 - reported by the measuring thread
            failures.append(error)

    threads = [threading.Thread(target=worker, args=(index,)) for index in range(CONCURRENCY)]
    for thread in threads:
        thread.start()
    start_line.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    if failures:
        raise failures[0]
    return calls / elapsed


def bare_sockets(host: str, port: int) -> float:
    connections = [socket.create_connection((host, port)) for _ in range(CONCURRENCY)]
    for connection in connections:
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    files = [connection.makefile("rb") for connection in connections]

    def call(index: int) -> None:
        connections[index].sendall(b"GET /healthz HTTP/1.1\r\nHost: " + host.encode() + b"\r\n\r\n")
        status = files[index].readline()
        length = None
        while (line := files[index].readline()) != b"\r\n":
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        if not status.startswith(b"HTTP/1.1 200") or length is None:
            raise RuntimeError(f"unexpected answer: {status!r}")
        files[index].read(length)

    try:
        return thread_rate(call)
    finally:
        for file, connection in zip(files, connections):
            file.close()
            connection.close()


def measure_threads(url: str) -> dict[str, float]:
    parts = urlsplit(url)
    figures = {"bare HTTP/1.1 on blocking sockets, 8 threads": bare_sockets(parts.hostname or "127.0.0.1", parts.port or 80)}
    for name, transport in (("httpx.Client, 8 threads", None), ("httpx.Client over FastSyncTransport, 8 threads", FastSyncTransport())):
        with httpx.Client(base_url=url, transport=transport) as client:

            def call(_: int) -> None:
                client.get("/healthz").raise_for_status()

            figures[name] = thread_rate(call)
    with httpx.Client(transport=InstantSyncTransport(b'{"status":"ok"}')) as instant:

        def instant_call(_: int) -> None:
            if instant.get("http://instant/healthz").json() != {"status": "ok"}:
                raise RuntimeError("the instant transport's answer changed")

        figures["httpx.Client, instant transport, 8 threads"] = thread_rate(instant_call)
    return figures


async def bare_streams(host: str, port: int) -> float:
    connections = [await asyncio.open_connection(host, port) for _ in range(CONCURRENCY)]

    async def call(index: int) -> None:
        reader, writer = connections[index]
        writer.write(b"GET /healthz HTTP/1.1\r\nHost: " + host.encode() + b"\r\n\r\n")
        head = await reader.readuntil(b"\r\n\r\n")
        lengths = [line for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")]
        if not head.startswith(b"HTTP/1.1 200") or not lengths:
            raise RuntimeError(f"unexpected answer head: {head!r}")
        await reader.readexactly(int(lengths[0].split(b":")[1]))

    try:
        return await rate(call)
    finally:
        for _, writer in connections:
            writer.close()


class InstantTransport(httpx.AsyncBaseTransport):
    """Answers every request at once with the same body: httpx's own cost, and the caller's."""

    def __init__(self, body: bytes) -> None:
        self.body = body

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=self.body, headers={"content-type": "application/json"})


class InstantSyncTransport(httpx.BaseTransport):
    """``InstantTransport`` for ``httpx.Client``."""

    def __init__(self, body: bytes) -> None:
        self.body = body

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=self.body, headers={"content-type": "application/json"})


async def measure(url: str) -> dict[str, float]:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    figures = {"bare HTTP/1.1 on asyncio streams": await bare_streams(host, port)}

    async with httpcore.AsyncConnectionPool() as pool:

        async def core_call(_: int) -> None:
            response = await pool.request("GET", url + "/healthz")
            if response.status != 200:
                raise RuntimeError(f"/healthz answered {response.status}")

        figures["httpcore connection pool"] = await rate(core_call)

    async with httpx.AsyncClient(base_url=url) as client:

        async def httpx_call(_: int) -> None:
            (await client.get("/healthz")).raise_for_status()

        figures["httpx.AsyncClient"] = await rate(httpx_call)

    async with httpx.AsyncClient(base_url=url, transport=FastTransport()) as fast:

        async def fast_call(_: int) -> None:
            (await fast.get("/healthz")).raise_for_status()

        figures["httpx.AsyncClient over FastTransport"] = await rate(fast_call)

    async with AsyncClient(url) as own:

        async def direct_call(_: int) -> None:
            if (await own.health()).get("status") != "ok":
                raise RuntimeError("/healthz did not answer ok")

        figures["AsyncClient.health(), its direct path over FastTransport"] = await rate(direct_call)

    async with httpx.AsyncClient(transport=InstantTransport(b'{"status":"ok"}')) as instant:

        async def instant_call(_: int) -> None:
            instant_answer = await instant.get("http://instant/healthz")
            if instant_answer.json() != {"status": "ok"}:
                raise RuntimeError("the instant transport's answer changed")

        figures["httpx.AsyncClient, instant transport"] = await rate(instant_call)

    stored = [
        {"seq": n, "item_id": None, "created_at": "2026-12-05T08:00:00.000Z", "content": {"role": "user", "content": "x" * 400}}
        for n in range(1, 21)
    ]
    body = json.dumps({"items": stored, "next": None}).encode()
    http = httpx.AsyncClient(transport=InstantTransport(body))
    async with AsyncClient("http://instant", http_client=http) as sessions_client:
        sessions = [AgentSessionsSession(f"floor-{index}", client=sessions_client) for index in range(CONCURRENCY)]

        async def adapter_call(index: int) -> None:
            if len(await sessions[index].get_items(limit=20)) != 20:
                raise RuntimeError("get_items did not return the 20 items")

        figures["AgentSessionsSession.get_items(limit=20), instant transport (httpx's objects)"] = await rate(adapter_call)
    await http.aclose()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--binary", help="the agent-sessions executable (default: AGENT_SESSIONS_BINARY, else .build/release or .build/debug)")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        server = Server(find_binary(arguments.binary), Path(folder))
        server.start()
        try:
            figures = asyncio.run(measure(server.url))
            figures.update(measure_threads(server.url))
        finally:
            server.stop()
    print(f"| client ({CONCURRENCY} asyncio tasks or threads, {CALLS:,} calls) | calls/s |\n|---|---:|")
    for name, value in figures.items():
        print(f"| {name} | {value:,.0f} |")


if __name__ == "__main__":
    main()
