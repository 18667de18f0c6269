"""`stocksync marketplace simulate`: secrets come from the environment variables named."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from interfaces.channels.marketplace import Connection
from interfaces.cli.marketplace import secrets_from_env
from tests.channels.kinds import push, update


def test_secrets_are_read_from_the_named_variables() -> None:
    assert secrets_from_env(["access_token=SHOP_TOKEN"], {"SHOP_TOKEN": "t"}) == {
        "access_token": "t"
    }
    with pytest.raises(ValueError, match="SHOP_TOKEN"):
        secrets_from_env(["access_token=SHOP_TOKEN"], {})
    with pytest.raises(ValueError, match="NAME=ENVVAR"):
        secrets_from_env(["access_token"], {})


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def test_the_command_serves_a_simulator_with_the_secret_from_the_environment() -> None:
    port = free_port()
    command = [str(Path(sys.executable).with_name("stocksync")), "marketplace", "simulate"]
    arguments = [
        "--kind",
        "shopify",
        "--port",
        str(port),
        "--secret",
        "access_token=SIM_SHOPIFY_TOKEN",
    ]
    env = {**os.environ, "SIM_SHOPIFY_TOKEN": "shpat_from_env"}
    process = subprocess.Popen(
        command + arguments, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        url = _wait_for(f"http://127.0.0.1:{port}", process)
        connection = Connection("shopify", url, 10.0, 10, {"access_token": "shpat_from_env"})
        change = update("shopify", 3)
        assert [r.status for r in push(connection, [change])] == ["applied"]
        assert list(httpx.get(f"{url}/_sim/listings").json().values()) == [3]
    finally:
        process.terminate()
        process.wait(timeout=10)


def _wait_for(url: str, process: subprocess.Popen[bytes]) -> str:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and process.poll() is None:
        try:
            httpx.get(f"{url}/_sim/stats").raise_for_status()
            return url
        except httpx.TransportError:
            time.sleep(0.05)
    raise AssertionError(f"the simulator did not come up at {url}")
