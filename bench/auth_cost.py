"""What the bearer-token check costs a request: CPU time per GET of two otherwise identical
routes, one open and one behind `scope(...)` (interfaces/http/auth.py) with a token the keyring
knows, called in-process through ASGI and alternated in short rounds so that other load on the
machine falls on both alike. No database: the keyring answers from memory.

    .venv/bin/python -m bench.auth_cost [--rounds 40] [--requests 300]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from types import SimpleNamespace
from typing import Any

import httpx
from fastapi import FastAPI

from application.keyring import Keyring
from application.sweeper import SystemClock
from domain.grant import READ
from interfaces.http.auth import scope

TOKEN = "bench-auth-cost-token-0123456789"


def app() -> FastAPI:
    """Two routes that differ only by the token check."""
    served = FastAPI()
    keyring = Keyring(SimpleNamespace(), SystemClock(), admin_token=TOKEN)  # type: ignore[arg-type]
    served.state.container = SimpleNamespace(keyring=keyring)

    @served.get("/open")
    async def unchecked() -> dict[str, int]:
        return {"ok": 1}

    @served.get("/v1/checked", dependencies=[scope(READ)])
    async def checked() -> dict[str, int]:
        return {"ok": 1}

    return served


async def measure(rounds: int, requests: int) -> dict[str, Any]:
    """Median CPU microseconds per request of each route, and their difference."""
    samples: dict[str, list[float]] = {"/open": [], "/v1/checked": []}
    transport = httpx.ASGITransport(app=app())
    headers = {"Authorization": f"Bearer {TOKEN}"}
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        for _ in range(rounds):
            for path, times in samples.items():
                start = time.process_time()
                for _ in range(requests):
                    answer = await client.get(path, headers=headers)
                times.append((time.process_time() - start) / requests * 1e6)
                assert answer.status_code == 200, answer.text
    open_us, checked_us = (statistics.median(times) for times in samples.values())
    return {
        "open_us": round(open_us, 1),
        "checked_us": round(checked_us, 1),
        "check_us": round(checked_us - open_us, 1),
    }


def main() -> None:
    """Print one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--requests", type=int, default=300, help="requests per route per round")
    args = parser.parse_args()
    print(json.dumps(asyncio.run(measure(args.rounds, args.requests))))


if __name__ == "__main__":
    main()
