"""The options of a contract run, their validation, and the plan printed before a run sends anything."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from voice_contracts.errors import VoiceContractsError
from voice_contracts.settings import ContractSettings, Resources, SettingsError

# Resemble documents 10 requests per second; the same default protects any remote server.
REMOTE_RATE_LIMIT = "10/s"
# A server that is not on this machine may be a real vendor, where requests change data and cost.
REMOTE_DEFAULT_MAX_REQUESTS = 300


class OptionsError(VoiceContractsError, ValueError):
    """Raised when a CONTRACT_* variable or option cannot be used; the message names it."""


@dataclass
class Options:
    """Everything a contract run needs; ``from_settings`` builds it from the documented settings."""

    palabra_url: str | None = None
    resemble_url: str | None = None
    resources: Resources = field(default_factory=lambda: Resources().with_mock_defaults())
    max_examples: int = 25
    seed: int = 20261121
    rate_limit: str | None = None
    callback_url: str | None = None
    callback_timeout: float = 15.0
    callback_port: int = 0
    lock_requests: int = 6
    junit_path: Path | None = Path("reports/contract-junit.xml")
    max_requests: int | None = None
    profile: str = "full"
    dry_run: bool = False
    html_path: Path | None = Path("reports/contract-report.html")
    request_timeout: float = 30.0

    @classmethod
    def from_settings(cls, settings: ContractSettings, resources: Resources) -> Options:
        """The options for ``settings`` and exactly the credentials in ``resources``."""
        return cls(
            palabra_url=settings.palabra_url,
            resemble_url=settings.resemble_url,
            resources=resources,
            max_examples=settings.max_examples,
            seed=settings.seed,
            rate_limit=settings.rate_limit,
            callback_url=settings.callback_url,
            callback_timeout=settings.callback_timeout,
            callback_port=settings.callback_port,
            lock_requests=settings.lock_requests,
            junit_path=settings.junit,
            max_requests=settings.max_requests,
            profile=settings.profile,
            dry_run=settings.dry_run,
            html_path=settings.html,
            request_timeout=settings.request_timeout,
        )

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Options:
        """The options the documented variables describe (see ``voice_contracts.settings``)."""
        return cls.from_settings(ContractSettings.from_env(env), Resources.from_env(env))

    def validate(self) -> None:
        """Raise ``OptionsError`` naming the first option the settings' own rules refuse.

        Options built in code (tests, library users) are held to exactly the rules of the
        variables they mirror, so there is one definition of a valid rate, profile, cap or URL.
        """
        mirrored = {
            "CONTRACT_RATE_LIMIT": self.rate_limit,
            "CONTRACT_PROFILE": self.profile,
            "CONTRACT_MAX_REQUESTS": None if self.max_requests is None else str(self.max_requests),
            "PALABRA_URL": self.palabra_url,
            "RESEMBLE_URL": self.resemble_url,
        }
        try:
            ContractSettings.from_env({name: value for name, value in mirrored.items() if value is not None})
        except SettingsError as exc:
            raise OptionsError(str(exc)) from None


def is_loopback(url: str) -> bool:
    """Whether ``url`` points at this machine (where no rate limit is needed)."""
    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def rate_for(options: Options, url: str) -> str | None:
    if options.rate_limit:
        return None if options.rate_limit == "off" else options.rate_limit
    return None if is_loopback(url) else REMOTE_RATE_LIMIT


def cap_for(options: Options) -> int | None:
    if options.max_requests is not None:
        return options.max_requests
    urls = [url for url in (options.palabra_url, options.resemble_url) if url]
    return REMOTE_DEFAULT_MAX_REQUESTS if any(not is_loopback(url) for url in urls) else None


def plan_lines(options: Options) -> list[str]:
    """What the run will send, before it sends anything: the cap and the costly requests it bounds."""
    cap = cap_for(options)
    lines = [f"seed {options.seed}, profile {options.profile}, {options.max_examples} examples per phase"]
    if options.palabra_url is None and options.resemble_url is None:
        lines.append("both vendors: the embedded mock on this machine (PALABRA_URL and RESEMBLE_URL are unset)")
        return lines
    for name, url, costly in (
        ("Palabra", options.palabra_url, "regenerations"),
        ("Resemble", options.resemble_url, "clip updates"),
    ):
        if not url:
            lines.append(f"{name}: not set, skipped")
            continue
        where = "this machine" if is_loopback(url) else "a remote server"
        if cap is None:
            lines.append(f"{name} at {url} ({where}): no request cap (set CONTRACT_MAX_REQUESTS to set one)")
        else:
            lines.append(f"{name} at {url} ({where}): at most {cap} requests, so at most {cap} {costly}")
    return lines
