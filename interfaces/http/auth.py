"""Bearer tokens on every /v1 route: who is calling, and whether the route's scope and channel
are theirs. The rules are the domain's Grant; this module only finds the grant and asks it.

Each route declares its one scope with ``scope(...)`` (the path's ``{channel}``, if any, is
checked here) or, when the route itself checks a channel it learns from the body or a
reservation, with ``channel_checked_by_route(...)``. Both put the scope in the OpenAPI
document's security requirement, which is how tests find a route left without one.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer, SecurityScopes

from domain.errors import Unauthenticated
from domain.grant import Grant

bearer = HTTPBearer(
    auto_error=False,  # a missing token is answered as problem+json below, not as FastAPI's
    scheme_name="bearer",
    bearerFormat="sst_<id>_<secret>",
    description="An API token: `Authorization: Bearer <token>`. Each route names the scope it "
    "needs; `admin` holds every scope.",
)
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


async def authenticated(
    security_scopes: SecurityScopes, request: Request, credentials: Credentials
) -> Grant:
    """The caller's grant: 401 without an active token, 403 without the route's scope.
    async, and no I/O: the keyring answers from memory."""
    if credentials is None:
        raise Unauthenticated("this route needs `Authorization: Bearer <token>`", presented=False)
    grant: Grant | None = request.app.state.container.keyring.grant(credentials.credentials)
    if grant is None:
        raise Unauthenticated("the token is unknown, revoked or expired", presented=True)
    for needed in security_scopes.scopes:
        grant.require(needed)
    return grant


async def on_path_channel(
    request: Request, grant: Annotated[Grant, Security(authenticated)]
) -> Grant:
    """The grant, when it covers the path's ``{channel}``; a channel-limited token gets 403 on
    a route that names another channel or none."""
    grant.require_channel(request.path_params.get("channel"))
    return grant


def scope(name: str) -> Any:
    """The dependency of a route that needs scope ``name`` (``dependencies=[scope(...)]``)."""
    return Security(on_path_channel, scopes=[name])


def channel_checked_by_route(name: str) -> Any:
    """Scope ``name`` only: the route checks the channel itself with ``Grant.require_channel``
    or ``Grant.covers``, because the channel is in the body or in a stored reservation."""
    return Security(authenticated, scopes=[name])
