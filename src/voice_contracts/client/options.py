"""What both facade clients share: transports and timeouts."""

from __future__ import annotations

from dataclasses import dataclass, field

import httpx

from voice_api_client.client import DEFAULT_TIMEOUT
from voice_contracts.client.retries import AsyncRetryTransport, RetryPolicy, RetryTransport


@dataclass(frozen=True)
class ClientOptions:
    """Settings of a facade client besides its credentials.

    ``timeout`` is httpx' (default: 5 s to connect, 30 s per read); ``retries`` the policy for
    connection errors, 408, 429 and 5xx (``NO_RETRIES`` switches retries off); ``strict=False``
    accepts and logs enum values the spec does not list. ``transport``/``async_transport`` replace
    httpx' network transports under the retrying ones (tests use ``httpx.MockTransport``).
    """

    timeout: httpx.Timeout = field(default_factory=lambda: DEFAULT_TIMEOUT)
    retries: RetryPolicy = field(default_factory=RetryPolicy)
    strict: bool = True
    transport: httpx.BaseTransport | None = None
    async_transport: httpx.AsyncBaseTransport | None = None

    def client_kwargs(self) -> dict[str, object]:
        """Keyword arguments for the generated ``AuthenticatedClient``."""
        return {
            "timeout": self.timeout,
            "strict": self.strict,
            "transport": RetryTransport(self.retries, self.transport),
            "async_transport": AsyncRetryTransport(self.retries, self.async_transport),
        }
