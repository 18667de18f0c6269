"""The simulated Lazada: the signature over every parameter, the timestamp and the XML payload
are checked; a payload naming a delisted SKU is refused whole, naming it."""

from __future__ import annotations

import time

import httpx

from interfaces.channels.lazada import PATH, signed_query
from tests.channels.conftest import Start, connect, delist, listings
from tests.channels.kinds import SECRETS, key, push, update

PAYLOAD = "<Request><Product><Skus><Sku><ItemId>1</ItemId><SkuId>2</SkuId>" \
    "<SellableQuantity>3</SellableQuantity></Sku></Skus></Product></Request>"  # fmt: skip


def post(url: str, payload: str, when: float | None = None, **override: str) -> httpx.Response:
    form = {"payload": payload}
    query = signed_query(SECRETS["lazada"], PATH, int((when or time.time()) * 1000), form)
    return httpx.post(url + PATH, params={**query, **override}, data=form)


def test_a_tampered_stale_or_unsigned_call_is_a_401(simulator: Start) -> None:
    sim = simulator("lazada")
    assert post(sim.url, PAYLOAD).json()["code"] == "0"
    assert post(sim.url, PAYLOAD, sign="0" * 64).json()["code"] == "IncompleteSignature"
    assert post(sim.url, PAYLOAD, access_token="stolen").status_code == 401
    assert post(sim.url, PAYLOAD, when=time.time() - 600).status_code == 401
    form = {"payload": PAYLOAD.replace("<SellableQuantity>3", "<SellableQuantity>30")}
    signed = signed_query(SECRETS["lazada"], PATH, int(time.time() * 1000), {"payload": PAYLOAD})
    assert httpx.post(sim.url + PATH, params=signed, data=form).status_code == 401


def test_a_payload_that_is_not_the_xml_it_takes_is_a_400(simulator: Start) -> None:
    sim = simulator("lazada")
    for payload in ("not xml", "<Request/>", PAYLOAD.replace(">3<", ">-3<")):
        answer = post(sim.url, payload)
        assert (answer.status_code, answer.json()["code"]) == (400, "IllegalParameter"), payload


def test_a_delisted_sku_refuses_the_payload_and_is_named(simulator: Start) -> None:
    sim = simulator("lazada")
    kept, gone = update("lazada", 6), update("lazada", 1)
    delist(sim, key("lazada", gone))
    results = push(connect("lazada", sim), [kept, gone])
    assert [r.status for r in results] == ["failed", "rejected"]
    assert push(connect("lazada", sim), [kept])[0].status == "applied"
    assert listings(sim) == {key("lazada", kept): 6}
