"""Configuration, from the environment only."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Everything the composition root needs; see README "Configuration"."""

    model_config = SettingsConfigDict(env_prefix="", extra="ignore")

    database_url: str = Field(
        default="sqlite:///./var/stocksync.db",
        description="sqlite:///path/to/file.db or postgresql://user:pass@host:port/dbname",
    )
    nats_url: str | None = Field(default=None, description="used from the reactor on")
    sweep_interval: float = Field(default=1.0, gt=0, description="seconds between expiry sweeps")
    sync_drift_seconds: float = Field(
        default=60.0, gt=0, description="a differing confirmation older than this is drifted"
    )
    follower_poll_interval: float = Field(
        default=0.1, gt=0, description="seconds between polls of the log by SQLite followers"
    )
