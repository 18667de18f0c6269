"""The first serve's admin token: issued only when no token works and no admin token is set,
written to ADMIN_TOKEN_FILE with mode 0600, its path logged and never its secret."""

from __future__ import annotations

import logging
import stat
from pathlib import Path

import pytest
from pydantic import ValidationError

from domain.grant import ADMIN, READ
from interfaces.runtime.admin_token import ensure_admin_token
from interfaces.runtime.bootstrap import build
from interfaces.runtime.settings import Settings


def bare(settings: Settings, tmp_path: Path) -> Settings:
    """The test's settings without STOCKSYNC_ADMIN_TOKEN, the file under the test's folder."""
    update = {"stocksync_admin_token": None, "admin_token_file": tmp_path / "var" / "admin-token"}
    return settings.model_copy(update=update)


def test_without_any_token_serve_issues_an_admin_token_into_a_private_file(
    settings: Settings, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    container = build(bare(settings, tmp_path))
    try:
        with caplog.at_level(logging.INFO):
            path = ensure_admin_token(container)
        assert path == (tmp_path / "var" / "admin-token").resolve()
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        secret = path.read_text().strip()
        grant = container.keyring.grant(secret)
        assert grant is not None and grant.allows(ADMIN)
        assert str(path) in caplog.text and secret not in caplog.text
        assert ensure_admin_token(container) is None  # one works now: nothing more
        assert path.read_text().strip() == secret
    finally:
        container.stop()


def test_a_working_token_or_the_admin_token_setting_means_no_file(
    settings: Settings, tmp_path: Path
) -> None:
    with_setting = build(settings.model_copy(update={"admin_token_file": tmp_path / "a"}))
    try:
        assert ensure_admin_token(with_setting) is None
        with_setting.keyring.issue("reader", [READ], [], None)
    finally:
        with_setting.stop()
    container = build(bare(settings, tmp_path))
    try:
        assert ensure_admin_token(container) is None
        assert not (tmp_path / "a").exists() and not (tmp_path / "var").exists()
    finally:
        container.stop()


def test_a_short_admin_token_is_refused_without_being_echoed() -> None:
    with pytest.raises(ValidationError) as refused:
        Settings(stocksync_admin_token="short-secret-x")
    assert "stocksync_admin_token" in str(refused.value)
    assert "short-secret-x" not in str(refused.value)


def test_a_child_process_gets_the_admin_token_itself_not_its_mask() -> None:
    settings = Settings(stocksync_admin_token="a-long-enough-admin-token")
    assert settings.as_env()["STOCKSYNC_ADMIN_TOKEN"] == "a-long-enough-admin-token"
    assert "a-long-enough-admin-token" not in repr(settings)
