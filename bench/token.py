"""The benchmark's API token: every stocksync the bench starts accepts it as its admin token
(STOCKSYNC_ADMIN_TOKEN), every load generator sends it, and the row-lock baseline checks it
too, so that each server does the same work per request."""

from __future__ import annotations

TOKEN = "bench-admin-token-not-a-secret"
AUTHORIZATION = f"Bearer {TOKEN}"
HEADERS = {"Authorization": AUTHORIZATION}
ENV = {"STOCKSYNC_ADMIN_TOKEN": TOKEN}
