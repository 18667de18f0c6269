"""Webhook: one signed POST, `t=<ts>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`."""

from __future__ import annotations

import hashlib
import hmac

from interfaces.channels import specs
from interfaces.channels.webhook import Webhook, verify
from tests.channels.kinds import update
from tests.channels.replies import Replies, reply

NOW = 1_767_225_600


def test_the_body_is_signed_with_a_timestamp() -> None:
    batch = [update("webhook", 4, position=7), update("webhook", 0, position=8)]
    replies = Replies(reply({}, 204))
    assert [r.status for r in replies.push(Webhook(clock=lambda: NOW), batch)] == ["applied"] * 2
    request = replies.requests[0]
    raw = request.content
    mac = hmac.new(b"whsec_test", f"{NOW}.".encode() + raw, hashlib.sha256).hexdigest()
    assert request.headers["X-Stocksync-Signature"] == f"t={NOW},v1={mac}"
    body = replies.body()
    assert specs.problems(specs.schema("webhook.schema.json"), body) == []
    assert body["channel"] == "shop"
    assert body["updates"][0] == {"sku": batch[0].sku, "available": 4, "position": 7}


def test_a_signature_verifies_only_for_its_body_secret_and_time() -> None:
    replies = Replies(reply({}))
    replies.push(Webhook(clock=lambda: NOW), [update("webhook", 1)])
    raw, header = replies.requests[0].content, replies.requests[0].headers["X-Stocksync-Signature"]
    assert verify("whsec_test", header, raw, now=NOW + 10)
    assert not verify("whsec_test", header, raw + b" ", now=NOW)
    assert not verify("other", header, raw, now=NOW)
    assert not verify("whsec_test", header, raw, now=NOW + 301)
    assert not verify("whsec_test", "garbage", raw, now=NOW)
