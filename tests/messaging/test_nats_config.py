"""`stocksync nats config`: the authorization block for an operator's nats-server, checked by a
real nats-server (`-t`) and then enforced by one."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from interfaces.messaging import streams, subjects
from interfaces.messaging.embedded import EmbeddedNats
from interfaces.messaging.errors import PublishFailed
from interfaces.messaging.host import free_port, server_binary
from interfaces.messaging.users import hash_password
from interfaces.runtime.bootstrap import build
from interfaces.runtime.settings import Settings
from tests.e2e.processes import stocksync_command
from tests.messaging.secured import SERVICE, adapter, connected

SERVICE_URL = f"nats://{SERVICE.user}:{SERVICE.password}@127.0.0.1:4222"


def nats_config(database_url: str, nats_url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database_url, "NATS_URL": nats_url}
    command = [stocksync_command(), "nats", "config"]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)


@pytest.fixture
def block(settings: Settings) -> str:
    """The printed block, for a ledger whose channel "shop" was issued a credential."""
    container = build(settings)
    container.ledger.declare_channel("shop", "webhook", [], {}, None)
    container.ledger.rotate_adapter_credential("shop", hash_password("shop-password"))
    container.ledger.close()
    printed = nats_config(settings.database_url, SERVICE_URL)
    assert printed.returncode == 0, printed.stderr
    return printed.stdout


def test_nats_server_accepts_the_printed_block(block: str, tmp_path: Path) -> None:
    config = tmp_path / "operator.conf"
    config.write_text(f"port: {free_port()}\n{block}")
    check = subprocess.run([server_binary(), "-c", str(config), "-t"], capture_output=True)
    assert check.returncode == 0, check.stderr
    assert "shop-password" not in block and SERVICE.password not in block


@pytest.mark.asyncio
async def test_a_server_with_the_block_enforces_the_permissions(block: str, tmp_path: Path) -> None:
    with EmbeddedNats(tmp_path / "nats", port=free_port(), authorization=lambda: block) as server:
        service = await connected(server.url, SERVICE)
        await service.ensure_streams()
        await service.ensure_consumer(streams.adapter_consumer("shop"))
        shop = await connected(server.url, adapter("shop", "shop-password"))
        await shop.consumer(streams.adapter_consumer("shop"), create=False)
        assert await shop.publish(subjects.confirmations_subject("shop"), b"{}", "c-1") is False
        with pytest.raises(PublishFailed):
            await shop.publish(subjects.availability_subject("shop", "SKU-1"), b"9", "forged")
        await shop.close()
        await service.close()


def test_without_the_services_credentials_it_says_what_to_set(settings: Settings) -> None:
    printed = nats_config(settings.database_url, "nats://127.0.0.1:4222")
    assert printed.returncode != 0
    assert "NATS_USER" in printed.stderr
