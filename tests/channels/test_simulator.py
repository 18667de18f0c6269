"""Every simulated kind, through each kind's real push: accepted updates change its quantity,
bad credentials are refused (-> Rejected), a burst past its rate limit gets 429 with
Retry-After (-> Throttled), and a sale on the marketplace itself changes the quantity."""

from __future__ import annotations

import pytest

from interfaces.channels.marketplace import Rejected, Throttled
from tests.channels.conftest import Start, connect, listings, sell, stats
from tests.channels.kinds import key, push, update

KINDS = ["shopify", "amazon", "shopee", "woocommerce", "webhook", "ebay", "lazada", "tiktok"]
WRONG = {
    "shopify": {"access_token": "shpat_stolen"},
    "amazon": {"access_token": "Atza|expired"},
    "shopee": {"partner_key": "tampered"},
    "woocommerce": {"consumer_secret": "cs_wrong"},
    "webhook": {"signing_secret": "tampered"},
    "ebay": {"access_token": "v^1.1#expired"},
    "lazada": {"app_secret": "tampered"},
    "tiktok": {"app_secret": "tampered"},
}


@pytest.mark.parametrize("kind", KINDS)
def test_an_accepted_update_sets_the_listing_quantity(kind: str, simulator: Start) -> None:
    sim = simulator(kind)
    first = update(kind, 7)
    # One Shopee request carries one item's models, one TikTok Shop request one product's SKUs.
    same = {"shopee": "item_id", "tiktok": "product_id"}.get(kind)
    second = update(kind, 0, **({same: first.listing[same]} if same else {}))
    results = push(connect(kind, sim), [first, second] if kind != "amazon" else [first])
    assert {result.status for result in results} == {"applied"}
    assert listings(sim)[key(kind, first)] == 7
    if kind != "amazon":
        assert listings(sim)[key(kind, second)] == 0
    assert stats(sim)["accepted"] == 1


@pytest.mark.parametrize("kind", KINDS)
def test_bad_credentials_are_refused_and_reported_as_rejected(kind: str, simulator: Start) -> None:
    sim = simulator(kind)
    change = update(kind, 5)
    with pytest.raises(Rejected):
        push(connect(kind, sim, **WRONG[kind]), [change])
    assert key(kind, change) not in listings(sim)
    refused = "403" if kind == "amazon" else "401"  # the Listings Items spec has no 401
    assert stats(sim)[refused] == 1


@pytest.mark.parametrize("kind", KINDS)
def test_past_the_rate_limit_it_answers_429_with_retry_after(kind: str, simulator: Start) -> None:
    sim = simulator(kind, rate_limit=0.2, burst=1)
    push(connect(kind, sim), [update(kind, 1)])
    with pytest.raises(Throttled) as caught:
        push(connect(kind, sim), [update(kind, 2)])
    assert caught.value.retry_after is not None and caught.value.retry_after >= 1
    counts = stats(sim)
    assert (counts["requests"], counts["accepted"], counts["429"]) == (2, 1, 1)


@pytest.mark.parametrize("kind", KINDS)
def test_a_sale_on_the_marketplace_takes_one_unit(kind: str, simulator: Start) -> None:
    sim = simulator(kind)
    change = update(kind, 2)
    push(connect(kind, sim), [change])
    assert sell(sim, key(kind, change)).json()["quantity"] == 1
    assert sell(sim, key(kind, change)).json()["quantity"] == 0
    assert sell(sim, key(kind, change)).status_code == 409
    assert sell(sim, "no-such-listing").status_code == 404
    assert listings(sim)[key(kind, change)] == 0
