"""Messaging errors. Callers catch these, never nats-py's own exceptions."""

from __future__ import annotations


class MessagingError(Exception):
    """A NATS operation failed: the connection is down, or the server refused a request."""


class PublishFailed(MessagingError):
    """Some message of a batch has no JetStream ack.

    Retry the whole batch: every message carries a Nats-Msg-Id, so JetStream drops the copies
    of those that were stored the first time (within the stream's duplicate window).
    """


class NatsServerError(MessagingError):
    """The embedded nats-server could not be found, did not start, or did not answer."""


class ConsumerMissing(MessagingError):
    """A durable consumer to bind to does not exist (yet): the service creates adapters'."""


class LoginRefused(MessagingError):
    """The server refused the user and password (wrong, or rotated since)."""
