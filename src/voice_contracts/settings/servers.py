"""Where the vendors' servers are (PALABRA_URL, RESEMBLE_URL), read by the client and the suite alike."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, field_validator

from voice_contracts.settings.fields import load, setting


class Servers(BaseModel):
    """The two base URLs; unset means production for the client and the embedded mock for the suite."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    palabra_url: str | None = setting(
        "PALABRA_URL",
        None,
        "base URL of the Palabra server (check: unset skips it; both unset: the embedded mock)",
    )
    resemble_url: str | None = setting(
        "RESEMBLE_URL",
        None,
        "base URL of the Resemble server (check: unset skips it; both unset: the embedded mock)",
    )

    @field_validator("palabra_url", "resemble_url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        return None if value is None else http_url(value)

    @property
    def embedded(self) -> bool:
        """Whether a suite run starts its own mock (neither server URL is set)."""
        return self.palabra_url is None and self.resemble_url is None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, /, **overrides: Any) -> Servers:
        """Read PALABRA_URL and RESEMBLE_URL; ``overrides`` win."""
        return load(cls, env, **overrides)


def http_url(value: str) -> str:
    """``value`` without a trailing slash, or ValueError when it is not an http(s) URL with a host."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("must be an http:// or https:// URL with a host")
    return value.rstrip("/")
