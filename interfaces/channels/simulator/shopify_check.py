"""What the simulated Shopify refuses in an inventorySetQuantities input, with the codes and
field paths of the real InventorySetQuantitiesUserError."""

from __future__ import annotations

import re
from typing import Any

from interfaces.channels.simulator.store import Store

# Reasons listed on shopify.dev ("inventory states"); the schema only links to that page.
REASONS = {
    "correction", "cycle_count_available", "damaged", "movement_canceled", "movement_created",
    "movement_received", "movement_updated", "other", "promotion", "quality_control",
    "received", "reservation_created", "reservation_deleted", "reservation_updated",
    "restock", "safety_stock", "shrinkage",
}  # fmt: skip
ITEM = re.compile(r"^gid://shopify/InventoryItem/[1-9][0-9]*$")
LOCATION = re.compile(r"^gid://shopify/Location/[1-9][0-9]*$")
URI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://\S+$")
MAX_QUANTITY = 1_000_000_000


MESSAGES = {
    "INVALID_INVENTORY_ITEM": "The specified inventory item could not be found.",
    "INVALID_LOCATION": "The specified location could not be found.",
    "INVALID_QUANTITY_NEGATIVE": "The quantity can't be negative.",
    "INVALID_REASON": "The specified reason is invalid.",
    "INVALID_REFERENCE_DOCUMENT": "The specified reference document is invalid.",
    "ITEM_NOT_STOCKED_AT_LOCATION": "The specified inventory item is not stocked at the location.",
    "INVALID_QUANTITY_TOO_HIGH": "The total quantity can't be higher than 1,000,000,000.",
    "COMPARE_QUANTITY_REQUIRED": "changeFromQuantity must be given (null skips the check).",
    "CHANGE_FROM_QUANTITY_STALE": "The changeFromQuantity value does not match persisted value.",
    "INVALID_NAME": "The quantity name must be either 'available' or 'on_hand'.",
    "NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR": (
        "The combination of inventoryItemId and locationId must be unique."
    ),
    "IDEMPOTENCY_KEY_PARAMETER_MISMATCH": (
        "The same idempotency key cannot be used with different operation parameters."
    ),
}


def error(code: str, *field: str) -> dict[str, Any]:
    """A userError: its code, the path to the input field, the message."""
    return {"code": code, "field": list(field), "message": MESSAGES[code]}


def check(store: Store, given: dict[str, Any]) -> list[dict[str, Any]]:
    """The userErrors of an InventorySetQuantitiesInput; none means it can be applied."""
    errors = []
    if given["name"] not in ("available", "on_hand"):
        errors.append(error("INVALID_NAME", "input", "name"))
    if given["reason"] not in REASONS:
        errors.append(error("INVALID_REASON", "input", "reason"))
    uri = given.get("referenceDocumentUri")
    if uri is not None and not URI.match(uri):
        errors.append(error("INVALID_REFERENCE_DOCUMENT", "input", "referenceDocumentUri"))
    seen: set[str] = set()
    for n, quantity in enumerate(given["quantities"]):
        problem = _check_quantity(store, quantity, seen)
        if problem:
            errors.append(error(problem[0], "input", "quantities", str(n), problem[1]))
    return errors


def _check_quantity(
    store: Store, quantity: dict[str, Any], seen: set[str]
) -> tuple[str, str] | None:
    key = f"{quantity['inventoryItemId']}@{quantity['locationId']}"
    before, seen_before = store.quantity(key) or 0, key in seen
    seen.add(key)
    if not ITEM.match(quantity["inventoryItemId"]):
        return "INVALID_INVENTORY_ITEM", "inventoryItemId"
    if not LOCATION.match(quantity["locationId"]):
        return "INVALID_LOCATION", "locationId"
    if key in store.gone:
        return "ITEM_NOT_STOCKED_AT_LOCATION", "locationId"
    if seen_before:
        return "NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR", "inventoryItemId"
    if quantity["quantity"] < 0:
        return "INVALID_QUANTITY_NEGATIVE", "quantity"
    if quantity["quantity"] > MAX_QUANTITY:
        return "INVALID_QUANTITY_TOO_HIGH", "quantity"
    if "changeFromQuantity" not in quantity:
        return "COMPARE_QUANTITY_REQUIRED", "changeFromQuantity"
    expected = quantity["changeFromQuantity"]
    if expected is not None and expected != before:
        return "CHANGE_FROM_QUANTITY_STALE", "changeFromQuantity"
    return None
