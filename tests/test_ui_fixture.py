"""The UI tests' store (tests/support/ui_store.py) holds claims and flags the shared schemas accept."""

from __future__ import annotations

import json

import jsonschema
import pytest

from tests.support.paths import SHARED
from tests.support.ui_store import fixture_objects

SPEC = SHARED / "spec"


def test_fixture_claims_and_flags_follow_the_shared_schemas():
    if not SPEC.is_dir():
        pytest.skip(f"shared spec not found at {SPEC}")
    claim_schema = json.loads((SPEC / "claim.schema.json").read_text())
    flag_schema = json.loads((SPEC / "flag.schema.json").read_text())
    docs, flags = fixture_objects()
    for doc, claims in docs:
        for c in claims:
            assert doc.text[c.span[0]:c.span[1]] == c.quote
            jsonschema.validate(c.to_json(), claim_schema)
    for f in flags:
        jsonschema.validate(f.to_json(), flag_schema)
