"""Ids become single subject tokens, reversibly, and the builders follow the contract."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.ids import ID_PATTERN
from interfaces.messaging import subjects

ids = st.from_regex(ID_PATTERN, fullmatch=True)


@given(ids)
def test_every_valid_id_round_trips(value: str) -> None:
    assert subjects.decode(subjects.encode(value)) == value


@given(st.text(min_size=1))
def test_any_text_round_trips(value: str) -> None:
    assert subjects.decode(subjects.encode(value)) == value


@given(st.text(min_size=1))
def test_a_token_never_holds_a_separator_a_wildcard_or_whitespace(value: str) -> None:
    token = subjects.encode(value)
    assert not any(ch in token for ch in ".*> \t\r\n")


@given(ids, ids)
def test_distinct_pairs_get_distinct_subjects(sku_a: str, sku_b: str) -> None:
    subject_a = subjects.availability_subject("web", sku_a)
    assert (subject_a == subjects.availability_subject("web", sku_b)) == (sku_a == sku_b)


@given(ids, ids)
def test_the_ids_of_a_subject_are_read_back(channel: str, sku: str) -> None:
    subject = subjects.availability_subject(channel, sku)
    assert subjects.ids_of(subject, subjects.AVAILABILITY) == (channel, sku)


def test_dots_and_percent_signs_are_escaped() -> None:
    assert subjects.encode("SKU.1") == "SKU%2E1"
    assert subjects.encode("a%2E") == "a%252E"
    assert subjects.encode("a*b>c d") == "a%2Ab%3Ec%20d"


@pytest.mark.parametrize("token", ["", "a.b", "%2e", "%41", "%4", "a%", "%FF"])
def test_tokens_encode_never_makes_are_refused(token: str) -> None:
    with pytest.raises(ValueError):
        subjects.decode(token)


def test_the_builders_follow_the_contract() -> None:
    availability = subjects.availability_subject("shop.eu", "A.1")
    assert availability == "stocksync.availability.shop%2Eeu.A%2E1"
    assert subjects.availability_filter("shop.eu") == "stocksync.availability.shop%2Eeu.>"
    assert subjects.events_subject("WH.1", "A") == "stocksync.events.WH%2E1.A"
    assert subjects.confirmations_subject("web") == "stocksync.confirmations.web"
    assert subjects.deadletter_subject("web") == "stocksync.deadletter.web"
    assert subjects.AUDIT_CHECKPOINTS == "stocksync.audit.checkpoints"


def test_the_msg_id_keeps_the_raw_ids() -> None:
    assert subjects.availability_msg_id("shop.eu", "A.1", 42) == "shop.eu:A.1:42"


def test_a_durable_name_holds_no_dot() -> None:
    assert subjects.durable_name("adapter", "shop.eu") == "adapter-shop%2Eeu"
