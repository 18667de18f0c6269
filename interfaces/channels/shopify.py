"""Shopify: sets `available` with `inventorySetQuantities`, compare-and-swap on the value last
confirmed. On CHANGE_FROM_QUANTITY_STALE it reads the level back (the drift, returned as
`observed`) and retries once from the fresh value."""

from __future__ import annotations

from typing import Any

import httpx

from domain.connection import LISTING_FIELDS, OPTIONAL_LISTING_FIELDS
from interfaces.channels import shopify_graphql as gql
from interfaces.channels.contract import Connection, Result, Update, missing_fields
from interfaces.channels.exchange import body, exchange
from interfaces.channels.shopify_batch import Batch


class Shopify:
    """The Admin GraphQL API at {base_url}/admin/api/2026-07/graphql.json."""

    kind = "shopify"
    max_batch = 250
    secret_names = ("access_token",)
    listing_fields = LISTING_FIELDS["shopify"]
    optional_listing_fields = OPTIONAL_LISTING_FIELDS.get("shopify", ())

    async def push(
        self, client: httpx.AsyncClient, connection: Connection, updates: list[Update]
    ) -> list[Result]:
        """Set every listing in one mutation; stale ones are read back and retried once."""
        batch = Batch(updates, [missing_fields(update, self.listing_fields) for update in updates])
        for attempt in (1, 2):
            sending = batch.sending()
            if not sending:
                break
            variables = batch.variables(sending)
            data = await self._call(client, connection, gql.SET_AVAILABLE, variables)
            errors = data["inventorySetQuantities"]["userErrors"]
            stale = batch.settle(sending, errors, final=attempt == 2)
            batch.refresh(stale, await self._read(client, connection, batch.pick(stale)))
        return batch.results()

    async def _read(
        self, client: httpx.AsyncClient, connection: Connection, listed: list[Update]
    ) -> list[int | None]:
        """The `available` quantity Shopify holds now for each update's listing."""
        if not listed:
            return []
        query, variables = gql.read_back_query(len(listed)), gql.read_back_variables(listed)
        data = await self._call(client, connection, query, variables)
        return [gql.available_of(data, n) for n in range(len(listed))]

    async def _call(
        self, client: httpx.AsyncClient, connection: Connection, query: str, variables: Any
    ) -> dict[str, Any]:
        """POST one GraphQL document; its `data`."""
        request = client.build_request(
            "POST",
            f"{connection.base_url.rstrip('/')}/admin/api/{gql.API_VERSION}/graphql.json",
            json={"query": query, "variables": variables},
            headers={"X-Shopify-Access-Token": connection.secrets.get("access_token", "")},
        )
        return gql.data_of(body(await exchange(client, request)))
