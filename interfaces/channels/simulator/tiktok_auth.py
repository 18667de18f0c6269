"""How the simulated TikTok Shop checks a call: app_key, shop_cipher, a timestamp within 5
minutes, the token in x-tts-access-token, and the signature over path, query and raw body."""

from __future__ import annotations

import hmac
import uuid
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse

from interfaces.channels.tiktok import TOKEN_HEADER, sign

TOLERANCE = 300
REQUIRED = ("app_key", "timestamp", "sign", "shop_cipher")


def answer(code: int = 0, message: str = "Success", status: int = 200, **data: Any) -> JSONResponse:
    """TikTok Shop's answer: {code, message, request_id, data}."""
    body = {"code": code, "message": message, "request_id": uuid.uuid4().hex, "data": data}
    return JSONResponse(body, status)


async def auth_problem(
    request: Request, secrets: dict[str, str], now: float
) -> JSONResponse | None:
    """Why the call is not authenticated (as TikTok Shop's error), or None."""
    query = dict(request.query_params)
    missing = [name for name in REQUIRED if not query.get(name)]
    if missing:
        return answer(36009001, f"missing {', '.join(missing)}", 401)
    if not query["timestamp"].isdigit() or abs(now - int(query["timestamp"])) > TOLERANCE:
        return answer(106002, "The timestamp is invalid or expired", 401)
    if query["app_key"] != secrets["app_key"] or query["shop_cipher"] != secrets["shop_cipher"]:
        return answer(106001, "Invalid credentials: app_key or shop_cipher", 401)
    expected = sign(secrets["app_secret"], request.url.path, query, await request.body())
    if not hmac.compare_digest(expected, query["sign"]):
        return answer(106001, "Invalid credentials. The 'sign' query parameter is invalid.", 401)
    if request.headers.get(TOKEN_HEADER) != secrets["access_token"]:
        return answer(105002, "Expired or invalid access token", 401)
    return None
