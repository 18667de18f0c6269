"""How the simulated Shopee checks a shop-level call (partner, shop, token, a timestamp within
5 minutes and the signature over the call's own path), and the shape of its answers."""

from __future__ import annotations

import hmac
import uuid
from typing import Any

from fastapi.responses import JSONResponse

from interfaces.channels.shopee import PATH, common_params

TIMESTAMP_TOLERANCE = 300
COMMON = ("partner_id", "timestamp", "access_token", "shop_id", "sign")


def answer(error: str = "", message: str = "", status: int = 200, **more: Any) -> JSONResponse:
    """Shopee's answer: {error, message, request_id, ...} (an empty error is success)."""
    body = {"error": error, "message": message, "request_id": uuid.uuid4().hex, **more}
    return JSONResponse(body, status)


def auth_problem(
    query: dict[str, str], secrets: dict[str, str], now: float, path: str = PATH
) -> str | None:
    """Why the common parameters do not authenticate a call to `path`, or None."""
    missing = [name for name in COMMON if not query.get(name)]
    if missing:
        return f"missing {', '.join(missing)}"
    if not query["timestamp"].isdigit() or abs(now - int(query["timestamp"])) > TIMESTAMP_TOLERANCE:
        return "timestamp is invalid or expired"
    for name in ("partner_id", "shop_id", "access_token"):
        if query[name] != secrets[name]:
            return f"invalid {name}"
    expected = common_params(secrets, path, int(query["timestamp"]))["sign"]
    return None if hmac.compare_digest(expected, query["sign"]) else "wrong sign"
