"""Lazada: UpdateSellableQuantity with an XML payload of up to 50 SKUs, signed with HMAC-SHA256
over the API path and the sorted parameters (uppercase hex)."""

from __future__ import annotations

import hashlib
import hmac
from urllib.parse import parse_qsl
from xml.etree import ElementTree

import pytest

from interfaces.channels.contract import Throttled
from interfaces.channels.lazada import Lazada, sign
from tests.channels.kinds import SECRETS, update
from tests.channels.replies import Replies, reply

NOW = 1_767_225_600.0


def test_the_documented_example_signature_is_reproduced() -> None:
    params = {"app_key": "123456", "access_token": "test", "order_id": "1234",
              "sign_method": "sha256", "timestamp": "1517820392000"}  # fmt: skip
    base = "/order/get" + "".join(f"{k}{params[k]}" for k in sorted(params))
    expected = hmac.new(b"helloworld", base.encode(), hashlib.sha256).hexdigest().upper()
    assert sign("helloworld", "/order/get", params) == expected
    assert sign("helloworld", "/order/get", {**params, "sign": "ignored"}) == expected


def test_the_payload_is_signed_with_the_system_parameters() -> None:
    change = update("lazada", 9, item_id="300", sku_id="400", seller_sku="LZ-1")
    replies = Replies(reply({"code": "0", "request_id": "r"}))
    assert [r.status for r in replies.push(Lazada(clock=lambda: NOW), [change])] == ["applied"]
    request = replies.requests[0]
    assert request.url.path == "/product/stock/sellable/update"
    query = dict(request.url.params)
    form = dict(parse_qsl(request.content.decode()))
    assert {k: query[k] for k in ("app_key", "access_token", "sign_method", "timestamp")} == {
        "app_key": SECRETS["lazada"]["app_key"],
        "access_token": SECRETS["lazada"]["access_token"],
        "sign_method": "sha256",
        "timestamp": str(int(NOW * 1000)),
    }
    assert query["sign"] == sign(
        SECRETS["lazada"]["app_secret"], request.url.path, {**query, **form}
    )
    sku = ElementTree.fromstring(form["payload"]).find("./Product/Skus/Sku")
    assert sku is not None
    assert {child.tag: child.text for child in sku} == {
        "ItemId": "300", "SkuId": "400", "SellerSku": "LZ-1", "SellableQuantity": "9",
    }  # fmt: skip


def test_skus_named_in_detail_are_rejected_and_the_rest_retried() -> None:
    answer = {"code": "208", "message": "x", "detail": [{"sku_id": "2", "message": "no such SKU"}]}
    replies = Replies(reply(answer))
    batch = [update("lazada", 1, sku_id="1"), update("lazada", 1, sku_id="2")]
    results = replies.push(Lazada(), batch)
    assert [(r.status, r.detail) for r in results] == [
        ("failed", "not applied: 208: x"),
        ("rejected", "no such SKU"),
    ]


def test_an_api_call_limit_answer_is_throttling() -> None:
    replies = Replies(reply({"code": "ApiCallLimit", "message": "slow down"}))
    with pytest.raises(Throttled):
        replies.push(Lazada(), [update("lazada", 1)])
