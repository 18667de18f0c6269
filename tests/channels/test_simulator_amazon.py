"""The simulated Amazon Listings Items API: PATCH bodies checked against the copied spec,
submissions answered as the spec describes them."""

from __future__ import annotations

import httpx

from interfaces.channels import specs
from interfaces.channels.simulator import Running
from tests.channels.conftest import Start, connect, delist, stats
from tests.channels.kinds import SECRETS, key, push, update

TOKEN = {"x-amz-access-token": SECRETS["amazon"]["access_token"]}


def patch(
    sim: Running, body: object, query: str = "?marketplaceIds=ATVPDKIKX0DER"
) -> httpx.Response:
    url = f"{sim.url}/listings/2021-08-01/items/A2TEST1/SKU-1{query}"
    return httpx.patch(url, json=body, headers=TOKEN)


def test_a_body_that_is_not_a_listings_item_patch_request_is_a_400(simulator: Start) -> None:
    sim = simulator("amazon")
    assert patch(sim, {"patches": []}).status_code == 400
    bad_op = {"productType": "PRODUCT", "patches": [{"op": "increment", "path": "/attributes/x"}]}
    answer = patch(sim, bad_op)
    assert answer.status_code == 400
    assert (
        specs.problems(specs.schema_at(specs.AMAZON, "/definitions/ErrorList"), answer.json()) == []
    )
    assert patch(sim, {"productType": "PRODUCT", "patches": []}, query="").status_code == 400
    assert stats(sim)["400"] == 3


def test_a_negative_quantity_is_an_invalid_submission(simulator: Start) -> None:
    sim = simulator("amazon")
    value = [{"fulfillment_channel_code": "DEFAULT", "quantity": -1}]
    body = {
        "productType": "PRODUCT",
        "patches": [
            {"op": "replace", "path": "/attributes/fulfillment_availability", "value": value}
        ],
    }
    answer = patch(sim, body).json()
    response = specs.schema_at(specs.AMAZON, "/definitions/ListingsItemSubmissionResponse")
    assert specs.problems(response, answer) == []
    assert answer["status"] == "INVALID" and answer["issues"][0]["severity"] == "ERROR"


def test_an_unknown_listing_is_rejected_with_the_issue(simulator: Start) -> None:
    sim = simulator("amazon")
    change = update("amazon", 3)
    delist(sim, key("amazon", change))
    (result,) = push(connect("amazon", sim), [change])
    assert result.status == "rejected" and "LISTING_NOT_FOUND" in result.detail
