"""TikTok Shop: one inventory update per product, signed with HMAC-SHA256 of app_secret + path +
sorted query + body + app_secret, the token in x-tts-access-token."""

from __future__ import annotations

import hashlib
import hmac

from interfaces.channels.tiktok import TikTok, sign
from tests.channels.kinds import SECRETS, update
from tests.channels.replies import Replies, reply

NOW = 1_767_225_600
OK = {"code": 0, "message": "Success", "request_id": "r", "data": {}}


def test_the_signature_wraps_path_sorted_query_and_body_in_the_secret() -> None:
    query = {"app_key": "k", "timestamp": "10", "shop_cipher": "c", "access_token": "not signed"}
    base = b"s/p" + b"app_keyk" + b"shop_cipherc" + b"timestamp10" + b'{"a":1}' + b"s"
    assert sign("s", "/p", query, b'{"a":1}') == hmac.new(b"s", base, hashlib.sha256).hexdigest()


def test_each_product_is_one_signed_request_carrying_its_skus() -> None:
    batch = [
        update("tiktok", 3, product_id="90", sku_id="1", warehouse_id="W1"),
        update("tiktok", 0, product_id="90", sku_id="2", warehouse_id="W1"),
        update("tiktok", 5, product_id="91", sku_id="3", warehouse_id="W1"),
    ]
    replies = Replies(reply(OK), reply(OK))
    assert {r.status for r in replies.push(TikTok(clock=lambda: NOW), batch)} == {"applied"}
    first = replies.requests[0]
    assert first.url.path == "/product/202309/products/90/inventory/update"
    assert first.headers["x-tts-access-token"] == SECRETS["tiktok"]["access_token"]
    query = dict(first.url.params)
    assert query["timestamp"] == str(NOW) and query["shop_cipher"] == "ROW_test_cipher"
    assert query["sign"] == sign(
        SECRETS["tiktok"]["app_secret"], first.url.path, query, first.content
    )
    assert replies.body(0) == {
        "skus": [
            {"id": "1", "inventory": [{"warehouse_id": "W1", "quantity": 3}]},
            {"id": "2", "inventory": [{"warehouse_id": "W1", "quantity": 0}]},
        ]
    }
    assert len(replies.requests) == 2


def test_an_error_code_refuses_the_whole_product() -> None:
    replies = Replies(reply({"code": 12019004, "message": "SKU not found", "data": {}}))
    (result,) = replies.push(TikTok(), [update("tiktok", 1)])
    assert (result.status, result.detail) == ("rejected", "12019004: SKU not found")
