"""The simulated eBay: the Bearer token and the BulkPriceQuantity shape are checked; a delisted
offer fails on its own (207) while the others apply."""

from __future__ import annotations

import httpx

from interfaces.channels.ebay import PATH
from tests.channels.conftest import Start, connect, delist, listings
from tests.channels.kinds import SECRETS, key, push, update

AUTH = {"Authorization": f"Bearer {SECRETS['ebay']['access_token']}"}


def offer(offer_id: str, quantity: int) -> dict[str, object]:
    return {"offers": [{"offerId": offer_id, "availableQuantity": quantity}]}


def test_malformed_or_oversized_bodies_are_a_400(simulator: Start) -> None:
    sim = simulator("ebay")
    url = sim.url + PATH
    assert httpx.post(url, json={"requests": [offer("1", 2)]}, headers=AUTH).status_code == 200
    for body in (
        {"requests": [offer(str(n), 1) for n in range(26)]},
        {"requests": [offer("1", -1)]},
        {"requests": [{"offers": [{"offerId": "1", "availableQuantity": 1}] * 2}]},
        {"requests": [{"shipToLocationAvailability": {"quantity": 1}}]},
        {"requests": "all"},
    ):
        answer = httpx.post(url, json=body, headers=AUTH)
        assert answer.status_code == 400, body
    assert httpx.post(url, content=b"[]", headers=AUTH).status_code == 400  # no Content-Type


def test_a_delisted_offer_fails_and_the_others_apply(simulator: Start) -> None:
    sim = simulator("ebay")
    kept, gone = update("ebay", 6), update("ebay", 1)
    delist(sim, key("ebay", gone))
    results = push(connect("ebay", sim), [kept, gone])
    assert [r.status for r in results] == ["applied", "rejected"]
    assert "25713" in results[1].detail
    assert listings(sim) == {key("ebay", kept): 6}
