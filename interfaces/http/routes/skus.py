"""A SKU across all its locations."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from domain.grant import READ
from interfaces.http.auth import scope
from interfaces.http.deps import AsOf, Ledger, Sku
from interfaces.http.schemas import SkuOut

router = APIRouter(prefix="/v1/skus", tags=["skus"])


@router.get("/{sku}", response_model=SkuOut, dependencies=[scope(READ)])
def sku_levels(sku: Sku, ledger: Ledger, as_of: AsOf = None) -> dict[str, Any]:
    """The SKU's level at every location, with totals; 404 if never seen. With `as_of`, the
    levels as they were at that moment (locations that had no event by then are left out)."""
    if as_of is not None:
        return ledger.sku_levels_as_of(sku, as_of)
    return ledger.sku_levels(sku)
