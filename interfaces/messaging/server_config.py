"""The text of a nats-server config: the embedded server's, and the `authorization` block that
grants the users (the same block `stocksync nats config` prints for an operator's server).

Strings are written as JSON strings, which nats-server's config parser reads as quoted strings:
so `$` in bcrypt hashes and in `$JS.API...` subjects is never taken for a variable.
"""

from __future__ import annotations

import json
import os
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from interfaces.messaging.users import NatsUser


def authorization_block(users: Sequence[NatsUser]) -> str:
    """`authorization { users = [...] }` granting each user its permissions."""
    lines = ["authorization {", "  users = ["]
    for user in users:
        entry: dict[str, Any] = {"user": user.name, "password": user.password_hash}
        if user.permissions is not None:
            entry["permissions"] = {
                "publish": {"allow": list(user.permissions.publish)},
                "subscribe": {"allow": list(user.permissions.subscribe)},
            }
        lines.append(textwrap.indent(json.dumps(entry, indent=2), "    "))
    return "\n".join([*lines, "  ]", "}", ""])


def server_config(
    host: str, port: int, store_dir: Path, sync_always: bool, authorization: str | None
) -> str:
    """An embedded server's config: where it listens, its JetStream store and its users
    (without an authorization block, anyone may connect: the tests' own servers)."""
    lines = [f"host: {json.dumps(host)}", f"port: {port}", "jetstream {"]
    lines.append(f"  store_dir: {json.dumps(str(store_dir))}")
    if sync_always:
        lines.append("  sync_interval: always")
    lines += ["}", ""]
    return "\n".join(lines) + (authorization or "")


def write_private(path: Path, text: str) -> None:
    """Write a file only its owner may read (a config with password hashes)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # a file written before by an older version may be readable by all
    with os.fdopen(fd, "w") as out:
        out.write(text)
