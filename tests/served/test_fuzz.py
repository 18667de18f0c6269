"""schemathesis against the served /openapi.json: whatever it sends, every answer is a 2xx or
4xx that the document declares (status, content type, body, headers), never a 5xx.

`make test` runs a short pass (FUZZ_CASES=100 per backend, 200 in all); `make fuzz` a long one.
"""

from __future__ import annotations

import os
from collections import Counter

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import Case, GenerationMode

from tests.served.conftest import AUTH

CASES = int(os.environ.get("FUZZ_CASES", "100"))
# Every built-in check but one: positive_data_acceptance wants every schema-valid request
# accepted, but a rule on the input itself (a "damaged" adjustment with a positive delta, `to`
# before `from`) is a declared 422 by design, and JSON Schema's "integer" admits 2.0 where the
# API takes whole-number literals only.
CONFIG = schemathesis.Config.from_dict({"checks": {"positive_data_acceptance": {"enabled": False}}})


def test_no_request_gets_a_5xx_or_an_undeclared_answer(served: str) -> None:
    schema = schemathesis.openapi.from_url(f"{served}/openapi.json", config=CONFIG)
    cases = st.one_of(
        schema.as_strategy(GenerationMode.POSITIVE), schema.as_strategy(GenerationMode.NEGATIVE)
    )
    statuses: Counter[int] = Counter()

    @given(case=cases)
    @settings(
        max_examples=CASES, deadline=None, suppress_health_check=list(HealthCheck), database=None
    )
    def answered_as_declared(case: Case) -> None:
        response = case.call_and_validate(base_url=served, headers=AUTH)
        statuses[response.status_code] += 1

    answered_as_declared()
    print(f"fuzz: {statuses.total()} requests, by status {dict(sorted(statuses.items()))}")
