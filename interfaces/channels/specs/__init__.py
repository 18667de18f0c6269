"""The marketplace specs (or the parts of them) the simulator and the tests validate against.
README.md says where each file comes from and under which licence."""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

from jsonschema import Draft4Validator, Draft7Validator
from jsonschema.protocols import Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

AMAZON = "amazon-sp-api_listings-items_2021-08-01.swagger.json"
WOOCOMMERCE = "woocommerce_wc-v3_batch.openapi.json"
SHOPIFY = "shopify_inventory.graphql"
EBAY = "ebay_sell-inventory-v1_bulk_update_price_quantity.json"


def text(name: str) -> str:
    """A spec file's text."""
    return files(__package__).joinpath(name).read_text(encoding="utf-8")


@cache
def document(name: str) -> Any:
    """A JSON spec file, parsed."""
    return json.loads(text(name))


@cache
def schema_at(name: str, pointer: str) -> Validator:
    """A validator for the schema at a JSON pointer inside a Swagger 2 or OpenAPI 3.0 file,
    whose `$ref`s resolve within that file (both use a JSON Schema draft 4 dialect)."""
    uri = f"urn:stocksync:spec:{name}"
    registry: Registry[Any] = Registry().with_resource(
        uri, Resource.from_contents(document(name), default_specification=DRAFT4)
    )
    return Draft4Validator({"$ref": f"{uri}#{pointer}"}, registry=registry)


@cache
def schema(name: str) -> Validator:
    """A validator for a JSON Schema (draft 7) file."""
    return Draft7Validator(document(name))


def problems(validator: Validator, instance: Any, limit: int = 5) -> list[str]:
    """What is wrong with `instance`, as short messages with the path to each problem."""
    found = sorted(validator.iter_errors(instance), key=lambda error: list(error.path))
    return [f"{'/'.join(map(str, error.path)) or '(root)'}: {error.message}" for error in found][
        :limit
    ]
