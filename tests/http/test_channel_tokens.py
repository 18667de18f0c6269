"""Channel-limited tokens: a marketplace integration or a B2B portal reserves, reads and changes
only what belongs to its own channels; everything else is 403 and writes nothing."""

from __future__ import annotations

from fastapi.testclient import TestClient

from domain.grant import ADMIN, CHANNELS_WRITE, READ, RESERVATIONS_WRITE
from tests import refs
from tests.http.api import assert_problem, order, receive, reserve
from tests.tokens import bearer, issue


def declared(client: TestClient) -> tuple[str, str]:
    """Two channels: one the portal owns, and a competitor's."""
    own, other = refs.sku().replace("SKU", "own"), refs.sku().replace("SKU", "other")
    for channel in (own, other):
        response = client.put(f"/v1/channels/{channel}", json={"kind": "shopify"})
        assert response.status_code == 200, response.text
    return own, other


def position(client: TestClient) -> int:
    value: int = client.get("/healthz").json()["log_position"]
    return value


def test_reserves_only_on_its_own_channels(client: TestClient) -> None:
    own, other = declared(client)
    sku, location = refs.sku(), refs.location()
    receive(client, location, sku, 10)
    portal = bearer(issue(client, RESERVATIONS_WRITE, channels=(own,)))
    lines = [{"sku": sku, "quantity": 2}]
    mine = client.post("/v1/reservations", json=order(lines, channel=own), headers=portal)
    assert mine.status_code == 201, mine.text
    before = position(client)
    theirs = client.post("/v1/reservations", json=order(lines, channel=other), headers=portal)
    body = assert_problem(theirs, 403, "forbidden")
    assert own in body["detail"] and other not in body["detail"]
    assert position(client) == before


def test_reads_only_its_own_channels(client: TestClient) -> None:
    own, other = declared(client)
    sku = refs.sku()
    done = receive(client, refs.location(), sku, 5)
    portal = bearer(issue(client, READ, channels=(own,)))
    wait = {"min_position": done["position"]}
    for tail, params in (("", {}), ("/availability", wait), (f"/availability/{sku}", wait)):
        mine = client.get(f"/v1/channels/{own}{tail}", params=params, headers=portal)
        assert mine.status_code == 200, (tail, mine.text)
        theirs = client.get(f"/v1/channels/{other}{tail}", params=params, headers=portal)
        assert_problem(theirs, 403, "forbidden")
    assert client.get(f"/v1/channels/{own}/sync", headers=portal).status_code == 200
    assert_problem(client.get(f"/v1/channels/{other}/sync", headers=portal), 403, "forbidden")
    listed = client.get("/v1/channels", headers=portal).json()["channels"]
    assert [c["channel"] for c in listed] == [own]


def test_reads_and_closes_only_its_own_channels_reservations(client: TestClient) -> None:
    own, other = declared(client)
    sku = refs.sku()
    receive(client, refs.location(), sku, 10)
    lines = [{"sku": sku, "quantity": 1}]
    mine = [reserve(client, lines, channel=own)["reservation_id"] for _ in "12"]
    theirs = reserve(client, lines, channel=other)["reservation_id"]
    reader = bearer(issue(client, READ, channels=(own,)))
    writer = bearer(issue(client, RESERVATIONS_WRITE, channels=(own,)))
    assert client.get(f"/v1/reservations/{mine[0]}", headers=reader).status_code == 200
    assert_problem(client.get(f"/v1/reservations/{theirs}", headers=reader), 403, "forbidden")
    before = position(client)
    for action in ("release", "fulfil"):
        refused = client.post(f"/v1/reservations/{theirs}/{action}", json={}, headers=writer)
        assert_problem(refused, 403, "forbidden")
    assert position(client) == before
    assert client.get(f"/v1/reservations/{theirs}").json()["status"] == "reserved"
    release = client.post(f"/v1/reservations/{mine[0]}/release", json={}, headers=writer)
    fulfil = client.post(f"/v1/reservations/{mine[1]}/fulfil", json={}, headers=writer)
    assert (release.status_code, fulfil.status_code) == (200, 200), (release.text, fulfil.text)


def test_changes_only_its_own_channels_configuration(client: TestClient) -> None:
    own, other = declared(client)
    owner = bearer(issue(client, CHANNELS_WRITE, channels=(own,)))
    rules = {"kind": "shopify", "rules": {"buffer": 3}}
    assert client.put(f"/v1/channels/{own}", json=rules, headers=owner).status_code == 200
    refused = client.put(f"/v1/channels/{other}", json=rules, headers=owner)
    assert_problem(refused, 403, "forbidden")
    assert client.get(f"/v1/channels/{other}").json()["rules"]["buffer"] == 0


def test_whatever_belongs_to_no_channel_is_refused_even_to_a_limited_admin(
    client: TestClient,
) -> None:
    own, _ = declared(client)
    sku, location = refs.sku(), refs.location()
    receive(client, location, sku, 3)
    limited = bearer(issue(client, ADMIN, channels=(own,)))
    before = position(client)
    for method, url in (
        ("GET", f"/v1/stock/{location}/{sku}"),
        ("POST", f"/v1/stock/{location}/{sku}/receipts"),
        ("GET", f"/v1/skus/{sku}"),
        ("GET", "/v1/replenishment"),
        ("GET", "/v1/events"),
        ("POST", "/v1/transfers"),
        ("GET", "/v1/tokens"),
        ("POST", "/v1/tokens"),
    ):
        body = {"quantity": 1} if method == "POST" else None
        refused = client.request(method, url, json=body, headers=limited)
        assert_problem(refused, 403, "forbidden")
    assert position(client) == before
