"""The simulated Shopify: compare-and-swap on changeFromQuantity with the drift read back,
`@idempotent` keys honoured, and documents the schema refuses answered 400."""

from __future__ import annotations

from typing import Any

import httpx

from interfaces.channels import shopify_graphql as gql
from interfaces.channels.simulator import Running
from tests.channels.conftest import Start, connect, delist, listings, sell, stats
from tests.channels.kinds import SECRETS, key, push, update

TOKEN = {"X-Shopify-Access-Token": SECRETS["shopify"]["access_token"]}


def graphql(sim: Running, query: str, variables: dict[str, Any]) -> httpx.Response:
    url = f"{sim.url}/admin/api/2026-07/graphql.json"
    return httpx.post(url, json={"query": query, "variables": variables}, headers=TOKEN)


def user_errors(response: httpx.Response) -> list[str]:
    return [e["code"] for e in response.json()["data"]["inventorySetQuantities"]["userErrors"]]


def test_a_stale_listing_is_read_back_its_drift_reported_and_the_retry_applied(
    simulator: Start,
) -> None:
    sim = simulator("shopify")
    first = update("shopify", 10, position=1)
    push(connect("shopify", sim), [first])
    sell(sim, key("shopify", first))  # Shopify now holds 9; we believe 10
    later = update("shopify", 8, position=2, last_confirmed=10, **first.listing)
    (result,) = push(connect("shopify", sim), [later])
    assert (result.status, result.observed) == ("applied", 9)
    assert listings(sim)[key("shopify", first)] == 8
    assert stats(sim)["requests"] == 4  # set, stale set, read-back, retried set


def test_an_idempotency_key_applies_once_and_refuses_other_parameters(simulator: Start) -> None:
    sim = simulator("shopify")
    change = update("shopify", 5)
    variables = gql.set_variables([change], [None])
    assert user_errors(graphql(sim, gql.SET_AVAILABLE, variables)) == []
    sell(sim, key("shopify", change))
    assert user_errors(graphql(sim, gql.SET_AVAILABLE, variables)) == []  # replayed
    assert listings(sim)[key("shopify", change)] == 4
    variables["input"]["quantities"][0]["quantity"] = 6
    mismatch = graphql(sim, gql.SET_AVAILABLE, variables)
    assert user_errors(mismatch) == ["IDEMPOTENCY_KEY_PARAMETER_MISMATCH"]


def test_the_mutation_needs_an_idempotency_key_and_a_change_from_quantity(simulator: Start) -> None:
    sim = simulator("shopify")
    variables = gql.set_variables([update("shopify", 1)], [None])
    without_key = gql.SET_AVAILABLE.replace(" @idempotent(key: $key)", "").replace(
        ", $key: String!", ""
    )
    answer = graphql(sim, without_key, {"input": variables["input"]}).json()
    assert "idempotency key" in answer["errors"][0]["message"]
    del variables["input"]["quantities"][0]["changeFromQuantity"]
    assert user_errors(graphql(sim, gql.SET_AVAILABLE, variables)) == ["COMPARE_QUANTITY_REQUIRED"]


def test_a_document_or_variables_the_schema_refuses_is_a_400(simulator: Start) -> None:
    sim = simulator("shopify")
    assert graphql(sim, "{ shop { name } }", {}).status_code == 400
    variables = gql.set_variables([update("shopify", 1)], [None])
    variables["input"]["quantities"][0]["quantity"] = "seven"
    assert graphql(sim, gql.SET_AVAILABLE, variables).status_code == 400
    assert (
        httpx.post(
            f"{sim.url}/admin/api/2026-07/graphql.json", content=b"{", headers=TOKEN
        ).status_code
        == 400
    )
    assert stats(sim)["400"] == 3


def test_a_delisted_level_is_rejected_and_the_rest_applied(simulator: Start) -> None:
    sim = simulator("shopify")
    gone, kept = update("shopify", 3), update("shopify", 4)
    delist(sim, key("shopify", gone))
    results = push(connect("shopify", sim), [gone, kept])
    assert [r.status for r in results] == ["rejected", "applied"]
    assert "ITEM_NOT_STOCKED_AT_LOCATION" in results[0].detail
    assert listings(sim) == {key("shopify", kept): 4}
