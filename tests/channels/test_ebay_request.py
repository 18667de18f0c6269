"""eBay: bulkUpdatePriceQuantity with a Bearer token, up to 25 requests a call, each setting the
item's ship-to-home quantity and its offer's; read per offer from `responses`."""

from __future__ import annotations

from interfaces.channels import specs
from interfaces.channels.ebay import Ebay
from tests.channels.kinds import SECRETS, update
from tests.channels.replies import Replies, reply

BODY = "/components/schemas/BulkPriceQuantity"


def ok(*offers: str) -> dict[str, object]:
    return {"responses": [{"offerId": o, "sku": "S", "statusCode": 200} for o in offers]}


def test_one_call_sets_each_item_and_offer_quantity_with_the_bearer_token() -> None:
    first, second = update("ebay", 4, offer_id="11"), update("ebay", 0, offer_id="12")
    replies = Replies(reply(ok("11", "12")))
    assert [r.status for r in replies.push(Ebay(), [first, second])] == ["applied", "applied"]
    request = replies.requests[0]
    assert request.url.path == "/sell/inventory/v1/bulk_update_price_quantity"
    assert request.headers["authorization"] == f"Bearer {SECRETS['ebay']['access_token']}"
    assert request.headers["content-type"] == "application/json"
    body = replies.body()
    assert specs.problems(specs.schema_at(specs.EBAY, BODY), body) == []
    assert body["requests"][0] == {
        "sku": first.sku,
        "shipToLocationAvailability": {"quantity": 4},
        "offers": [{"offerId": "11", "availableQuantity": 4}],
    }


def test_the_listing_may_name_ebays_own_sku() -> None:
    replies = Replies(reply(ok("7")))
    replies.push(Ebay(), [update("ebay", 1, offer_id="7", inventory_sku="EB-1")])
    assert replies.body()["requests"][0]["sku"] == "EB-1"


def test_an_offer_answered_with_an_error_is_rejected_and_the_others_apply() -> None:
    refused = {"offerId": "2", "statusCode": 404, "errors": [{"errorId": 25713, "message": "gone"}]}
    answer = {"responses": [{"offerId": "1", "statusCode": 200}, refused]}
    replies = Replies(reply(answer, status=207))
    results = replies.push(
        Ebay(), [update("ebay", 1, offer_id="1"), update("ebay", 1, offer_id="2")]
    )
    assert [(r.status, r.detail) for r in results] == [
        ("applied", ""),
        ("rejected", "HTTP 404 25713: gone"),
    ]


def test_an_offer_missing_from_the_answer_or_failing_on_ebays_side_is_retried() -> None:
    answer = {"responses": [{"offerId": "1", "statusCode": 500}]}
    replies = Replies(reply(answer))
    results = replies.push(
        Ebay(), [update("ebay", 1, offer_id="1"), update("ebay", 1, offer_id="2")]
    )
    assert [r.status for r in results] == ["failed", "failed"]


def test_a_listing_without_an_offer_id_is_rejected_without_a_call() -> None:
    replies = Replies()
    (result,) = replies.push(Ebay(), [update("ebay", 1, offer_id="")])
    assert result.status == "rejected" and replies.requests == []
