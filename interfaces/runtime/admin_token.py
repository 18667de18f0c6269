"""The first serve's admin token: without STOCKSYNC_ADMIN_TOKEN and without any active token,
nobody could call the API, so serve issues an admin token and leaves it in a file only the
service's user can read. The log names the file, never the secret."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from domain.grant import ADMIN
from interfaces.runtime.bootstrap import Container

log = logging.getLogger(__name__)

NAME = "admin (created by serve)"


def ensure_admin_token(container: Container) -> Path | None:
    """Issue an admin token into ADMIN_TOKEN_FILE (mode 0600) when no token works; the file's
    path, or None when there was no need."""
    settings = container.settings
    if settings.stocksync_admin_token is not None:
        return None
    container.keyring.refresh()
    if container.keyring.any_active():
        return None
    token, secret = container.keyring.issue(NAME, [ADMIN], [], None)
    path = settings.admin_token_file.resolve()
    write_private(path, secret + "\n")
    log.info("no API token worked: issued admin token %s into %s", token.token_id, path)
    return path


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` readable by this user only, replacing it whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as file:
        file.write(text)
    os.chmod(temporary, 0o600)  # open's mode applies only to a file it creates
    os.replace(temporary, path)
