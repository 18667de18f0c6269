"""How the simulated Lazada checks a call: the system parameters, a timestamp within 5 minutes,
the app key and token, and the signature over every parameter (query and form alike)."""

from __future__ import annotations

import hmac
from typing import Any
from urllib.parse import parse_qsl

from fastapi import Request
from fastapi.responses import JSONResponse

from interfaces.channels.lazada import sign

TOLERANCE_MS = 300_000
SYSTEM = ("app_key", "access_token", "sign_method", "timestamp", "sign")


def answer(code: str = "0", message: str = "", status: int = 200, **more: Any) -> JSONResponse:
    """Lazada's answer: {code, type?, message, request_id, ...}."""
    body = {"code": code, "request_id": "0b1sim", **more}
    if code != "0":
        body |= {"type": "ISV", "message": message}
    return JSONResponse(body, status)


async def parameters(request: Request) -> dict[str, str]:
    """Every parameter of the call: the query's and, for a form POST, the form's."""
    params = dict(request.query_params)
    if request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        raw = (await request.body()).decode(errors="replace")
        params |= dict(parse_qsl(raw, keep_blank_values=True))
    return params


def auth_problem(
    params: dict[str, str], secrets: dict[str, str], path: str, now: float
) -> JSONResponse | None:
    """Why the call is not authenticated (as Lazada's error), or None."""
    missing = [name for name in SYSTEM if not params.get(name)]
    if missing:
        return answer("MissingParameter", f"missing {', '.join(missing)}", 400)
    stamp = params["timestamp"]
    if not stamp.isdigit() or abs(now * 1000 - int(stamp)) > TOLERANCE_MS:
        return answer("InvalidTimestamp", "timestamp is invalid or expired", 401)
    if params["app_key"] != secrets["app_key"] or params["sign_method"] != "sha256":
        return answer("InvalidAppKey", "app_key or sign_method is wrong", 401)
    if not hmac.compare_digest(sign(secrets["app_secret"], path, params), params["sign"]):
        return answer("IncompleteSignature", "The request signature does not conform", 401)
    if params["access_token"] != secrets["access_token"]:
        return answer("IllegalAccessToken", "The specified access token is invalid", 401)
    return None
