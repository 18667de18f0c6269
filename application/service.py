"""The one Application subclass: the stock ledger's store and every query. Commands are data
(movements, reservations, transfers, channels) and go through the executor (executor.py)."""

from __future__ import annotations

from application import channels, movements, reservations, transfers
from application.history import HistoryQueries
from application.queries import LedgerQueries

# Importing the command modules registers their handlers with `decide`.
HANDLERS = (movements, reservations, transfers, channels)


class StockLedger(LedgerQueries, HistoryQueries):
    """The stock ledger: the source of truth for stock, read by the queries."""
