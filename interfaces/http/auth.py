"""Bearer tokens on every /v1 route: who is calling, and whether the route's scope and channel
are theirs. The rules are the domain's Grant; this module only finds the grant and asks it.

Each route declares its one scope with ``scope(...)`` (the path's ``{channel}``, if any, is
checked here) or, when the route itself checks a channel it learns from the body or a
reservation, with ``channel_checked_by_route(...)``. Both put the scope in the OpenAPI
document's security requirement, which is how tests find a route left without one.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request, Security
from fastapi.openapi.models import HTTPBearer as HTTPBearerModel
from fastapi.security.base import SecurityBase
from fastapi.security.utils import get_authorization_scheme_param

from domain.errors import Unauthenticated
from domain.grant import Grant

SCHEME = HTTPBearerModel(
    bearerFormat="sst_<id>_<secret>",
    description="An API token: `Authorization: Bearer <token>`. Each route names the scope it "
    "needs; `admin` holds every scope.",
)


class BearerCheck(SecurityBase):
    """One route's check, as one dependency: the token (401), the scope (403) and, unless the
    route checks the channel itself, the path's ``{channel}`` (403). One dependency rather than
    FastAPI's HTTPBearer beneath ours: each level costs every request tens of microseconds."""

    def __init__(self, needed: str, *, path_channel: bool) -> None:
        self.model = SCHEME
        self.scheme_name = "bearer"
        self.needed = needed
        self.path_channel = path_channel

    async def __call__(self, request: Request) -> Grant:
        """The caller's grant. async, and no I/O: the keyring answers from memory."""
        scheme, token = get_authorization_scheme_param(request.headers.get("Authorization"))
        if scheme.lower() != "bearer" or not token:
            raise Unauthenticated(
                "this route needs `Authorization: Bearer <token>`", presented=False
            )
        grant: Grant | None = request.app.state.container.keyring.grant(token)
        if grant is None:
            raise Unauthenticated("the token is unknown, revoked or expired", presented=True)
        grant.require(self.needed)
        if self.path_channel:
            # A channel-limited token gets 403 on a route that names another channel, or none.
            grant.require_channel(request.path_params.get("channel"))
        return grant


def scope(name: str) -> Any:
    """The dependency of a route that needs scope ``name`` (``dependencies=[scope(...)]``)."""
    return Security(BearerCheck(name, path_channel=True), scopes=[name])


def channel_checked_by_route(name: str) -> Any:
    """Scope ``name`` only: the route checks the channel itself with ``Grant.require_channel``
    or ``Grant.covers``, because the channel is in the body or in a stored reservation."""
    return Security(BearerCheck(name, path_channel=False), scopes=[name])
