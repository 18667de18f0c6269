"""Verification by replay: every view rebuilt from the whole log into a scratch database and
compared, row by row, with the live one; and each channel's last confirmed figure compared
with the one we expect."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

from eventsourcing.application import Application
from eventsourcing.sqlite import SQLiteFactory

from projections.follower import Follower
from projections.registry import READ_MODELS
from projections.store import SQLiteView, View, query, view_class

# The chain has its own verification (audit verify --chain), from the stored events.
SKIPPED = {"audit_chain"}


@dataclass(frozen=True)
class Difference:
    """A row that differs: in the live view, in the replay, or in both with other values."""

    view: str
    table: str
    key: str
    live: dict[str, Any] | None
    replayed: dict[str, Any] | None


@dataclass
class Report:
    """What verification found."""

    position: int
    rows: int = 0
    differences: list[Difference] = field(default_factory=list)
    disagreements: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing differs."""
        return not self.differences and not self.disagreements

    def as_dict(self) -> dict[str, Any]:
        """The report as plain data (for --json)."""
        return {
            "ok": self.ok,
            "position": self.position,
            "rows_compared": self.rows,
            "differences": [asdict(d) for d in self.differences],
            "marketplace_disagreements": self.disagreements,
        }


def _plain(value: Any) -> Any:
    # The same value reads back differently from SQLite and PostgreSQL.
    if isinstance(value, datetime):
        value = value.astimezone(UTC).isoformat(timespec="microseconds")
    if isinstance(value, str) and len(value) >= 19 and value[10:11] == "T":
        try:
            return datetime.fromisoformat(value).astimezone(UTC).isoformat(timespec="microseconds")
        except ValueError:
            return value
    if isinstance(value, bool | Decimal):
        return int(value)
    return value


def _rows(view: View, table: str) -> dict[str, dict[str, Any]]:
    rows = query(view, f"SELECT * FROM {table}")
    plain = [{k: _plain(v) for k, v in row.items()} for row in rows]
    return {repr(sorted(row.items())): row for row in plain}


def compare(name: str, live: View, scratch: View, report: Report) -> None:
    """Compare every table of a view (rows are matched whole; a changed row shows twice)."""
    for table in live.model.tables:
        ours, theirs = _rows(live, table), _rows(scratch, table)
        report.rows += len(ours)
        for key in ours.keys() - theirs.keys():
            report.differences.append(Difference(name, table, key, ours[key], None))
        for key in theirs.keys() - ours.keys():
            report.differences.append(Difference(name, table, key, None, theirs[key]))


def scratch_view(directory: Path, name: str) -> View:
    """An empty copy of a view in a scratch SQLite database."""
    factory = SQLiteFactory({"SQLITE_DBNAME": str(directory / "replay.db")})
    cls = cast(type[SQLiteView], view_class(READ_MODELS[name], postgres=False))
    view = cast(SQLiteView, factory.tracking_recorder(cls))
    view.model = type(view.model)(emit=False)
    return view


def disagreements(live: View) -> list[dict[str, Any]]:
    """Pairs whose marketplace confirmed the figure we expect now, but with another value."""
    return query(
        live,
        "SELECT a.channel, a.sku, a.available AS expected, "
        "s.confirmed_available, s.confirmed_position FROM channel_availability a "
        "JOIN listing_sync s ON s.channel = a.channel AND s.sku = a.sku "
        "WHERE s.confirmed_status = 'applied' AND s.confirmed_position >= a.position "
        "AND s.confirmed_available <> a.available",
    )


def verify(
    app: Application[Any],
    views: dict[str, View],
    catch_up: Callable[[Follower], object] = Follower.catch_up,
) -> Report:
    """Replay the whole log into scratch views and compare them with the live ones (which
    are first caught up with the log, by ``catch_up``)."""
    for view in views.values():
        catch_up(Follower(app, view))
    report = Report(position=app.recorder.max_notification_id() or 0)
    with tempfile.TemporaryDirectory() as tmp:
        for name, live in views.items():
            if name in SKIPPED:
                continue
            scratch = scratch_view(Path(tmp), name)
            Follower(app, scratch).catch_up()
            compare(name, live, scratch, report)
    report.disagreements = disagreements(views["inventory"])
    return report
