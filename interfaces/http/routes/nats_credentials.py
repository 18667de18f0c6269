"""A channel adapter's NATS credentials (admin): its own user, which may read only its channel's
figures and publish only its channel's confirmations and dead letters."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter

from domain.grant import ADMIN
from interfaces.http.auth import scope
from interfaces.http.credential_schemas import NatsCredentialsOut
from interfaces.http.deps import ChannelName, Issuer

router = APIRouter(prefix="/v1/channels", tags=["channels"], dependencies=[scope(ADMIN)])


@router.post("/{channel}/nats-credentials", status_code=201, response_model=NatsCredentialsOut)
def rotate_nats_credentials(channel: ChannelName, issuer: Issuer) -> dict[str, Any]:
    """Create the channel adapter's NATS user, or give it a new password: the previous one stops
    working at once (the embedded nats-server reloads its users; an operator's server needs
    `stocksync nats config` and a reload). The password is shown only in this answer. 404 for
    an unknown channel; 503 when NATS does not answer, and then nothing is changed."""
    return asdict(issuer.rotate(channel))
