"""`min_position`, the consistency token: a position the log has reached is worth a bounded
wait for the view (503 with Retry-After when the view lags), while one beyond the end of the log
was never given to anyone and is refused at once (422 `position_not_reached`)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from interfaces.http.app import create_app
from interfaces.runtime.bootstrap import Container
from tests import refs
from tests.http.api import assert_problem, receive
from tests.tokens import ADMIN


def reads(sku: str) -> list[str]:
    """Every read that takes min_position."""
    return [
        f"/v1/channels/shop/availability/{sku}",
        "/v1/channels/shop/availability",
        "/v1/replenishment",
        "/v1/events",
    ]


def story(client: TestClient) -> tuple[str, int]:
    """A declared channel and a receipt; the SKU and the last position."""
    assert client.put("/v1/channels/shop", json={"kind": "shopify"}).status_code == 200
    sku = refs.sku()
    return sku, receive(client, "WH1", sku, 5)["position"]


@pytest.fixture
def unfollowed(container: Container) -> Iterator[TestClient]:
    """The app over a service whose views are not followed: they lag every write."""
    with TestClient(create_app(container, manage=False), headers=ADMIN) as client:
        yield client


def test_a_position_the_log_has_reached_is_answered_once_applied(client: TestClient) -> None:
    sku, position = story(client)
    for url in reads(sku):
        response = client.get(url, params={"min_position": position})
        assert response.status_code == 200, (url, response.text)


def test_a_position_beyond_the_log_is_refused_at_once(client: TestClient) -> None:
    sku, position = story(client)
    for beyond in (position + 1, position + 1_000, 2**70):
        for url in reads(sku):
            response = client.get(url, params={"min_position": beyond, "wait": 30})
            problem = assert_problem(response, 422, "position_not_reached")
            assert f"position {position}" in problem["detail"], problem
            assert "Retry-After" not in response.headers


def test_a_lagging_view_answers_503_with_retry_after(unfollowed: TestClient) -> None:
    sku, position = story(unfollowed)
    for url in reads(sku):
        response = unfollowed.get(url, params={"min_position": position, "wait": 0.05})
        assert_problem(response, 503, "view_not_caught_up")
        assert int(response.headers["Retry-After"]) >= 1
