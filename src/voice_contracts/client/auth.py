"""Build the generated ``AuthenticatedClient`` with each vendor's credentials in the right headers.

Palabra wants two headers (``ClientID`` and ``ClientSecret``) or a Bearer key; Resemble
wants ``Bearer <token>`` or ``Token token=<token>``. These helpers build the generated
``AuthenticatedClient`` configured for each, so callers never assemble headers by hand.
"""

from __future__ import annotations

from typing import Any, Literal

from voice_api_client import AuthenticatedClient
from voice_contracts.errors import VoiceContractsError

PALABRA_URL = "https://api.palabra.ai"
RESEMBLE_URL = "https://app.resemble.ai"


class CredentialsError(VoiceContractsError, ValueError):
    """Raised when the credentials given to a helper are incomplete or contradictory."""


def palabra_client(
    base_url: str = PALABRA_URL,
    *,
    client_id: str | None = None,
    client_secret: str | None = None,
    api_key: str | None = None,
    **kwargs: Any,
) -> AuthenticatedClient:
    """A client for Palabra with either the ClientID/ClientSecret pair or an API key.

    Extra keyword arguments (``timeout``, ``headers``…) go to ``AuthenticatedClient``.
    """
    pair = (client_id, client_secret)
    if api_key is not None and any(pair):
        raise CredentialsError("give either client_id and client_secret, or api_key, not both")
    if api_key is not None:
        return AuthenticatedClient(base_url=base_url, token=api_key, **kwargs)
    if not (client_id and client_secret):
        raise CredentialsError("Palabra needs both client_id and client_secret (or an api_key)")
    headers = {**kwargs.pop("headers", {}), "ClientID": client_id}
    # The generated client sends exactly one credential header; the secret is that one and
    # the id rides along as an ordinary header.
    return AuthenticatedClient(
        base_url=base_url, token=client_secret, prefix="", auth_header_name="ClientSecret", headers=headers, **kwargs
    )


def resemble_client(
    base_url: str = RESEMBLE_URL, *, token: str, scheme: Literal["Bearer", "Token"] = "Bearer", **kwargs: Any
) -> AuthenticatedClient:
    """A client for Resemble; ``scheme="Token"`` sends the older ``Token token=<token>`` form.

    Like ``palabra_client``, the URL comes first and the credentials are keywords.
    """
    if not token:
        raise CredentialsError("Resemble needs an API token")
    if scheme == "Token":
        return AuthenticatedClient(base_url=base_url, token=f"token={token}", prefix="Token", **kwargs)
    return AuthenticatedClient(base_url=base_url, token=token, **kwargs)
