"""``PalabraClient``: regenerate a voice's TTS sample, with typed errors and the lock wait."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from voice_api_client.api.palabra import regenerate_tts_sample as endpoint
from voice_api_client.errors import ResourceLocked
from voice_api_client.models import (
    LangCodeExperimental,
    RegenerateTTSSampleData,
    RegenerateTTSSampleRequest,
    TTSSampleResponse,
)
from voice_api_client.types import Response
from voice_contracts.client.auth import PALABRA_URL, palabra_client
from voice_contracts.client.lock import LockWait
from voice_contracts.client.options import ClientOptions, PooledClient
from voice_contracts.client.status_errors import status_error
from voice_contracts.settings import Resources, Servers


class PalabraClient(PooledClient):
    """Palabra's ``regenerate_tts_sample``, sync and async, returning the model or raising.

    Credentials: ``client_id`` and ``client_secret``, or ``api_key``; when none is given they come
    from ``PALABRA_CLIENT_ID``/``PALABRA_CLIENT_SECRET`` or ``PALABRA_API_KEY``, and the URL from
    ``PALABRA_URL`` (production when unset). Failures raise the ``voice_api_client.errors`` class of
    their status: ``AuthenticationError``, ``NotFound``, ``InvalidRequest``, ``ResourceLocked``,
    ``RateLimited``, ``ServerError``; a response that breaks the spec raises ``MalformedResponse``,
    a failed connection ``TransportError``. ``raw`` is the generated client, for the raw calls.
    """

    def __init__(
        self,
        base_url: str | None = None,
        *,
        client_id: str | None = None,
        client_secret: str | None = None,
        api_key: str | None = None,
        options: ClientOptions | None = None,
        lock_wait: LockWait | None = None,
        env: Mapping[str, str] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        async_sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if client_id is None and client_secret is None and api_key is None:
            given = Resources.from_env(env)
            if given.palabra_client_id and given.palabra_client_secret:
                client_id, client_secret = given.palabra_client_id, given.palabra_client_secret
            else:
                api_key = given.palabra_api_key or None
        url = base_url or Servers.from_env(env).palabra_url or PALABRA_URL
        self.options = options or ClientOptions()
        self.raw = palabra_client(
            url, client_id=client_id, client_secret=client_secret, api_key=api_key, **self.options.client_kwargs()
        )
        self.lock_wait = lock_wait or LockWait()
        self._sleep, self._async_sleep, self._clock = sleep, async_sleep, clock

    @staticmethod
    def _body(lang_code: LangCodeExperimental | str) -> RegenerateTTSSampleRequest:
        # An unknown language code is the caller's mistake: ValueError before anything is sent.
        return RegenerateTTSSampleRequest(data=RegenerateTTSSampleData(lang_code=LangCodeExperimental(lang_code)))

    @staticmethod
    def _result(response: Response[Any]) -> TTSSampleResponse:
        if isinstance(response.parsed, TTSSampleResponse):
            return response.parsed
        raise status_error("palabra", response)

    def regenerate_tts_sample(
        self, voice_id: str, lang_code: LangCodeExperimental | str, *, wait_for_lock: float = 0.0
    ) -> TTSSampleResponse:
        """Regenerate the sample of ``voice_id`` in ``lang_code``; the voice keeps only the new one.

        While another regeneration holds the voice (403), retry with backoff for up to
        ``wait_for_lock`` seconds, then raise ``ResourceLocked``.
        """
        body = self._body(lang_code)
        deadline = self._clock() + wait_for_lock
        delays = self.lock_wait.delays()
        while True:
            try:
                return self._result(endpoint.sync_detailed(voice_id, client=self.raw, body=body))
            except ResourceLocked:
                remaining = deadline - self._clock()
                if remaining <= 0:
                    raise
                self._sleep(min(next(delays), remaining))

    async def regenerate_tts_sample_async(
        self, voice_id: str, lang_code: LangCodeExperimental | str, *, wait_for_lock: float = 0.0
    ) -> TTSSampleResponse:
        """The async form of ``regenerate_tts_sample``."""
        body = self._body(lang_code)
        deadline = self._clock() + wait_for_lock
        delays = self.lock_wait.delays()
        while True:
            try:
                return self._result(await endpoint.asyncio_detailed(voice_id, client=self.raw, body=body))
            except ResourceLocked:
                remaining = deadline - self._clock()
                if remaining <= 0:
                    raise
                await self._async_sleep(min(next(delays), remaining))
