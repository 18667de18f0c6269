"""What every marketplace kind takes and gives back: the port the adapter runner calls."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Literal, Protocol, TypeVar

import httpx

Status = Literal["applied", "failed", "rejected"]
K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Connection:
    """Where a channel's marketplace is, how fast it may be called, and its resolved secrets."""

    kind: str
    base_url: str
    rate_limit: float
    burst: int = 1
    secrets: dict[str, str] = field(default_factory=dict, repr=False)


@dataclass(frozen=True)
class Update:
    """One SKU's new availability on one channel, with the marketplace's ids for it."""

    channel: str
    sku: str
    available: int
    position: int
    listing: dict[str, str]
    last_confirmed: int | None = None
    reference: str = ""


@dataclass(frozen=True)
class Result:
    """What the marketplace answered for one update; `observed` is a value read back from it."""

    sku: str
    status: Status
    detail: str = ""
    observed: int | None = None


class MarketplaceError(Exception):
    """A whole request failed; nothing in it can be assumed applied."""


class Throttled(MarketplaceError):
    """429: retry after `retry_after` seconds (None: the marketplace did not say)."""

    def __init__(self, retry_after: float | None, detail: str = "throttled") -> None:
        super().__init__(detail)
        self.retry_after = retry_after


class Unavailable(MarketplaceError):
    """5xx, a timeout or a network failure: retry later."""

    def __init__(self, retry_after: float | None, detail: str = "unavailable") -> None:
        super().__init__(detail)
        self.retry_after = retry_after


class Rejected(MarketplaceError):
    """400, 401, 403 and the like: retrying the same request will not help."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class Marketplace(Protocol):
    """One marketplace kind: its limits, the secrets and listing ids it needs, and `push`."""

    @property
    def kind(self) -> str:
        """The kind's name, as a channel declares it (shopify, amazon, ebay...)."""
        ...

    @property
    def max_batch(self) -> int:
        """How many updates one push may carry."""
        ...

    @property
    def secret_names(self) -> tuple[str, ...]:
        """The secrets a connection of this kind needs, by name."""
        ...

    @property
    def listing_fields(self) -> tuple[str, ...]:
        """The marketplace ids every listing of this kind must have."""
        ...

    @property
    def optional_listing_fields(self) -> tuple[str, ...]:
        """The marketplace ids a listing may have besides."""
        ...

    @property
    def default_rate_limit(self) -> float:
        """Requests per second when the connection does not say."""
        ...

    @property
    def default_burst(self) -> int:
        """Burst when the connection does not say."""
        ...

    async def push(
        self, client: httpx.AsyncClient, connection: Connection, updates: list[Update]
    ) -> list[Result]:
        """Send the batch in as few requests as the marketplace allows; one Result per update,
        in order. Raises Throttled, Unavailable or Rejected when a whole request fails."""
        ...


def missing_fields(update: Update, names: tuple[str, ...]) -> Result | None:
    """A rejection naming the listing ids this update lacks, or None when it has them all."""
    missing = [name for name in names if not update.listing.get(name)]
    if not missing:
        return None
    return Result(update.sku, "rejected", f"listing lacks {', '.join(missing)}")


def partition(
    updates: list[Update], problem: Callable[[Update], Result | None], key: Callable[[Update], K]
) -> tuple[dict[int, Result], dict[K, list[int]]]:
    """The updates refused before any call (by position), and the positions of the others
    grouped by the request each goes in (one item, one product, one path...)."""
    refused: dict[int, Result] = {}
    groups: dict[K, list[int]] = {}
    for n, update in enumerate(updates):
        found = problem(update)
        if found:
            refused[n] = found
        else:
            groups.setdefault(key(update), []).append(n)
    return refused, groups
