"""An event as outsiders read it: type, version, time, reference and data (no envelope)."""

from __future__ import annotations

from typing import Any

ENVELOPE = {"originator_id", "originator_version", "timestamp", "originator_topic"}
# Kept out of what outsiders read: an API token's hash is the keyring's business alone.
PRIVATE = {"secret_hash"}


def event_type(domain_event: Any) -> str:
    """'Received' for StockItem.Received."""
    return type(domain_event).__qualname__.split(".")[-1]


def event_record(domain_event: Any) -> dict[str, Any]:
    """Data is every field but the envelope and the provenance, which get their own keys."""
    state = {
        k: v for k, v in domain_event.__dict__.items() if k not in ENVELOPE and k not in PRIVATE
    }
    reference = state.pop("reference", None)
    key = state.pop("idempotency_key", None)
    return {
        "version": domain_event.originator_version,
        "type": event_type(domain_event),
        "occurred_at": domain_event.timestamp.isoformat(),
        "reference": reference,
        "idempotency_key": key,
        "data": {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in state.items()},
    }
