"""The contract suite's settings (PALABRA_URL, RESEMBLE_URL and CONTRACT_* variables)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import ConfigDict, field_validator

from voice_contracts.settings.fields import load, setting
from voice_contracts.settings.servers import Servers, http_url

_RATE = re.compile(r"^[1-9][0-9]*/(s|m|h|d)$")


class ContractSettings(Servers):
    """Where the suite sends requests (the servers) and how many; ``from_env`` reads it."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)
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
    callback_port: int = setting(
        "CONTRACT_CALLBACK_PORT",
        0,
        "loopback port of the suite's callback receiver, where a tunnel forwards (0: any free port, printed)",
        ge=0,
        le=65535,
    )
    callback_timeout: float = setting(
        "CONTRACT_CALLBACK_TIMEOUT", 15.0, "seconds to wait for each Resemble callback", gt=0, le=3600
    )
    lock_requests: int = setting(
        "CONTRACT_LOCK_REQUESTS", 6, "concurrent regenerations sent to observe the Palabra lock", ge=2, le=100
    )
    junit: Path | None = setting("CONTRACT_JUNIT", Path("reports/contract-junit.xml"), "where the JUnit XML goes")
    html: Path | None = setting(
        "CONTRACT_HTML", Path("reports/contract-report.html"), "where the single-file HTML report goes"
    )
    max_requests: int | None = setting(
        "CONTRACT_MAX_REQUESTS",
        None,
        "hard cap on requests to each vendor's server, flows included (unset: none on loopback, 300 otherwise)",
        ge=1,
        le=1_000_000,
    )
    profile: Literal["full", "smoke"] = setting(
        "CONTRACT_PROFILE", "full", "`smoke`: examples and flows only, a few dozen requests; `full`: everything"
    )
    dry_run: bool = setting(
        "CONTRACT_DRY_RUN", False, "print the plan (servers, caps, costly requests) and send nothing"
    )
    request_timeout: float = setting(
        "CONTRACT_REQUEST_TIMEOUT", 30.0, "seconds one request may take before it counts as unanswered", gt=0, le=3600
    )

    @field_validator("callback_url")
    @classmethod
    def _callback_url(cls, value: str | None) -> str | None:
        return None if value is None else http_url(value)

    @field_validator("rate_limit")
    @classmethod
    def _rate(cls, value: str | None) -> str | None:
        if value is None or value == "off" or _RATE.match(value):
            return value
        raise ValueError("must be `off` or whole requests per unit, such as `10/s`, `100/m`, `3600/h` or `1000/d`")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, /, **overrides: Any) -> ContractSettings:
        """Read the variables; ``overrides`` (flags) win."""
        return load(cls, env, **overrides)
