"""Unique ids per test, so tests never depend on each other's data."""

from __future__ import annotations

import uuid


def _ref(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def sku() -> str:
    """A fresh SKU id."""
    return _ref("SKU")


def location() -> str:
    """A fresh location id."""
    return _ref("WH")


def reservation() -> str:
    """A fresh reservation id."""
    return _ref("R")


def order() -> str:
    """A fresh order id."""
    return _ref("O")


def transfer() -> str:
    """A fresh transfer id."""
    return _ref("T")


def key() -> str:
    """A fresh idempotency key."""
    return _ref("K")
