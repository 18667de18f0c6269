"""Shopee: update_stock signed with HMAC-SHA256 over partner_id + path + timestamp +
access_token + shop_id, one request per item, success_list / failure_list read per model."""

from __future__ import annotations

import hashlib
import hmac

from interfaces.channels import specs
from interfaces.channels.shopee import Shopee
from tests.channels.kinds import SECRETS, update
from tests.channels.replies import Replies, reply

NOW = 1_767_225_600


def answer(success: list[int], failure: dict[int, str]) -> dict[str, object]:
    failures = [{"model_id": model, "failed_reason": why} for model, why in failure.items()]
    listed = {"success_list": [{"model_id": m} for m in success], "failure_list": failures}
    return {"error": "", "message": "", "request_id": "r1", "response": listed}


def test_the_request_is_signed_over_the_common_parameters() -> None:
    change = update("shopee", 4, item_id="800", model_id="0")
    replies = Replies(reply(answer([0], {})))
    assert [r.status for r in replies.push(Shopee(clock=lambda: NOW), [change])] == ["applied"]
    request = replies.requests[0]
    assert request.url.path == "/api/v2/product/update_stock"
    secrets = SECRETS["shopee"]
    parts = ("partner_id", "/api/v2/product/update_stock", str(NOW), "access_token", "shop_id")
    base = "".join(secrets.get(part, part) for part in parts)
    expected = hmac.new(secrets["partner_key"].encode(), base.encode(), hashlib.sha256).hexdigest()
    assert dict(request.url.params) == {
        "partner_id": secrets["partner_id"],
        "timestamp": str(NOW),
        "access_token": secrets["access_token"],
        "shop_id": secrets["shop_id"],
        "sign": expected,
    }


def test_the_body_carries_every_model_of_one_item() -> None:
    models = [
        update("shopee", 3, item_id="800", model_id="1", location_id="SGZ"),
        update("shopee", 5, item_id="800", model_id="2"),
    ]
    replies = Replies(reply(answer([1, 2], {})))
    replies.push(Shopee(), models)
    body = replies.body()
    assert specs.problems(specs.schema("shopee_update_stock.schema.json"), body) == []
    assert body == {
        "item_id": 800,
        "stock_list": [
            {"model_id": 1, "seller_stock": [{"location_id": "SGZ", "stock": 3}]},
            {"model_id": 2, "seller_stock": [{"stock": 5}]},
        ],
    }


def test_each_item_is_its_own_request() -> None:
    replies = Replies(reply(answer([1], {})), reply(answer([1], {})))
    batch = [update("shopee", 1, model_id="1"), update("shopee", 2, model_id="1")]
    assert [r.status for r in replies.push(Shopee(), batch)] == ["applied", "applied"]
    assert len(replies.requests) == 2


def test_a_model_in_the_failure_list_is_rejected_with_the_reason() -> None:
    batch = [
        update("shopee", 1, item_id="9", model_id="1"),
        update("shopee", 2, item_id="9", model_id="2"),
    ]
    replies = Replies(reply(answer([1], {2: "model not found"})))
    results = replies.push(Shopee(), batch)
    assert [(r.status, r.detail) for r in results] == [
        ("applied", ""),
        ("rejected", "model not found"),
    ]


def test_an_error_answer_applies_to_the_whole_item() -> None:
    replies = Replies(reply({"error": "error_param", "message": "bad item", "response": {}}))
    (result,) = replies.push(Shopee(), [update("shopee", 1)])
    assert (result.status, result.detail) == ("rejected", "error_param: bad item")


def test_ids_that_are_not_numbers_are_rejected_without_a_request() -> None:
    replies = Replies()
    (result,) = replies.push(Shopee(), [update("shopee", 1, item_id="abc")])
    assert result.status == "rejected" and replies.requests == []
