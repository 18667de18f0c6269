"""AdapterCredential: issuing and rotating a channel adapter's password hash."""

from __future__ import annotations

from functools import reduce
from typing import Any

import pytest

from domain.adapter_credential import AdapterCredential
from domain.errors import InvalidCommand
from tests.unit.scenario import names

FIRST = "$2b$10$" + "a" * 53
SECOND = "$2b$10$" + "b" * 53


def issued() -> AdapterCredential:
    """A credential as loaded from the store: issued, events collected."""
    credential = AdapterCredential.issue("shop", FIRST)
    credential.collect_events()
    return credential


def test_issuing_records_the_channel_and_only_the_hash() -> None:
    credential = AdapterCredential.issue("shop", FIRST)
    [event] = credential.collect_events()
    assert names([event]) == ["AdapterCredential.Issued"]
    assert (event.channel, event.password_hash) == ("shop", FIRST)
    assert credential.id == AdapterCredential.create_id("shop")


def test_rotating_records_the_new_hash() -> None:
    credential = issued()
    credential.rotate(SECOND)
    events = list(credential.collect_events())
    assert names(events) == ["AdapterCredential.Rotated"]
    assert credential.password_hash == SECOND


@pytest.mark.parametrize("secret", ["hunter2", "", "$2b$", "2b$10$abc", "$$10$abc"])
def test_a_password_is_never_kept_in_place_of_a_hash(secret: str) -> None:
    with pytest.raises(InvalidCommand):
        AdapterCredential.issue("shop", secret)
    credential = issued()
    with pytest.raises(InvalidCommand):
        credential.rotate(secret)
    assert credential.collect_events() == []
    assert credential.password_hash == FIRST


def test_replaying_the_events_gives_the_latest_hash() -> None:
    credential = AdapterCredential.issue("shop", FIRST)
    credential.rotate(SECOND)
    events: list[Any] = list(credential.collect_events())
    replayed = reduce(lambda aggregate, event: event.mutate(aggregate), events, None)
    assert (replayed.channel, replayed.password_hash, replayed.version) == ("shop", SECOND, 2)
