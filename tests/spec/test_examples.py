"""Every example in the spec is valid and round-trips through the generated models."""

from __future__ import annotations

import re
from typing import Any

import pytest

from voice_api_client import models
from voice_contracts.spec import Spec, load_spec
from voice_contracts.spec.lint import iter_examples, problems

DATE_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
EXAMPLES = list(iter_examples(load_spec()))


def test_the_spec_passes_validation_and_the_house_rules(spec: Spec) -> None:
    assert problems(spec) == []


def test_lint_catches_an_invalid_example(spec: Spec) -> None:
    broken = Spec({**spec.document})
    broken.document["components"] = {**spec.document["components"]}
    broken.document["components"]["schemas"] = {
        **spec.document["components"]["schemas"],
        "OutputFormat": {**spec.schema("OutputFormat"), "example": "flac"},
    }
    assert any("OutputFormat" in problem for problem in problems(broken))


def test_there_is_an_example_for_every_request_and_response() -> None:
    locations = {where.rsplit(" ", 1)[0] for where, _, _ in EXAMPLES}
    assert {
        "regenerate_tts_sample request",
        "regenerate_tts_sample response 200",
        "regenerate_tts_sample response 403",
        "regenerate_tts_sample response default",
        "update_clip request",
        "update_clip response 200",
        "update_clip response default",
        "update_clip callback",
    } <= locations


@pytest.mark.parametrize(("where", "schema", "value"), EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_example_round_trips_through_the_generated_model(where: str, schema: dict[str, Any], value: Any) -> None:
    title = schema.get("title", "")
    model = getattr(models, title, None)
    if model is None or not hasattr(model, "from_dict"):
        # Enums and plain arrays have no model class; the enum must still accept the value.
        if model is not None:
            assert model(value).value == value
        return
    assert model.from_dict(value).to_dict() == _utc_offsets(value)


def _utc_offsets(value: Any) -> Any:
    """The example as the models write it back: date-times with ``+00:00`` instead of ``Z``."""
    if isinstance(value, dict):
        return {key: _utc_offsets(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_utc_offsets(item) for item in value]
    if isinstance(value, str) and DATE_TIME.match(value):
        return value[:-1] + "+00:00"
    return value
