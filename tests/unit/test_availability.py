"""The channel-availability pipeline: every rule alone, then combined in the documented order,
then ring fences across three channels; and the invariants for any input."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.availability import (
    Figure,
    Rules,
    channel_figure,
    effective_fence,
    fenced_by_others,
    figure,
    pool,
)

# --- each rule alone -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pool_units", "rules", "available"),
    [
        pytest.param(10, Rules(), 10, id="no-rules-list-the-pool"),
        pytest.param(0, Rules(), 0, id="empty-pool"),
        # buffer
        pytest.param(10, Rules(buffer=3), 7, id="buffer-holds-units-back"),
        pytest.param(10, Rules(buffer=10), 0, id="buffer-equal-to-pool"),
        pytest.param(10, Rules(buffer=12), 0, id="buffer-beyond-pool-floors-at-0"),
        # percent, rounded down
        pytest.param(10, Rules(percent=50), 5, id="percent-half"),
        pytest.param(7, Rules(percent=50), 3, id="percent-rounds-3.5-down"),
        pytest.param(10, Rules(percent=33), 3, id="percent-rounds-3.3-down"),
        pytest.param(1, Rules(percent=99), 0, id="percent-rounds-0.99-down"),
        pytest.param(10, Rules(percent=0), 0, id="percent-0-lists-nothing"),
        pytest.param(10, Rules(percent=100), 10, id="percent-100-lists-everything"),
        # max_listed
        pytest.param(10, Rules(max_listed=5), 5, id="max-listed-caps"),
        pytest.param(10, Rules(max_listed=10), 10, id="max-listed-equal"),
        pytest.param(10, Rules(max_listed=20), 10, id="max-listed-above-pool"),
        pytest.param(10, Rules(max_listed=0), 0, id="max-listed-0"),
        # zero_below: 0 when at or below
        pytest.param(3, Rules(zero_below=4), 0, id="zero-below-under-threshold"),
        pytest.param(4, Rules(zero_below=4), 0, id="zero-below-at-threshold"),
        pytest.param(5, Rules(zero_below=4), 5, id="zero-below-above-threshold"),
        pytest.param(0, Rules(zero_below=0), 0, id="zero-below-0-at-0"),
        pytest.param(1, Rules(zero_below=0), 1, id="zero-below-0-above"),
    ],
)
def test_each_rule_alone(pool_units: int, rules: Rules, available: int) -> None:
    assert figure(pool_units, 0, rules).available == available


def test_a_buffer_beyond_the_pool_goes_negative_until_the_final_floor() -> None:
    got = figure(3, 0, Rules(buffer=5))
    assert (got.after_buffer, got.after_zero_below, got.after_max_listed) == (-2, -2, -2)
    assert got.available == 0


def test_every_step_is_reported() -> None:
    rules = Rules(buffer=4, percent=75, max_listed=25, zero_below=5)
    assert figure(50, 10, rules) == Figure(
        pool=50,
        fenced=10,
        after_fences=40,
        after_percent=30,
        after_buffer=26,
        after_zero_below=26,
        after_max_listed=25,
        available=25,
    )


# --- the pool ------------------------------------------------------------------------------

STOCK = {"WH1": 10, "WH2": 5, "WH3": 0}


@pytest.mark.parametrize(
    ("locations", "units"),
    [
        pytest.param([], 15, id="no-locations-means-every-location"),
        pytest.param(["WH1"], 10, id="one-location"),
        pytest.param(["WH1", "WH2"], 15, id="two-locations"),
        pytest.param(["WH2", "WH3"], 5, id="a-location-with-nothing"),
        pytest.param(["WH9"], 0, id="a-location-never-seen"),
        pytest.param(["WH2", "WH2"], 5, id="a-location-listed-twice-counts-once"),
    ],
)
def test_pool_sums_the_channels_locations(locations: list[str], units: int) -> None:
    assert pool(STOCK, locations) == units


# --- the rules combined, in the documented order -------------------------------------------


@pytest.mark.parametrize(
    ("pool_units", "fenced", "rules", "available"),
    [
        # 2 before 3: (10 - 4) * 50% = 3, not 10 * 50% - 4 = 1
        pytest.param(10, 4, Rules(percent=50), 3, id="fences-before-percent"),
        # 3 before 4: 10 * 50% - 2 = 3, not (10 - 2) * 50% = 4
        pytest.param(10, 0, Rules(percent=50, buffer=2), 3, id="percent-before-buffer"),
        # 4 before 5: 10 - 4 = 6 is at zero_below 6, so 0 (not 10 > 6, then 10 - 4 = 6)
        pytest.param(10, 0, Rules(buffer=4, zero_below=6), 0, id="buffer-before-zero-below"),
        # 5 before 6: 10 > 5 so 10, capped to 3 (not capped to 3, then 3 <= 5 so 0)
        pytest.param(10, 0, Rules(max_listed=3, zero_below=5), 3, id="zero-below-before-max"),
        # 4 before 6: min(10 - 2, 9) = 8, not min(10, 9) - 2 = 7
        pytest.param(10, 0, Rules(buffer=2, max_listed=9), 8, id="buffer-before-max"),
        # rounding happens at step 3, before the buffer: 7 * 50% = 3, - 1 = 2
        pytest.param(7, 0, Rules(percent=50, buffer=1), 2, id="rounding-before-buffer"),
        # the fences floor at 0 before percent and buffer
        pytest.param(3, 5, Rules(percent=50, buffer=1), 0, id="fences-beyond-pool"),
        # every rule: (50 - 10) * 75% = 30, - 4 = 26, > 5, min 25
        pytest.param(
            50, 10, Rules(buffer=4, percent=75, max_listed=25, zero_below=5), 25, id="all"
        ),
        # every rule, zero_below biting: (20 - 2) * 50% = 9, - 3 = 6 <= 6
        pytest.param(
            20, 2, Rules(buffer=3, percent=50, max_listed=4, zero_below=6), 0, id="all-zeroed"
        ),
    ],
)
def test_rules_combine_in_the_documented_order(
    pool_units: int, fenced: int, rules: Rules, available: int
) -> None:
    assert figure(pool_units, fenced, rules).available == available


def test_the_whole_pipeline_for_one_channel() -> None:
    stock = {"WH1": 30, "WH2": 20, "WH3": 5}
    rules = Rules(buffer=4, percent=75, max_listed=25, zero_below=5)
    got = channel_figure("shop", ["WH1", "WH2"], rules, stock, {"shop": 7, "amzn": 10})
    assert (got.pool, got.fenced, got.after_fences, got.after_percent) == (50, 10, 40, 30)
    assert got.available == 25


# --- rules as data -------------------------------------------------------------------------


def test_overrides_replace_only_the_rules_they_name() -> None:
    defaults = Rules(buffer=2, percent=80)
    got = defaults.overridden({"max_listed": 5, "ring_fence": 9, "unknown": 1})
    assert got == Rules(buffer=2, percent=80, max_listed=5)
    assert got.as_dict() == {"buffer": 2, "percent": 80, "max_listed": 5, "zero_below": None}


# --- ring fences -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ring_fence", "own_reserved", "effective"),
    [
        pytest.param(5, 0, 5, id="nothing-reserved-yet"),
        pytest.param(5, 3, 2, id="own-reservations-use-the-fence-first"),
        pytest.param(5, 5, 0, id="fence-used-up"),
        pytest.param(5, 8, 0, id="reserved-beyond-the-fence-never-below-0"),
        pytest.param(0, 3, 0, id="no-fence"),
    ],
)
def test_effective_fence(ring_fence: int, own_reserved: int, effective: int) -> None:
    assert effective_fence(ring_fence, own_reserved) == effective


Fences = dict[str, tuple[int, int]]  # channel -> (ring fence, its own open reserved units)


@pytest.mark.parametrize(
    ("units", "fences", "expected"),
    [
        pytest.param(20, {}, {"A": 20, "B": 20, "C": 20}, id="no-fences"),
        pytest.param(
            20, {"A": (5, 0)}, {"A": 20, "B": 15, "C": 15}, id="a-fence-shrinks-the-others"
        ),
        pytest.param(
            20, {"A": (5, 3)}, {"A": 20, "B": 18, "C": 18}, id="own-reservations-use-it-up"
        ),
        pytest.param(20, {"A": (5, 7)}, {"A": 20, "B": 20, "C": 20}, id="fence-fully-used"),
        pytest.param(
            20, {"A": (5, 0), "B": (4, 0)}, {"A": 16, "B": 15, "C": 11}, id="two-fences-add-up"
        ),
        pytest.param(
            20, {"A": (5, 1), "B": (4, 2)}, {"A": 18, "B": 16, "C": 14}, id="two-partly-used"
        ),
        pytest.param(3, {"A": (5, 0)}, {"A": 3, "B": 0, "C": 0}, id="fence-beyond-pool"),
        pytest.param(
            20, {"A": (15, 0), "B": (10, 0)}, {"A": 10, "B": 5, "C": 0}, id="fences-beyond-pool"
        ),
    ],
)
def test_ring_fences_across_three_channels(
    units: int, fences: Fences, expected: dict[str, int]
) -> None:
    effective = {ch: effective_fence(fence, held) for ch, (fence, held) in fences.items()}
    stock = {"WH1": units}
    got = {ch: channel_figure(ch, [], Rules(), stock, effective).available for ch in "ABC"}
    assert got == expected


def test_a_fence_is_location_blind() -> None:
    # A is fed by WH1 and fences 5; B, fed by WH2 only, still loses 5 units of its own pool.
    stock = {"WH1": 10, "WH2": 7}
    fences = {"A": effective_fence(5, 0)}
    assert channel_figure("A", ["WH1"], Rules(), stock, fences).available == 10
    assert channel_figure("B", ["WH2"], Rules(), stock, fences).available == 2
    assert channel_figure("C", ["WH2"], Rules(), {"WH2": 3}, fences).available == 0


def test_the_fenced_channel_sees_the_whole_pool_then_its_own_rules() -> None:
    stock = {"WH1": 20}
    fences = {"A": 5, "B": 4}
    got = channel_figure("A", [], Rules(percent=50, buffer=1), stock, fences)
    assert (got.pool, got.fenced, got.available) == (20, 4, 7)
    assert fenced_by_others(fences, "A") == 4
    assert fenced_by_others(fences, "C") == 9


# --- invariants ------------------------------------------------------------------------------

units = st.integers(min_value=0, max_value=1_000)
optional_units = st.none() | units
locations = st.sampled_from(["WH1", "WH2", "WH3"])
channels = st.sampled_from(["A", "B", "C", "D"])
rules = st.builds(
    Rules,
    buffer=units,
    percent=st.integers(min_value=0, max_value=100),
    max_listed=optional_units,
    zero_below=optional_units,
)


@given(
    stock=st.dictionaries(locations, units),
    feeding=st.lists(locations, max_size=3),
    rules=rules,
    fences=st.dictionaries(channels, st.tuples(units, units)),
    channel=channels,
)
def test_a_figure_is_never_above_the_pool_nor_negative(
    stock: dict[str, int],
    feeding: list[str],
    rules: Rules,
    fences: dict[str, tuple[int, int]],
    channel: str,
) -> None:
    effective = {ch: effective_fence(fence, held) for ch, (fence, held) in fences.items()}
    got = channel_figure(channel, feeding, rules, stock, effective)
    assert 0 <= got.available <= got.pool == pool(stock, feeding)
    assert got.available <= max(0, got.pool - fenced_by_others(effective, channel))
    if rules.max_listed is not None:
        assert got.available <= rules.max_listed
