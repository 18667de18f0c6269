"""A marketplace that does not accept the adapter's signature (its secret differs) refuses every
request with 401; the adapter reports that as `rejected`: the pairs show `failed` in the sync
status, and each refused change goes to the channel's dead-letter subject."""

from __future__ import annotations

import json
from functools import partial

from interfaces.messaging import streams, subjects
from tests import refs
from tests.e2e.marketplaces import SECRETS
from tests.e2e.processes import eventually
from tests.e2e.scenario import Channel, start_channels
from tests.e2e.stack import Api, Stack, ready, stream

# The simulators are given another signing key than the adapters sign with.
TAMPERED = {
    "shopee": {**SECRETS["shopee"], "partner_key": "not-the-adapters-partner-key"},
    "webhook": {"signing_secret": "not-the-adapters-signing-secret"},
    "lazada": {**SECRETS["lazada"], "app_secret": "not-the-adapters-app-secret"},
    "tiktok": {**SECRETS["tiktok"], "app_secret": "not-the-adapters-app-secret"},
}


def test_a_wrongly_signed_push_is_refused_and_reported_as_rejected(stack: Stack) -> None:
    location = refs.location()
    skus = [refs.sku() for _ in range(3)]
    service, api = stack.serve()
    simulators = {
        kind: stack.simulator(kind, secrets=secrets) for kind, secrets in TAMPERED.items()
    }
    ready([service, *(sim.service for sim in simulators.values())])
    channels = [
        Channel(f"{kind}-signed", kind, [], {}, skus, sim) for kind, sim in simulators.items()
    ]
    start_channels(stack, api, channels)
    for n, sku in enumerate(skus):
        api.receive(location, sku, 5 + n)

    for channel in channels:
        eventually(partial(all_failed, api, channel, skus), 30.0, what=channel.name)
        stats = channel.marketplace.stats()
        assert stats["401"] >= 1 and stats["accepted"] == 0, stats
        assert channel.marketplace.listings() == {}
        letters = [
            json.loads(m.data)
            for m in stream(
                stack.nats.url,
                streams.DEADLETTER.name,
                subjects.deadletter_subject(channel.name),
            )
        ]
        assert {letter["sku"] for letter in letters} == set(skus), letters
        assert all(letter["status"] == "rejected" for letter in letters), letters
        assert all("401" in letter["reason"] for letter in letters), letters
        confirmations = [
            json.loads(m.data)
            for m in stream(
                stack.nats.url,
                streams.CONFIRMATIONS.name,
                subjects.confirmations_subject(channel.name),
            )
        ]
        assert {(c["sku"], c["status"]) for c in confirmations} == {(s, "rejected") for s in skus}


def all_failed(api: Api, channel: Channel, skus: list[str]) -> None:
    """Every SKU of the channel shows `failed` in GET /sync (AssertionError otherwise)."""
    rows = api.sync(channel.name)
    statuses = {sku: rows[sku]["status"] if sku in rows else None for sku in skus}
    assert statuses == dict.fromkeys(skus, "failed"), statuses
