"""The orjson transcoder keeps the library's JSON format: what either transcoder stored, the
other reads back the same."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from eventsourcing.persistence import DatetimeAsISO, DecimalAsStr, JSONTranscoder, UUIDAsHex

from interfaces.storage.transcoder import OrjsonTranscoder

STATE: dict[str, Any] = {
    "timestamp": datetime(2026, 11, 27, 15, 46, 8, 976627, tzinfo=UTC),
    "reservation_id": "R-1",
    "quantity": 3,
    "expires_at": None,
    "lines": [{"sku": "SKU-1", "location": "WH1", "quantity": 3}],
    "price": Decimal("9.99"),
    "when": [datetime(2030, 1, 1, tzinfo=UTC)],
}


def _ready(transcoder: JSONTranscoder) -> JSONTranscoder:
    for transcoding in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):
        transcoder.register(transcoding)
    return transcoder


def test_events_stored_by_either_transcoder_read_back_the_same_with_the_other() -> None:
    library, ours = _ready(JSONTranscoder()), _ready(OrjsonTranscoder())
    assert ours.decode(library.encode(STATE)) == STATE
    assert library.decode(ours.encode(STATE)) == STATE
    assert ours.decode(ours.encode(STATE)) == STATE
