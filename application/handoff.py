"""Commands from an event loop: the command's job goes to the group-commit writer and the loop
awaits its commit, instead of a pool thread blocking on it.

Under a flash sale the HTTP event loop then hands every command straight to the writer: no
thread-pool hop per request and no blocked pool threads competing for the GIL with the writer.
"""

from __future__ import annotations

import asyncio
import contextlib

from application.command import Outcome
from application.jobs import Job
from application.writer import Writer

PENDING = Outcome({}, 0)  # what run() returns to a handed-off command; the caller never sees it


class Handoff:
    """One command's trip from an event loop to the writer and back."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.answered: asyncio.Future[None] = loop.create_future()
        self.job: Job | None = None

    def take(self, job: Job, writer: Writer) -> Outcome:
        """Queue the job without waiting for it (run() calls this instead of blocking)."""
        job.on_done = self._wake
        self.job = job
        writer.enqueue(job)
        return PENDING

    def _wake(self) -> None:
        # In the writer thread: hand the answer back to the loop's own thread.
        with contextlib.suppress(RuntimeError):  # the loop closed meanwhile (shutdown)
            self.loop.call_soon_threadsafe(self._settle)

    def _settle(self) -> None:
        if not self.answered.done():
            self.answered.set_result(None)

    async def outcome(self) -> Outcome:
        """The command's answer, once its batch committed (or its refusal, raised)."""
        assert self.job is not None, "take() queues the job first"
        await self.answered
        return self.job.result()
