"""The NATS users' names, subjects and logins, as the server config and the clients use them."""

from __future__ import annotations

from pathlib import Path

from pydantic import SecretStr

from interfaces.messaging.embedded import EmbeddedNats
from interfaces.messaging.host import free_port
from interfaces.messaging.users import Login, adapter_permissions, without_credentials
from interfaces.runtime.settings import Settings


def test_a_channel_id_with_a_dot_is_one_token_in_every_subject() -> None:
    permissions = adapter_permissions("shop.eu")
    assert permissions.publish == (
        "stocksync.confirmations.shop%2Eeu",
        "stocksync.deadletter.shop%2Eeu",
        "$JS.API.CONSUMER.INFO.STOCKSYNC_AVAILABILITY.adapter-shop%2Eeu",
        "$JS.API.CONSUMER.MSG.NEXT.STOCKSYNC_AVAILABILITY.adapter-shop%2Eeu",
        "$JS.ACK.STOCKSYNC_AVAILABILITY.adapter-shop%2Eeu.>",
    )
    assert permissions.subscribe == ("_INBOX_shop%2Eeu.>", "stocksync.availability.shop%2Eeu.>")


def test_urls_lose_their_credentials_in_logs_and_answers() -> None:
    assert (
        without_credentials("nats://svc:s3cret@nats.internal:4222") == "nats://nats.internal:4222"
    )
    assert without_credentials("nats://127.0.0.1:4222") == "nats://127.0.0.1:4222"


def test_the_login_comes_from_the_environment_first_then_the_url() -> None:
    url = "nats://svc:p%40ss@127.0.0.1:4222"
    assert Settings(nats_url=url).nats_login() == ("svc", "p@ss")
    given = Settings(nats_url=url, nats_user="other", nats_password=SecretStr("pw"))
    assert given.nats_login() == ("other", "pw")
    assert Settings(nats_url="nats://127.0.0.1:4222").nats_login() is None


def test_a_child_process_gets_the_password_itself_in_its_environment() -> None:
    env = Settings(nats_user="stocksync", nats_password=SecretStr("pw")).as_env()
    assert (env["NATS_USER"], env["NATS_PASSWORD"]) == ("stocksync", "pw")


def test_a_login_sets_only_what_it_has() -> None:
    assert Login().options() == {}
    assert Login("u", "p", "_INBOX_u").options() == {
        "user": "u",
        "password": "p",
        "inbox_prefix": "_INBOX_u",
    }


def test_the_servers_config_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    with EmbeddedNats(tmp_path / "nats", port=free_port(), authorization=lambda: "") as server:
        mode = (server.store_dir / "nats-server.conf").stat().st_mode
        assert mode & 0o777 == 0o600
