"""The 1 MiB body limit as a client meets it through the real server: a chunked upload, with no
Content-Length, is cut off at the limit with a 413 problem, and nothing is written."""

from __future__ import annotations

from collections.abc import Iterator

import httpx

from tests import refs
from tests.served.conftest import AUTH

MIB = 1024 * 1024
PROBLEM = "application/problem+json"


def chunks(total: int, size: int = 64 * 1024) -> Iterator[bytes]:
    """A JSON body of ``total`` bytes in chunks: a receipt padded with spaces."""
    head = b'{"quantity": 1}'
    yield head
    left = total - len(head)
    while left > 0:
        yield b" " * min(size, left)
        left -= size


def test_a_chunked_body_over_1_mib_is_refused_with_413(served_on_sqlite: str) -> None:
    url = f"{served_on_sqlite}/v1/stock/{refs.location()}/{refs.sku()}/receipts"
    headers = {**AUTH, "Content-Type": "application/json"}
    with httpx.Client(timeout=30) as http:
        before = http.get(f"{served_on_sqlite}/healthz").json()["log_position"]
        refused = http.post(url, content=chunks(MIB + 1), headers=headers)
        assert "content-length" not in refused.request.headers
        assert refused.status_code == 413, refused.text
        assert refused.headers["content-type"].startswith(PROBLEM)
        assert refused.json()["code"] == "body_too_large"
        assert http.get(f"{served_on_sqlite}/healthz").json()["log_position"] == before
        accepted = http.post(url, content=chunks(MIB), headers=headers)
        assert accepted.status_code == 200, accepted.text
