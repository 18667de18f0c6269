"""The subjects contract (asyncapi.yaml), and the reversible encoding of ids into subject tokens.

NATS splits subjects on '.', and '*' and '>' are wildcards, but SKU and location ids may contain
'.'. Each id therefore becomes one token by percent-encoding: every character outside
[A-Za-z0-9_-] is replaced by '%' and the two upper-case hex digits of each of its UTF-8 bytes.
So "SKU.1" -> "SKU%2E1", "%" -> "%25", "*" -> "%2A", ">" -> "%3E", " " -> "%20". The encoding is
canonical, so `decode(encode(x)) == x` and `encode(decode(t)) == t` for every valid token.
Msg-Ids are not subjects: they carry the raw ids.
"""

from __future__ import annotations

import re
import string

PREFIX = "stocksync"
AVAILABILITY = f"{PREFIX}.availability"
EVENTS = f"{PREFIX}.events"
CONFIRMATIONS = f"{PREFIX}.confirmations"
DEADLETTER = f"{PREFIX}.deadletter"
AUDIT = f"{PREFIX}.audit"
AUDIT_CHECKPOINTS = f"{AUDIT}.checkpoints"

_SAFE = frozenset(string.ascii_letters + string.digits + "_-")
_TOKEN_RE = re.compile(r"(?:[A-Za-z0-9_-]|%[0-9A-F]{2})+")
_ESCAPES_RE = re.compile(r"(?:%[0-9A-F]{2})+")


def encode(value: str) -> str:
    """One subject token for an id: '.', '%', wildcards and whitespace are percent-encoded."""
    if not value:
        raise ValueError("an empty id cannot be a subject token")
    return "".join(ch if ch in _SAFE else _escape(ch) for ch in value)


def decode(token: str) -> str:
    """The id a token encodes; ValueError when the token is not one `encode` produces."""
    if not _TOKEN_RE.fullmatch(token):
        raise ValueError(f"not an encoded subject token: {token!r}")
    decoded = _ESCAPES_RE.sub(lambda m: bytes.fromhex(m[0].replace("%", "")).decode(), token)
    if encode(decoded) != token:
        raise ValueError(f"not a canonical subject token: {token!r}")
    return decoded


def _escape(ch: str) -> str:
    return "".join(f"%{byte:02X}" for byte in ch.encode())


def availability_subject(channel: str, sku: str) -> str:
    """stocksync.availability.{channel}.{sku}: one (channel, SKU) pair's availability."""
    return f"{AVAILABILITY}.{encode(channel)}.{encode(sku)}"


def availability_filter(channel: str) -> str:
    """stocksync.availability.{channel}.>: every SKU of one channel (an adapter's filter)."""
    return f"{AVAILABILITY}.{encode(channel)}.>"


def events_subject(location: str, sku: str) -> str:
    """stocksync.events.{location}.{sku}: every stock event of one SKU at one location."""
    return f"{EVENTS}.{encode(location)}.{encode(sku)}"


def confirmations_subject(channel: str) -> str:
    """stocksync.confirmations.{channel}: what a channel's adapter pushed, and how it went."""
    return f"{CONFIRMATIONS}.{encode(channel)}"


def deadletter_subject(channel: str) -> str:
    """stocksync.deadletter.{channel}: what a channel's adapter gave up on."""
    return f"{DEADLETTER}.{encode(channel)}"


def availability_msg_id(channel: str, sku: str, position: int) -> str:
    """The Nats-Msg-Id of an availability message: raw ids, so never used as a subject."""
    return f"{channel}:{sku}:{position}"


def ids_of(subject: str, kind: str) -> tuple[str, ...]:
    """The decoded ids after `kind` (e.g. AVAILABILITY) in a subject: (channel, sku) etc."""
    if not subject.startswith(kind + "."):
        raise ValueError(f"{subject!r} is not under {kind!r}")
    return tuple(decode(token) for token in subject[len(kind) + 1 :].split("."))


def durable_name(role: str, channel: str) -> str:
    """A consumer name for one channel ('.' is not allowed in consumer names): role-{token}."""
    return f"{role}-{encode(channel)}"
