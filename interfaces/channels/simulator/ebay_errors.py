"""eBay's error answers and its OAuth check, shared by the simulated Inventory and Fulfillment
APIs."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import JSONResponse


def errors(status: int, error_id: int, message: str, domain: str = "API_INVENTORY") -> JSONResponse:
    """eBay's error container."""
    error = {"errorId": error_id, "domain": domain, "category": "REQUEST", "message": message}
    return JSONResponse({"errors": [error]}, status)


def bearer_problem(request: Request, token: str) -> JSONResponse | None:
    """401 unless `Authorization: Bearer <the token>`."""
    if request.headers.get("authorization") != f"Bearer {token}":
        return errors(401, 1001, "Invalid access token", domain="OAuth")
    return None
