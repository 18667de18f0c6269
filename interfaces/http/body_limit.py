"""Request bodies over 1 MiB are refused with 413 problem+json, counted as they stream.

A declared Content-Length over the limit is refused before anything is read. Otherwise, and for
a chunked body with no Content-Length, the bytes are counted as the app reads them, and the
read that crosses the limit fails: the body is never buffered whole first. FastAPI's own
`max_body_size` does the same counting but answers a declared over-limit body in text/plain.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from interfaces.http.errors import problem

MAX_BODY_BYTES = 1024 * 1024


class BodyTooLarge(HTTPException):
    """The body went over the limit as it was read. An HTTPException, because FastAPI passes
    those (and only those) through its body reading to the problem handlers."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is over the limit of {limit} bytes")


class BodyLimit:
    """Pure ASGI middleware: refuse any request body over ``limit`` bytes with 413."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on with a counting ``receive``; answer 413 if it goes over."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.limit:
            await self.refuse(scope, receive, send)
            return
        received = 0
        started = False

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise BodyTooLarge(self.limit)
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except BodyTooLarge:
            if started:  # too late for a status: let the server drop the connection
                raise
            await self.refuse(scope, receive, send)

    async def refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer 413 problem+json."""
        detail = str(BodyTooLarge(self.limit).detail)
        response = problem(413, "body_too_large", "Body too large", detail)
        await response(scope, receive, send)
