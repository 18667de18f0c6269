"""A message to publish, independent of the NATS client (no nats import here)."""

from __future__ import annotations

from dataclasses import dataclass

MSG_ID_HEADER = "Nats-Msg-Id"


@dataclass(frozen=True)
class Message:
    """One message: its subject, its payload and, for JetStream dedupe, its Nats-Msg-Id."""

    subject: str
    data: bytes
    msg_id: str | None = None
    headers: dict[str, str] | None = None

    def all_headers(self) -> dict[str, str] | None:
        """The headers to send: `headers` plus Nats-Msg-Id when `msg_id` is set."""
        if self.msg_id is None:
            return dict(self.headers) if self.headers else None
        return {**(self.headers or {}), MSG_ID_HEADER: self.msg_id}
