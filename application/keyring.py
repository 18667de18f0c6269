"""The keyring: every API token in memory, so checking a request's token costs no query.

It reads only the tokens' events (a topic filter on the log) from where it stopped, at most
every ``interval`` seconds in a background thread, and at once after this process issues or
revokes a token. A token revoked by another process on the same database therefore stops
working here within ``interval`` seconds plus one read.
"""

from __future__ import annotations

import hmac
import logging
import threading
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.utils import get_topic

from application.sweeper import Clock
from application.tokens import TokenCommands
from domain.api_token import ApiToken, secret_hash, token_id_in
from domain.grant import ADMIN, Grant

log = logging.getLogger(__name__)

TOPICS = (get_topic(ApiToken.Created), get_topic(ApiToken.Revoked))
PAGE = 1000
ADMIN_GRANT = Grant(frozenset({ADMIN}))


class Keyring:
    """Who a bearer token is, and what it may do; also the way token commands are issued, so
    that this process knows a new or revoked token at once."""

    def __init__(
        self,
        ledger: TokenCommands,
        clock: Clock,
        admin_token: str | None = None,
        interval: float = 1.0,
    ) -> None:
        self.ledger = ledger
        self.clock = clock
        self.interval = interval
        # STOCKSYNC_ADMIN_TOKEN, kept as its hash like every other secret.
        self._admin = secret_hash(admin_token) if admin_token else None
        self._tokens: dict[UUID, ApiToken] = {}
        self._failing = False
        self._position = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def grant(self, presented: str) -> Grant | None:
        """The grant of an active token, or None for an unknown, revoked or expired one."""
        if self._admin is not None and hmac.compare_digest(self._admin, secret_hash(presented)):
            return ADMIN_GRANT
        token_id = token_id_in(presented)
        token = self._tokens.get(ApiToken.create_id(token_id)) if token_id else None
        if token is None or not token.authenticates(presented, self.clock.now()):
            return None
        return token.grant

    def issue(
        self, name: str, scopes: list[str], channels: list[str], expires_at: datetime | None
    ) -> tuple[ApiToken, str]:
        """Create a token (working here at once); returns it with its secret."""
        issued = self.ledger.create_token(name, scopes, channels, expires_at, self.clock.now())
        self.refresh()
        return issued

    def revoke(self, token_id: str) -> ApiToken:
        """Revoke a token (refused here at once)."""
        token = self.ledger.revoke_token(token_id)
        self.refresh()
        return token

    def tokens(self) -> list[ApiToken]:
        """Every token ever issued, revoked ones included, oldest first."""
        self.refresh()
        return sorted(self._tokens.values(), key=lambda token: token.created_on)

    def any_active(self) -> bool:
        """True when some stored token works now (the admin token setting aside)."""
        now = self.clock.now()
        return any(token.active(now) for token in self._tokens.values())

    def refresh(self) -> None:
        """Apply the tokens' events stored since the last refresh."""
        with self._lock:
            end = self.ledger.recorder.max_notification_id() or 0
            if end <= self._position:
                return
            tokens = dict(self._tokens)
            for event in self._events(self._position + 1, end):
                tokens[event.originator_id] = event.mutate(tokens.get(event.originator_id))
            # Swapped whole, so readers on other threads never see a table being filled (a
            # revocation flips one attribute of a token they may hold: either answer is fine).
            self._tokens, self._position = tokens, end

    def start(self) -> None:
        """Load the tokens now, then refresh every ``interval`` seconds until stop()."""
        self.refresh()
        self._thread = threading.Thread(target=self._run, name="keyring", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop refreshing."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.refresh()
            except Exception:
                # The store is down: keep the tokens we know, and say so once per outage.
                if not self._failing:
                    log.exception("cannot refresh the API tokens; keeping the known ones")
                self._failing = True
            else:
                self._failing = False

    def _events(self, start: int, end: int) -> list[Any]:
        events: list[Any] = []
        while True:
            page = self.ledger.recorder.select_notifications(start, PAGE, stop=end, topics=TOPICS)
            events += [self.ledger.mapper.to_domain_event(n) for n in page]
            if len(page) < PAGE:
                return events
            start = page[-1].id + 1
