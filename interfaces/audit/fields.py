"""The checks of one record of an export: the header, each event's hash link, the trailer."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from interfaces.audit.format import FORMAT
from projections.chain import CANONICAL, canonical, link


class BadLine(Exception):
    """A line of an export that does not check out."""


def start(header: dict[str, Any]) -> tuple[bytes, int | None]:
    if header.get("record") != "header":
        raise BadLine("the first record must be the header")
    if header.get("format") != FORMAT or header.get("canonical") != CANONICAL:
        raise BadLine(
            f"unknown format {header.get('format')!r} / {header.get('canonical')!r}; "
            f"this checker reads {FORMAT} / {CANONICAL}"
        )
    position = header.get("previous_position")
    previous = None if position is None else _integer(position, "previous_position")
    return _digest(header.get("previous_hash"), "previous_hash"), previous


def follow(record: dict[str, Any], previous: bytes, last: int | None) -> tuple[bytes, int]:
    if record.get("record") != "event":
        raise BadLine(f"unexpected record {record.get('record')!r}")
    position = _integer(record.get("position"), "position")
    version = _integer(record.get("originator_version"), "originator_version")
    if last is not None and position <= last:
        raise BadLine(f"position {position} does not come after {last}: lines were reordered")
    event = canonical(
        position,
        _text(record.get("originator_id"), "originator_id"),
        version,
        _text(record.get("topic"), "topic"),
        _state(record),
    )
    expected = link(previous, event)
    if _digest(record.get("hash"), "hash") != expected:
        raise BadLine(
            f"position {position}: the hash does not follow from the line before: this line "
            "was altered, or a line before it was removed or reordered"
        )
    return expected, position


def end(events: int, trailer: dict[str, Any], previous: bytes) -> None:
    """The trailer must count the events and name the last hash."""
    if trailer.get("count") != events:
        raise BadLine(
            f"the trailer counts {trailer.get('count')} events, the file has {events}: "
            "lines were removed or added"
        )
    if _digest(trailer.get("last_hash"), "last_hash") != previous:
        raise BadLine("the trailer's last_hash is not the last event's hash")


def _state(record: dict[str, Any]) -> bytes:
    text, encoding = _text(record.get("state"), "state"), record.get("state_encoding")
    if encoding == "utf-8":
        return text.encode("utf-8")
    if encoding == "base64":
        try:
            return base64.b64decode(text, validate=True)
        except binascii.Error as exc:
            raise BadLine(f"state is not base64: {exc}") from exc
    raise BadLine(f"unknown state_encoding {encoding!r}")


def _integer(value: Any, name: str) -> int:
    if isinstance(value, bool):
        raise BadLine(f"{name} is not an integer")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.lstrip("-").isdigit():
        return int(value)
    raise BadLine(f"{name} is not an integer: {value!r}")


def _text(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise BadLine(f"{name} is missing or not text")
    return value


def _digest(value: Any, name: str) -> bytes:
    try:
        digest = bytes.fromhex(_text(value, name))
    except ValueError as exc:
        raise BadLine(f"{name} is not hex") from exc
    if len(digest) != 32:
        raise BadLine(f"{name} is not a SHA-256 digest")
    return digest
