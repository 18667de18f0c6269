"""asyncapi.yaml parses, its $refs resolve, and it states the subjects and payloads we publish."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from interfaces.messaging import subjects

SPEC = Path(__file__).parents[2] / "asyncapi.yaml"


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(SPEC.read_text())
    return document


def refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from [value] if key == "$ref" else refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from refs(item)


def resolve(spec: dict[str, Any], ref: str) -> Any:
    node: Any = spec
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return node


def test_it_is_asyncapi_3(spec: dict[str, Any]) -> None:
    assert spec["asyncapi"].startswith("3.0")


def test_every_ref_resolves(spec: dict[str, Any]) -> None:
    for ref in refs(spec):
        assert resolve(spec, ref) is not None, ref


def test_the_channels_are_the_subjects_we_build(spec: dict[str, Any]) -> None:
    addresses = {channel["address"] for channel in spec["channels"].values()}
    assert addresses == {
        f"{subjects.AVAILABILITY}.{{channel}}.{{sku}}",
        f"{subjects.EVENTS}.{{location}}.{{sku}}",
        f"{subjects.CONFIRMATIONS}.{{channel}}",
        f"{subjects.DEADLETTER}.{{channel}}",
        subjects.AUDIT_CHECKPOINTS,
    }


@pytest.mark.parametrize(
    ("schema", "fields"),
    [
        ("Availability", "channel sku available previous position occurred_at published_at"),
        ("StockEvent", "type sku location version position reference data occurred_at"),
        ("Confirmation", "channel sku available position status detail confirmed_at"),
        ("DeadLetter", "channel sku available position reason attempts failed_at"),
        ("AuditCheckpoint", "position hash count at"),
    ],
)
def test_each_payload_requires_its_fields(spec: dict[str, Any], schema: str, fields: str) -> None:
    payload = spec["components"]["schemas"][schema]
    assert set(payload["required"]) == set(fields.split())
    assert set(payload["properties"]) == set(fields.split())


def test_availability_carries_the_msg_id_header(spec: dict[str, Any]) -> None:
    headers = spec["components"]["schemas"]["AvailabilityHeaders"]
    assert headers["required"] == ["Nats-Msg-Id"]
    assert "{channel}:{sku}:{position}" in headers["properties"]["Nats-Msg-Id"]["description"]


def test_it_documents_the_encoding_and_the_durability(spec: dict[str, Any]) -> None:
    description = spec["info"]["description"]
    assert "%2E" in description
    assert "sync_interval: always" in description
