"""ApiToken: given its events, when a command, then these events, or this refusal; and how a
presented token is recognised."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.api_token import ApiToken, compose, secret_hash, token_id_in
from domain.errors import InvalidCommand
from domain.grant import READ, Grant
from domain.records import event_record

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
SECRET = compose("0123456789abcdef", "s3cr3t-random-part")


def issued(expires_at: datetime | None = None) -> ApiToken:
    """A token as loaded from the store: its creation collected."""
    token = ApiToken("0123456789abcdef", "shop", [READ], ["shop"], expires_at, secret_hash(SECRET))
    token.collect_events()
    return token


def test_the_id_is_read_from_a_presented_token() -> None:
    assert token_id_in(SECRET) == "0123456789abcdef"
    for foreign in ("", "sst_", "sst_abc", "sst__secret", "Basic abc", "ghp_abc_def"):
        assert token_id_in(foreign) is None, foreign


def test_a_token_recognises_its_secret_only() -> None:
    token = issued()
    assert token.authenticates(SECRET, NOW)
    assert not token.authenticates(SECRET + "x", NOW)
    assert not token.authenticates(compose("0123456789abcdef", "guess"), NOW)
    assert token.grant == Grant(frozenset({READ}), frozenset({"shop"}))


def test_creation_records_the_hash_never_the_secret() -> None:
    token = ApiToken("0123456789abcdef", "shop", [READ], [], None, secret_hash(SECRET))
    (created,) = token.collect_events()
    assert isinstance(created, ApiToken.Created)
    assert SECRET not in repr(created.__dict__)
    record = event_record(created)
    assert record["data"] == {
        "token_id": "0123456789abcdef",
        "name": "shop",
        "scopes": [READ],
        "channels": [],
        "expires_at": None,
    }


def test_revoking_records_the_tokens_name_id_and_scopes_once() -> None:
    token = issued()
    token.revoke()
    (revoked,) = token.collect_events()
    assert isinstance(revoked, ApiToken.Revoked)
    assert event_record(revoked)["data"] == {
        "token_id": "0123456789abcdef",
        "name": "shop",
        "scopes": [READ],
    }
    assert not token.authenticates(SECRET, NOW)
    token.revoke()
    assert token.collect_events() == []


def test_an_expired_token_no_longer_authenticates() -> None:
    token = issued(expires_at=NOW + timedelta(hours=1))
    assert token.authenticates(SECRET, NOW + timedelta(minutes=59))
    assert not token.authenticates(SECRET, NOW + timedelta(hours=1))


@pytest.mark.parametrize(
    ("name", "expires_at"),
    [("", None), ("  ", None), ("tab\there", None), ("x" * 201, None), ("ok", NOW)],
)
def test_a_blank_or_unprintable_name_or_a_past_expiry_is_refused(
    name: str, expires_at: datetime | None
) -> None:
    with pytest.raises(InvalidCommand):
        ApiToken.check(name, [READ], [], expires_at, NOW)
