"""The seed resources and credentials: which voice and clip a run may change, and how it authenticates.

The mock seeds itself with these resources and accepts these credentials; the contract suite
uses the same ones, so a mock started with some settings is checked by a suite that matches.
Credentials have no defaults here on purpose: only a mock fills in its own made-up ones
(``with_mock_defaults``), so a real server never receives them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from voice_contracts.settings.fields import SettingsError, load, setting

# The made-up credentials an embedded or standalone mock accepts when none are given.
MOCK_CREDENTIALS = {
    "palabra_client_id": "mock-client-id",
    "palabra_client_secret": "mock-client-secret",
    "palabra_api_key": "mock-palabra-key",
    "resemble_api_token": "mock-resemble-token",
}


class MissingCredentials(SettingsError):
    """A server is set but the credentials it needs are not (or only half of a pair is)."""


class Resources(BaseModel):
    """Seed resources and credentials, read from PALABRA_* and RESEMBLE_* variables."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    palabra_voice_id: str = setting(
        "PALABRA_VOICE_ID", "voice_demo", "Palabra voice that exists on the server and may be regenerated", min_length=1
    )
    palabra_client_id: str = setting("PALABRA_CLIENT_ID", "", "Palabra ClientID header (pair with the secret)")
    palabra_client_secret: str = setting(
        "PALABRA_CLIENT_SECRET", "", "Palabra ClientSecret header (pair with the id)", secret=True, repr=False
    )
    palabra_api_key: str = setting(
        "PALABRA_API_KEY", "", "Palabra API key, sent as `Authorization: Bearer`", secret=True, repr=False
    )
    resemble_project_uuid: str = setting(
        "RESEMBLE_PROJECT_UUID", "6d7e8f90", "Resemble project that holds the clip", min_length=1
    )
    resemble_clip_uuid: str = setting(
        "RESEMBLE_CLIP_UUID", "3f2b9c1d", "Resemble clip that may be updated", min_length=1
    )
    resemble_voice_uuid: str = setting(
        "RESEMBLE_VOICE_UUID", "8c1a4e2f", "Resemble voice used for the updates", min_length=1
    )
    resemble_api_token: str = setting("RESEMBLE_API_TOKEN", "", "Resemble API token", secret=True, repr=False)
    resemble_auth_scheme: Literal["Bearer", "Token"] = setting(
        "RESEMBLE_AUTH_SCHEME", "Bearer", "how the token is sent: `Bearer <token>` or `Token token=<token>`"
    )

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, /, **overrides: Any) -> Resources:
        """Read the PALABRA_* and RESEMBLE_* variables; ``overrides`` win."""
        return load(cls, env, **overrides)

    def with_mock_defaults(self) -> Resources:
        """These resources with the mock's made-up credentials wherever none was given."""
        missing = {name: value for name, value in MOCK_CREDENTIALS.items() if not getattr(self, name)}
        return self.model_copy(update=missing)

    def palabra_headers(self) -> dict[str, str]:
        """The Palabra auth headers for exactly the credentials given.

        The ClientID/ClientSecret pair wins when both are set; an API key alone means Bearer.
        """
        if self.palabra_client_id and self.palabra_client_secret:
            return {"ClientID": self.palabra_client_id, "ClientSecret": self.palabra_client_secret}
        if (self.palabra_client_id or self.palabra_client_secret) and not self.palabra_api_key:
            given, other = (
                ("PALABRA_CLIENT_ID", "PALABRA_CLIENT_SECRET")
                if self.palabra_client_id
                else ("PALABRA_CLIENT_SECRET", "PALABRA_CLIENT_ID")
            )
            raise MissingCredentials(f"{given} is set but {other} is not: Palabra needs both, or PALABRA_API_KEY")
        if self.palabra_api_key:
            return {"Authorization": f"Bearer {self.palabra_api_key}"}
        raise MissingCredentials(
            "Palabra credentials are missing: set PALABRA_API_KEY, or PALABRA_CLIENT_ID and PALABRA_CLIENT_SECRET"
        )

    def resemble_headers(self) -> dict[str, str]:
        """The Resemble auth header in the chosen scheme."""
        if not self.resemble_api_token:
            raise MissingCredentials("Resemble credentials are missing: set RESEMBLE_API_TOKEN")
        if self.resemble_auth_scheme == "Token":
            return {"Authorization": f"Token token={self.resemble_api_token}"}
        return {"Authorization": f"Bearer {self.resemble_api_token}"}

    def secrets(self) -> dict[str, str]:
        """Each secret that is set, by the variable a reproduction should print instead of it."""
        named = {
            "PALABRA_CLIENT_SECRET": self.palabra_client_secret,
            "PALABRA_API_KEY": self.palabra_api_key,
            "RESEMBLE_API_TOKEN": self.resemble_api_token,
        }
        return {name: value for name, value in named.items() if value}
