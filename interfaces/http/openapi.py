"""The OpenAPI document declares every route's problem+json answers, in this one place.

Routes are written by several hands; rather than a `responses=` on each decorator, the generated
document is completed here: every /v1 operation declares the problems it can answer, each with
the Problem schema under `application/problem+json` (FastAPI's own 422 said application/json).
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel, ConfigDict

from interfaces.http.errors import PROBLEM

REF = "#/components/schemas/"
DESCRIPTIONS = {
    400: "The body is not valid JSON",
    401: "No valid bearer token",
    403: "The token lacks the scope or channel this needs",
    404: "The resource does not exist",
    409: "Refused by a rule (insufficient stock, a closed reservation, a conflict)",
    413: "The request body is over the limit (1 MiB)",
    422: "Invalid input, or a rule on the input itself",
    503: "Not available now; retry after Retry-After seconds",
}
RETRY_AFTER = {"Retry-After": {"description": "seconds to wait", "schema": {"type": "integer"}}}


class FieldError(BaseModel):
    """One invalid input: where it is, and what is wrong with it."""

    loc: list[str | int]
    msg: str
    type: str


class ShortfallOut(BaseModel):
    """One line that could not be promised."""

    sku: str
    location: str | None
    requested: int
    available: int


class Problem(BaseModel):
    """An RFC 9457 problem; `code` is the stable name clients branch on."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {
                    "type": "urn:stocksync:problem:negative_on_hand",
                    "title": "Negative on hand",
                    "status": 409,
                    "detail": "SKU-1@WH1: on hand is 18, an adjustment of -100 would make it "
                    "negative; record a count instead",
                    "code": "negative_on_hand",
                }
            ]
        },
    )
    type: str
    title: str
    status: int
    detail: str
    code: str
    errors: list[FieldError] | None = None  # 400 and 422: each invalid input
    lines: list[ShortfallOut] | None = None  # 409 insufficient_stock: each short line


def statuses(path: str, method: str, operation: dict[str, Any]) -> list[int]:
    """The problems an operation can answer: every /v1 route needs a token with a scope, has a
    body limit, validates its input and needs the store; 400 needs a body, 404 a path
    parameter (a thing to find), 409 a command."""
    if not path.startswith("/v1/"):
        return []
    found = [401, 403, 413, 422, 503]
    if "requestBody" in operation:
        found.append(400)
    if "{" in path:
        found.append(404)
    if method != "get":
        found.append(409)
    return sorted(found)


def document_problems(spec: dict[str, Any]) -> None:
    """Declare the Problem schema, and each operation's problem answers, in ``spec``."""
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    problem = Problem.model_json_schema(ref_template=REF + "{model}")
    schemas.update(problem.pop("$defs", {}))
    schemas["Problem"] = problem
    for path, item in spec.get("paths", {}).items():
        for method, operation in item.items():
            responses = operation.setdefault("responses", {})
            for status in statuses(path, method, operation):
                responses[str(status)] = {
                    "description": DESCRIPTIONS[status],
                    "content": {PROBLEM: {"schema": {"$ref": REF + "Problem"}}},
                    **({"headers": RETRY_AFTER} if status == 503 else {}),
                }
            operation["responses"] = dict(sorted(responses.items()))
    # FastAPI's own 422 schemas, unless a route still refers to them.
    for unused in ("HTTPValidationError", "ValidationError"):
        if f'"{REF}{unused}"' not in json.dumps(spec):
            schemas.pop(unused, None)


def install(app: FastAPI) -> None:
    """Complete the app's generated OpenAPI document with its problem answers."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        spec = generate()  # FastAPI caches it, and regenerates it when the routes change
        if "Problem" not in spec.get("components", {}).get("schemas", {}):
            document_problems(spec)
        return spec

    app.openapi = openapi  # type: ignore[method-assign]
