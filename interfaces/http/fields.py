"""The input limits every request shares, each kept in this one place: ids, free text, quantities,
how many lines or items one request may carry, and paging cursors.

Ids (SKUs, locations, channels, reservations, transfers) follow `domain.ids.ID_PATTERN`: at
most 64 characters of letters, digits, '.', '_' and '-'. Free text (order ids, references,
marketplace identifiers, idempotency keys) is 1 to 200 characters of any Unicode but control
characters: no C0 (NUL, line breaks, ESC), DEL or C1. They would forge lines in logs and
exports, drive terminals, and PostgreSQL text cannot hold NUL.
"""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import Query
from pydantic import AwareDatetime, BeforeValidator, Field, NaiveDatetime, StrictInt

from domain.ids import ID_PATTERN

MAX_TEXT = 200
TEXT_PATTERN = r"^[^\x00-\x1f\x7f-\x9f]*$"
MAX_LINES = 1000  # lines of one reservation
MAX_PAGE = 1000  # items of one page (`limit`)
MAX_IDENTIFIERS = 20  # marketplace ids of one listing
MAX_UNITS = 1_000_000_000
_ID = ID_PATTERN.removeprefix("^").removesuffix("$")

NUMBER = re.compile(r"\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*")


def _in_digits(value: object) -> object:
    # A query string is text: its whole numbers are written in digits ("1.0" and " 1" are not).
    if isinstance(value, str) and not re.fullmatch(r"[+-]?[0-9]+", value):
        raise ValueError("must be a whole number written in digits")
    return value


def _iso(value: object) -> object:
    # pydantic would read a number as Unix seconds (or milliseconds); moments are ISO-8601.
    if isinstance(value, int | float) or (isinstance(value, str) and NUMBER.fullmatch(value)):
        raise ValueError("must be an ISO-8601 date-time, not a number")
    return value


PATTERN_MESSAGES = {
    TEXT_PATTERN: "must be text without control characters",
    ID_PATTERN: "must be an id: up to 64 letters, digits, '.', '_' or '-', not starting with "
    "'.', '_' or '-'",
}
WholeNumber = Annotated[int, BeforeValidator(_in_digits)]
IsoMoment = Annotated[AwareDatetime | NaiveDatetime, BeforeValidator(_iso)]
IsoAwareMoment = Annotated[AwareDatetime, BeforeValidator(_iso)]
Id = Annotated[str, Field(pattern=ID_PATTERN, examples=["SKU-1"])]
Text = Annotated[str, Field(min_length=1, max_length=MAX_TEXT, pattern=TEXT_PATTERN)]
Reference = Annotated[Text | None, Field(default=None, examples=["PO-1001"])]
Quantity = Annotated[StrictInt, Field(gt=0, le=MAX_UNITS, description="units, > 0")]
Count = Annotated[StrictInt, Field(ge=0, le=MAX_UNITS, description="units, >= 0")]
Identifiers = Annotated[
    dict[Annotated[str, Field(pattern=ID_PATTERN)], Text],
    Field(
        max_length=MAX_IDENTIFIERS,
        json_schema_extra={"additionalProperties": False},
        examples=[
            {
                "inventory_item_id": "gid://shopify/InventoryItem/1",
                "location_id": "gid://shopify/Location/1",
            }
        ],
    ),
]
# Paging: the previous page's `next_after`, a SKU, or "location/sku" for replenishment.
SkuCursor = Annotated[
    str | None, Query(pattern=ID_PATTERN, description="the previous page's next_after")
]
LocationSkuCursor = Annotated[
    str | None,
    Query(
        pattern=f"^{_ID}/{_ID}$",
        description="the previous page's next_after",
    ),
]
