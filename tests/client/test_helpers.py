"""The auth helpers put each vendor's credentials in the right headers."""

from __future__ import annotations

import httpx
import pytest

from voice_api_client import AuthenticatedClient
from voice_contracts.client import CredentialsError, palabra_client, resemble_client


def sent_headers(client: AuthenticatedClient) -> httpx.Headers:
    seen: list[httpx.Headers] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers)
        return httpx.Response(204)

    with client:
        # The client builds its own httpx.Client with the auth headers; only its transport is swapped.
        http = client.get_httpx_client()
        http._transport.close()
        http._transport = httpx.MockTransport(handler)
        http.get("/")
    return seen[0]


def test_palabra_pair_sends_both_headers_and_no_authorization() -> None:
    headers = sent_headers(palabra_client("http://x.test", client_id="id-1", client_secret="secret-1"))
    assert (headers["ClientID"], headers["ClientSecret"]) == ("id-1", "secret-1")
    assert "authorization" not in headers


def test_palabra_api_key_is_a_bearer_token() -> None:
    assert sent_headers(palabra_client("http://x.test", api_key="k-1"))["authorization"] == "Bearer k-1"


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"client_id": "only-id"}, {"client_secret": "only"}, {"api_key": "k", "client_id": "i", "client_secret": "s"}],
)
def test_palabra_rejects_incomplete_or_mixed_credentials(kwargs: dict[str, str]) -> None:
    with pytest.raises(CredentialsError):
        palabra_client("http://x.test", **kwargs)


def test_resemble_token_forms() -> None:
    assert sent_headers(resemble_client("http://x.test", token="t-1"))["authorization"] == "Bearer t-1"
    assert (
        sent_headers(resemble_client("http://x.test", token="t-1", scheme="Token"))["authorization"]
        == "Token token=t-1"
    )
    with pytest.raises(CredentialsError):
        resemble_client("http://x.test", token="")
