"""Requests generated from the OpenAPI schema (schemathesis): no /v1 request gets a 5xx; errors have a detail,
and under /v1 OpenAI's error envelope with a code; responses conform to the schema."""

from __future__ import annotations

from typing import TYPE_CHECKING

import schemathesis
from hypothesis import HealthCheck, given, settings

if TYPE_CHECKING:
    from conftest import Server

EXAMPLES_PER_OPERATION = 5


def test_generated_requests_never_get_a_server_error(server: Server) -> None:
    schema = schemathesis.openapi.from_url(f"{server.url}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    operations = [op for op in operations if op.path.startswith("/v1/") or op.path == "/healthz"]
    assert len(operations) > 15

    for operation in operations:

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def check(case: schemathesis.Case) -> None:
            response = case.call(base_url=server.url, timeout=60)
            assert response.status_code < 500, f"{case.method} {case.path}: {response.text}"
            if response.status_code >= 400:
                body = response.json()
                assert isinstance(body["detail"], str) and body["detail"]
                if case.path.startswith("/v1/"):
                    assert body["error"]["message"] == body["detail"] and body["error"]["code"]
            case.validate_response(response, checks=[schemathesis.checks.response_schema_conformance])

        check()
