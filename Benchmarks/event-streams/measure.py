"""Event streams under load, against a running `agent-sessions serve` (standard library only).

Creates a session whose state has 50,000 keys (about 730 KB of JSON), opens STREAMS event
streams on it, then measures:
- the latency of one PATCH (until its answer, and until every stream got its `session` event);
- the appends per second of 16 writers (keep-alive connections) to the same session for
  SECONDS seconds, with the streams open (and, for comparison, with none: --streams 0).
It prints the server's resident memory (VmRSS, VmHWM) when given its process id.

    python3 Benchmarks/event-streams/measure.py --port 8080 --pid $(pgrep -n agent-sessions)
"""

import argparse
import asyncio
import json
import time


async def request(reader, writer, method, path, body=None):
    data = b"" if body is None else body.encode()
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
    writer.write((head + f"Content-Length: {len(data)}\r\n\r\n").encode() + data)
    await writer.drain()
    status_line = await reader.readline()
    length = 0
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.decode().partition(":")
        if name.lower() == "content-length":
            length = int(value)
    await reader.readexactly(length)
    return int(status_line.split()[1])


async def stream(port, path, opened, changed):
    reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=1 << 24)
    writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n".encode())
    await writer.drain()
    events = 0
    while True:
        line = await reader.readline()
        if not line:
            break
        if line.startswith(b"event: session"):
            events += 1
            if events == 1:
                opened.release()
            else:
                changed.release()


def memory(pid):
    if not pid:
        return ""
    fields = {}
    for line in open(f"/proc/{pid}/status"):
        name, _, value = line.partition(":")
        fields[name] = value.strip()
    return f"VmRSS {fields['VmRSS']}, VmHWM {fields['VmHWM']}"


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--pid", type=int)
    parser.add_argument("--streams", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=10)
    arguments = parser.parse_args()
    port, count = arguments.port, arguments.streams
    session = f"bench-{int(time.time())}"
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    state = ",".join(f'"k{index}":{index}' for index in range(50_000))
    status = await request(reader, writer, "POST", "/v1/sessions", f'{{"id":"{session}","state":{{{state}}}}}')
    assert status == 201, status
    print(f"session {session} created; {memory(arguments.pid)}")

    opened, changed = asyncio.Semaphore(0), asyncio.Semaphore(0)
    tasks = [asyncio.create_task(stream(port, f"/v1/sessions/{session}/events", opened, changed)) for _ in range(count)]
    for _ in range(count):
        await opened.acquire()
    print(f"{count} streams open; {memory(arguments.pid)}")

    started = time.monotonic()
    status = await request(reader, writer, "PATCH", f"/v1/sessions/{session}", '{"metadata":{"note":"changed"}}')
    answered = time.monotonic() - started
    for _ in range(count):
        await changed.acquire()
    delivered = time.monotonic() - started
    print(f"PATCH {status} in {answered * 1000:.1f} ms; delivered to {count} streams in {delivered * 1000:.1f} ms; "
          f"{memory(arguments.pid)}")

    appended = 0
    deadline = time.monotonic() + arguments.seconds

    async def append_loop():
        nonlocal appended
        writer_reader, writer_writer = await asyncio.open_connection("127.0.0.1", port)
        while time.monotonic() < deadline:
            status = await request(writer_reader, writer_writer, "POST", f"/v1/sessions/{session}/items",
                                   '{"content":{"text":"hello"}}')
            assert status == 201, status
            appended += 1
        writer_writer.close()

    begun = time.monotonic()
    await asyncio.gather(*(append_loop() for _ in range(16)))
    elapsed = time.monotonic() - begun
    print(f"16 writers, {count} streams: {appended / elapsed:.0f} appends/s; {memory(arguments.pid)}")
    for task in tasks:
        task.cancel()
    await request(reader, writer, "DELETE", f"/v1/sessions/{session}")


asyncio.run(main())
