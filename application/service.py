"""The one Application subclass: every command and query of the stock ledger."""

from __future__ import annotations

from application.channels import ChannelCommands
from application.credentials import CredentialCommands
from application.history import HistoryQueries
from application.movements import MovementCommands
from application.queries import LedgerQueries
from application.reservations import ReservationCommands
from application.tokens import TokenCommands
from application.transfers import TransferCommands


class StockLedger(
    MovementCommands,
    ReservationCommands,
    TransferCommands,
    CredentialCommands,
    ChannelCommands,
    TokenCommands,
    LedgerQueries,
    HistoryQueries,
):
    """The stock ledger: the only way to change stock, and the source of truth for it."""
