"""The simulated order feeds refuse what the marketplace would: parameters out of range or
missing, on requests that are otherwise rightly authenticated and signed."""

from __future__ import annotations

import httpx

from interfaces.channels.lazada import signed_query
from interfaces.channels.orders import amazon, ebay, lazada, shopee, tiktok
from interfaces.channels.shopee import common_params
from interfaces.channels.tiktok import signed_request
from tests.channels.conftest import Start
from tests.channels.kinds import SECRETS
from tests.channels.orders import T0, Clock, connection

NOW = T0 + 3600


def test_amazon_wants_a_marketplace_and_an_update_time_two_minutes_old(simulator: Start) -> None:
    sim = simulator("amazon", clock=Clock(NOW))
    token = {"x-amz-access-token": SECRETS["amazon"]["access_token"]}
    url, old, recent = sim.url + amazon.ORDERS, "2026-01-01T00:00:00Z", "2026-01-01T00:59:30Z"
    ok = {"MarketplaceIds": "ATVPDKIKX0DER", "LastUpdatedAfter": old}
    assert httpx.get(url, params=ok, headers=token).status_code == 200
    for wrong in (
        {"LastUpdatedAfter": old},
        {**ok, "LastUpdatedAfter": recent},
        {**ok, "MaxResultsPerPage": "101"},
        {"MarketplaceIds": "ATVPDKIKX0DER"},
    ):
        assert httpx.get(url, params=wrong, headers=token).status_code == 400, wrong


def test_ebay_wants_a_lastmodifieddate_filter_and_a_limit_up_to_200(simulator: Start) -> None:
    sim = simulator("ebay")
    auth = {"Authorization": f"Bearer {SECRETS['ebay']['access_token']}"}
    url, good = sim.url + ebay.PATH, "lastmodifieddate:[2026-01-01T00:00:00.000Z..]"
    assert httpx.get(url, params={"filter": good}, headers=auth).status_code == 200
    for wrong in (
        {"filter": "creationdate:[2026-01-01T00:00:00.000Z..]"},
        {"filter": "lastmodifieddate:[yesterday..]"},
        {"filter": good, "limit": "201"},
    ):
        assert httpx.get(url, params=wrong, headers=auth).status_code == 400, wrong


def test_shopee_wants_an_update_time_window_of_at_most_15_days(simulator: Start) -> None:
    sim = simulator("shopee", clock=Clock(NOW))
    signed = common_params(SECRETS["shopee"], shopee.LIST, int(NOW))
    window = {"time_range_field": "update_time", "time_from": str(int(T0)), "page_size": "50"}

    def get(**more: str) -> httpx.Response:
        return httpx.get(sim.url + shopee.LIST, params={**signed, **window, **more})

    assert get(time_to=str(int(NOW))).status_code == 200
    assert get(time_to=str(int(T0) + 16 * 86400)).status_code == 400
    assert get(time_to=str(int(NOW)), page_size="0").status_code == 400
    detail = common_params(SECRETS["shopee"], shopee.DETAIL, int(NOW))
    too_many = ",".join(f"SN{n}" for n in range(51))
    answer = httpx.get(sim.url + shopee.DETAIL, params={**detail, "order_sn_list": too_many})
    assert answer.status_code == 400


def test_lazada_wants_an_iso_update_after_and_a_limit_up_to_100(simulator: Start) -> None:
    sim = simulator("lazada", clock=Clock(NOW))

    def get(**query: str) -> httpx.Response:
        signed = signed_query(SECRETS["lazada"], lazada.ORDERS, int(NOW * 1000), query)
        return httpx.get(sim.url + lazada.ORDERS, params={**signed, **query})

    assert get(update_after="2026-01-01T00:00:00+00:00").status_code == 200
    assert get(update_after="2026-01-01").status_code == 400
    assert get(update_after="2026-01-01T00:00:00+00:00", limit="101").status_code == 400
    assert get(update_after="2026-01-01T00:00:00+00:00", offset="5001").status_code == 400


def test_tiktok_wants_a_page_size_up_to_100(simulator: Start) -> None:
    sim = simulator("tiktok", clock=Clock(NOW))
    conn = connection("tiktok", sim)

    def search(page_size: str) -> httpx.Response:
        with httpx.Client() as client:
            query = {"page_size": page_size}
            body = {"update_time_ge": int(T0)}
            request = signed_request(client, conn, tiktok.PATH, int(NOW), body, query)  # type: ignore[arg-type]
            return client.send(request)

    assert search("100").json()["code"] == 0
    assert search("0").status_code == search("101").status_code == 400
