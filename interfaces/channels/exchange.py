"""One HTTP exchange with a marketplace: send, and turn whole-request failures into errors."""

from __future__ import annotations

import time
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from interfaces.channels.contract import Rejected, Throttled, Unavailable


async def exchange(client: httpx.AsyncClient, request: httpx.Request) -> httpx.Response:
    """Send `request`; raise Throttled (429), Unavailable (5xx, 408, network) or Rejected
    (other 4xx, and 3xx: a redirect means a wrong base URL). A 2xx is returned to be read."""
    try:
        response = await client.send(request)
    except httpx.TransportError as exc:
        raise Unavailable(None, f"{type(exc).__name__}: {exc}") from exc
    check_status(response)
    return response


def check_status(response: httpx.Response) -> None:
    """Raise the error the runner acts on for a failed status code."""
    code = response.status_code
    if code == 429:
        raise Throttled(retry_after(response.headers), f"HTTP 429: {snippet(response)}")
    if code >= 500 or code == 408:
        raise Unavailable(retry_after(response.headers), f"HTTP {code}: {snippet(response)}")
    if code >= 400:
        raise Rejected(f"HTTP {code}: {snippet(response)}")
    if code >= 300:
        location = response.headers.get("location", "?")
        raise Rejected(f"HTTP {code} redirect to {location}: check the connection's base_url")


def retry_after(headers: httpx.Headers, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date); without one,
    a request's share of Amazon's x-amzn-RateLimit-Limit (requests/s); else None."""
    value = headers.get("retry-after", "").strip()
    if not value:
        return _share_of_limit(headers.get("x-amzn-ratelimit-limit", ""))
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError):
        return None
    return max(0.0, when - (time.time() if now is None else now))


def _share_of_limit(limit: str) -> float | None:
    try:
        return 1.0 / float(limit)
    except (ValueError, ZeroDivisionError):
        return None


def body(response: httpx.Response) -> Any:
    """The JSON body of a successful response; an unreadable one may or may not have been
    applied, so the request is worth retrying."""
    try:
        return response.json()
    except ValueError as exc:
        raise Unavailable(None, f"unreadable response: {snippet(response)}") from exc


def snippet(response: httpx.Response, limit: int = 300) -> str:
    """The start of a response body, for error details."""
    text = response.text.strip()
    return text if len(text) <= limit else text[:limit] + "..."
