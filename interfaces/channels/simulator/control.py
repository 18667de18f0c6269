"""The simulator's own routes under /_sim: what it holds, what it counted, and a sale."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException

from interfaces.channels.simulator.store import SoldOut, Store


def control_router(store: Store) -> APIRouter:
    """GET /_sim/listings, GET /_sim/stats, POST /_sim/listings/{key}/sell and .../delist."""
    api = APIRouter(prefix="/_sim", tags=["simulator"])

    @api.get("/listings")
    async def listings() -> dict[str, int]:
        """The last quantity per listing key."""
        return dict(store.quantities)

    @api.get("/stats")
    async def stats() -> dict[str, int]:
        """Requests, accepted (2xx), applied (listing writes) and counts per status code."""
        return store.stats()

    @api.post("/listings/{key:path}/sell")
    async def sell(key: str) -> dict[str, str | int]:
        """Sell one unit, as a customer of the marketplace would (404 unknown, 409 sold out)."""
        try:
            return {"listing": key, "quantity": store.sell(key)}
        except KeyError:
            raise HTTPException(404, f"no listing {key}") from None
        except SoldOut:
            raise HTTPException(409, f"listing {key} is sold out") from None

    @api.post("/listings/{key:path}/delist")
    async def delist(key: str) -> dict[str, str]:
        """Forget a listing, so that updates to it fail per item."""
        store.delist(key)
        return {"listing": key, "status": "delisted"}

    return api
