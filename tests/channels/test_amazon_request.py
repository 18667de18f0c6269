"""Amazon: one patchListingsItem per SKU, a body valid against the copied Listings Items spec,
and its ListingsItemSubmissionResponse read as applied or rejected."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from interfaces.channels import specs
from interfaces.channels.amazon import Amazon
from interfaces.channels.marketplace import Rejected, Throttled
from tests.channels.kinds import update
from tests.channels.replies import Replies, reply


def submission(sku: str, status: str, issues: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    answer = {"sku": sku, "status": status, "submissionId": "f1dc2914", "issues": issues or []}
    valid = specs.schema_at(specs.AMAZON, "/definitions/ListingsItemSubmissionResponse")
    assert specs.problems(valid, answer) == []
    return answer


def test_the_patch_replaces_fulfillment_availability_as_the_spec_describes() -> None:
    change = update("amazon", 12)
    replies = Replies(reply(submission(change.sku, "ACCEPTED")))
    (result,) = replies.push(Amazon(), [change])
    assert result.status == "applied"
    request = replies.requests[0]
    assert request.method == "PATCH"
    assert (
        request.url.path == f"/listings/2021-08-01/items/{change.listing['seller_id']}/{change.sku}"
    )
    assert request.url.params["marketplaceIds"] == "ATVPDKIKX0DER"
    assert request.headers["x-amz-access-token"] == "Atza|test-lwa-token"
    body = replies.body()
    assert (
        specs.problems(specs.schema_at(specs.AMAZON, "/definitions/ListingsItemPatchRequest"), body)
        == []
    )
    assert body == {
        "productType": "PRODUCT",
        "patches": [
            {
                "op": "replace",
                "path": "/attributes/fulfillment_availability",
                "value": [{"fulfillment_channel_code": "DEFAULT", "quantity": 12}],
            }
        ],
    }


def test_a_sku_is_escaped_in_the_path() -> None:
    odd = dataclasses.replace(update("amazon", 1), sku="A/B C")
    replies = Replies(reply(submission("A/B C", "ACCEPTED")))
    replies.push(Amazon(), [odd])
    assert replies.requests[0].url.raw_path.decode().split("?")[0].endswith("/A%2FB%20C")


def test_each_sku_is_its_own_request() -> None:
    batch = [update("amazon", 1), update("amazon", 2)]
    replies = Replies(*(reply(submission(u.sku, "ACCEPTED")) for u in batch))
    assert [r.status for r in replies.push(Amazon(), batch)] == ["applied", "applied"]
    assert len(replies.requests) == 2


def test_an_invalid_submission_is_rejected_with_its_issues() -> None:
    change = update("amazon", 1)
    issue = {"code": "90220", "message": "bad quantity", "severity": "ERROR", "categories": []}
    replies = Replies(reply(submission(change.sku, "INVALID", [issue])))
    (result,) = replies.push(Amazon(), [change])
    assert result.status == "rejected" and "bad quantity" in result.detail


def test_throttling_without_retry_after_waits_one_request_of_the_rate_limit() -> None:
    replies = Replies(reply({"errors": []}, 429, **{"x-amzn-RateLimit-Limit": "5.0"}))
    with pytest.raises(Throttled) as caught:
        replies.push(Amazon(), [update("amazon", 1)])
    assert caught.value.retry_after == pytest.approx(0.2)


def test_a_refused_token_is_rejected() -> None:
    replies = Replies(reply({"errors": [{"code": "Unauthorized", "message": "denied"}]}, 403))
    with pytest.raises(Rejected):
        replies.push(Amazon(), [update("amazon", 1)], access_token="wrong")
