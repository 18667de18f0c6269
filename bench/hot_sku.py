"""Scenario 1, the flash sale: 32 connections reserve 1 unit each of one SKU at one location,
stocked for the whole run, over HTTP. stocksync vs a row-lock endpoint and the hello floor."""

from __future__ import annotations

from bench.context import Context
from bench.reserve_http import Targets, compare
from bench.result import Result
from bench.stocking import Catalogue

TITLE = "hot SKU: reserve 1 unit of one SKU over HTTP"
TARGETS = Targets(rowlock=2.5, hello=0.6)
UNITS = 100_000_000  # far more than a run can sell


def run(ctx: Context, backend: str) -> Result:
    """The hot SKU on `backend`."""
    return compare(ctx, backend, "hot_sku", TITLE, Catalogue(1, 1, UNITS), TARGETS)
