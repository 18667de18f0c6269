"""Shopify Admin GraphQL 2026-07: the documents stocksync sends and how their answers read.

The input types and fields come from the 2026-07 schema (see specs/shopify_inventory.graphql):
`changeFromQuantity` is per quantity and must always be sent (null skips the compare-and-swap);
2026-07 has no `ignoreCompareQuantity`; since 2026-04 `@idempotent(key:)` is required.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from interfaces.channels.contract import Rejected, Throttled, Update

API_VERSION = "2026-07"
REASON = "correction"
KEY_NAMESPACE = uuid.UUID("6f1f7c1e-3b52-4c1b-9a53-2a4f3c7d9e10")

SET_AVAILABLE = """
mutation StocksyncSetAvailable($input: InventorySetQuantitiesInput!, $key: String!) {
  inventorySetQuantities(input: $input) @idempotent(key: $key) {
    inventoryAdjustmentGroup { id }
    userErrors { code field message }
  }
}
"""


def gid(resource: str, value: str) -> str:
    """A Shopify global id; a bare numeric id is turned into one."""
    return value if value.startswith("gid://") else f"gid://shopify/{resource}/{value}"


def set_variables(updates: Sequence[Update], change_from: Sequence[int | None]) -> dict[str, Any]:
    """Variables of SET_AVAILABLE: one quantity per update, a deterministic idempotency key."""
    newest = max(updates, key=lambda update: update.position)
    quantities = [
        {
            "inventoryItemId": gid("InventoryItem", update.listing["inventory_item_id"]),
            "locationId": gid("Location", update.listing["location_id"]),
            "quantity": update.available,
            "changeFromQuantity": before,
        }
        for update, before in zip(updates, change_from, strict=True)
    ]
    return {
        "input": {
            "name": "available",
            "reason": REASON,
            "referenceDocumentUri": newest.reference or None,
            "quantities": quantities,
        },
        "key": idempotency_key(updates, change_from),
    }


def idempotency_key(updates: Sequence[Update], change_from: Sequence[int | None]) -> str:
    """The same batch gets the same key, so a resend is applied once; a retry with fresh
    changeFromQuantity values is a different request and gets a different key."""
    material = ";".join(
        f"{update.channel}|{update.sku}|{update.position}|{before}"
        for update, before in zip(updates, change_from, strict=True)
    )
    return str(uuid.uuid5(KEY_NAMESPACE, material))


def read_back_query(count: int) -> str:
    """A query of the `available` quantity of `count` inventory levels, aliased level0..."""
    arguments = ", ".join(f"$item{n}: ID!, $location{n}: ID!" for n in range(count))
    fields = " ".join(
        f"level{n}: inventoryItem(id: $item{n}) {{ inventoryLevel(locationId: $location{n}) "
        '{ quantities(names: ["available"]) { name quantity } } }'
        for n in range(count)
    )
    return f"query StocksyncReadBack({arguments}) {{ {fields} }}"


def read_back_variables(updates: Sequence[Update]) -> dict[str, str]:
    """Variables of read_back_query for these updates' listings."""
    variables: dict[str, str] = {}
    for n, update in enumerate(updates):
        variables[f"item{n}"] = gid("InventoryItem", update.listing["inventory_item_id"])
        variables[f"location{n}"] = gid("Location", update.listing["location_id"])
    return variables


def available_of(data: dict[str, Any], n: int) -> int | None:
    """The `available` quantity of aliased level n, or None when Shopify has no such level."""
    level = (data.get(f"level{n}") or {}).get("inventoryLevel") or {}
    for quantity in level.get("quantities") or []:
        if quantity.get("name") == "available":
            return int(quantity["quantity"])
    return None


def data_of(answer: Any) -> dict[str, Any]:
    """The `data` of a GraphQL answer; top-level errors fail the whole request."""
    if not isinstance(answer, dict):
        raise Rejected(f"not a GraphQL answer: {answer!r:.200}")
    errors = answer.get("errors") or []
    if any((error.get("extensions") or {}).get("code") == "THROTTLED" for error in errors):
        raise Throttled(_restore_wait(answer), "Shopify query cost throttled")
    if errors or not isinstance(answer.get("data"), dict):
        messages = "; ".join(str(error.get("message")) for error in errors) or "no data"
        raise Rejected(f"GraphQL errors: {messages}")
    data: dict[str, Any] = answer["data"]
    return data


def _restore_wait(answer: dict[str, Any]) -> float | None:
    """Seconds until the cost bucket holds the requested cost, from extensions.cost."""
    cost = (answer.get("extensions") or {}).get("cost") or {}
    status = cost.get("throttleStatus") or {}
    try:
        missing = float(cost["requestedQueryCost"]) - float(status["currentlyAvailable"])
        return max(0.0, missing / float(status["restoreRate"]))
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return None
