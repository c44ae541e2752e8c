"""Fuzzing the OpenAPI schema with schemathesis (issue 21): generated requests to every operation of the API,
valid and invalid (schemathesis' positive and negative modes), never get a 5xx. Over a copy of the examples
store, without the language model (POST /api/extract and /api/ingest then answer fast; what they read is
the same). Driven through hypothesis directly: schemathesis' own pytest plugin does not run under pytest 9."""
from __future__ import annotations

import shutil
import warnings

import pytest

warnings.filterwarnings("ignore", message=".*install `httpx2`")
schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis.errors import Unsatisfiable  # noqa: E402
from schemathesis import GenerationMode  # noqa: E402

from dateline.core import Dateline  # noqa: E402
from dateline.web import create_app  # noqa: E402

EXAMPLES_PER_OPERATION = 20  # for each mode: some 700 requests over the operations


@pytest.fixture(scope="module")
def api_schema(examples_db, tmp_path_factory):
    db = tmp_path_factory.mktemp("fuzz") / "fuzz.duckdb"
    shutil.copy(examples_db, db)
    dl = Dateline(db=str(db), annotate=False, max_bytes=20_000)
    yield schemathesis.openapi.from_asgi("/openapi.json", create_app(dl))
    dl.release()


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_generated_request_gets_a_server_error(api_schema, mode) -> None:
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 15  # every endpoint of docs/api.md is in the schema
    fuzzed = 0
    for operation in operations:
        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, suppress_health_check=list(HealthCheck),
                  database=None)
        def no_server_error(case) -> None:
            response = case.call()
            assert response.status_code < 500, (f"{case.method} {case.formatted_path} {case.query} "
                                                f"{str(case.body)[:100]!r}: {response.status_code} {response.text[:300]}")

        try:
            no_server_error()
            fuzzed += 1
        except Unsatisfiable:  # nothing invalid to send (an operation without parameters, in negative mode)
            assert mode == GenerationMode.NEGATIVE
    assert fuzzed >= 10
