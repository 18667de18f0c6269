"""The embedded nats-server: a free port when the wanted one is busy, a locked store, a restart."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from interfaces.messaging.embedded import DEFAULT_PORT, EmbeddedNats
from interfaces.messaging.errors import NatsServerError
from interfaces.messaging.host import free_port, port_is_free


def test_a_busy_port_makes_it_take_a_free_one(tmp_path: Path) -> None:
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        busy = squatter.getsockname()[1]
        with EmbeddedNats(tmp_path / "nats", port=busy) as server:
            assert server.port != busy
            assert server.url == f"nats://127.0.0.1:{server.port}"


def test_a_free_port_is_taken_as_asked(tmp_path: Path) -> None:
    wanted = free_port()
    with EmbeddedNats(tmp_path / "nats", port=wanted) as server:
        assert server.port == wanted
        assert not port_is_free("127.0.0.1", wanted)
    assert port_is_free("127.0.0.1", wanted)


def test_it_writes_sync_always_unless_told_otherwise(tmp_path: Path) -> None:
    with EmbeddedNats(tmp_path / "a", port=free_port()) as server:
        assert "sync_interval: always" in (server.store_dir / "nats-server.conf").read_text()
    with EmbeddedNats(tmp_path / "b", port=free_port(), sync_always=False) as server:
        assert "sync_interval" not in (server.store_dir / "nats-server.conf").read_text()


def test_a_second_server_on_the_same_store_is_refused(tmp_path: Path) -> None:
    with EmbeddedNats(tmp_path / "nats", port=free_port()):
        second = EmbeddedNats(tmp_path / "nats", port=free_port())
        with pytest.raises(NatsServerError, match="in use"):
            second.start()


def test_a_restart_keeps_the_port(tmp_path: Path) -> None:
    with EmbeddedNats(tmp_path / "nats", port=free_port()) as server:
        url = server.url
        assert server.restart() == url


def test_a_server_that_cannot_start_reports_its_output(tmp_path: Path) -> None:
    (tmp_path / "nats").mkdir()
    (tmp_path / "nats" / "jetstream").write_text("not a directory")
    server = EmbeddedNats(tmp_path / "nats", port=free_port())
    with pytest.raises(NatsServerError, match="storage directory is not a directory"):
        server.start()


def test_by_default_it_prefers_4222(tmp_path: Path) -> None:
    was_free = port_is_free("127.0.0.1", DEFAULT_PORT)
    with EmbeddedNats(tmp_path / "nats") as server:
        assert (server.port == DEFAULT_PORT) == was_free
