"""The audit chain, on both backends: it verifies clean after a workload, and an event edited,
deleted, swapped or forged directly in SQL is named with its position and the kind of
tampering; checkpoints are taken every N events, kept through a rebuild, and published."""

from __future__ import annotations

import asyncio
import json
import uuid
from pathlib import Path

import pytest
from typer.testing import CliRunner

from interfaces.cli import cli
from interfaces.messaging import streams, subjects
from interfaces.messaging.broker import Broker
from interfaces.messaging.embedded import EmbeddedNats
from interfaces.messaging.host import free_port
from interfaces.messaging.message import Message
from interfaces.runtime.bootstrap import build
from interfaces.runtime.container import Container
from interfaces.runtime.settings import Settings
from projections.chain import GENESIS, canonical, link
from projections.chain_verification import ChainReport, StoredLog, verify_chain
from projections.rebuild import rebuild
from projections.store import query
from tests.audit.tampering import RawLog, workload

EVERY = 5


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The shared test settings, with a checkpoint every EVERY events."""
    return settings.model_copy(update={"audit_checkpoint_every": EVERY})


def chained(container: Container) -> int:
    """Workload, then chain it; returns the log's last position."""
    workload(container.executor)
    container.followers["audit_chain"].catch_up()
    return container.ledger.recorder.max_notification_id() or 0


def verify(container: Container) -> ChainReport:
    log: StoredLog = container.ledger.recorder  # type: ignore[assignment]
    return verify_chain(log, container.views["audit_chain"])


def cli_verify(settings: Settings) -> tuple[int, dict[str, object]]:
    result = CliRunner().invoke(
        cli, ["audit", "verify", "--chain", "--json"], env={"DATABASE_URL": settings.database_url}
    )
    return result.exit_code, json.loads(result.stdout)


def test_a_chained_workload_verifies_clean(container: Container, settings: Settings) -> None:
    end = chained(container)
    report = verify(container)
    assert report.ok, report.findings
    assert (report.checked, report.tip, report.unchained) == (end, end, 0)
    assert report.checkpoints == end // EVERY

    result = CliRunner().invoke(
        cli, ["audit", "verify", "--chain"], env={"DATABASE_URL": settings.database_url}
    )
    assert result.exit_code == 0, result.output
    assert "0 findings" in result.output


def test_the_chain_is_sha256_over_the_stored_rows(container: Container) -> None:
    end = chained(container)
    raw, previous = RawLog.of(container), GENESIS
    for position in range(1, end + 1):
        originator_id, version, topic, state = raw.row(position)
        event = canonical(position, uuid.UUID(str(originator_id)), version, topic, state)
        previous = link(previous, event)
    view = container.views["audit_chain"]
    rows = query(view, "SELECT hash FROM audit_chain WHERE position=%s", (end,))
    assert rows[0]["hash"] == previous.hex()


def test_an_event_edited_in_sql_is_named_as_altered(
    container: Container, settings: Settings
) -> None:
    end = chained(container)
    raw, target = RawLog.of(container), end // 2
    originator_id, version, _, _ = raw.row(target)
    raw.edit(target)

    code, report = cli_verify(settings)
    assert code == 1
    assert report["first"] == {
        "kind": "altered",
        "position": target,
        "originator_id": str(uuid.UUID(str(originator_id))),
        "originator_version": version,
        "detail": "its content differs from what was chained",
    }
    assert len(report["findings"]) == 1  # type: ignore[arg-type]


def test_a_deleted_event_is_named_as_removed(container: Container, settings: Settings) -> None:
    end = chained(container)
    raw, target = RawLog.of(container), 3
    originator_id, version, _, _ = raw.row(target)
    raw.delete(target)

    code, report = cli_verify(settings)
    assert code == 1
    assert report["first"] == {
        "kind": "removed",
        "position": target,
        "originator_id": str(uuid.UUID(str(originator_id))),
        "originator_version": version,
        "detail": "the chained event is no longer in the log",
    }
    assert report["checked"] == end


def test_swapped_events_are_named_as_reordered(container: Container) -> None:
    chained(container)
    RawLog.of(container).swap(4, 7)
    report = verify(container)
    assert [(f.kind, f.position) for f in report.findings] == [("reordered", 4), ("reordered", 7)]
    assert report.findings[0].detail == "it was chained at position 7"


def test_an_event_forged_into_a_gap_is_named_as_inserted(container: Container) -> None:
    # A gap in the log (on PostgreSQL, a rolled-back transaction leaves one) when the chain is
    # taken; later a forged event fills it.
    workload(container.executor)
    raw = RawLog.of(container)
    gap = (container.ledger.recorder.max_notification_id() or 0) // 2
    _, version, topic, state = raw.row(gap)
    raw.delete(gap)
    container.followers["audit_chain"].catch_up()
    raw.insert(gap, (uuid.uuid4().hex, version, topic, state))

    report = verify(container)
    assert [(f.kind, f.position) for f in report.findings] == [("inserted", gap)]
    assert report.findings[0].detail == "this position was never chained"


def test_checkpoints_are_taken_every_n_events_and_queued_for_nats(container: Container) -> None:
    end = chained(container)
    view = container.views["audit_chain"]
    checkpoints = query(
        view, "SELECT position, hash, count FROM audit_checkpoints ORDER BY position"
    )
    assert [row["count"] for row in checkpoints] == list(range(EVERY, end + 1, EVERY))
    for row in checkpoints:
        chain = query(
            view, "SELECT hash, seq FROM audit_chain WHERE position=%s", (row["position"],)
        )
        assert (chain[0]["hash"], chain[0]["seq"]) == (row["hash"], row["count"])
    queued = query(view, "SELECT position, seq, payload FROM outbox WHERE kind='checkpoint'")
    assert [(r["position"], r["seq"]) for r in queued] == [(r["position"], -1) for r in checkpoints]
    assert {json.loads(r["payload"])["hash"] for r in queued} == {r["hash"] for r in checkpoints}


def test_a_chain_recomputed_over_an_altered_log_disagrees_with_its_checkpoints(
    container: Container, settings: Settings
) -> None:
    chained(container)
    RawLog.of(container).edit(EVERY + 2)  # after the first checkpoint, before the second
    # The chain view is rebuilt over the altered log; the checkpoints taken before survive.
    rebuild(container.ledger, container.views["audit_chain"])
    report = verify(container)
    assert report.findings, "a rewritten chain must disagree with an earlier checkpoint"
    assert {f.kind for f in report.findings} == {"rewritten"}
    assert report.findings[0].position == 2 * EVERY


def test_each_checkpoint_reaches_nats_when_the_service_runs(
    settings: Settings, tmp_path: Path
) -> None:
    with EmbeddedNats(tmp_path / "nats", port=free_port()) as server:
        service = build(settings.model_copy(update={"nats_url": server.url}))
        try:
            service.start()
            workload(service.executor)
            end = service.ledger.recorder.max_notification_id() or 0
            service.wait_for("audit_chain", end, timeout=20)
            checkpoints = query(
                service.views["audit_chain"],
                "SELECT position, hash, count FROM audit_checkpoints ORDER BY position",
            )
            assert len(checkpoints) == end // EVERY > 0
            published = asyncio.run(stored_checkpoints(server.url, len(checkpoints)))
        finally:
            service.stop()
    assert [m.subject for m in published] == [subjects.AUDIT_CHECKPOINTS] * len(checkpoints)
    assert [m.msg_id for m in published] == [f"checkpoint:{r['position']}" for r in checkpoints]
    payloads = [json.loads(m.data) for m in published]
    assert [{k: p[k] for k in ("position", "hash", "count")} for p in payloads] == checkpoints
    assert all(set(p) == {"position", "hash", "count", "at"} for p in payloads)


async def stored_checkpoints(url: str, expected: int) -> list[Message]:
    """The STOCKSYNC_AUDIT stream's messages, once it holds ``expected`` of them."""
    broker = Broker(reconnect_wait=0.1, request_timeout=2.0)
    await broker.connect(url, "audit-test", timeout=5.0)
    try:
        await broker.ensure_streams()
        async with asyncio.timeout(20):
            while len(messages := await broker.stream_messages(streams.AUDIT.name)) < expected:
                await asyncio.sleep(0.1)
        return messages
    finally:
        await broker.close()
