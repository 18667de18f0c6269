"""WooCommerce: products/batch with Basic auth, a body valid against the copied wc/v3 spec,
variations batched under their parent, per-item errors read back."""

from __future__ import annotations

import base64

from interfaces.channels import specs
from interfaces.channels.woocommerce import WooCommerce
from tests.channels.kinds import update
from tests.channels.replies import Replies, reply

BATCH = "/paths/{path}/post/requestBody/content/application~1json/schema"
PRODUCTS = BATCH.format(path="~1products~1batch")
VARIATIONS = BATCH.format(path="~1products~1{productId}~1variations~1batch")


def test_products_are_batched_with_basic_auth() -> None:
    batch = [update("woocommerce", 3, product_id="11"), update("woocommerce", 0, product_id="12")]
    replies = Replies(
        reply({"update": [{"id": 11, "stock_quantity": 3}, {"id": 12, "stock_quantity": 0}]})
    )
    assert [r.status for r in replies.push(WooCommerce(), batch)] == ["applied", "applied"]
    request = replies.requests[0]
    assert (request.method, request.url.path) == ("POST", "/wp-json/wc/v3/products/batch")
    assert (
        request.headers["Authorization"] == "Basic " + base64.b64encode(b"ck_test:cs_test").decode()
    )
    body = replies.body()
    assert specs.problems(specs.schema_at(specs.WOOCOMMERCE, PRODUCTS), body) == []
    assert body == {
        "update": [
            {"id": 11, "manage_stock": True, "stock_quantity": 3},
            {"id": 12, "manage_stock": True, "stock_quantity": 0},
        ]
    }


def test_variations_go_to_their_parents_batch() -> None:
    simple = update("woocommerce", 1, product_id="20")
    variation = update("woocommerce", 2, product_id="30", variation_id="31")
    replies = Replies(reply({"update": [{"id": 20}]}), reply({"update": [{"id": 31}]}))
    assert [r.status for r in replies.push(WooCommerce(), [simple, variation])] == ["applied"] * 2
    assert [r.url.path for r in replies.requests] == [
        "/wp-json/wc/v3/products/batch",
        "/wp-json/wc/v3/products/30/variations/batch",
    ]
    body = replies.body(1)
    assert specs.problems(specs.schema_at(specs.WOOCOMMERCE, VARIATIONS), body) == []
    assert body["update"] == [{"id": 31, "manage_stock": True, "stock_quantity": 2}]


def test_a_per_item_error_rejects_that_item_only() -> None:
    batch = [update("woocommerce", 1, product_id="40"), update("woocommerce", 2, product_id="41")]
    error = {
        "code": "woocommerce_rest_product_invalid_id",
        "message": "Invalid ID.",
        "data": {"status": 400},
    }
    replies = Replies(reply({"update": [{"id": 40}, {"id": 41, "error": error}]}))
    results = replies.push(WooCommerce(), batch)
    assert [r.status for r in results] == ["applied", "rejected"]
    assert results[1].detail == "woocommerce_rest_product_invalid_id: Invalid ID."


def test_ids_that_are_not_numbers_are_rejected_without_a_request() -> None:
    replies = Replies()
    (result,) = replies.push(WooCommerce(), [update("woocommerce", 1, variation_id="v-2")])
    assert result.status == "rejected" and replies.requests == []
