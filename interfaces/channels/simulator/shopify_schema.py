"""The GraphQL schema the simulated Shopify serves: specs/shopify_inventory.graphql."""

from __future__ import annotations

from graphql import GraphQLDirective, build_schema

from interfaces.channels import specs

SCHEMA = build_schema(specs.text(specs.SHOPIFY))


def _directive(name: str) -> GraphQLDirective:
    directive = SCHEMA.get_directive(name)
    if directive is None:
        raise RuntimeError(f"specs/{specs.SHOPIFY} must declare @{name}")
    return directive


IDEMPOTENT = _directive("idempotent")
