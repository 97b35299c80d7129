"""Every setting: its default, its bounds, and one clear line for each bad value."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel

from voice_contracts.settings import (
    ContractSettings,
    MockSettings,
    Resources,
    SettingsError,
    Variable,
    load,
    variables,
)

MODELS: list[type[BaseModel]] = [Resources, ContractSettings, MockSettings]
ALL = [(model, var) for model in MODELS for var in variables(model)]


def _id(item: tuple[type[BaseModel], Variable]) -> str:
    return item[1].env


def _numeric_bounds(model: type[BaseModel], var: Variable) -> dict[str, Any]:
    bounds: dict[str, Any] = {}
    for meta in model.model_fields[var.field].metadata:
        for key in ("ge", "gt", "le", "lt"):
            if getattr(meta, key, None) is not None:
                bounds[key] = getattr(meta, key)
    return bounds


@pytest.mark.parametrize("item", ALL, ids=[_id(i) for i in ALL])
def test_unset_and_empty_give_the_documented_default(item: tuple[type[BaseModel], Variable]) -> None:
    model, var = item
    for env in ({}, {var.env: ""}, {var.env: "   "}):
        value = getattr(load(model, env), var.field)
        if var.field == "resources":
            continue
        assert value == var.default, (env, value)


NUMERIC = [i for i in ALL if i[1].annotation in (int, float)]


@pytest.mark.parametrize("item", NUMERIC, ids=[_id(i) for i in NUMERIC])
def test_numbers_refuse_infinity_nan_words_and_values_past_their_bounds(item: tuple[type[BaseModel], Variable]) -> None:
    model, var = item
    bad = ["inf", "-inf", "nan", "NaN", "Infinity", "soon", "1e999"]
    if var.annotation is int:
        bad += ["1.9", "2.0e0", "0x10"]
    bounds = _numeric_bounds(model, var)
    assert bounds, f"{var.env} has no bounds"
    step = 1 if var.annotation is int else 0.5
    if "ge" in bounds:
        bad.append(str(bounds["ge"] - step))
        assert getattr(load(model, {var.env: str(bounds["ge"])}), var.field) == bounds["ge"]
    if "gt" in bounds:
        bad.append(str(bounds["gt"]))
    if "le" in bounds:
        bad.append(str(bounds["le"] + step))
        assert getattr(load(model, {var.env: str(bounds["le"])}), var.field) == bounds["le"]
    for raw in bad:
        with pytest.raises(SettingsError) as caught:
            load(model, {var.env: raw})
        message = str(caught.value)
        assert message.startswith(f"{var.env}="), message
        assert "\n" not in message and "Traceback" not in message


def test_a_whole_number_setting_refuses_a_fraction_instead_of_truncating_it() -> None:
    with pytest.raises(SettingsError, match=r"^MOCK_CALLBACK_ATTEMPTS='1.9': must be a whole number$"):
        MockSettings.from_env({"MOCK_CALLBACK_ATTEMPTS": "1.9"})
    with pytest.raises(SettingsError, match=r"^MOCK_EXTRA_VOICES='inf': must be a whole number$"):
        MockSettings.from_env({"MOCK_EXTRA_VOICES": "inf"})


def test_choices_urls_rates_and_booleans_are_checked() -> None:
    cases = {
        "MOCK_LOG_LEVEL": "loud",
        "MOCK_HOST": "0.0.0.0",
        "MOCK_PUBLIC_URL": "ftp://example.com",
        "MOCK_VALIDATE_RESPONSES": "maybe",
        "MOCK_CALLBACK_ALLOW": " , ",
    }
    for name, raw in cases.items():
        with pytest.raises(SettingsError, match=f"^{name}="):
            MockSettings.from_env({name: raw})
    for name, raw in {"PALABRA_URL": "api.palabra.ai", "CONTRACT_RATE_LIMIT": "fast", "RESEMBLE_URL": "//x"}.items():
        with pytest.raises(SettingsError, match=f"^{name}="):
            ContractSettings.from_env({name: raw})
    with pytest.raises(SettingsError, match=r"^RESEMBLE_AUTH_SCHEME='Basic': must be one of"):
        Resources.from_env({"RESEMBLE_AUTH_SCHEME": "Basic"})


def test_flags_override_the_environment_and_are_named_in_errors() -> None:
    env = {"CONTRACT_SEED": "7", "CONTRACT_MAX_EXAMPLES": "3"}
    settings = ContractSettings.from_env(env, seed="11")
    assert (settings.seed, settings.max_examples) == (11, 3)
    with pytest.raises(SettingsError, match=r"^--seed='x': must be a whole number$"):
        ContractSettings.from_env(env, seed="x")
    # A flag that was not given (None) leaves the environment's value in place.
    assert ContractSettings.from_env(env, seed=None).seed == 7


def test_a_secret_is_never_echoed_in_an_error() -> None:
    with pytest.raises(SettingsError) as caught:
        Resources.from_env({"PALABRA_API_KEY": "s3cr3t"}, palabra_api_key=12345)
    assert "s3cr3t" not in str(caught.value) and "12345" not in str(caught.value)
    assert "s3cr3t" not in repr(Resources.from_env({"PALABRA_API_KEY": "s3cr3t"}))


def test_the_mock_fills_in_its_own_credentials_only_where_none_were_given() -> None:
    settings = MockSettings.from_env({"PALABRA_API_KEY": "mine"})
    assert settings.resources.palabra_api_key == "mine"
    assert settings.resources.palabra_client_id == "mock-client-id"
    assert Resources.from_env({}).palabra_client_id == ""
