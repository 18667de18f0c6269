"""Grant: what a token may do, by scope and by channel."""

from __future__ import annotations

import pytest

from domain.errors import Forbidden, InvalidCommand
from domain.grant import (
    ADMIN,
    AUDIT_READ,
    CHANNELS_WRITE,
    READ,
    RESERVATIONS_WRITE,
    SCOPES,
    STOCK_WRITE,
    Grant,
    check_grant,
)


def grant(*scopes: str, channels: tuple[str, ...] = ()) -> Grant:
    return Grant(frozenset(scopes), frozenset(channels))


def test_a_token_is_allowed_exactly_its_scopes() -> None:
    reader = grant(READ)
    assert reader.allows(READ)
    assert not any(reader.allows(scope) for scope in SCOPES if scope != READ)


def test_admin_is_every_scope() -> None:
    assert all(grant(ADMIN).allows(scope) for scope in SCOPES)


def test_a_missing_scope_is_refused_by_name() -> None:
    with pytest.raises(Forbidden) as refused:
        grant(READ, RESERVATIONS_WRITE).require(STOCK_WRITE)
    assert refused.value.scope == STOCK_WRITE
    assert STOCK_WRITE in str(refused.value)


def test_an_unlimited_token_covers_every_channel_and_what_belongs_to_none() -> None:
    unlimited = grant(READ)
    assert not unlimited.limited
    assert unlimited.covers("shop") and unlimited.covers(None)


def test_a_limited_token_covers_its_own_channels_only() -> None:
    limited = grant(READ, channels=("shop", "b2b"))
    assert limited.limited
    assert limited.covers("shop") and limited.covers("b2b")
    assert not limited.covers("amazon-eu")
    assert not limited.covers(None)  # stock, transfers, the log: tied to no channel


def test_a_channel_refusal_names_the_tokens_channels_never_the_other() -> None:
    with pytest.raises(Forbidden) as refused:
        grant(ADMIN, channels=("shop",)).require_channel("competitor")
    assert "shop" in str(refused.value)
    assert "competitor" not in str(refused.value)
    assert refused.value.scope is None


@pytest.mark.parametrize(
    ("scopes", "channels"),
    [([], []), (["write"], []), ([READ, "audit"], []), ([READ], ["no spaces"]), ([READ], [""])],
)
def test_unknown_scopes_no_scope_and_bad_channel_ids_are_refused(
    scopes: list[str], channels: list[str]
) -> None:
    with pytest.raises(InvalidCommand):
        check_grant(scopes, channels)


def test_every_scope_of_the_contract_is_known() -> None:
    check_grant([READ, STOCK_WRITE, RESERVATIONS_WRITE, CHANNELS_WRITE, AUDIT_READ, ADMIN], [])
