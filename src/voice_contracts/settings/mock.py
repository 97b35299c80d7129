"""The mock server's settings (MOCK_* variables), with their defaults and bounds."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator

from voice_contracts.settings.fields import load, setting
from voice_contracts.settings.resources import Resources


class MockSettings(BaseModel):
    """Everything that changes how the mock behaves; ``from_env`` reads it."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    host: Literal["127.0.0.1", "localhost", "::1"] = setting(
        "MOCK_HOST", "127.0.0.1", "loopback address `voice-contracts mock` listens on"
    )
    port: int = setting("MOCK_PORT", 8080, "port `voice-contracts mock` listens on (0: any free port)", ge=0, le=65535)
    log_level: Literal["debug", "info", "warning", "error"] = setting(
        "MOCK_LOG_LEVEL", "info", "`info` logs one line per request; `warning` only problems"
    )
    synth_seconds: float = setting(
        "MOCK_SYNTH_SECONDS", 0.2, "how long one synthesis takes; the Palabra lock is held that long", ge=0, le=600
    )
    fault: str = setting("MOCK_FAULT", "", "name of the one promise to break (see the fault table); empty for none")
    callback_allow: tuple[str, ...] = setting(
        "MOCK_CALLBACK_ALLOW", ("127.0.0.0/8", "::1", "localhost"), "hosts and networks callbacks may be sent to"
    )
    callback_attempts: int = setting(
        "MOCK_CALLBACK_ATTEMPTS", 6, "delivery attempts per callback (first try included)", ge=1, le=100
    )
    callback_timeout: float = setting(
        "MOCK_CALLBACK_TIMEOUT", 5.0, "seconds one callback attempt may take", gt=0, le=600
    )
    callback_backoff: float = setting(
        "MOCK_CALLBACK_BACKOFF", 0.05, "seconds before the first retry; doubles each retry, at most 2 s", ge=0, le=60
    )
    max_body_bytes: int = setting(
        "MOCK_MAX_BODY_BYTES", 65536, "largest request body accepted; larger gets 413", ge=2, le=64 * 1024 * 1024
    )
    extra_voices: int = setting(
        "MOCK_EXTRA_VOICES", 0, "extra Palabra voices named `<PALABRA_VOICE_ID>-<n>`, n = 1..N", ge=0, le=100_000
    )
    public_url: str = setting(
        "MOCK_PUBLIC_URL", "", "base URL put into audio links; default `http://<host>:<port>` of the request"
    )
    callback_max_pending: int = setting(
        "MOCK_CALLBACK_MAX_PENDING",
        1000,
        "callbacks that may wait at once; beyond, updates get 503 with `Retry-After`",
        ge=1,
        le=1_000_000,
    )
    callback_per_host: int = setting(
        "MOCK_CALLBACK_PER_HOST", 64, "open callback connections per receiver host", ge=1, le=10_000
    )
    callback_connections: int = setting(
        "MOCK_CALLBACK_CONNECTIONS", 256, "open callback connections in all", ge=1, le=100_000
    )
    max_stored_bytes: int = setting(
        "MOCK_MAX_STORED_BYTES",
        64 * 1024 * 1024,
        "bytes of clip text kept behind audio links; the oldest links expire first",
        ge=65536,
        le=64 * 1024**3,
    )
    audio_cache_bytes: int = setting(
        "MOCK_AUDIO_CACHE_BYTES",
        32 * 1024 * 1024,
        "bytes of rendered audio kept for repeated downloads",
        ge=0,
        le=64 * 1024**3,
    )
    max_header_bytes: int = setting(
        "MOCK_MAX_HEADER_BYTES",
        32768,
        "largest request line and headers; larger gets 431 and the connection is closed",
        ge=1024,
        le=16 * 1024 * 1024,
    )
    header_timeout: float = setting(
        "MOCK_HEADER_TIMEOUT", 10.0, "seconds a client has to send a request's line and headers", ge=0.1, le=3600
    )
    body_timeout: float = setting(
        "MOCK_BODY_TIMEOUT", 30.0, "seconds a client has to send a body once its headers are in", ge=0.1, le=3600
    )
    keep_alive: float = setting(
        "MOCK_KEEP_ALIVE", 5.0, "seconds an idle keep-alive connection stays open", ge=0.1, le=3600
    )
    max_connections: int = setting(
        "MOCK_MAX_CONNECTIONS",
        1000,
        "open client connections; beyond (or near the open-files limit) new ones get 503",
        ge=1,
        le=1_000_000,
    )
    shutdown_grace: float | None = setting(
        "MOCK_SHUTDOWN_GRACE",
        None,
        "seconds to finish requests and deliver callbacks on SIGTERM; unset: synthesis + callback timeout + 1",
        ge=0,
        le=3600,
    )
    validate_responses: bool = setting(
        "MOCK_VALIDATE_RESPONSES", False, "check every JSON response against the spec before sending it (slower)"
    )
    resources: Resources = Field(default_factory=lambda: Resources().with_mock_defaults())

    @field_validator("callback_allow", mode="before")
    @classmethod
    def _split(cls, value: Any) -> Any:
        if isinstance(value, str):
            parts = tuple(part.strip() for part in value.split(",") if part.strip())
            if not parts:
                raise ValueError("must name at least one host or network")
            return parts
        return value

    @field_validator("callback_allow")
    @classmethod
    def _understood(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        # Every entry must mean something, or the mock refuses to start (issue: entries that
        # were accepted and then never matched anything).
        from voice_contracts.mock.allowlist import AllowList, AllowListError

        try:
            AllowList(value)
        except AllowListError as exc:
            raise ValueError(str(exc)) from None
        return value

    @field_validator("public_url")
    @classmethod
    def _public_url(cls, value: str) -> str:
        value = value.rstrip("/")
        if value and (urlsplit(value).scheme not in ("http", "https") or not urlsplit(value).hostname):
            raise ValueError("must be an http:// or https:// URL with a host")
        return value

    @field_validator("resources")
    @classmethod
    def _mock_credentials(cls, value: Resources) -> Resources:
        # The mock always has credentials to accept: its own made-up ones where none were given.
        return value.with_mock_defaults()

    @property
    def grace_seconds(self) -> float:
        """How long a SIGTERM waits for requests in flight and for pending callbacks."""
        if self.shutdown_grace is not None:
            return self.shutdown_grace
        return self.synth_seconds + self.callback_timeout + 1.0

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, /, **overrides: Any) -> MockSettings:
        """Read the MOCK_* variables and the shared resources; ``overrides`` (flags) win over both."""
        overrides.setdefault("resources", load(Resources, env))
        return load(cls, env, **overrides)
