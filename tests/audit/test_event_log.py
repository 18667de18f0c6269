"""`GET /v1/events`: the whole log in order, searchable by what each event concerns, on both
backends. Expectations come from the aggregates' ids and the events' own fields, not from the
view's key derivation."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

from fastapi.testclient import TestClient

from domain.ids import (
    channel_id_of,
    listing_id_of,
    reservation_id_of,
    sku_index_id,
    stock_item_id,
    transfer_id_of,
)
from tests.audit.story import ITEM_KEYS, Story, events, named, positions, whole_log
from tests.http.api import assert_problem, receive

Item = dict[str, Any]
Predicate = Callable[[Item], bool]


def made_by(*aggregate_ids: object) -> Predicate:
    """Events of these aggregates."""
    wanted = {str(i) for i in aggregate_ids}
    return lambda item: item["originator"]["id"] in wanted


def carrying(key: str, value: str) -> Predicate:
    """Events whose data has this field with this value."""
    return lambda item: item["data"].get(key) == value


def either(*predicates: Predicate) -> Predicate:
    return lambda item: any(p(item) for p in predicates)


def concerning(story: Story) -> dict[str, tuple[str, Predicate]]:
    """Each filter's value in the story, and which events it must find."""
    s = story
    index, reservation = sku_index_id(s.sku), reservation_id_of(s.reservation)
    of_reservation = either(made_by(reservation), carrying("reservation_id", s.reservation))
    return {
        "sku": (
            s.sku,
            made_by(
                index,
                stock_item_id(s.sku, s.source),
                stock_item_id(s.sku, s.target),
                reservation,
                transfer_id_of(s.transfer),
                listing_id_of(s.channel, s.sku),
            ),
        ),
        "location": (
            s.source,
            either(
                made_by(stock_item_id(s.sku, s.source), reservation),  # its one line is there
                lambda item: made_by(index)(item) and carrying("location", s.source)(item),
            ),
        ),
        "channel": (
            s.channel,
            either(
                made_by(channel_id_of(s.channel), listing_id_of(s.channel, s.sku)),
                carrying("name", s.channel),  # ChannelIndex.Added
                of_reservation,
            ),
        ),
        "reservation_id": (s.reservation, of_reservation),
        "order_id": (s.order, of_reservation),
        "transfer_id": (
            s.transfer,
            either(made_by(transfer_id_of(s.transfer)), carrying("transfer_id", s.transfer)),
        ),
        "type": ("Received", lambda item: item["type"] == "Received"),
        "reference": (s.purchase_order, lambda item: item["reference"] == s.purchase_order),
    }


def test_the_log_lists_every_event_once_in_order(client: TestClient) -> None:
    story = Story().tell(client)
    log = whole_log(client, story.last)
    assert positions(log) == list(range(1, len(log) + 1))
    assert len(log) == client.get("/healthz").json()["log_position"]
    versions: dict[str, list[int]] = {}
    for item in log:
        assert set(item) == ITEM_KEYS, item
        assert datetime.fromisoformat(item["occurred_at"]).utcoffset() == timedelta(0)
        versions.setdefault(item["originator"]["id"], []).append(item["version"])
    assert all(v == list(range(1, len(v) + 1)) for v in versions.values()), versions
    receipt = next(item for item in log if item["reference"] == story.purchase_order)
    assert receipt["originator"] == {
        "type": "StockItem",
        "id": str(stock_item_id(story.sku, story.source)),
    }
    assert (receipt["type"], receipt["idempotency_key"]) == ("Received", story.key)
    assert receipt["data"] == {"quantity": 10}
    placed = next(item for item in log if named(item) == "Reservation.Placed")
    assert placed["data"]["lines"] == [{"sku": story.sku, "location": story.source, "quantity": 2}]


def test_min_position_waits_for_the_view_or_is_refused_beyond_the_log(client: TestClient) -> None:
    story = Story().tell(client)
    position = receive(client, story.source, story.sku, 1)["position"]
    page = events(client, after=position - 1, min_position=position)
    assert [named(item) for item in page["events"]] == ["StockItem.Received"]
    assert page["events"][0]["position"] == position
    response = client.get("/v1/events", params={"min_position": 10**9, "wait": 0.05})
    assert_problem(response, 422, "position_not_reached")


def test_each_filter_alone_finds_exactly_the_events_it_concerns(client: TestClient) -> None:
    story = Story().tell(client)
    log = whole_log(client, story.last)
    for name, (value, concerns) in concerning(story).items():
        expected = positions([item for item in log if concerns(item)])
        assert expected, name
        assert positions(whole_log(client, story.last, **{name: value})) == expected, name


def test_filters_combine_as_and(client: TestClient) -> None:
    story = Story().tell(client)
    values = {name: value for name, (value, _) in concerning(story).items()}
    combinations = [
        ("sku", "location"),
        ("channel", "type"),
        ("sku", "transfer_id"),
        ("order_id", "reservation_id", "location"),
        ("sku", "reference", "type"),
    ]
    found_some = False
    for names in combinations:
        alone = [set(positions(whole_log(client, story.last, **{n: values[n]}))) for n in names]
        combined = positions(whole_log(client, story.last, **{n: values[n] for n in names}))
        assert combined == sorted(set.intersection(*alone)), names
        found_some = found_some or bool(combined)
    assert found_some
    assert whole_log(client, story.last, sku=story.other_sku, channel=story.channel) == []


def test_a_qualified_type_names_one_aggregates_event(client: TestClient) -> None:
    story = Story().tell(client)
    received = whole_log(client, story.last, type="Received")
    assert {named(item) for item in received} == {"StockItem.Received", "Transfer.Received"}
    transfers = whole_log(client, story.last, type="Transfer.Received")
    assert [named(item) for item in transfers] == ["Transfer.Received"]


def test_pages_follow_next_after_to_the_end(client: TestClient) -> None:
    story = Story().tell(client)
    log = whole_log(client, story.last)
    for filters, limit in (({}, 3), ({"sku": story.sku}, 2)):
        pages, after = [], 0
        while after is not None:
            page = events(client, after=after, limit=limit, **filters)
            assert len(page["events"]) <= limit
            pages.append(page["events"])
            after = page["next_after"]
        assert all(len(page) == limit for page in pages[:-1])
        joined = [item for page in pages for item in page]
        assert joined == whole_log(client, story.last, **filters)
        if filters == {}:
            assert joined == log
    end = events(client, after=log[-1]["position"])
    assert end == {"events": [], "next_after": None}


def test_time_filters_take_from_inclusive_and_to_exclusive(client: TestClient) -> None:
    story = Story().tell(client)
    log = whole_log(client, story.last)
    moments = sorted({datetime.fromisoformat(item["occurred_at"]) for item in log})
    cut = moments[len(moments) // 2]

    def at(item: Item) -> datetime:
        return datetime.fromisoformat(item["occurred_at"])

    since = positions([item for item in log if at(item) >= cut])
    before = positions([item for item in log if at(item) < cut])
    assert since and before
    elsewhere = cut.astimezone(timezone(timedelta(hours=2))).isoformat()
    naive = cut.replace(tzinfo=None).isoformat()
    for written in (cut.isoformat(), elsewhere, naive):
        assert positions(whole_log(client, story.last, **{"from": written})) == since, written
        assert positions(whole_log(client, story.last, to=written)) == before, written
        assert whole_log(client, story.last, **{"from": written, "to": written}) == []
    window = {"from": moments[1].isoformat(), "to": moments[-1].isoformat(), "sku": story.sku}
    expected = [i for i in log if moments[1] <= at(i) < moments[-1]]
    sku_ids = {i["originator"]["id"] for i in whole_log(client, story.last, sku=story.sku)}
    expected = [i for i in expected if i["originator"]["id"] in sku_ids]
    assert positions(whole_log(client, story.last, **window)) == positions(expected)


BAD_FILTERS: list[dict[str, Any]] = [
    {"sku": "no spaces"},
    {"location": ""},
    {"channel": "x" * 65},
    {"reservation_id": "R 1"},
    {"transfer_id": "T/1"},
    {"order_id": ""},
    {"reference": "a\x00b"},
    {"type": "stock.received"},
    {"type": "StockItem.Received.Again"},
    {"from": "yesterday"},
    {"to": "2026-13-01T00:00:00Z"},
    {"from": "0001-01-01T00:00:00+01:00"},
    {"from": "2026-11-28T00:00:00Z", "to": "2026-11-27T00:00:00Z"},
    {"after": -1},
    {"after": 2**63},
    {"limit": 0},
    {"limit": 1001},
    {"min_position": -1},
    {"wait": 0},
    {"skew": "SKU-1"},
]


def test_bad_filters_are_refused_with_a_problem(client: TestClient) -> None:
    for params in BAD_FILTERS:
        response = client.get("/v1/events", params=params)
        body = assert_problem(response, 422, "invalid_request")
        assert body["errors"], params
