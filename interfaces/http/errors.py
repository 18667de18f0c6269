"""RFC 9457 problem+json for every refusal: bad input is a clear 4xx, never a 500."""

from __future__ import annotations

from typing import Any

from eventsourcing.persistence import PersistenceError
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from domain import errors
from interfaces.http.fields import PATTERN_MESSAGES
from interfaces.messaging.errors import MessagingError
from interfaces.runtime.bootstrap import ViewNotCaughtUp

PROBLEM = "application/problem+json"

STATUS: dict[type[errors.StockError], int] = {
    errors.InvalidCommand: 422,
    errors.IdempotencyKeyReused: 422,
    errors.PositionNotReached: 422,
    errors.InsufficientStock: 409,
    errors.NegativeOnHand: 409,
    errors.ReservationClosed: 409,
    errors.TransferClosed: 409,
    errors.ConcurrencyConflict: 409,
    errors.StockItemNotFound: 404,
    errors.SkuNotFound: 404,
    errors.ReservationNotFound: 404,
    errors.TransferNotFound: 404,
    errors.ChannelNotFound: 404,
    errors.TokenNotFound: 404,
    errors.Unauthenticated: 401,
    errors.Forbidden: 403,
}


HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 413: "body_too_large"}


def problem(status: int, code: str, title: str, detail: str, **extra: Any) -> JSONResponse:
    """A problem+json response; ``code`` is the stable name clients branch on."""
    body = {
        "type": f"urn:stocksync:problem:{code}",
        "title": title,
        "status": status,
        "detail": detail,
        "code": code,
        **extra,
    }
    return JSONResponse(body, status_code=status, media_type=PROBLEM)


def _stock_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, errors.StockError)
    status = next((s for cls, s in STATUS.items() if isinstance(exc, cls)), 400)
    extra: dict[str, Any] = {}
    if isinstance(exc, errors.InsufficientStock):
        extra["lines"] = [
            {
                "sku": s.sku,
                "location": s.location,
                "requested": s.requested,
                "available": s.available,
            }
            for s in exc.shortfalls
        ]
    if isinstance(exc, errors.Forbidden) and exc.scope is not None:
        extra["missing_scope"] = exc.scope
    title = exc.code.replace("_", " ").capitalize()
    response = problem(status, exc.code, title, str(exc), **extra)
    if challenge := _challenge(exc):
        response.headers["WWW-Authenticate"] = challenge
    return response


def _challenge(exc: errors.StockError) -> str | None:
    # RFC 6750 §3: a bare challenge when no token came, the error's name when a token failed.
    if isinstance(exc, errors.Unauthenticated):
        return 'Bearer error="invalid_token"' if exc.presented else "Bearer"
    if isinstance(exc, errors.Forbidden) and exc.scope is not None:
        return f'Bearer error="insufficient_scope", scope="{exc.scope}"'
    return None


def _validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    issues = [
        {"loc": list(err.get("loc", ())), "msg": _message(err), "type": err.get("type", "")}
        for err in exc.errors()
    ]
    if any(issue["type"] == "json_invalid" for issue in issues):
        return problem(
            400, "malformed_json", "Malformed JSON", "the body is not valid JSON", errors=issues
        )
    detail = "; ".join(f"{'.'.join(map(str, i['loc']))}: {i['msg']}" for i in issues)
    return problem(422, "invalid_request", "Invalid request", detail, errors=issues)


def _message(err: Any) -> str:
    # A pattern's own words rather than the regular expression.
    message: str = err.get("msg", "")
    return PATTERN_MESSAGES.get(str((err.get("ctx") or {}).get("pattern")), message)


def _http_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    code = HTTP_CODES.get(exc.status_code, "http_error")
    title = code.replace("_", " ").capitalize()
    response = problem(exc.status_code, code, title, str(exc.detail))
    response.headers.update(exc.headers or {})  # 405's Allow
    return response


def _not_caught_up(_: Request, exc: Exception) -> JSONResponse:
    response = problem(503, "view_not_caught_up", "View not caught up", str(exc))
    response.headers["Retry-After"] = "1"
    return response


def _storage_error(_: Request, exc: Exception) -> JSONResponse:
    response = problem(
        503,
        "storage_unavailable",
        "Storage unavailable",
        f"the event store did not answer: {type(exc).__name__}",
    )
    response.headers["Retry-After"] = "1"
    return response


def _messaging_error(_: Request, exc: Exception) -> JSONResponse:
    response = problem(503, "nats_unavailable", "NATS unavailable", str(exc))
    response.headers["Retry-After"] = "1"
    return response


def install(app: FastAPI) -> None:
    """Register the problem+json handlers on the app."""
    app.add_exception_handler(errors.StockError, _stock_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(ViewNotCaughtUp, _not_caught_up)
    app.add_exception_handler(PersistenceError, _storage_error)
    app.add_exception_handler(MessagingError, _messaging_error)
