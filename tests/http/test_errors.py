"""Bad input is refused as problem+json, never a 500, and a refused command writes nothing."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests import refs
from tests.http.api import assert_problem, level, order, receive, stock, transfer_body

BAD_IDS = ["-bad", ".bad", "_bad", "a" * 65, "a b", "SKU-é", "a:b", "a@b", "a+b"]
NOT_INTEGERS: list[Any] = ["5", 5.0, 2.5, True, None, [5], {"n": 5}]
NOT_OBJECTS: list[Any] = [[], [{"quantity": 1}], 5, "quantity", None]


def refused(response: Any, *statuses: int) -> dict[str, Any]:
    """A 4xx problem (one of ``statuses``, 422 by default)."""
    assert response.status_code in (statuses or (422,)), (response.status_code, response.text)
    return assert_problem(response, response.status_code)


def test_malformed_json_is_refused_everywhere(client: TestClient) -> None:
    sku, loc = refs.sku(), refs.location()
    receive(client, loc, sku, 5)
    placed = client.post("/v1/reservations", json=order([{"sku": sku, "quantity": 1}])).json()
    tr = transfer_body(sku, loc, refs.location(), 1)
    assert client.post("/v1/transfers", json=tr).status_code == 201
    before = level(client, loc, sku)
    posts = [
        stock(loc, sku, "/receipts"),
        stock(loc, sku, "/adjustments"),
        stock(loc, sku, "/counts"),
        stock(loc, sku, "/returns"),
        "/v1/reservations",
        f"/v1/reservations/{placed['reservation_id']}/release",
        f"/v1/reservations/{placed['reservation_id']}/fulfil",
        "/v1/transfers",
        f"/v1/transfers/{tr['transfer_id']}/receive",
    ]
    json_header = {"content-type": "application/json"}
    for raw in (b'{"quantity": ', b"{'quantity': 1}", b"\xff\xfe", b'{"quantity": 1}}'):
        for url in posts:
            refused(client.post(url, content=raw, headers=json_header), 400, 422)
        put = client.put(stock(loc, sku, "/safety-stock"), content=raw, headers=json_header)
        refused(put, 400, 422)
    assert level(client, loc, sku) == before
    assert client.get(f"/v1/reservations/{placed['reservation_id']}").json()["status"] == "reserved"
    assert client.get(f"/v1/transfers/{tr['transfer_id']}").json()["status"] == "in_transit"


def test_quantities_must_be_whole_positive_numbers(client: TestClient) -> None:
    sku, loc = refs.sku(), refs.location()
    cases: list[tuple[str, dict[str, Any]]] = []
    for bad in [*NOT_INTEGERS, 0, -1, 10**12]:
        cases += [
            ("/receipts", {"quantity": bad}),
            ("/returns", {"quantity": bad, "restock": True}),
        ]
    for bad in [*NOT_INTEGERS, -1, 10**12]:
        cases += [("/counts", {"quantity": bad}), ("/safety-stock", {"quantity": bad})]
    for tail, body in cases:
        method = client.put if tail == "/safety-stock" else client.post
        problem = refused(method(stock(loc, sku, tail), json=body))
        assert "quantity" in problem["detail"], (tail, body, problem)
    assert level(client, loc, sku) is None
    assert_problem(client.get(f"/v1/skus/{sku}"), 404)


def test_refusals_leave_an_existing_level_unchanged(client: TestClient) -> None:
    sku, loc = refs.sku(), refs.location()
    before = receive(client, loc, sku, 5)
    for tail, body in [
        ("/receipts", {"quantity": 0}),
        ("/receipts", {"quantity": "3"}),
        ("/adjustments", {"delta": 0, "reason": "correction"}),
        ("/counts", {"quantity": -1}),
        ("/returns", {"quantity": 1}),
    ]:
        refused(client.post(stock(loc, sku, tail), json=body))
    refused(client.put(stock(loc, sku, "/safety-stock"), json={"quantity": 1.0}))
    assert level(client, loc, sku) == before


def test_adjustments_need_a_known_reason_and_a_nonzero_whole_delta(client: TestClient) -> None:
    sku, loc = refs.sku(), refs.location()
    before = receive(client, loc, sku, 5)
    url = stock(loc, sku, "/adjustments")
    for body in [
        {"delta": -1, "reason": "stolen"},
        {"delta": -1, "reason": "Damaged"},
        {"delta": -1, "reason": ""},
        {"delta": -1, "reason": None},
        {"delta": -1, "reason": 1},
        {"delta": -1},
        {"reason": "damaged"},
        {"delta": 0, "reason": "correction"},
        {"delta": "-1", "reason": "damaged"},
        {"delta": -1.0, "reason": "damaged"},
        {"delta": -1.5, "reason": "damaged"},
        {"delta": True, "reason": "found"},
        {"delta": -(10**12), "reason": "correction"},
    ]:
        refused(client.post(url, json=body))
    problem = refused(client.post(url, json={"delta": -1, "reason": "stolen"}))
    assert "reason" in problem["detail"]
    assert level(client, loc, sku) == before


def test_references_must_be_text_and_restock_a_boolean(client: TestClient) -> None:
    sku, loc = refs.sku(), refs.location()
    before = receive(client, loc, sku, 5)
    for reference in [5, "", "x" * 201, ["PO"], "PO\x00-1"]:
        body = {"quantity": 1, "reference": reference}
        refused(client.post(stock(loc, sku, "/receipts"), json=body))
    for restock in ["true", "yes", 1, 0, None, []]:
        body = {"quantity": 1, "restock": restock}
        problem = refused(client.post(stock(loc, sku, "/returns"), json=body))
        assert "restock" in problem["detail"]
    refused(client.post(stock(loc, sku, "/returns"), json={"quantity": 1}))
    assert level(client, loc, sku) == before


def test_unknown_fields_are_refused(client: TestClient) -> None:
    sku, loc = refs.sku(), refs.location()
    receive(client, loc, sku, 5)
    placed = client.post("/v1/reservations", json=order([{"sku": sku, "quantity": 1}])).json()
    tr = transfer_body(sku, loc, refs.location(), 1)
    assert client.post("/v1/transfers", json=tr).status_code == 201
    before = level(client, loc, sku)
    res_url = f"/v1/reservations/{placed['reservation_id']}"
    for method, url, body in [
        (client.post, stock(loc, sku, "/receipts"), {"quantity": 1, "qty": 1}),
        (client.post, stock(loc, sku, "/adjustments"), {"delta": 1, "reason": "found", "x": 1}),
        (client.post, stock(loc, sku, "/counts"), {"quantity": 1, "location": loc}),
        (client.put, stock(loc, sku, "/safety-stock"), {"quantity": 1, "reference": "S"}),
        (client.post, stock(loc, sku, "/returns"), {"quantity": 1, "restock": True, "x": 0}),
        (client.post, f"{res_url}/release", {"reason": "cancelled", "note": "x"}),
        (client.post, f"{res_url}/fulfil", {"shipped": True}),
        (client.post, f"/v1/transfers/{tr['transfer_id']}/receive", {"quantity": 1}),
    ]:
        problem = refused(method(url, json=body))
        assert problem["code"] == "invalid_request", (url, problem)
    extra_top = {**order([{"sku": sku, "quantity": 1}]), "priority": 1}
    extra_line = order([{"sku": sku, "quantity": 1, "price": 9}])
    for body in (extra_top, extra_line):
        refused(client.post("/v1/reservations", json=body))
        assert_problem(client.get(f"/v1/reservations/{body['reservation_id']}"), 404)
    refused(client.post("/v1/transfers", json={**transfer_body(sku, loc, "X1", 1), "note": "x"}))
    assert level(client, loc, sku) == before
    assert client.get(res_url).json()["status"] == "reserved"
    assert client.get(f"/v1/transfers/{tr['transfer_id']}").json()["status"] == "in_transit"


def test_bodies_that_are_not_objects_are_refused(client: TestClient) -> None:
    sku, loc = refs.sku(), refs.location()
    for body in NOT_OBJECTS:
        refused(client.post(stock(loc, sku, "/receipts"), json=body))
        refused(client.put(stock(loc, sku, "/safety-stock"), json=body))
        refused(client.post("/v1/reservations", json=body))
        refused(client.post("/v1/transfers", json=body))
    refused(client.post(stock(loc, sku, "/receipts")))  # no body at all
    refused(client.post("/v1/reservations"))
    assert level(client, loc, sku) is None


def test_ids_in_the_path_must_match_the_pattern(client: TestClient) -> None:
    good = refs.sku()
    for bad in BAD_IDS:
        for url in (stock(bad, good, "/receipts"), stock(good, bad, "/receipts")):
            refused(client.post(url, json={"quantity": 1}))
        refused(client.put(stock(bad, good, "/safety-stock"), json={"quantity": 1}))
        refused(client.get(stock(bad, good)))
        refused(client.get(stock(good, bad, "/events")))
        refused(client.get(f"/v1/skus/{bad}"))
        refused(client.get(f"/v1/reservations/{bad}"))
        refused(client.post(f"/v1/reservations/{bad}/release", json={}))
        refused(client.post(f"/v1/reservations/{bad}/fulfil", json={}))
        refused(client.post(f"/v1/transfers/{bad}/receive", json={}))
    assert_problem(client.get(f"/v1/skus/{good}"), 404)


def test_the_longest_and_oddest_valid_ids_are_accepted(client: TestClient) -> None:
    sku = (refs.sku() + "._-" + "x" * 64)[:64]
    loc = "9" + refs.location()[:10] + ".a_b-c"
    placed = receive(client, loc, sku, 2)
    assert (placed["sku"], placed["location"]) == (sku, loc)
    res_id = (refs.reservation() + "-" * 64)[:64]
    body = order([{"sku": sku, "quantity": 1, "location": loc}], reservation_id=res_id)
    assert client.post("/v1/reservations", json={**body, "channel": "c" * 64}).status_code == 201


def test_ids_in_bodies_must_match_the_pattern(client: TestClient) -> None:
    sku, loc, target = refs.sku(), refs.location(), refs.location()
    before = receive(client, loc, sku, 5)
    for bad in [*BAD_IDS, "", 5, None]:
        bodies = [
            {**order([{"sku": sku, "quantity": 1}]), "reservation_id": bad},
            {**order([{"sku": sku, "quantity": 1}]), "channel": bad},
            order([{"sku": bad, "quantity": 1}]),
        ]
        if bad is not None:  # a line without a location is routed
            bodies.append(order([{"sku": sku, "quantity": 1, "location": bad}]))
        for body in bodies:
            refused(client.post("/v1/reservations", json=body))
        for field in ("transfer_id", "sku", "from_location", "to_location"):
            tr = {**transfer_body(sku, loc, target, 1), field: bad}
            refused(client.post("/v1/transfers", json=tr))
    assert level(client, loc, sku) == before
    assert level(client, target, sku) is None


def test_reservations_need_lines_and_an_order(client: TestClient) -> None:
    sku, loc = refs.sku(), refs.location()
    before = receive(client, loc, sku, 5)
    line = {"sku": sku, "quantity": 1}
    no_order = order([line])
    del no_order["order_id"]
    no_lines = order([])
    del no_lines["lines"]
    bad_bodies = [
        order([]),
        no_lines,
        order(None),
        order([line], order_id=""),
        order([line], order_id=5),
        no_order,
        order([{"quantity": 1}]),
        order([{"sku": sku}]),
        order([line], order_id="O\x00-1"),
    ]
    bad_bodies += [order([{**line, "quantity": q}]) for q in [*NOT_INTEGERS, 0, -1, 10**12]]
    for body in bad_bodies:
        refused(client.post("/v1/reservations", json=body))
        if isinstance(body.get("reservation_id"), str):
            assert_problem(client.get(f"/v1/reservations/{body['reservation_id']}"), 404)
    assert level(client, loc, sku) == before


def test_expiry_must_be_a_moment_with_an_offset(client: TestClient) -> None:
    sku, loc = refs.sku(), refs.location()
    before = receive(client, loc, sku, 5)
    for expires_at in [
        "2030-01-01T00:00:00",  # no offset: ambiguous
        "tomorrow",
        "2030-02-30T00:00:00Z",
        [],
        "0001-01-01T00:00:00+14:00",  # not a representable moment in UTC
        "9999-12-31T23:59:59-14:00",
    ]:
        body = order([{"sku": sku, "quantity": 1}], expires_at=expires_at)
        refused(client.post("/v1/reservations", json=body))
        assert_problem(client.get(f"/v1/reservations/{body['reservation_id']}"), 404)
    assert level(client, loc, sku) == before


def test_release_reasons_are_cancelled_or_expired(client: TestClient) -> None:
    sku, loc = refs.sku(), refs.location()
    receive(client, loc, sku, 5)
    placed = client.post("/v1/reservations", json=order([{"sku": sku, "quantity": 1}])).json()
    url = f"/v1/reservations/{placed['reservation_id']}"
    before = level(client, loc, sku)
    for reason in ["bogus", "", 1, None, "CANCELLED"]:
        refused(client.post(f"{url}/release", json={"reason": reason}))
    refused(client.post(f"{url}/release", json=[]))
    assert client.get(url).json() == placed
    assert level(client, loc, sku) == before


def test_transfer_input_is_checked(client: TestClient) -> None:
    sku, loc, target = refs.sku(), refs.location(), refs.location()
    before = receive(client, loc, sku, 5)
    bodies = [transfer_body(sku, loc, loc, 1)]
    bodies += [transfer_body(sku, loc, target, q) for q in [*NOT_INTEGERS, 0, -1, 10**12]]
    for field in ("transfer_id", "sku", "from_location", "to_location", "quantity"):
        body = transfer_body(sku, loc, target, 1)
        del body[field]
        bodies.append(body)
    for body in bodies:
        refused(client.post("/v1/transfers", json=body))
        if isinstance(body.get("transfer_id"), str):
            assert_problem(client.get(f"/v1/transfers/{body['transfer_id']}"), 404)
    same = refused(client.post("/v1/transfers", json=transfer_body(sku, loc, loc, 1)))
    assert "differ" in same["detail"] or "same" in same["detail"]
    assert level(client, loc, sku) == before
    assert level(client, target, sku) is None


def test_query_parameters_and_headers_are_checked(client: TestClient) -> None:
    sku, loc = refs.sku(), refs.location()
    before = receive(client, loc, sku, 5)
    url, events = stock(loc, sku), stock(loc, sku, "/events")
    for params in [
        {"as_of": "yesterday"},
        {"as_of": "2030-13-01T00:00:00Z"},
        {"as_of_version": 0},
        {"as_of_version": -1},
        {"as_of_version": "x"},
        {"as_of_version": "1.5"},
        {"as_of_version": 2**63},
        {"as_of_version": 10**30},
    ]:
        refused(client.get(url, params=params))
    for params in [
        {"after": -1},
        {"after": "x"},
        {"after": 2**63},
        {"after": 10**30},
        {"limit": 0},
        {"limit": -5},
        {"limit": 1001},
        {"limit": "many"},
    ]:
        refused(client.get(events, params=params))
    receipts = stock(loc, sku, "/receipts")
    for key in ["", "k" * 201]:
        refused(client.post(receipts, json={"quantity": 1}, headers={"Idempotency-Key": key}))
    assert level(client, loc, sku) == before
    ok = client.post(receipts, json={"quantity": 1}, headers={"Idempotency-Key": "k" * 200})
    assert ok.status_code == 200, ok.text


def test_unknown_routes_and_methods_are_problems(client: TestClient) -> None:
    assert_problem(client.get("/v1/nothing-here"), 404)
    assert_problem(client.get(f"/v1/stock/{refs.location()}"), 404)
    assert_problem(client.delete(stock(refs.location(), refs.sku())), 405)
    assert_problem(client.get(stock(refs.location(), refs.sku(), "/receipts")), 405)
    assert_problem(client.put("/v1/reservations", json={}), 405)
