"""The NATS users: the service's own, and one per channel adapter that may do only its work.

An adapter's user may, and nothing else:
- bind to its channel's durable consumer and pull from it: `$JS.API.CONSUMER.INFO.<stream>.
  <durable>` and `$JS.API.CONSUMER.MSG.NEXT.<stream>.<durable>`; the service creates the
  consumer, so the adapter needs no JetStream API that creates or changes anything;
- settle its deliveries (ack, nak, term, in progress) on `$JS.ACK.<stream>.<durable>.>`;
- receive replies on an inbox prefix of its own, `_INBOX_<channel>.>` (nats-py's
  `inbox_prefix`): its fetched messages and the acks of its publications come there, and no other
  client's replies can be read by subscribing to `_INBOX.>`;
- subscribe to its channel's figures, `stocksync.availability.<channel>.>`;
- publish on `stocksync.confirmations.<channel>` and `stocksync.deadletter.<channel>`.
So it can neither read another channel's figures nor publish availability. The service's user
may do everything. Passwords are random (32 bytes) and kept only as bcrypt hashes.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import bcrypt

from interfaces.messaging import subjects
from interfaces.messaging.streams import adapter_consumer

SERVICE_USER = "stocksync"
# A password of 32 random bytes cannot be guessed, whatever the cost; a low cost keeps each
# connection's check (the server runs bcrypt on every CONNECT) to a few milliseconds.
BCRYPT_ROUNDS = 10


@dataclass(frozen=True)
class Permissions:
    """The subjects a user may publish on and subscribe to (wildcards allowed)."""

    publish: tuple[str, ...]
    subscribe: tuple[str, ...]


@dataclass(frozen=True)
class NatsUser:
    """A user of the server: its name, its password's bcrypt hash, and what it may do (None:
    everything)."""

    name: str
    password_hash: str
    permissions: Permissions | None = None


@dataclass(frozen=True)
class Login:
    """How a client connects: as a user (None: the URL's user, or none) and with an inbox prefix
    (None: nats-py's `_INBOX`)."""

    user: str | None = None
    password: str | None = None
    inbox_prefix: str | None = None

    def options(self) -> dict[str, str]:
        """The keyword arguments of nats-py's `connect` for this login."""
        given = {"user": self.user, "password": self.password, "inbox_prefix": self.inbox_prefix}
        return {name: value for name, value in given.items() if value is not None}


def adapter_user_name(channel: str) -> str:
    """The NATS user of a channel's adapter."""
    return f"adapter-{channel}"


def adapter_inbox(channel: str) -> str:
    """The inbox prefix of a channel's adapter (one subject token, whatever the channel id)."""
    return f"_INBOX_{subjects.encode(channel)}"


def adapter_permissions(channel: str) -> Permissions:
    """What a channel's adapter may publish and subscribe to (see the module docstring)."""
    consumer = adapter_consumer(channel)
    at = f"{consumer.stream}.{consumer.durable}"
    return Permissions(
        publish=(
            subjects.confirmations_subject(channel),
            subjects.deadletter_subject(channel),
            f"$JS.API.CONSUMER.INFO.{at}",
            f"$JS.API.CONSUMER.MSG.NEXT.{at}",
            f"$JS.ACK.{at}.>",
        ),
        subscribe=(f"{adapter_inbox(channel)}.>", consumer.filter_subject),
    )


def adapter_user(channel: str, password_hash: str) -> NatsUser:
    """A channel adapter's user, with its password's hash."""
    return NatsUser(adapter_user_name(channel), password_hash, adapter_permissions(channel))


def new_password() -> str:
    """A fresh random password (43 URL-safe characters)."""
    return secrets.token_urlsafe(32)


def hash_password(password: str) -> str:
    """The bcrypt hash nats-server checks a password against."""
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(BCRYPT_ROUNDS)).decode()


def without_credentials(url: str) -> str:
    """The URL without user and password, for logs and answers."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
