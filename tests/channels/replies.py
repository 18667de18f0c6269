"""A marketplace we own for unit tests: an httpx MockTransport that records each request and
answers with canned responses, in order."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx

from interfaces.channels.marketplace import Connection, Marketplace, Result, Update
from tests.channels.kinds import SECRETS, run

Reply = httpx.Response | Callable[[httpx.Request], httpx.Response]


def reply(body: Any, status: int = 200, **headers: str) -> httpx.Response:
    """A JSON response."""
    return httpx.Response(status, json=body, headers=headers)


class Replies:
    """Answers requests with the given replies, in order, and keeps the requests."""

    def __init__(self, *replies: Reply) -> None:
        self.replies = list(replies)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.replies.pop(0)
        return answer if isinstance(answer, httpx.Response) else answer(request)

    def push(self, marketplace: Marketplace, updates: list[Update], **secrets: str) -> list[Result]:
        """Run marketplace.push against these replies."""
        kind = marketplace.kind
        connection = Connection(kind, "https://market.test", 5.0, 5, {**SECRETS[kind], **secrets})

        async def go() -> list[Result]:
            async with httpx.AsyncClient(transport=httpx.MockTransport(self)) as client:
                return await marketplace.push(client, connection, updates)

        return run(go())

    def body(self, n: int = 0) -> Any:
        """The JSON body of the n-th request."""
        return json.loads(self.requests[n].content)
