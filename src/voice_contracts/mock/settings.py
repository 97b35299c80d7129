"""Settings of the mock and the contract suite, read from the environment.

The mock and the suite read the same variables, so a mock started with some seed resources
and credentials is checked by a suite that uses exactly those.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from voice_contracts.mock.allowlist import AllowList, AllowListError


class SettingsError(ValueError):
    """Raised when an environment variable holds a value that cannot be used, naming the variable."""


# name -> (default, description); the README's tables are written from this list.
RESOURCE_VARIABLES: dict[str, tuple[str, str]] = {
    "PALABRA_VOICE_ID": ("voice_demo", "Palabra voice that exists on the server and may be regenerated"),
    "PALABRA_CLIENT_ID": ("mock-client-id", "Palabra ClientID header value"),
    "PALABRA_CLIENT_SECRET": ("mock-client-secret", "Palabra ClientSecret header value"),
    "PALABRA_API_KEY": ("mock-palabra-key", "Palabra API key, sent as Authorization: Bearer"),
    "RESEMBLE_PROJECT_UUID": ("6d7e8f90", "Resemble project that holds the clip"),
    "RESEMBLE_CLIP_UUID": ("3f2b9c1d", "Resemble clip that may be updated"),
    "RESEMBLE_VOICE_UUID": ("8c1a4e2f", "Resemble voice used for the updates"),
    "RESEMBLE_API_TOKEN": ("mock-resemble-token", "Resemble API token"),
}

MOCK_VARIABLES: dict[str, tuple[str, str]] = {
    "MOCK_PORT": ("8080", "port of `make mock` (always on 127.0.0.1)"),
    "MOCK_SYNTH_SECONDS": ("0.2", "how long one synthesis takes; the Palabra lock is held that long"),
    "MOCK_FAULT": ("", "name of the one promise to break (see the fault table); empty for none"),
    "MOCK_CALLBACK_ALLOW": ("127.0.0.0/8,::1,localhost", "hosts and networks callbacks may be sent to"),
    "MOCK_CALLBACK_ATTEMPTS": ("6", "delivery attempts per callback (first try included)"),
    "MOCK_CALLBACK_TIMEOUT": ("5", "seconds one callback attempt may take"),
    "MOCK_CALLBACK_BACKOFF": ("0.05", "seconds before the first retry; doubles each retry, at most 2 s"),
    "MOCK_MAX_BODY_BYTES": ("65536", "largest request body accepted; larger gets 413"),
    "MOCK_EXTRA_VOICES": ("0", "extra Palabra voices named <PALABRA_VOICE_ID>-<n>, n = 1..N"),
    "MOCK_PUBLIC_URL": ("", "base URL put into audio links; default http://<bound host>:<port>"),
    "MOCK_CALLBACK_MAX_PENDING": (
        "1000",
        "callbacks that may wait at once; beyond, updates get 503 + Retry-After (>= 1)",
    ),
    "MOCK_CALLBACK_PER_HOST": ("64", "open callback connections per receiver host (>= 1)"),
    "MOCK_CALLBACK_CONNECTIONS": ("256", "open callback connections in all (>= 1)"),
    "MOCK_MAX_STORED_BYTES": (
        "67108864",
        "bytes of clip text kept behind audio links; oldest links expire first (>= 65536)",
    ),
    "MOCK_AUDIO_CACHE_BYTES": ("33554432", "bytes of rendered audio kept for repeated downloads (>= 0)"),
    "MOCK_MAX_HEADER_BYTES": ("32768", "largest request line + headers; larger gets 431, connection closed (>= 1024)"),
    "MOCK_HEADER_TIMEOUT": ("10", "seconds a client has to send a request's line and headers (>= 0.1)"),
    "MOCK_BODY_TIMEOUT": ("30", "seconds a client has to send a request's body once the headers are in (>= 0.1)"),
    "MOCK_KEEP_ALIVE": ("5", "seconds an idle keep-alive connection stays open (>= 0.1)"),
    "MOCK_MAX_CONNECTIONS": ("1000", "open client connections; beyond (or near the open-files limit), 503 (>= 1)"),
    "MOCK_SHUTDOWN_GRACE": (
        "",
        "seconds to finish requests and callbacks on SIGTERM; default synthesis + callback timeout + 1 (>= 0)",
    ),
}


def _number(env: Mapping[str, str], name: str, default: str, *, minimum: float = 0) -> float:
    raw = env.get(name, "") or default
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{name}={raw!r} is not a number") from None
    if value < minimum or value != value:
        raise SettingsError(f"{name}={raw!r} must be at least {minimum}")
    return value


def _integer(env: Mapping[str, str], name: str, *, minimum: int) -> int:
    raw = env.get(name, "") or MOCK_VARIABLES[name][0]
    if not raw.strip().isdigit():
        raise SettingsError(f"{name}={raw!r} is not a whole number")
    value = int(raw)
    if value < minimum:
        raise SettingsError(f"{name}={raw!r} must be at least {minimum}")
    return value


@dataclass(frozen=True)
class Resources:
    """The seed resources and credentials shared by the mock and the contract suite."""

    palabra_voice_id: str
    palabra_client_id: str
    palabra_client_secret: str
    palabra_api_key: str
    resemble_project_uuid: str
    resemble_clip_uuid: str
    resemble_voice_uuid: str
    resemble_api_token: str

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Resources:
        """Read every resource variable, falling back to its documented default."""
        env = os.environ if env is None else env
        values = {name.lower(): env.get(name) or default for name, (default, _) in RESOURCE_VARIABLES.items()}
        return cls(**values)


@dataclass(frozen=True)
class MockSettings:
    """Everything that changes how the mock behaves."""

    resources: Resources
    synth_seconds: float = 0.2
    fault: str = ""
    callback_allow: tuple[str, ...] = ("127.0.0.0/8", "::1", "localhost")
    callback_attempts: int = 6
    callback_timeout: float = 5.0
    callback_backoff: float = 0.05
    max_body_bytes: int = 65536
    extra_voices: int = 0
    public_url: str = ""
    callback_max_pending: int = 1000
    callback_per_host: int = 64
    callback_connections: int = 256
    max_stored_bytes: int = 64 * 1024 * 1024
    audio_cache_bytes: int = 32 * 1024 * 1024
    max_header_bytes: int = 32768
    header_timeout: float = 10.0
    body_timeout: float = 30.0
    keep_alive: float = 5.0
    max_connections: int = 1000
    # None: synthesis time + callback timeout + 1 s, enough for a callback scheduled at SIGTERM.
    shutdown_grace: float | None = None
    # Tests turn this on: every JSON response is checked against the spec before it is sent.
    validate_responses: bool = False
    extra: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> MockSettings:
        """Read the MOCK_* variables and the shared resources; ``overrides`` win over both."""
        env = os.environ if env is None else env

        def default(name: str) -> str:
            return MOCK_VARIABLES[name][0]

        values: dict[str, object] = {
            "resources": Resources.from_env(env),
            "synth_seconds": _number(env, "MOCK_SYNTH_SECONDS", default("MOCK_SYNTH_SECONDS")),
            "fault": env.get("MOCK_FAULT", "").strip(),
            "callback_allow": tuple(
                part.strip()
                for part in (env.get("MOCK_CALLBACK_ALLOW") or default("MOCK_CALLBACK_ALLOW")).split(",")
                if part.strip()
            ),
            "callback_attempts": int(
                _number(env, "MOCK_CALLBACK_ATTEMPTS", default("MOCK_CALLBACK_ATTEMPTS"), minimum=1)
            ),
            "callback_timeout": _number(env, "MOCK_CALLBACK_TIMEOUT", default("MOCK_CALLBACK_TIMEOUT"), minimum=0.01),
            "callback_backoff": _number(env, "MOCK_CALLBACK_BACKOFF", default("MOCK_CALLBACK_BACKOFF")),
            "max_body_bytes": int(_number(env, "MOCK_MAX_BODY_BYTES", default("MOCK_MAX_BODY_BYTES"), minimum=2)),
            "extra_voices": int(_number(env, "MOCK_EXTRA_VOICES", default("MOCK_EXTRA_VOICES"))),
            "public_url": (env.get("MOCK_PUBLIC_URL") or "").rstrip("/"),
            "callback_max_pending": _integer(env, "MOCK_CALLBACK_MAX_PENDING", minimum=1),
            "callback_per_host": _integer(env, "MOCK_CALLBACK_PER_HOST", minimum=1),
            "callback_connections": _integer(env, "MOCK_CALLBACK_CONNECTIONS", minimum=1),
            "max_stored_bytes": _integer(env, "MOCK_MAX_STORED_BYTES", minimum=65536),
            "audio_cache_bytes": _integer(env, "MOCK_AUDIO_CACHE_BYTES", minimum=0),
            "max_header_bytes": _integer(env, "MOCK_MAX_HEADER_BYTES", minimum=1024),
            "header_timeout": _number(env, "MOCK_HEADER_TIMEOUT", default("MOCK_HEADER_TIMEOUT"), minimum=0.1),
            "body_timeout": _number(env, "MOCK_BODY_TIMEOUT", default("MOCK_BODY_TIMEOUT"), minimum=0.1),
            "keep_alive": _number(env, "MOCK_KEEP_ALIVE", default("MOCK_KEEP_ALIVE"), minimum=0.1),
            "max_connections": _integer(env, "MOCK_MAX_CONNECTIONS", minimum=1),
            "shutdown_grace": (
                _number(env, "MOCK_SHUTDOWN_GRACE", "0") if (env.get("MOCK_SHUTDOWN_GRACE") or "").strip() else None
            ),
        }
        values.update(overrides)
        settings = cls(**values)  # type: ignore[arg-type]
        try:
            AllowList(settings.callback_allow)
        except AllowListError as exc:
            raise SettingsError(f"MOCK_CALLBACK_ALLOW: {exc}") from None
        return settings

    @property
    def grace_seconds(self) -> float:
        """How long a SIGTERM waits for requests in flight and pending callbacks."""
        if self.shutdown_grace is not None:
            return self.shutdown_grace
        return self.synth_seconds + self.callback_timeout + 1.0
