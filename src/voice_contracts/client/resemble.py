"""``ResembleClient``: update a clip, and optionally wait for its validated callback."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from voice_api_client.api.resemble import update_clip as endpoint
from voice_api_client.models import (
    ClipCallbackPayload,
    OutputFormat,
    Precision,
    SampleRate,
    UpdateClipRequest,
    UpdateClipResponse,
)
from voice_api_client.types import Response
from voice_contracts.client.auth import RESEMBLE_URL, resemble_client
from voice_contracts.client.callbacks import CallbackApp
from voice_contracts.client.options import ClientOptions, PooledClient
from voice_contracts.client.status_errors import status_error
from voice_contracts.settings import Resources, Servers


class ResembleClient(PooledClient):
    """Resemble's ``update_clip``, sync and async, returning the model or raising.

    The token comes from ``token`` or ``RESEMBLE_API_TOKEN`` (sent in ``scheme``, else
    ``RESEMBLE_AUTH_SCHEME``), the URL from ``base_url`` or ``RESEMBLE_URL`` (production when unset).
    Errors are typed as in ``PalabraClient``; a 403 here
    is an ``AuthenticationError``. ``raw`` is the generated client, for the raw calls.
    """

    def __init__(
        self,
        base_url: str | None = None,
        *,
        token: str | None = None,
        scheme: Literal["Bearer", "Token"] | None = None,
        options: ClientOptions | None = None,
        env: Mapping[str, str] | None = None,
    ) -> None:
        given = Resources.from_env(env)
        url = base_url or Servers.from_env(env).resemble_url or RESEMBLE_URL
        self.options = options or ClientOptions()
        self.raw = resemble_client(
            url,
            token=token or given.resemble_api_token,
            scheme=scheme or given.resemble_auth_scheme,
            **self.options.client_kwargs(),
        )

    @staticmethod
    def _request(callback_uri: str, body: str, voice_uuid: str, fields: dict[str, Any]) -> UpdateClipRequest:
        given = {name: value for name, value in fields.items() if value is not None}
        for name, kind in (("precision", Precision), ("sample_rate", SampleRate), ("output_format", OutputFormat)):
            if name in given:
                given[name] = kind(given[name])
        return UpdateClipRequest(body=body, voice_uuid=voice_uuid, callback_uri=callback_uri, **given)

    @staticmethod
    def _result(response: Response[Any]) -> UpdateClipResponse:
        if isinstance(response.parsed, UpdateClipResponse):
            return response.parsed
        raise status_error("resemble", response)

    def update_clip(
        self,
        project_uuid: str,
        clip_uuid: str,
        *,
        body: str,
        voice_uuid: str,
        callback_uri: str,
        title: str | None = None,
        is_public: bool | None = None,
        is_archived: bool | None = None,
        precision: Precision | str | None = None,
        sample_rate: SampleRate | int | None = None,
        output_format: OutputFormat | str | None = None,
        include_timestamps: bool | None = None,
    ) -> UpdateClipResponse:
        """Replace the clip's content and settings; the result is POSTed to ``callback_uri`` later.

        Options left at None are not sent (the server keeps ``is_public``/``is_archived`` as stored).
        """
        request = self._request(callback_uri, body, voice_uuid, _options(locals()))
        return self._result(endpoint.sync_detailed(project_uuid, clip_uuid, client=self.raw, body=request))

    async def update_clip_async(
        self,
        project_uuid: str,
        clip_uuid: str,
        *,
        body: str,
        voice_uuid: str,
        callback_uri: str,
        title: str | None = None,
        is_public: bool | None = None,
        is_archived: bool | None = None,
        precision: Precision | str | None = None,
        sample_rate: SampleRate | int | None = None,
        output_format: OutputFormat | str | None = None,
        include_timestamps: bool | None = None,
    ) -> UpdateClipResponse:
        """The async form of ``update_clip``."""
        request = self._request(callback_uri, body, voice_uuid, _options(locals()))
        return self._result(await endpoint.asyncio_detailed(project_uuid, clip_uuid, client=self.raw, body=request))

    def update_clip_and_wait(
        self,
        project_uuid: str,
        clip_uuid: str,
        *,
        receiver: CallbackApp,
        timeout: float,
        body: str,
        voice_uuid: str,
        title: str | None = None,
        is_public: bool | None = None,
        is_archived: bool | None = None,
        precision: Precision | str | None = None,
        sample_rate: SampleRate | int | None = None,
        output_format: OutputFormat | str | None = None,
        include_timestamps: bool | None = None,
    ) -> ClipCallbackPayload:
        """Update the clip with a unique callback URL on ``receiver`` and return its validated callback.

        Raises ``CallbackTimeout`` when no valid callback for this update arrives within ``timeout``
        seconds of the update's answer, and the errors of ``update_clip`` for the update itself.
        """
        token = receiver.expect(clip_uuid)
        try:
            request = self._request(receiver.callback_url(token), body, voice_uuid, _options(locals()))
            self._result(endpoint.sync_detailed(project_uuid, clip_uuid, client=self.raw, body=request))
        except BaseException:
            receiver.forget(token)
            raise
        return receiver.wait(token, timeout)

    async def update_clip_and_wait_async(
        self,
        project_uuid: str,
        clip_uuid: str,
        *,
        receiver: CallbackApp,
        timeout: float,
        body: str,
        voice_uuid: str,
        title: str | None = None,
        is_public: bool | None = None,
        is_archived: bool | None = None,
        precision: Precision | str | None = None,
        sample_rate: SampleRate | int | None = None,
        output_format: OutputFormat | str | None = None,
        include_timestamps: bool | None = None,
    ) -> ClipCallbackPayload:
        """The async form of ``update_clip_and_wait``."""
        token = receiver.expect(clip_uuid)
        try:
            request = self._request(receiver.callback_url(token), body, voice_uuid, _options(locals()))
            self._result(await endpoint.asyncio_detailed(project_uuid, clip_uuid, client=self.raw, body=request))
        except BaseException:
            receiver.forget(token)
            raise
        return await receiver.wait_async(token, timeout)


_OPTIONAL = ("title", "is_public", "is_archived", "precision", "sample_rate", "output_format", "include_timestamps")


def _options(arguments: dict[str, Any]) -> dict[str, Any]:
    """The optional update fields among a method's arguments."""
    return {name: arguments[name] for name in _OPTIONAL}
