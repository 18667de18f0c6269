"""A SKU across all its locations."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from interfaces.http.deps import Ledger, Sku
from interfaces.http.schemas import SkuOut

router = APIRouter(prefix="/v1/skus", tags=["skus"])


@router.get("/{sku}", response_model=SkuOut)
def sku_levels(sku: Sku, ledger: Ledger) -> dict[str, Any]:
    """The SKU's level at every location, with totals; 404 if never seen."""
    return ledger.sku_levels(sku)
