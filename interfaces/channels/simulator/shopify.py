"""Simulated Shopify Admin GraphQL: POST /admin/api/{version}/graphql.json, executing queries
and mutations against the schema subset. 401 on a wrong X-Shopify-Access-Token; 400 on a body
that is not a GraphQL request or a document the schema refuses (parse, validation, variables)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from graphql import GraphQLError, execute_sync, parse, validate

from interfaces.channels.simulator.kind import Malformed, SimulatedKind, read_json
from interfaces.channels.simulator.order_webhooks import SHOPIFY_HOOKS
from interfaces.channels.simulator.shopify_inventory import Inventory
from interfaces.channels.simulator.shopify_schema import SCHEMA
from interfaces.channels.simulator.store import Store

UNAUTHORIZED = "[API] Invalid API key or access token (unrecognized login or wrong password)"


def _errors(messages: list[str], status: int = 400) -> JSONResponse:
    return JSONResponse({"errors": [{"message": message} for message in messages]}, status)


def router(store: Store, secrets: dict[str, str]) -> APIRouter:
    """Listing key "{inventoryItemId}@{locationId}" (GIDs)."""
    api = APIRouter(tags=["shopify"])
    inventory = Inventory(store)

    @api.post("/admin/api/{version}/graphql.json")
    async def graphql(version: str, request: Request) -> JSONResponse:
        """Run one GraphQL request: inventorySetQuantities, or the inventoryItem read-back."""
        if request.headers.get("x-shopify-access-token") != secrets["access_token"]:
            return JSONResponse({"errors": UNAUTHORIZED}, 401)
        try:
            query, variables, operation = _request(await read_json(request))
            document = parse(query)
        except Malformed as exc:
            return _errors([str(exc)])
        except GraphQLError as exc:
            return _errors([exc.message])
        invalid = validate(SCHEMA, document)
        if invalid:
            return _errors([error.message for error in invalid])
        result = execute_sync(SCHEMA, document, inventory.root(), None, variables, operation)
        if result.data is None:
            return _errors([error.message for error in result.errors or []])
        return JSONResponse(result.formatted)

    return api


def _request(body: Any) -> tuple[str, dict[str, Any], str | None]:
    """(query, variables, operationName) of a GraphQL-over-HTTP JSON body."""
    if not isinstance(body, dict) or not isinstance(body.get("query"), str):
        raise Malformed("a GraphQL request is a JSON object with a `query` string")
    variables = body.get("variables") or {}
    if not isinstance(variables, dict):
        raise Malformed("`variables` must be a JSON object")
    operation = body.get("operationName")
    return body["query"], variables, operation if isinstance(operation, str) else None


SHOPIFY = SimulatedKind(
    router=router,
    hooks=SHOPIFY_HOOKS,
    throttled_body={"errors": [{"message": "Throttled", "extensions": {"code": "THROTTLED"}}]},
)
