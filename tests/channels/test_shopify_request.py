"""Shopify: the mutation and read-back documents are valid against the 2026-07 schema subset,
the variables coerce to InventorySetQuantitiesInput, and a stale changeFromQuantity is read
back and retried once with a fresh idempotency key."""

from __future__ import annotations

from typing import Any

from graphql import parse, validate
from graphql.execution.values import get_variable_values
from graphql.language import OperationDefinitionNode

from interfaces.channels.shopify import Shopify
from interfaces.channels.simulator.shopify_schema import SCHEMA
from tests.channels.kinds import update
from tests.channels.replies import Replies, reply

APPLIED = {
    "data": {"inventorySetQuantities": {"inventoryAdjustmentGroup": {"id": "g"}, "userErrors": []}}
}


def stale(index: int) -> dict[str, Any]:
    error = {
        "code": "CHANGE_FROM_QUANTITY_STALE",
        "field": ["input", "quantities", str(index), "changeFromQuantity"],
        "message": "The changeFromQuantity value does not match persisted value.",
    }
    payload = {"inventoryAdjustmentGroup": None, "userErrors": [error]}
    return {"data": {"inventorySetQuantities": payload}}


def level(available: int) -> dict[str, Any]:
    quantities = [{"name": "available", "quantity": available}]
    return {"data": {"level0": {"inventoryLevel": {"quantities": quantities}}}}


def coerced(request_body: dict[str, Any]) -> dict[str, Any]:
    """Validate a request's document against the schema and coerce its variables."""
    document = parse(request_body["query"])
    assert validate(SCHEMA, document) == []
    operation = document.definitions[0]
    assert isinstance(operation, OperationDefinitionNode)
    values = get_variable_values(SCHEMA, operation.variable_definitions, request_body["variables"])
    assert not isinstance(values, list), values
    coerced_values: dict[str, Any] = values.coerced
    return coerced_values


def test_the_mutation_sets_available_with_compare_and_swap_and_an_idempotency_key() -> None:
    replies = Replies(reply(APPLIED))
    first, second = (
        update("shopify", 7, position=41, last_confirmed=5),
        update("shopify", 0, position=42),
    )
    assert [r.status for r in replies.push(Shopify(), [first, second])] == ["applied", "applied"]
    request = replies.requests[0]
    assert request.url.path == "/admin/api/2026-07/graphql.json"
    assert request.headers["X-Shopify-Access-Token"] == "shpat_test_token"
    assert "@idempotent(key: $key)" in replies.body()["query"]
    given = coerced(replies.body())["input"]
    assert (given["name"], given["reason"]) == ("available", "correction")
    assert given["referenceDocumentUri"] == "stocksync://events/42"
    quantities = given["quantities"]
    assert quantities[0] == {
        "inventoryItemId": f"gid://shopify/InventoryItem/{first.listing['inventory_item_id']}",
        "locationId": f"gid://shopify/Location/{first.listing['location_id']}",
        "quantity": 7,
        "changeFromQuantity": 5,
    }
    assert "changeFromQuantity" in quantities[1] and quantities[1]["changeFromQuantity"] is None


def test_the_same_batch_gets_the_same_idempotency_key() -> None:
    replies = Replies(reply(APPLIED), reply(APPLIED))
    batch = [update("shopify", 3, last_confirmed=1)]
    replies.push(Shopify(), batch)
    replies.push(Shopify(), batch)
    assert replies.body(0)["variables"]["key"] == replies.body(1)["variables"]["key"]


def test_a_stale_listing_is_read_back_and_retried_once_with_a_fresh_key() -> None:
    replies = Replies(reply(stale(0)), reply(level(9)), reply(APPLIED))
    (result,) = replies.push(Shopify(), [update("shopify", 8, last_confirmed=10)])
    assert (result.status, result.observed) == ("applied", 9)
    assert "drift" in result.detail
    read_back, retry = replies.body(1), replies.body(2)
    assert coerced(read_back)["item0"].startswith("gid://shopify/InventoryItem/")
    assert coerced(retry)["input"]["quantities"][0]["changeFromQuantity"] == 9
    assert retry["variables"]["key"] != replies.body(0)["variables"]["key"]


def test_still_stale_after_the_retry_is_a_failure_with_the_value_seen() -> None:
    replies = Replies(reply(stale(0)), reply(level(9)), reply(stale(0)))
    (result,) = replies.push(Shopify(), [update("shopify", 8, last_confirmed=10)])
    assert (result.status, result.observed) == ("failed", 9)


def test_a_refused_quantity_is_rejected_and_the_rest_of_the_batch_is_sent_again() -> None:
    refused = stale(1)
    refused["data"]["inventorySetQuantities"]["userErrors"][0]["code"] = (
        "ITEM_NOT_STOCKED_AT_LOCATION"
    )
    replies = Replies(reply(refused), reply(APPLIED))
    results = replies.push(Shopify(), [update("shopify", 1), update("shopify", 2)])
    assert [r.status for r in results] == ["applied", "rejected"]
    assert len(replies.body(1)["variables"]["input"]["quantities"]) == 1


def test_a_listing_without_its_ids_is_rejected_without_a_request() -> None:
    replies = Replies()
    (result,) = replies.push(Shopify(), [update("shopify", 1, location_id="")])
    assert result.status == "rejected" and "location_id" in result.detail
    assert replies.requests == []
