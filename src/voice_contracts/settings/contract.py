"""The contract suite's settings (PALABRA_URL, RESEMBLE_URL and CONTRACT_* variables)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, field_validator

from voice_contracts.settings.fields import load, setting

_RATE = re.compile(r"^\d+(\.\d+)?/(s|m|h)$")


class ContractSettings(BaseModel):
    """Where the suite sends requests and how many; ``from_env`` reads it."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    palabra_url: str | None = setting(
        "PALABRA_URL", None, "base URL of the Palabra server to check; unset: the embedded mock"
    )
    resemble_url: str | None = setting(
        "RESEMBLE_URL", None, "base URL of the Resemble server to check; unset: the embedded mock"
    )
    max_examples: int = setting("CONTRACT_MAX_EXAMPLES", 25, "generated cases per fuzzing phase", ge=1, le=10_000)
    seed: int = setting("CONTRACT_SEED", 20261121, "hypothesis seed; the same seed sends the same cases", ge=0)
    rate_limit: str | None = setting(
        "CONTRACT_RATE_LIMIT",
        None,
        "requests per time to a server, e.g. `10/s` or `off` (default: 10/s unless loopback)",
    )
    callback_url: str | None = setting(
        "CONTRACT_CALLBACK_URL",
        None,
        "public base URL that reaches the suite's callback receiver (a tunnel), for servers off this machine",
    )
    callback_timeout: float = setting(
        "CONTRACT_CALLBACK_TIMEOUT", 15.0, "seconds to wait for each Resemble callback", gt=0, le=3600
    )
    lock_requests: int = setting(
        "CONTRACT_LOCK_REQUESTS", 6, "concurrent regenerations sent to observe the Palabra lock", ge=2, le=100
    )
    junit: Path | None = setting("CONTRACT_JUNIT", Path("reports/contract-junit.xml"), "where the JUnit XML goes")

    @field_validator("palabra_url", "resemble_url", "callback_url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("must be an http:// or https:// URL with a host")
        return value.rstrip("/")

    @field_validator("rate_limit")
    @classmethod
    def _rate(cls, value: str | None) -> str | None:
        if value is None or value == "off" or _RATE.match(value):
            return value
        raise ValueError("must be `off` or a rate such as `10/s`, `100/m` or `3600/h`")

    @property
    def embedded(self) -> bool:
        """Whether the run starts its own mock (neither server URL is set)."""
        return self.palabra_url is None and self.resemble_url is None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, /, **overrides: Any) -> ContractSettings:
        """Read the variables; ``overrides`` (flags) win."""
        return load(cls, env, **overrides)
