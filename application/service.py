"""The one Application subclass: the stock ledger's store and every query. Commands are data
(movements, reservations, transfers, channels, credentials) and go through the executor
(executor.py); API tokens are saved directly (tokens.py)."""

from __future__ import annotations

from application import channels, credentials, movements, reservations, transfers
from application.credentials import CredentialQueries
from application.history import HistoryQueries
from application.queries import LedgerQueries
from application.tokens import TokenCommands

# Importing the command modules registers their handlers with `decide`.
HANDLERS = (movements, reservations, transfers, channels, credentials)


class StockLedger(LedgerQueries, HistoryQueries, CredentialQueries, TokenCommands):
    """The stock ledger: the source of truth for stock, read by the queries."""
