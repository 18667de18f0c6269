"""The simulated Shopify inventory behind the GraphQL subset: levels keyed
"{inventoryItemId}@{locationId}", compare-and-swap on changeFromQuantity, all-or-nothing
mutations, and `@idempotent` keys replayed (same parameters) or refused (different ones)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from functools import partial
from typing import Any

from graphql import GraphQLError, GraphQLResolveInfo
from graphql.execution.values import get_directive_values

from interfaces.channels.simulator.shopify_check import ITEM, LOCATION, check, error
from interfaces.channels.simulator.shopify_schema import IDEMPOTENT
from interfaces.channels.simulator.store import Store

Info = GraphQLResolveInfo[Any]


class Inventory:
    """Root resolvers: `inventoryItem` (query) and `inventorySetQuantities` (mutation)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def root(self) -> dict[str, Any]:
        """The root value for execution."""
        return {"inventoryItem": self.item, "inventorySetQuantities": self.set_quantities}

    def item(self, _info: Info, **arguments: Any) -> dict[str, Any] | None:
        """inventoryItem(id): any well-formed item exists (as the mutation's checks assume)."""
        item = str(arguments["id"])
        if not ITEM.match(item):
            return None
        return {"id": item, "inventoryLevel": partial(self._level, item)}

    def _level(self, item: str, _info: Info, **arguments: Any) -> dict[str, Any] | None:
        """inventoryLevel(locationId): the level there (0 until set), None when delisted."""
        key = f"{item}@{arguments['locationId']}"
        if not LOCATION.match(str(arguments["locationId"])) or key in self.store.gone:
            return None
        quantity = self.store.quantity(key) or 0
        rows = {
            name: {"id": f"{key}#{name}", "name": name, "quantity": quantity}
            for name in ("available", "on_hand")
        }

        def quantities(_info: Info, names: list[str]) -> list[dict[str, Any]]:
            return [rows[name] for name in names if name in rows]

        return {"id": f"gid://shopify/InventoryLevel/{key}", "quantities": quantities}

    def set_quantities(self, info: Info, **arguments: Any) -> dict[str, Any]:
        """inventorySetQuantities(input), idempotent on its key."""
        given = arguments["input"]
        directive = get_directive_values(IDEMPOTENT, info.field_nodes[0], info.variable_values)
        if not directive:
            raise GraphQLError(
                "inventorySetQuantities requires an idempotency key: @idempotent(key:)"
            )
        fingerprint = json.dumps(given, sort_keys=True)
        seen = self.store.remembered.get(directive["key"])
        if seen is not None:
            if seen[0] == fingerprint:
                return dict(seen[1])
            return _payload([error("IDEMPOTENCY_KEY_PARAMETER_MISMATCH")])
        errors = check(self.store, given)
        answer = _payload(errors) if errors else self._apply(given)
        self.store.remembered[directive["key"]] = (fingerprint, answer)
        return answer

    def _apply(self, given: dict[str, Any]) -> dict[str, Any]:
        changes = []
        for quantity in given["quantities"]:
            key = f"{quantity['inventoryItemId']}@{quantity['locationId']}"
            before = self.store.quantity(key) or 0
            self.store.set(key, quantity["quantity"])
            after = quantity["quantity"]
            changes.append(
                {"name": given["name"], "delta": after - before, "quantityAfterChange": after}
            )
        group = {
            "id": f"gid://shopify/InventoryAdjustmentGroup/{self.store.counts['applied']}",
            "createdAt": datetime.now(UTC).isoformat(),
            "reason": given["reason"],
            "referenceDocumentUri": given.get("referenceDocumentUri"),
            "changes": lambda _info, **_: changes,
        }
        return {"inventoryAdjustmentGroup": group, "userErrors": []}


def _payload(errors: list[dict[str, Any]]) -> dict[str, Any]:
    return {"inventoryAdjustmentGroup": None, "userErrors": errors}
