"""The served OpenAPI document: every route of the contract, each with an example; and the docs."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

CONTRACT = {
    ("post", "/v1/stock/{location}/{sku}/receipts"),
    ("post", "/v1/stock/{location}/{sku}/adjustments"),
    ("post", "/v1/stock/{location}/{sku}/counts"),
    ("put", "/v1/stock/{location}/{sku}/safety-stock"),
    ("post", "/v1/stock/{location}/{sku}/returns"),
    ("get", "/v1/stock/{location}/{sku}"),
    ("get", "/v1/stock/{location}/{sku}/events"),
    ("get", "/v1/skus/{sku}"),
    ("post", "/v1/reservations"),
    ("get", "/v1/reservations/{reservation_id}"),
    ("post", "/v1/reservations/{reservation_id}/release"),
    ("post", "/v1/reservations/{reservation_id}/fulfil"),
    ("post", "/v1/transfers"),
    ("post", "/v1/transfers/{transfer_id}/receive"),
    ("get", "/healthz"),
}
SUCCESS = {
    "post /v1/reservations": "201",
    "post /v1/transfers": "201",
    "post /v1/tokens": "201",
    "delete /v1/tokens/{token_id}": "204",
    "post /v1/channels/{channel}/nats-credentials": "201",
}


def _schemas(spec: dict[str, Any], operation: dict[str, Any]) -> list[dict[str, Any]]:
    """The request body and success response schemas of an operation, references resolved."""
    found: list[dict[str, Any]] = []
    contents = [operation.get("requestBody", {}).get("content", {})]
    contents += [r.get("content", {}) for c, r in operation["responses"].items() if c < "300"]
    for content in contents:
        schema = content.get("application/json", {}).get("schema")
        if schema:
            found.extend(_resolve(spec, option) for option in schema.get("anyOf", [schema]))
    return found


def _resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if ref is None:
        return schema
    resolved: dict[str, Any] = spec["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    return resolved


def _operations(spec: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (method, path): operation
        for path, item in spec["paths"].items()
        for method, operation in item.items()
    }


def test_openapi_lists_every_route_each_with_an_example(client: TestClient) -> None:
    response = client.get("/openapi.json")
    assert response.status_code == 200, response.text
    spec = response.json()
    operations = _operations(spec)
    assert set(operations) >= CONTRACT, CONTRACT - set(operations)
    for (method, path), operation in operations.items():
        success = SUCCESS.get(f"{method} {path}", "200")
        assert success in operation["responses"], (method, path, operation["responses"])
        assert operation.get("summary") or operation.get("description"), (method, path)
    missing = [
        f"{method.upper()} {path}"
        for (method, path), operation in operations.items()
        # An operation with neither body nor answer (DELETE → 204) has nothing to exemplify.
        if (schemas := _schemas(spec, operation))
        and not any(schema.get("examples") for schema in schemas)
    ]
    assert missing == [], missing
    level = _resolve(spec, {"$ref": "#/components/schemas/StockLevel"})
    fields = {"sku", "location", "on_hand", "reserved", "safety_stock", "in_transit", "available"}
    assert set(level["examples"][0]) >= fields | {"version", "position"}
    reservation = _resolve(spec, {"$ref": "#/components/schemas/ReservationIn"})
    assert {"reservation_id", "order_id", "channel", "lines"} <= set(reservation["examples"][0])


def test_docs_and_health_are_served(client: TestClient) -> None:
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "text/html" in docs.headers["content-type"]
    assert "/openapi.json" in docs.text
    health = client.get("/healthz")
    assert health.status_code == 200, health.text
    assert health.json()["status"] == "ok"


def test_every_route_declares_its_problems_as_problem_json(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    problem = {"$ref": "#/components/schemas/Problem"}
    required = spec["components"]["schemas"]["Problem"]["required"]
    assert {"type", "title", "status", "detail", "code"} <= set(required)
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    operations = _operations(spec)
    for (method, path), operation in operations.items():
        failures = {code: r for code, r in operation["responses"].items() if code >= "400"}
        for code, response in failures.items():
            media = response["content"]
            assert media == {"application/problem+json": {"schema": problem}}, (path, code)
        if path.startswith("/v1/"):
            assert set(failures) >= {"401", "403", "413", "422", "503"}, (method, path)
            assert "Retry-After" in failures["503"]["headers"]
    declared = {
        ("post", "/v1/reservations"): {"400", "401", "403", "409", "413", "422", "503"},
        ("post", "/v1/reservations/{reservation_id}/fulfil"): {
            *("400", "401", "403", "404", "409", "413", "422", "503")
        },
        ("get", "/v1/skus/{sku}"): {"401", "403", "404", "413", "422", "503"},
        ("get", "/v1/events"): {"401", "403", "413", "422", "503"},
    }
    for (method, path), statuses in declared.items():
        responses = operations[(method, path)]["responses"]
        assert {code for code in responses if code >= "400"} == statuses, (method, path)
