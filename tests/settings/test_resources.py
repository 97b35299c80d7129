"""Credentials: exactly what was given, in the scheme that was given, or a clear error before any request."""

from __future__ import annotations

import pytest

from voice_contracts.settings import MissingCredentials, Resources


def test_an_api_key_alone_means_bearer_and_no_client_id() -> None:
    headers = Resources.from_env({"PALABRA_API_KEY": "k"}).palabra_headers()
    assert headers == {"Authorization": "Bearer k"}


def test_the_pair_means_the_two_headers() -> None:
    resources = Resources.from_env({"PALABRA_CLIENT_ID": "id", "PALABRA_CLIENT_SECRET": "sec"})
    assert resources.palabra_headers() == {"ClientID": "id", "ClientSecret": "sec"}


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "Palabra credentials are missing"),
        ({"PALABRA_CLIENT_ID": "id"}, "PALABRA_CLIENT_ID is set but PALABRA_CLIENT_SECRET is not"),
        ({"PALABRA_CLIENT_SECRET": "s"}, "PALABRA_CLIENT_SECRET is set but PALABRA_CLIENT_ID is not"),
    ],
)
def test_missing_palabra_credentials_are_refused(env: dict[str, str], message: str) -> None:
    with pytest.raises(MissingCredentials, match=message):
        Resources.from_env(env).palabra_headers()


def test_resemble_schemes() -> None:
    assert Resources.from_env({"RESEMBLE_API_TOKEN": "t"}).resemble_headers() == {"Authorization": "Bearer t"}
    token = Resources.from_env({"RESEMBLE_API_TOKEN": "t", "RESEMBLE_AUTH_SCHEME": "Token"})
    assert token.resemble_headers() == {"Authorization": "Token token=t"}
    with pytest.raises(MissingCredentials, match="RESEMBLE_API_TOKEN"):
        Resources.from_env({}).resemble_headers()


def test_secrets_are_listed_for_redaction_only_when_set() -> None:
    assert Resources.from_env({"PALABRA_API_KEY": "k"}).secrets() == {"PALABRA_API_KEY": "k"}
