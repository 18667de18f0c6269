"""The registry, listing fields and secrets per kind, and how whole-request failures read."""

from __future__ import annotations

from email.utils import formatdate

import httpx
import pytest

from interfaces.channels.bucket import TokenBucket
from interfaces.channels.exchange import check_status, retry_after
from interfaces.channels.marketplace import (
    Connection,
    Rejected,
    Throttled,
    Unavailable,
    listing_fields,
    marketplace,
    optional_listing_fields,
    registry,
)
from tests.channels.kinds import SECRETS, run, update


def test_every_kind_is_registered_with_its_limits_listing_ids_and_secrets() -> None:
    assert {kind: m.max_batch for kind, m in registry.items()} == {
        "shopify": 250, "amazon": 1, "shopee": 50, "woocommerce": 100, "webhook": 100,
        "ebay": 25, "lazada": 50, "tiktok": 50,
    }  # fmt: skip
    assert listing_fields("shopify") == ("inventory_item_id", "location_id")
    assert listing_fields("amazon") == ("seller_id", "marketplace_id", "product_type")
    assert listing_fields("shopee") == ("item_id", "model_id")
    assert optional_listing_fields("shopee") == ("location_id",)
    assert listing_fields("woocommerce") == ("product_id",)
    assert optional_listing_fields("woocommerce") == ("variation_id",)
    assert listing_fields("webhook") == ()
    assert (listing_fields("ebay"), optional_listing_fields("ebay")) == (
        ("offer_id",),
        ("inventory_sku",),
    )
    assert listing_fields("lazada") == ("item_id", "sku_id")
    assert listing_fields("tiktok") == ("product_id", "sku_id", "warehouse_id")
    assert {kind: set(m.secret_names) for kind, m in registry.items()} == {
        kind: set(secrets) for kind, secrets in SECRETS.items()
    }
    assert registry["amazon"].default_rate_limit == 5.0


def test_an_unknown_kind_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="shopify"):
        marketplace("etsy")


@pytest.mark.parametrize(
    ("status", "error"),
    [(429, Throttled), (500, Unavailable), (503, Unavailable), (400, Rejected), (401, Rejected),
     (403, Rejected), (413, Rejected), (301, Rejected)],
)  # fmt: skip
def test_failed_statuses_raise_what_the_runner_acts_on(status: int, error: type[Exception]) -> None:
    with pytest.raises(error):
        check_status(httpx.Response(status, text="no"))


def test_retry_after_reads_seconds_or_a_date() -> None:
    assert retry_after(httpx.Headers({"Retry-After": "3"})) == 3.0
    in_ten = formatdate(1_000_010, usegmt=True)
    assert retry_after(httpx.Headers({"Retry-After": in_ten}), now=1_000_000) == 10.0
    assert retry_after(httpx.Headers({})) is None


def test_a_network_failure_is_unavailable() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    async def go() -> None:
        async with httpx.AsyncClient(transport=httpx.MockTransport(refuse)) as client:
            connection = Connection("webhook", "http://hook.test/", 1.0, 1, SECRETS["webhook"])
            await registry["webhook"].push(client, connection, [update("webhook", 1)])

    with pytest.raises(Unavailable):
        run(go())


def test_a_token_bucket_allows_its_burst_then_says_how_long_to_wait() -> None:
    now = [0.0]
    bucket = TokenBucket(rate=2.0, burst=2, clock=lambda: now[0])
    assert [bucket.take(), bucket.take()] == [0.0, 0.0]
    assert bucket.take() == pytest.approx(0.5)
    now[0] = 0.5
    assert bucket.take() == 0.0
