"""A burst of changes on many SKUs, queued for adapters of marketplaces with a rate limit: the
adapters stay under it (no 429), coalesce per SKU (one call per SKU, not per change; one batch
for many SKUs where the marketplace takes batches), and every listing ends at its final figure.

The adapters start once the whole burst is on the stream: while changes are still arriving, an
adapter rightly pushes at its full rate, so its call count would measure the arrival time.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from functools import partial

import httpx

from tests import refs
from tests.e2e.processes import eventually
from tests.e2e.scenario import Channel, in_sync, marketplace_agrees, published
from tests.e2e.stack import Stack, ready
from tests.tokens import ADMIN

SKUS = 60
CHANGES = 4  # per SKU
WORKERS = 8


def test_a_burst_stays_under_the_rate_limit_and_is_coalesced_per_sku(stack: Stack) -> None:
    location = refs.location()
    skus = [refs.sku() for _ in range(SKUS)]
    service, api = stack.serve()
    amazon = stack.simulator("amazon", rate_limit=10.0)
    shopee = stack.simulator("shopee", rate_limit=10.0)
    woo = stack.simulator("woocommerce", rate_limit=2.0)
    ready([service, amazon.service, shopee.service, woo.service])
    one_by_one = Channel("amazon-us", "amazon", [], {}, skus, amazon)
    per_item = Channel("shopee-sg", "shopee", [], {}, skus, shopee)
    batched = Channel("woo", "woocommerce", [], {"buffer": 3}, skus, woo)
    one_by_one.declare(api, rate_limit=10.0, burst=1)
    per_item.declare(api, rate_limit=10.0, burst=1)
    batched.declare(api, rate_limit=2.0, burst=1)
    channels = (one_by_one, per_item, batched)

    def change(share: list[str]) -> dict[str, int]:
        """Count each SKU of the share CHANGES times; its last count."""
        last = {}
        with httpx.Client(base_url=api.url, timeout=30.0, headers=ADMIN) as http:
            for round_ in range(CHANGES):
                for n, sku in enumerate(share):
                    last[sku] = 10 + (n * 7 + round_ * 13) % 40
                    body = {"quantity": last[sku], "reference": f"COUNT-{round_}"}
                    response = http.post(f"/v1/stock/{location}/{sku}/counts", json=body)
                    assert response.is_success, response.text
        return last

    with ThreadPoolExecutor(WORKERS) as pool:
        shares = [skus[n::WORKERS] for n in range(WORKERS)]
        counted = {sku: units for part in pool.map(change, shares) for sku, units in part.items()}
    final = {
        one_by_one.name: counted,
        per_item.name: counted,
        batched.name: {sku: units - 3 for sku, units in counted.items()},
    }
    figures = {(c, sku): units for c, by_sku in final.items() for sku, units in by_sku.items()}
    eventually(lambda: published(stack.nats.url, figures), 60.0, what="the burst on the stream")

    ready([stack.adapter(c.name, c.kind) for c in channels])
    for channel in channels:
        want = final[channel.name]
        eventually(partial(marketplace_agrees, channel, want), 60.0, what=channel.name)
        eventually(partial(in_sync, api, channel, want), 30.0, what=channel.name)
    calls = {sim.kind: sim.stats() for sim in (amazon, shopee, woo)}
    print(f"{SKUS * CHANGES} changes on {SKUS} SKUs per channel; calls per marketplace: {calls}")
    for stats in calls.values():
        assert stats["429"] == 0, stats
        assert stats["requests"] == stats["accepted"], stats
    assert SKUS <= calls["amazon"]["requests"] <= 2 * SKUS  # one SKU per request
    assert SKUS // 2 <= calls["shopee"]["requests"] <= SKUS  # one item (two SKUs) per request
    assert calls["woocommerce"]["requests"] <= 3  # up to 100 SKUs per request
