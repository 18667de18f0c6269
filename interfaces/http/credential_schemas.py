"""Response model of a channel adapter's NATS credentials."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class NatsCredentialsOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "nats_url": "nats://127.0.0.1:4222",
                    "user": "adapter-shop",
                    "password": "k3J9q0Qh8mRZ1a2b3c4d5e6f7g8h9i0jKLMNOPQRSTU",
                }
            ]
        }
    )
    nats_url: str = Field(description="the NATS server the adapter connects to")
    user: str = Field(description="the channel adapter's NATS user")
    password: str = Field(description="its new password: shown this once, stored only hashed")
