"""`stocksync serve` on an empty database, without STOCKSYNC_ADMIN_TOKEN: it issues an admin
token into ./var/admin-token (mode 0600), logs the path and not the secret, and a restart
issues no other."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import httpx

from interfaces.messaging.embedded import EmbeddedNats
from tests.e2e.processes import Service, free_port, stocksync_command
from tests.e2e.stack import base_env


def test_the_first_serve_issues_an_admin_token_into_a_private_file(
    tmp_path: Path, database_url: str, nats: EmbeddedNats
) -> None:
    env = base_env(os.environ, database_url, nats.url)
    env.pop("STOCKSYNC_ADMIN_TOKEN", None)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    args = [stocksync_command(), "serve", "--port", str(port), "--no-access-log"]
    service = Service("serve", args, env, tmp_path / "logs", tmp_path, f"{url}/healthz")
    try:
        service.start().wait_ready()
        path = tmp_path / "var" / "admin-token"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        secret = path.read_text().strip()
        assert str(path) in service.log_text() and secret not in service.log_text()
        headers = {"Authorization": f"Bearer {secret}"}
        tokens = httpx.get(f"{url}/v1/tokens", headers=headers).json()["tokens"]
        assert [t["scopes"] for t in tokens] == [["admin"]]
        service.stop()
        service.start().wait_ready()
        assert path.read_text().strip() == secret
        assert len(httpx.get(f"{url}/v1/tokens", headers=headers).json()["tokens"]) == 1
        assert httpx.get(f"{url}/v1/tokens").status_code == 401
    finally:
        service.stop()
