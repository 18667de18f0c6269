"""The views over real storage, on both backends: channel availability equals the pipeline
applied to the stock_levels rows; a batch is applied exactly once, even when the follower dies
between writing rows and acknowledging them; a rebuild equals the live view, row for row.

The followers are driven by hand (``step`` / ``catch_up``), so every test is deterministic."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any, cast

import pytest
from eventsourcing.domain import OriginatorVersionError
from eventsourcing.persistence import IntegrityError, Tracking
from hypothesis import HealthCheck, event, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context
from typer.testing import CliRunner

from application.channels import DeclareChannel, SetListingRules
from application.executor import Executor
from application.movements import Adjust, Count, Receive, SetReorderPoint, SetSafetyStock
from application.reservations import Fulfil, Release, Reserve
from application.service import StockLedger
from application.transfers import ReceiveTransfer, Transfer
from domain.availability import Figure, Rules, channel_figure, effective_fence
from domain.errors import StockError
from domain.listing import Listing
from domain.routing import Line
from interfaces.cli import cli
from interfaces.runtime.bootstrap import build
from interfaces.runtime.container import Container
from interfaces.runtime.settings import Settings
from projections.cursor import ViewCursor
from projections.follower import Follower
from projections.inventory import Inventory
from projections.model import Positioned
from projections.rebuild import rebuild
from projections.store import View, process, query, view_class
from tests import refs

CHANNELS = ("shop", "amzn", "hook")  # declared before every workload
UNDECLARED = "pos"  # reserved on, never declared
LOCATIONS = ("WH1", "WH2", "WH3")
RULES = ("buffer", "percent", "max_listed", "zero_below")
VIEWS = ("inventory", "reservations")  # the views of stock and channel availability

Op = tuple[Any, ...]
Snapshot = dict[str, list[tuple[Any, ...]]]

# --- a random workload -------------------------------------------------------------------------

sku_at = st.integers(min_value=0, max_value=2)  # which of the example's three SKUs
location = st.sampled_from(LOCATIONS)
channel_rules = st.fixed_dictionaries(
    {},
    optional={
        "buffer": st.integers(0, 4),
        "percent": st.integers(0, 100),
        "max_listed": st.integers(0, 25),
        "zero_below": st.integers(0, 4),
    },
)
sku_rules = st.fixed_dictionaries(
    {"ring_fence": st.integers(0, 15)},
    optional={
        "buffer": st.integers(0, 3),
        "percent": st.integers(0, 100),
        "max_listed": st.integers(0, 25),
        "zero_below": st.integers(0, 3),
    },
)
receipt = st.tuples(st.just("receive"), sku_at, location, st.integers(1, 20))
reservation = st.tuples(
    st.just("reserve"),
    st.sampled_from((*CHANNELS, UNDECLARED)),
    sku_at,
    st.none() | location,
    st.integers(1, 8),
)
ops = st.one_of(
    receipt,
    reservation,
    reservation,
    st.tuples(st.just("release"), st.integers(0, 99)),
    st.tuples(st.just("fulfil"), st.integers(0, 99)),
    st.tuples(st.just("adjust"), sku_at, location, st.integers(1, 6) | st.integers(-6, -1)),
    st.tuples(st.just("count"), sku_at, location, st.integers(0, 15)),
    st.tuples(st.just("transfer"), sku_at, location, location, st.integers(1, 6)),
    st.tuples(st.just("arrive"), st.integers(0, 99)),
    st.tuples(st.just("safety_stock"), sku_at, location, st.integers(0, 4)),
    st.tuples(st.just("reorder_point"), sku_at, location, st.integers(0, 15), st.integers(1, 30)),
    st.tuples(
        st.just("configure"),
        st.sampled_from(CHANNELS),
        st.lists(location, max_size=2, unique=True),
        channel_rules,
    ),
    st.tuples(st.just("override"), st.sampled_from(CHANNELS), sku_at, sku_rules),
    st.tuples(
        st.just("fence_and_reserve"),
        st.sampled_from(CHANNELS),
        sku_at,
        st.integers(1, 12),
        st.integers(1, 8),
    ),
    st.tuples(st.just("step")),
)
# Every SKU starts with some stock at most locations, so that most promises can be kept.
opening = st.lists(st.integers(0, 20), min_size=9, max_size=9).map(
    lambda units: [("receive", n // 3, LOCATIONS[n % 3], u) for n, u in enumerate(units) if u]
)
workloads = st.builds(
    lambda start, rest: start + rest, opening, st.lists(ops, min_size=10, max_size=40)
)


@dataclass
class Workload:
    """Runs ops against the ledger; refusals record nothing, and are part of the game."""

    ledger: StockLedger
    executor: Executor
    skus: list[str] = field(default_factory=lambda: sorted(refs.sku() for _ in range(3)))
    reservations: list[str] = field(default_factory=list)
    transfers: list[str] = field(default_factory=list)

    def declare_channels(self) -> None:
        """Declare the workload's channels, unless an earlier example did."""
        known = self.ledger.channel_index().names
        for name in CHANNELS:
            if name not in known:
                self.executor.execute(DeclareChannel(name, "shopify", [], {}))

    def run(self, workload: Sequence[Op], step: Callable[[], object]) -> None:
        """Run every op; ``step`` advances the views whenever the workload says so."""
        for name, *args in workload:
            if name == "step":
                step()
                continue
            with suppress(StockError):
                getattr(self, name)(*args)

    def receive(self, sku: int, where: str, quantity: int) -> None:
        self.executor.execute(Receive(self.skus[sku], where, quantity, "PO"))

    def reserve(self, channel: str, sku: int, where: str | None, quantity: int) -> None:
        reservation = refs.reservation()
        line = Line(self.skus[sku], quantity, where)
        self.executor.execute(Reserve(reservation, refs.order(), channel, [line], None))
        self.reservations.append(reservation)

    def release(self, which: int) -> None:
        if self.reservations:
            reservation = self.reservations[which % len(self.reservations)]
            self.executor.execute(Release(reservation, "cancelled"))

    def fulfil(self, which: int) -> None:
        if self.reservations:
            self.executor.execute(Fulfil(self.reservations[which % len(self.reservations)]))

    def adjust(self, sku: int, where: str, delta: int) -> None:
        reason = "lost" if delta < 0 else "found"
        self.executor.execute(Adjust(self.skus[sku], where, delta, reason, "ADJ"))

    def count(self, sku: int, where: str, quantity: int) -> None:
        self.executor.execute(Count(self.skus[sku], where, quantity, "CC"))

    def transfer(self, sku: int, source: str, target: str, quantity: int) -> None:
        transfer = refs.transfer()
        self.executor.execute(Transfer(transfer, self.skus[sku], source, target, quantity))
        self.transfers.append(transfer)

    def arrive(self, which: int) -> None:
        if self.transfers:
            self.executor.execute(ReceiveTransfer(self.transfers[which % len(self.transfers)]))

    def safety_stock(self, sku: int, where: str, quantity: int) -> None:
        self.executor.execute(SetSafetyStock(self.skus[sku], where, quantity))

    def reorder_point(self, sku: int, where: str, point: int, quantity: int) -> None:
        self.executor.execute(SetReorderPoint(self.skus[sku], where, point, quantity))

    def configure(self, channel: str, locations: list[str], rules: dict[str, int]) -> None:
        self.executor.execute(DeclareChannel(channel, "shopify", list(locations), dict(rules)))

    def override(self, channel: str, sku: int, rules: dict[str, int]) -> None:
        self.executor.execute(SetListingRules(channel, self.skus[sku], dict(rules)))

    def fence_and_reserve(self, channel: str, sku: int, fence: int, quantity: int) -> None:
        """A channel fences units of a SKU, then sells some of them."""
        self.override(channel, sku, {"ring_fence": fence})
        self.reserve(channel, sku, None, quantity)


# --- reading the views -------------------------------------------------------------------------


def in_clause(values: Sequence[str]) -> str:
    """'IN (%s, %s, ...)' for these values."""
    return f"IN ({', '.join(['%s'] * len(values))})"


def snapshot(view: View) -> Snapshot:
    """Every row of every table of the view, sorted (compare within one backend only)."""
    return {
        table: sorted(
            (tuple(row.values()) for row in query(view, f"SELECT * FROM {table}")), key=repr
        )
        for table in view.model.tables
    }


def log_length(ledger: StockLedger) -> int:
    """How many events the log holds."""
    return len(ledger.recorder.select_notifications(start=1, limit=100_000))


def channel_reserved(ledger: StockLedger, sku: str) -> dict[str, int]:
    """Each channel's open reserved units of a SKU, from the ledger (the source of truth)."""
    held: dict[str, int] = defaultdict(int)
    for where in ledger.index(sku).locations:
        item = ledger.item(sku, where)
        assert item is not None
        for reservation in item.reservations.values():
            held[reservation["channel"]] += int(reservation["quantity"])
    return held


def as_int(value: Any) -> int | None:
    """A BIGINT column as an int (None stays None)."""
    return None if value is None else int(value)


@dataclass
class Inputs:
    """What the inventory view holds for some SKUs: the figures and every input to them."""

    stock: dict[str, dict[str, int]]  # sku -> location -> available (stock_levels)
    channels: dict[str, dict[str, Any]]  # the channels table, by name
    overrides: dict[tuple[str, str], dict[str, Any]]  # channel_sku_rules, by (channel, sku)
    figures: dict[tuple[str, str], dict[str, Any]]  # channel_availability, by (channel, sku)


def read_inputs(view: View, skus: Sequence[str]) -> Inputs:
    """The view's rows for these SKUs."""

    def keyed(table: str) -> dict[tuple[str, str], dict[str, Any]]:
        rows = query(view, f"SELECT * FROM {table} WHERE sku {in_clause(skus)}", skus)
        return {(row["channel"], row["sku"]): row for row in rows}

    stock: dict[str, dict[str, int]] = defaultdict(dict)
    levels = f"SELECT sku, location, available FROM stock_levels WHERE sku {in_clause(skus)}"
    for row in query(view, levels, skus):
        stock[row["sku"]][row["location"]] = int(row["available"])
    channels = {row["channel"]: row for row in query(view, "SELECT * FROM channels")}
    return Inputs(dict(stock), channels, keyed("channel_sku_rules"), keyed("channel_availability"))


def assert_inputs_are_the_ledgers(ledger: StockLedger, inputs: Inputs) -> None:
    """The view's stock levels, channels and SKU rules are what the ledger holds now."""
    for sku, by_location in inputs.stock.items():
        for where, available in by_location.items():
            item = ledger.item(sku, where)
            assert item is not None and item.available == available, (sku, where)
    assert set(inputs.channels) == set(ledger.channel_index().names)
    for name, row in inputs.channels.items():
        channel = ledger.channel(name)
        assert json.loads(row["locations"]) == channel.locations
        assert {r: as_int(row[r]) for r in RULES} == channel.default_rules.as_dict()
    for (name, sku), row in inputs.overrides.items():
        listing = cast(Listing, ledger.find(Listing.create_id(name, sku)))
        stored = {r: as_int(row[r]) for r in (*RULES, "ring_fence") if row[r] is not None}
        assert stored == listing.rules, (name, sku)


def expected_figure(inputs: Inputs, name: str, sku: str, held: dict[str, int]) -> Figure:
    """The pipeline applied to the view's inputs and the ledger's open reservations."""
    fences = {
        channel: effective_fence(as_int(row["ring_fence"]) or 0, held[channel])
        for (channel, of), row in inputs.overrides.items()
        if of == sku
    }
    config = inputs.channels[name]
    override = inputs.overrides.get((name, sku)) or {}
    rules = Rules().overridden({r: as_int(config[r]) for r in RULES})
    rules = rules.overridden({r: as_int(override[r]) for r in RULES if override.get(r) is not None})
    locations = json.loads(config["locations"])
    return channel_figure(name, locations, rules, inputs.stock.get(sku, {}), fences)


def assert_availability_is_the_pipeline(container: Container, skus: Sequence[str]) -> None:
    """For every channel and SKU, channel_availability equals channel_figure applied to the
    stock_levels rows, the channel's rules and the effective fences of the open reservations."""
    ledger = container.ledger
    inputs = read_inputs(container.views["inventory"], skus)
    assert_inputs_are_the_ledgers(ledger, inputs)
    assert UNDECLARED not in {channel for channel, _ in inputs.figures}
    for sku in skus:
        held = channel_reserved(ledger, sku)
        for name in inputs.channels:
            shown = inputs.figures.get((name, sku))
            if shown is None:
                assert sku not in inputs.stock, f"{name}/{sku} has stock but no figure"
                continue
            expected = expected_figure(inputs, name, sku, held)
            got = (int(shown["available"]), int(shown["pool"]), int(shown["fenced"]))
            assert got == (expected.available, expected.pool, expected.fenced), (shown, expected)
            assert 0 <= int(shown["available"]) <= int(shown["pool"])
            assert int(shown["own_reserved"]) == held[name]
            note(shown, held[name])


def assert_replenishment_is_the_ledgers(container: Container, skus: Sequence[str]) -> None:
    """The replenishment rows are the SKU-locations with an open request, showing the current
    available, reorder point and quantity."""
    ledger = container.ledger
    sql = "SELECT sku, location, available, reorder_point, reorder_quantity FROM replenishment "
    rows = query(container.views["inventory"], sql + f"WHERE sku {in_clause(skus)}", skus)
    shown = {(r["sku"], r["location"]): tuple(int(r[k]) for k in list(r)[2:]) for r in rows}
    expected = {}
    for sku in skus:
        for where in ledger.index(sku).locations:
            item = ledger.item(sku, where)
            assert item is not None
            if item.replenishment_open:
                assert item.reorder_point is not None
                assert item.available <= item.reorder_point
                point = (item.available, item.reorder_point, item.reorder_quantity)
                expected[(sku, where)] = point
    assert shown == expected


def note(shown: dict[str, Any], own_reserved: int) -> None:
    """Tell hypothesis which interesting cases a workload reached (see its statistics)."""
    if currently_in_test_context():
        if int(shown["fenced"]):
            event("another channel's ring fence shrank a pool")
        if int(shown["ring_fence"]) and own_reserved:
            event("a channel's own reservations used its fence")


# --- the property ------------------------------------------------------------------------------

PROPERTY = hypothesis_settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@PROPERTY
@given(workload=workloads)
def test_channel_availability_is_the_pipeline_applied_to_stock_levels(
    container: Container, workload: list[Op]
) -> None:
    follower = container.followers["inventory"]
    run = Workload(container.ledger, container.executor)
    run.declare_channels()
    run.run(workload, follower.catch_up)
    follower.catch_up()
    assert follower.position == container.ledger.recorder.max_notification_id()
    assert_availability_is_the_pipeline(container, run.skus)
    assert_replenishment_is_the_ledgers(container, run.skus)


# --- exactly once ------------------------------------------------------------------------------


class Crash(Exception):
    """The follower dies here."""


class FaultyInventory(Inventory):
    """Writes a batch's rows, then dies before its position is acknowledged (once)."""

    crash_on = 1  # the n-th batch dies; 0: never again
    written = 0  # the highest position among the rows the dying batch wrote

    def apply(self, cur: ViewCursor, events: Sequence[Positioned]) -> None:
        super().apply(cur, events)
        self.crash_on -= 1
        if self.crash_on == 0:
            self.written = highest_position(cur)
            raise Crash("killed between writing rows and acknowledging")


def highest_position(cur: ViewCursor) -> int:
    """The highest log position any row of the figures' tables was written at."""
    highest = 0
    for table in ("stock_levels", "channels", "channel_sku_rules", "channel_availability"):
        cur.execute(f"SELECT MAX(position) AS position FROM {table}")
        found = cur.fetchone()
        highest = max(highest, as_int(found["position"] if found else None) or 0)
    return highest


def faulty_view(container: Container, crash_on: int) -> View:
    """A recorder for the inventory tables whose model dies on its ``crash_on``-th batch."""
    recorder_class = view_class(FaultyInventory, container.postgres)
    view = cast(View, container.ledger.factory.tracking_recorder(recorder_class))
    cast(FaultyInventory, view.model).crash_on = crash_on
    return view


def scripted() -> list[Op]:
    """A workload touching every kind of input of the figures."""
    return [
        ("receive", 0, "WH1", 20),
        ("receive", 1, "WH2", 9),
        ("receive", 2, "WH3", 4),
        ("reorder_point", 0, "WH1", 15, 30),
        ("override", "shop", 0, {"ring_fence": 6}),
        ("reserve", "shop", 0, "WH1", 2),
        ("reserve", "amzn", 0, None, 5),
        ("reserve", UNDECLARED, 1, None, 3),
        ("configure", "amzn", ["WH1", "WH2"], {"percent": 50, "buffer": 1}),
        ("override", "hook", 1, {"ring_fence": 4, "max_listed": 3}),
        ("adjust", 0, "WH1", -3),
        ("release", 0),
        ("safety_stock", 1, "WH2", 2),
        ("reorder_point", 0, "WH1", 12, 40),
        ("configure", "hook", [], {"zero_below": 2}),
        ("receive", 2, "WH1", 7),
        ("fulfil", 1),
    ]


def test_a_batch_killed_before_its_acknowledgement_is_applied_exactly_once(
    container: Container,
) -> None:
    ledger, view = container.ledger, container.views["inventory"]
    run = Workload(ledger, container.executor)
    run.declare_channels()
    run.run(scripted()[:6], lambda: None)
    container.followers["inventory"].catch_up()
    run.run(scripted()[6:], lambda: None)

    dying = Follower(ledger, faulty_view(container, crash_on=2), batch_size=4)
    assert dying.step() == 4
    acknowledged, before = dying.position, snapshot(view)
    with pytest.raises(Crash):
        dying.step()
    assert cast(FaultyInventory, dying.view.model).written > acknowledged  # rows were written,
    assert dying.position == acknowledged  # but their position was never committed,
    assert snapshot(view) == before  # so the rows went with it.
    with view.cursor() as cur:
        assert highest_position(cur) <= acknowledged

    restarted = Follower(ledger, view, batch_size=4)
    restarted.catch_up()
    assert restarted.position == ledger.recorder.max_notification_id()
    recovered = snapshot(view)
    assert_availability_is_the_pipeline(container, run.skus)
    rebuild(ledger, view)
    assert snapshot(view) == recovered


def redeliver(ledger: StockLedger, view: View, topic: str) -> None:
    """Apply the last event with this topic again, with its tracking."""
    notifications = ledger.recorder.select_notifications(start=1, limit=10_000)
    last = [n for n in notifications if n.topic.endswith(topic)][-1]
    events = [(ledger.mapper.to_domain_event(last), last.id)]
    process(view, events, Tracking(ledger.name, last.id))


def test_a_batch_delivered_twice_is_refused_and_counts_once(container: Container) -> None:
    ledger, view = container.ledger, container.views["inventory"]
    run = Workload(ledger, container.executor)
    run.declare_channels()
    run.run(scripted(), lambda: None)
    follower = Follower(ledger, view, batch_size=5)
    follower.catch_up()
    applied = snapshot(view)
    # The tracking position refuses an event whose rows would apply cleanly again...
    with pytest.raises(IntegrityError):
        redeliver(ledger, view, "Channel.Configured")
    # ...and a stock event cannot be counted twice.
    with pytest.raises((OriginatorVersionError, IntegrityError)):
        redeliver(ledger, view, "StockItem.Received")
    assert snapshot(view) == applied
    assert follower.position == ledger.recorder.max_notification_id()


# --- rebuilds ----------------------------------------------------------------------------------

REBUILDS = hypothesis_settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@REBUILDS
@given(workload=workloads)
def test_a_rebuild_equals_the_live_views_row_for_row(
    container: Container, workload: list[Op]
) -> None:
    ledger = container.ledger
    live = {name: Follower(ledger, container.views[name], batch_size=3) for name in VIEWS}

    def step() -> None:
        for follower in live.values():
            follower.step()

    run = Workload(ledger, container.executor)
    run.declare_channels()
    run.run(workload, step)
    for follower in live.values():
        follower.catch_up()
    for name, follower in live.items():
        view = follower.view
        processed = snapshot(view)
        assert rebuild(ledger, view) == log_length(ledger)
        assert snapshot(view) == processed, name


def test_the_running_services_views_equal_a_rebuild(
    container: Container, settings: Settings
) -> None:
    # The live path: ProjectionRunner on PostgreSQL, background followers on SQLite, each
    # applying the log while the commands are still being written.
    container.start()
    run = Workload(container.ledger, container.executor)
    run.declare_channels()
    run.run(scripted() + scripted(), lambda: None)
    end = container.ledger.recorder.max_notification_id() or 0
    for name in VIEWS:
        container.wait_for(name, end, timeout=30)
    live = {name: snapshot(container.views[name]) for name in VIEWS}
    assert_availability_is_the_pipeline(container, run.skus)
    container.stop()

    fresh = build(settings)
    try:
        for name in VIEWS:
            rebuild(fresh.ledger, fresh.views[name])
            assert snapshot(fresh.views[name]) == live[name], name
    finally:
        fresh.stop()


def test_a_rebuild_of_an_empty_log_is_empty(container: Container) -> None:
    for name in VIEWS:
        view = container.views[name]
        assert rebuild(container.ledger, view) == 0
        assert all(rows == [] for rows in snapshot(view).values())


# --- the CLI -----------------------------------------------------------------------------------


def test_the_cli_rebuilds_every_view_and_prints_the_count(
    container: Container, settings: Settings
) -> None:
    ledger = container.ledger
    run = Workload(ledger, container.executor)
    run.declare_channels()
    run.run(scripted(), lambda: None)
    for name in VIEWS:
        container.followers[name].catch_up()
    live = {name: snapshot(container.views[name]) for name in VIEWS}
    total = log_length(ledger)

    result = CliRunner().invoke(
        cli, ["projections", "rebuild"], env={"DATABASE_URL": settings.database_url}
    )
    assert result.exit_code == 0, result.output
    for name in VIEWS:
        assert f"{name}: replayed {total} events" in result.output
        assert snapshot(container.views[name]) == live[name]


def test_the_cli_rebuilds_the_view_holding_a_table(
    container: Container, settings: Settings
) -> None:
    ledger = container.ledger
    executor = container.executor
    executor.execute(Receive(refs.sku(), "WH1", 3, "PO"))
    total = log_length(ledger)
    result = CliRunner().invoke(
        cli, ["projections", "rebuild", "stock_levels"], env={"DATABASE_URL": settings.database_url}
    )
    assert result.exit_code == 0, result.output
    assert f"inventory: replayed {total} events" in result.output
    assert "reservations:" not in result.output
    rows = query(container.views["inventory"], "SELECT on_hand FROM stock_levels")
    assert [int(row["on_hand"]) for row in rows] == [3]


def test_the_cli_refuses_an_unknown_view(settings: Settings) -> None:
    result = CliRunner().invoke(
        cli, ["projections", "rebuild", "nope"], env={"DATABASE_URL": settings.database_url}
    )
    assert result.exit_code != 0
    assert "no view or table 'nope'" in result.output
    assert "inventory" in result.output
