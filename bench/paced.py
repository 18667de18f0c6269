"""A paced sender: JSON POSTs on a fixed schedule (`rate` per second) over a bounded set of
keep-alive HTTP/1.1 connections, each response stamped with time.perf_counter() on arrival.

Each connection is a plain asyncio stream (a request line, four headers, the body; the answer
read by Content-Length), a tenth of an httpx request's CPU, so that the sender does not compete
with the server for the machine's two cores. When every connection is busy, the schedule slips
and the achieved rate says so; in-flight requests never exceed `connections`.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from bench.token import AUTHORIZATION

Body = Callable[[int], tuple[str, dict[str, Any]]]  # n -> (path, JSON body)


@dataclass
class Sent:
    """Every answer, in schedule order: (n, status, JSON body, arrival stamp)."""

    answers: list[tuple[int, int, dict[str, Any], float]] = field(default_factory=list)
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        """Answers per second achieved."""
        return len(self.answers) / self.seconds if self.seconds else 0.0


class Connection:
    """One keep-alive HTTP/1.1 connection."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def post(self, path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """POST a JSON body; the status and the JSON answer."""
        if self._reader is None or self._writer is None:
            self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        data = json.dumps(body).encode()
        head = (
            f"POST {path} HTTP/1.1\r\nHost: {self.host}\r\n"
            f"Authorization: {AUTHORIZATION}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n\r\n"
        )
        self._writer.write(head.encode() + data)
        status = int((await self._reader.readline()).split()[1])
        length = 0
        while (line := await self._reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        answer = await self._reader.readexactly(length)
        return status, json.loads(answer) if answer else {}

    async def close(self) -> None:
        """Close the stream."""
        if self._writer is not None:
            self._writer.close()
            await self._writer.wait_closed()


async def send(url: str, body: Body, rate: float, count: int, connections: int = 32) -> Sent:
    """Send `count` requests, the n-th due at start + n / rate, over `connections`."""
    parts = urlsplit(url)
    sent = Sent()
    queue: asyncio.Queue[int] = asyncio.Queue()
    for n in range(count):
        queue.put_nowait(n)
    start = time.perf_counter()

    async def worker() -> None:
        conn = Connection(parts.hostname or "127.0.0.1", parts.port or 80)
        try:
            while not queue.empty():
                n = queue.get_nowait()
                delay = start + n / rate - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
                path, payload = body(n)
                try:
                    status, answer = await conn.post(path, payload)
                except (OSError, ValueError, asyncio.IncompleteReadError) as exc:
                    sent.errors.append(f"{n}: {exc!r}")
                    await conn.close()
                    conn = Connection(parts.hostname or "127.0.0.1", parts.port or 80)
                    continue
                sent.answers.append((n, status, answer, time.perf_counter()))
        finally:
            await conn.close()

    await asyncio.gather(*(worker() for _ in range(connections)))
    sent.seconds = time.perf_counter() - start
    return sent
