"""Channels, per-SKU rules and per-channel availability over HTTP, on both backends.

Every read of a figure passes the position of the write it depends on as ``min_position``, so
the tests read their own writes without polling or sleeping."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from httpx import Response

from tests import refs

PROBLEM = "application/problem+json"
DEFAULT_RULES = {"buffer": 0, "percent": 100, "max_listed": None, "zero_below": None}
FIGURE_KEYS = {
    "channel",
    "sku",
    "available",
    "position",
    "pool",
    "fenced",
    "percent",
    "buffer",
    "zero_below",
    "max_listed",
    "ring_fence",
    "own_reserved",
    "previous",
    "updated_at",
}
CHANNEL_KEYS = {"channel", "kind", "locations", "rules", "position"}
SKU_RULES_KEYS = {"channel", "sku", *DEFAULT_RULES, "ring_fence", "position"}


def assert_problem(response: Response, status: int, code: str | None = None) -> dict[str, Any]:
    """An RFC 9457 problem with this status (and code); returns its body."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM), response.headers
    body: dict[str, Any] = response.json()
    assert body["status"] == status and body["title"] and body["detail"], body
    if code is not None:
        assert body["code"] == code, body
    return body


def contract(body: dict[str, Any], keys: set[str]) -> dict[str, Any]:
    """The fields the contract names (answers may add fields, never change these)."""
    assert keys <= set(body), body
    return {k: body[k] for k in keys}


def ok(response: Response) -> dict[str, Any]:
    """The body of a 200 answer."""
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def declare(
    client: TestClient,
    channel: str,
    kind: str = "shopify",
    locations: list[str] | None = None,
    **rules: int | None,
) -> dict[str, Any]:
    """PUT a channel that must be accepted; returns the channel with its position."""
    body = {"kind": kind, "locations": locations or [], "rules": rules}
    return ok(client.put(f"/v1/channels/{channel}", json=body))


def set_sku_rules(client: TestClient, channel: str, sku: str, **rules: int | None) -> int:
    """PUT a SKU's rules on a channel; returns the position."""
    position: int = ok(client.put(f"/v1/channels/{channel}/skus/{sku}", json=rules))["position"]
    return position


def receive(client: TestClient, location: str, sku: str, quantity: int) -> int:
    """Receive goods; returns the position."""
    body = {"quantity": quantity, "reference": "PO"}
    position: int = ok(client.post(f"/v1/stock/{location}/{sku}/receipts", json=body))["position"]
    return position


def reserve(
    client: TestClient, channel: str, sku: str, location: str, quantity: int
) -> tuple[str, int]:
    """Reserve on a channel; returns the reservation id and the position."""
    reservation_id = refs.reservation()
    body = {
        "reservation_id": reservation_id,
        "order_id": refs.order(),
        "channel": channel,
        "lines": [{"sku": sku, "location": location, "quantity": quantity}],
    }
    response = client.post("/v1/reservations", json=body)
    assert response.status_code == 201, response.text
    return reservation_id, int(response.json()["position"])


def release(client: TestClient, reservation_id: str) -> int:
    """Release a reservation; returns the position."""
    position: int = ok(client.post(f"/v1/reservations/{reservation_id}/release"))["position"]
    return position


def figure(client: TestClient, channel: str, sku: str, position: int) -> dict[str, Any]:
    """A channel's figure for a SKU once the view has applied ``position``."""
    response = client.get(
        f"/v1/channels/{channel}/availability/{sku}", params={"min_position": position}
    )
    body = ok(response)
    assert set(body) >= FIGURE_KEYS, body
    assert (body["channel"], body["sku"]) == (channel, sku)
    assert body["position"] <= position
    return body


def figures(client: TestClient, channels: str, sku: str, position: int) -> dict[str, int]:
    """The available figure of a SKU on each of these (space-separated) channels."""
    return {ch: figure(client, ch, sku, position)["available"] for ch in channels.split()}


# --- declaring channels ----------------------------------------------------------------------


def test_declaring_a_channel_answers_it_with_its_position(client: TestClient) -> None:
    body = {
        "kind": "amazon",
        "locations": ["WH2", "WH1", "WH2"],
        "rules": {"buffer": 2, "percent": 80},
    }
    declared = ok(client.put("/v1/channels/amzn", json=body))
    assert contract(declared, CHANNEL_KEYS) == {
        "channel": "amzn",
        "kind": "amazon",
        "locations": ["WH1", "WH2"],
        "rules": {"buffer": 2, "percent": 80, "max_listed": None, "zero_below": None},
        "position": declared["position"],
    }
    assert type(declared["position"]) is int and declared["position"] > 0
    assert ok(client.get("/v1/channels/amzn")) == declared


def test_omitted_locations_and_rules_take_their_defaults(client: TestClient) -> None:
    declared = ok(client.put("/v1/channels/hook", json={"kind": "webhook"}))
    assert (declared["locations"], declared["rules"]) == ([], DEFAULT_RULES)


def test_every_kind_is_accepted(client: TestClient) -> None:
    for kind in ("shopify", "amazon", "shopee", "woocommerce", "webhook"):
        assert declare(client, kind, kind)["kind"] == kind
        assert ok(client.get(f"/v1/channels/{kind}"))["kind"] == kind


def test_an_identical_declaration_records_nothing(client: TestClient) -> None:
    first = declare(client, "shop", locations=["WH1"], buffer=2)
    again = declare(client, "shop", locations=["WH1"], buffer=2, percent=100)
    assert again == first
    changed = declare(client, "shop", locations=["WH1"], buffer=3)
    assert changed["position"] > first["position"]
    assert changed["rules"]["buffer"] == 3
    assert ok(client.get("/v1/channels/shop")) == changed


def test_redeclaring_changes_kind_locations_and_rules(client: TestClient) -> None:
    declare(client, "shop", locations=["WH1"], max_listed=5)
    changed = declare(client, "shop", "woocommerce", ["WH3"], zero_below=2)
    assert (changed["kind"], changed["locations"]) == ("woocommerce", ["WH3"])
    assert changed["rules"] == {**DEFAULT_RULES, "zero_below": 2}


def test_channels_are_listed_by_name(client: TestClient) -> None:
    assert ok(client.get("/v1/channels")) == {"channels": []}
    for name in ("zeta", "alpha", "mid"):
        declare(client, name, locations=[f"WH-{name}"])
    declare(client, "mid", buffer=1)
    listed = ok(client.get("/v1/channels"))["channels"]
    assert [c["channel"] for c in listed] == ["alpha", "mid", "zeta"]
    assert listed == [ok(client.get(f"/v1/channels/{c['channel']}")) for c in listed]
    assert listed[1]["rules"]["buffer"] == 1


def test_an_unknown_channel_is_not_found(client: TestClient) -> None:
    sku = refs.sku()
    receive(client, "WH1", sku, 5)
    assert_problem(client.get("/v1/channels/nope"), 404, "channel_not_found")
    assert_problem(client.get(f"/v1/channels/nope/availability/{sku}"), 404, "channel_not_found")
    assert_problem(client.get("/v1/channels/nope/availability"), 404, "channel_not_found")
    refused = client.put(f"/v1/channels/nope/skus/{sku}", json={"ring_fence": 1})
    assert_problem(refused, 404, "channel_not_found")


INVALID_DECLARATIONS: list[dict[str, Any]] = [
    {"kind": "shopify", "rules": {"percent": 101}},
    {"kind": "shopify", "rules": {"percent": -1}},
    {"kind": "shopify", "rules": {"buffer": -1}},
    {"kind": "shopify", "rules": {"max_listed": -1}},
    {"kind": "shopify", "rules": {"zero_below": -1}},
    {"kind": "shopify", "rules": {"buffer": 1.5}},
    {"kind": "shopify", "rules": {"buffer": "2"}},
    {"kind": "shopify", "rules": {"discount": 5}},
    {"kind": "shopify", "rules": {"ring_fence": 5}},
    {"kind": "etsy"},
    {"locations": ["WH1"]},
    {"kind": "shopify", "locations": ["WH 1"]},
    {"kind": "shopify", "locations": "WH1"},
    {"kind": "shopify", "colour": "red"},
]


def test_invalid_declarations_are_refused_and_record_nothing(client: TestClient) -> None:
    for body in INVALID_DECLARATIONS:
        assert_problem(client.put("/v1/channels/shop", json=body), 422, "invalid_request")
    for name in ("-shop", "sh%20op", "x" * 65):
        refused = client.put(f"/v1/channels/{name}", json={"kind": "shopify"})
        assert_problem(refused, 422, "invalid_request")
    assert_problem(client.get("/v1/channels/shop"), 404, "channel_not_found")
    assert ok(client.get("/v1/channels")) == {"channels": []}


def test_invalid_rules_leave_a_declared_channel_as_it_was(client: TestClient) -> None:
    declared = declare(client, "shop", buffer=2)
    refused = client.put("/v1/channels/shop", json={"kind": "shopify", "rules": {"percent": 150}})
    body = assert_problem(refused, 422, "invalid_request")
    assert body["errors"][0]["loc"] == ["body", "rules", "percent"]
    assert ok(client.get("/v1/channels/shop")) == declared


def test_a_declaration_retried_with_its_key_gets_the_original_answer(client: TestClient) -> None:
    key = refs.key()
    body = {"kind": "shopify", "rules": {"buffer": 1}}
    first = ok(client.put("/v1/channels/shop", json=body, headers={"Idempotency-Key": key}))
    declare(client, "shop", buffer=4)
    again = ok(client.put("/v1/channels/shop", json=body, headers={"Idempotency-Key": key}))
    assert again == first
    other = {"kind": "shopify", "rules": {"buffer": 2}}
    reused = client.put("/v1/channels/shop", json=other, headers={"Idempotency-Key": key})
    assert_problem(reused, 422, "idempotency_key_reused")
    assert ok(client.get("/v1/channels/shop"))["rules"]["buffer"] == 4


# --- per-SKU rules ---------------------------------------------------------------------------


def test_sku_rules_answer_with_their_position(client: TestClient) -> None:
    declare(client, "shop")
    sku = refs.sku()
    response = client.put(f"/v1/channels/shop/skus/{sku}", json={"ring_fence": 5, "max_listed": 20})
    body = ok(response)
    assert contract(body, SKU_RULES_KEYS) == {
        "channel": "shop",
        "sku": sku,
        "buffer": None,
        "percent": None,
        "max_listed": 20,
        "zero_below": None,
        "ring_fence": 5,
        "position": body["position"],
    }
    assert type(body["position"]) is int and body["position"] > 0
    again = ok(
        client.put(f"/v1/channels/shop/skus/{sku}", json={"max_listed": 20, "ring_fence": 5})
    )
    assert again == body
    replaced = ok(client.put(f"/v1/channels/shop/skus/{sku}", json={"buffer": 1}))
    assert replaced["position"] > body["position"]
    assert (replaced["buffer"], replaced["max_listed"], replaced["ring_fence"]) == (1, None, None)


INVALID_SKU_RULES: list[dict[str, Any]] = [
    {"percent": 101},
    {"percent": -1},
    {"buffer": -1},
    {"max_listed": -3},
    {"zero_below": -1},
    {"ring_fence": -1},
    {"ring_fence": 2.5},
    {"ring_fence": "5"},
    {"discount": 5},
]


def test_invalid_sku_rules_are_refused(client: TestClient) -> None:
    declare(client, "shop")
    sku = refs.sku()
    before = set_sku_rules(client, "shop", sku, ring_fence=2)
    for body in INVALID_SKU_RULES:
        refused = client.put(f"/v1/channels/shop/skus/{sku}", json=body)
        assert_problem(refused, 422, "invalid_request")
    assert set_sku_rules(client, "shop", sku, ring_fence=2) == before
    bad_sku = client.put("/v1/channels/shop/skus/bad%20sku", json={"buffer": 1})
    assert_problem(bad_sku, 422, "invalid_request")


def test_sku_rules_override_the_channels_rules_for_that_sku_only(client: TestClient) -> None:
    declare(client, "shop", buffer=2, percent=50)
    sku, other = refs.sku(), refs.sku()
    receive(client, "WH1", sku, 20)
    position = receive(client, "WH1", other, 20)
    assert figures(client, "shop", sku, position) == {"shop": 8}
    position = set_sku_rules(client, "shop", sku, buffer=0, max_listed=6)
    got = figure(client, "shop", sku, position)
    assert (got["available"], got["buffer"], got["percent"], got["max_listed"]) == (6, 0, 50, 6)
    assert figure(client, "shop", other, position)["available"] == 8
    position = set_sku_rules(client, "shop", sku)  # every override cleared
    assert figure(client, "shop", sku, position)["available"] == 8


# --- availability ------------------------------------------------------------------------------


def test_availability_shows_the_figure_with_the_inputs_that_produced_it(
    client: TestClient,
) -> None:
    declare(client, "shop", buffer=2, percent=80, zero_below=1, max_listed=50)
    sku = refs.sku()
    receive(client, "WH1", sku, 10)
    position = receive(client, "WH1", sku, 5)
    got = figure(client, "shop", sku, position)
    assert contract(got, FIGURE_KEYS - {"updated_at"}) == {
        "channel": "shop",
        "sku": sku,
        "available": 10,  # 15 * 80% = 12, - 2
        "position": position,
        "pool": 15,
        "fenced": 0,
        "percent": 80,
        "buffer": 2,
        "zero_below": 1,
        "max_listed": 50,
        "ring_fence": 0,
        "own_reserved": 0,
        "previous": 6,  # 10 * 80% = 8, - 2
    }
    assert got["updated_at"]


def test_a_sku_never_seen_has_no_figure(client: TestClient) -> None:
    position = declare(client, "shop")["position"]
    missing = client.get(
        f"/v1/channels/shop/availability/{refs.sku()}", params={"min_position": position}
    )
    assert_problem(missing, 404, "sku_not_found")


def test_a_channel_listing_no_locations_is_fed_by_every_location(client: TestClient) -> None:
    declare(client, "all")
    declare(client, "one", locations=["WH1"])
    declare(client, "two", locations=["WH2", "WH3"])
    declare(client, "elsewhere", locations=["WH9"])
    sku = refs.sku()
    receive(client, "WH1", sku, 4)
    receive(client, "WH2", sku, 5)
    position = receive(client, "WH3", sku, 6)
    assert figures(client, "all one two elsewhere", sku, position) == {
        "all": 15,
        "one": 4,
        "two": 11,
        "elsewhere": 0,
    }


def test_a_reservation_lowers_every_channel_that_the_location_feeds(client: TestClient) -> None:
    declare(client, "one", locations=["WH1"])
    declare(client, "two", locations=["WH2"])
    sku = refs.sku()
    receive(client, "WH1", sku, 10)
    receive(client, "WH2", sku, 10)
    _, position = reserve(client, "two", sku, "WH1", 3)
    assert figures(client, "one two", sku, position) == {"one": 7, "two": 10}


def test_reservations_on_an_undeclared_channel_are_accepted_without_a_view(
    client: TestClient,
) -> None:
    declare(client, "shop")
    sku = refs.sku()
    receive(client, "WH1", sku, 10)
    _, position = reserve(client, "pos", sku, "WH1", 4)
    assert figures(client, "shop", sku, position) == {"shop": 6}
    missing = client.get(f"/v1/channels/pos/availability/{sku}", params={"min_position": position})
    assert_problem(missing, 404, "channel_not_found")
    assert_problem(client.get("/v1/channels/pos/availability"), 404, "channel_not_found")
    assert_problem(client.get("/v1/channels/pos"), 404, "channel_not_found")


def test_changing_a_channels_rules_or_locations_recomputes_every_sku(client: TestClient) -> None:
    declare(client, "shop")
    skus = sorted(refs.sku() for _ in range(3))
    for n, sku in enumerate(skus):
        receive(client, "WH1", sku, 10 * (n + 1))
        receive(client, "WH2", sku, 1)
    position = declare(client, "shop", percent=50, buffer=1)["position"]
    assert [figure(client, "shop", s, position)["available"] for s in skus] == [4, 9, 14]
    position = declare(client, "shop", locations=["WH2"], percent=50, buffer=1)["position"]
    assert [figure(client, "shop", s, position)["available"] for s in skus] == [0, 0, 0]
    position = declare(client, "shop", locations=["WH1"], max_listed=15)["position"]
    assert [figure(client, "shop", s, position)["available"] for s in skus] == [10, 15, 15]


def test_a_channel_declared_after_the_stock_has_a_figure_for_every_sku(
    client: TestClient,
) -> None:
    skus = sorted(refs.sku() for _ in range(3))
    for sku in skus:
        receive(client, "WH1", sku, 8)
    position = declare(client, "late", buffer=3)["position"]
    assert [figure(client, "late", s, position)["available"] for s in skus] == [5, 5, 5]


def test_availability_pages_in_sku_order(client: TestClient) -> None:
    declare(client, "shop", buffer=1)
    skus = sorted(refs.sku() for _ in range(5))
    position = 0
    for n, sku in enumerate(skus):
        position = receive(client, "WH1", sku, n + 2)
    seen: list[dict[str, Any]] = []
    after: str | None = None
    pages = 0
    while True:
        params: dict[str, Any] = {"limit": 2, "min_position": position}
        if after is not None:
            params["after"] = after
        page = ok(client.get("/v1/channels/shop/availability", params=params))
        assert {"items", "next_after"} <= set(page)
        assert len(page["items"]) <= 2
        seen.extend(page["items"])
        pages += 1
        after = page["next_after"]
        if after is None:
            break
        assert after == page["items"][-1]["sku"]
    assert pages == 3
    assert [item["sku"] for item in seen] == skus
    assert [item["available"] for item in seen] == [1, 2, 3, 4, 5]
    assert all(set(item) >= FIGURE_KEYS for item in seen)
    everything = ok(client.get("/v1/channels/shop/availability"))
    assert (everything["items"], everything["next_after"]) == (seen, None)
    tail = ok(client.get("/v1/channels/shop/availability", params={"after": skus[-1]}))
    assert (tail["items"], tail["next_after"]) == ([], None)


def test_availability_paging_is_validated(client: TestClient) -> None:
    declare(client, "shop")
    for params in ({"limit": 0}, {"limit": 1001}, {"limit": "x"}, {"min_position": -1}):
        refused = client.get("/v1/channels/shop/availability", params=params)
        assert_problem(refused, 422, "invalid_request")
    refused = client.get(f"/v1/channels/shop/availability/{refs.sku()}", params={"wait": 0})
    assert_problem(refused, 422, "invalid_request")


# --- the README walkthrough --------------------------------------------------------------------


def test_the_readme_walkthrough_works_as_shown(client: TestClient) -> None:
    shop = client.put(
        "/v1/channels/shop",
        json={"kind": "shopify", "locations": ["WH1"], "rules": {"buffer": 2, "percent": 80}},
    )
    assert contract(ok(shop), CHANNEL_KEYS - {"position"}) == {
        "channel": "shop",
        "kind": "shopify",
        "locations": ["WH1"],
        "rules": {"buffer": 2, "percent": 80, "max_listed": None, "zero_below": None},
    }
    amazon = client.put(
        "/v1/channels/amazon-eu",
        json={"kind": "amazon", "locations": [], "rules": {"max_listed": 10, "zero_below": 1}},
    )
    assert ok(amazon)["rules"] == {"buffer": 0, "percent": 100, "max_listed": 10, "zero_below": 1}
    fence = ok(client.put("/v1/channels/amazon-eu/skus/SKU-9", json={"ring_fence": 3}))
    assert (fence["ring_fence"], fence["buffer"]) == (3, None)
    listed = ok(client.get("/v1/channels"))["channels"]
    assert [c["channel"] for c in listed] == ["amazon-eu", "shop"]
    receipt = {"quantity": 20, "reference": "PO-2001"}
    assert ok(client.post("/v1/stock/WH1/SKU-9/receipts", json=receipt))["available"] == 20
    receipt = {"quantity": 6, "reference": "PO-2002"}
    assert ok(client.post("/v1/stock/WH2/SKU-9/receipts", json=receipt))["available"] == 6
    order = {
        "reservation_id": "R-9",
        "order_id": "O-9",
        "channel": "amazon-eu",
        "lines": [{"sku": "SKU-9", "quantity": 2, "location": "WH2"}],
    }
    reserved = client.post("/v1/reservations", json=order)
    assert reserved.status_code == 201, reserved.text
    position = reserved.json()["position"]
    # shop sees WH1 only (20), minus Amazon's effective fence (3 - its 2 reserved = 1),
    # x 80% = 15, - 2 = 13. amazon-eu sees both warehouses (20 + 4) and caps at 10.
    shown = FIGURE_KEYS - {"position", "updated_at"}
    assert contract(figure(client, "shop", "SKU-9", position), shown) == {
        "channel": "shop",
        "sku": "SKU-9",
        "available": 13,
        "pool": 20,
        "fenced": 1,
        "percent": 80,
        "buffer": 2,
        "zero_below": None,
        "max_listed": None,
        "ring_fence": 0,
        "own_reserved": 0,
        "previous": 11,
    }
    assert contract(figure(client, "amazon-eu", "SKU-9", position), shown) == {
        "channel": "amazon-eu",
        "sku": "SKU-9",
        "available": 10,
        "pool": 24,
        "fenced": 0,
        "percent": 100,
        "buffer": 0,
        "zero_below": 1,
        "max_listed": 10,
        "ring_fence": 3,
        "own_reserved": 2,
        "previous": 0,
    }
    page = ok(client.get("/v1/channels/shop/availability", params={"limit": 10}))
    assert [(i["sku"], i["available"]) for i in page["items"]] == [("SKU-9", 13)]
    assert page["next_after"] is None
    point = {"reorder_point": 5, "reorder_quantity": 24}
    level = ok(client.put("/v1/stock/WH2/SKU-9/reorder-point", json=point))
    assert (level["on_hand"], level["reserved"], level["available"]) == (6, 2, 4)
    params = {"location": "WH2", "min_position": level["position"]}
    replenishment = ok(client.get("/v1/replenishment", params=params))
    [item] = replenishment["items"]
    assert {k: item[k] for k in ("sku", "location", "available", "reorder_point")} == {
        "sku": "SKU-9",
        "location": "WH2",
        "available": 4,
        "reorder_point": 5,
    }
    assert item["reorder_quantity"] == 24 and item["requested_at"]


def test_two_channels_with_different_rules_each_list_their_own_figure(client: TestClient) -> None:
    # Two channels: the shop lists 80% of every location less 2; the marketplace half of WH1,
    # at most 5.
    shop = declare(client, "shop", "shopify", [], buffer=2, percent=80)
    amzn = declare(client, "amzn", "amazon", ["WH1"], percent=50, max_listed=5)
    assert shop["rules"] != amzn["rules"]
    sku = refs.sku()
    receive(client, "WH1", sku, 20)
    receive(client, "WH2", sku, 10)
    _, position = reserve(client, "shop", sku, "WH1", 3)
    shop_figure = figure(client, "shop", sku, position)
    amzn_figure = figure(client, "amzn", sku, position)
    # shop: (17 + 10) * 80% = 21, - 2 = 19; amzn: 17 * 50% = 8, at most 5.
    assert (shop_figure["available"], shop_figure["pool"], shop_figure["own_reserved"]) == (
        19,
        27,
        3,
    )
    assert (amzn_figure["available"], amzn_figure["pool"], amzn_figure["own_reserved"]) == (
        5,
        17,
        0,
    )
    _, position = reserve(client, "amzn", sku, "WH1", 12)
    # shop: (5 + 10) * 80% = 12, - 2 = 10; amzn: 5 * 50% = 2.
    assert figures(client, "shop amzn", sku, position) == {"shop": 10, "amzn": 2}


# --- ring fences -------------------------------------------------------------------------------


def test_ring_fences_across_three_channels(client: TestClient) -> None:
    for name, kind in (("a", "shopify"), ("b", "amazon"), ("c", "webhook")):
        declare(client, name, kind)
    sku = refs.sku()
    position = receive(client, "WH1", sku, 20)
    assert figures(client, "a b c", sku, position) == {"a": 20, "b": 20, "c": 20}
    # a holds 5 units: the others lose them, a sees the whole pool.
    position = set_sku_rules(client, "a", sku, ring_fence=5)
    assert figures(client, "a b c", sku, position) == {"a": 20, "b": 15, "c": 15}
    fenced = figure(client, "a", sku, position)
    assert (fenced["ring_fence"], fenced["fenced"]) == (5, 0)
    assert figure(client, "b", sku, position)["fenced"] == 5
    # a's own reservation uses its fence up first: 17 left, a's fence still holds 2.
    reservation_a, position = reserve(client, "a", sku, "WH1", 3)
    assert figures(client, "a b c", sku, position) == {"a": 17, "b": 15, "c": 15}
    assert figure(client, "a", sku, position)["own_reserved"] == 3
    # b's reservation uses none of a's fence.
    _, position = reserve(client, "b", sku, "WH1", 4)
    assert figures(client, "a b c", sku, position) == {"a": 13, "b": 11, "c": 11}
    # b fences 6, of which its 4 reserved units use 4: two fences add up for c.
    position = set_sku_rules(client, "b", sku, ring_fence=6)
    assert figures(client, "a b c", sku, position) == {"a": 11, "b": 11, "c": 9}
    # a's reservation released: 16 available, a's whole fence of 5 is back.
    position = release(client, reservation_a)
    assert figures(client, "a b c", sku, position) == {"a": 14, "b": 11, "c": 9}
    # fences beyond the pool take the others to 0, never below.
    position = set_sku_rules(client, "c", sku, ring_fence=30)
    assert figures(client, "a b c", sku, position) == {"a": 0, "b": 0, "c": 9}
    # the fence cleared: everyone is back.
    position = set_sku_rules(client, "c", sku)
    assert figures(client, "a b c", sku, position) == {"a": 14, "b": 11, "c": 9}
