from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.palabra_error_response import PalabraErrorResponse
from ...models.regenerate_tts_sample_request import RegenerateTTSSampleRequest
from ...models.tts_sample_response import TTSSampleResponse
from ...types import Response


def _get_kwargs(
    voice_id: str,
    *,
    body: RegenerateTTSSampleRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/saas/voice/m/{voice_id}/tts-sample".format(
            voice_id=quote(str(voice_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_documented(
    *, client: AuthenticatedClient | Client, response: httpx.Response, body: Any
) -> PalabraErrorResponse | TTSSampleResponse:
    if response.status_code == 200:
        response_200 = TTSSampleResponse.from_dict(body)

        return response_200

    if response.status_code == 403:
        response_403 = PalabraErrorResponse.from_dict(body)

        return response_403

    response_default = PalabraErrorResponse.from_dict(body)

    return response_default


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PalabraErrorResponse | TTSSampleResponse:
    # The body is checked against openapi.yaml before any model sees it, so a server that breaks
    # the contract gets one exception naming the field, never a KeyError from deep in a model.
    body = errors.checked_json("regenerate_tts_sample", response, client.strict)
    try:
        with errors.lenient_enums(not client.strict):
            return _parse_documented(client=client, response=response, body=body)
    except errors.UnexpectedStatus:
        raise
    except (KeyError, ValueError, TypeError, AttributeError, IndexError, RecursionError) as exc:
        # A valid body that still fails a model is a bug of ours; it must not escape untyped.
        raise errors.MalformedResponse(response.status_code, response.content, exc, response.headers) from exc


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[PalabraErrorResponse | TTSSampleResponse]:
    return Response(
        status_code=errors.http_status(response),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    voice_id: str,
    *,
    client: AuthenticatedClient,
    body: RegenerateTTSSampleRequest,
) -> Response[PalabraErrorResponse | TTSSampleResponse]:
    """Regenerate the TTS sample of a voice in a language

     Synthesizes a fresh text-to-speech sample for one of the caller's voices, in the language
    given by `data.lang_code`. On success every earlier TTS sample of the voice is discarded and
    the voice keeps exactly the one new sample that the response describes.

    Regeneration of a voice is exclusive: while one regeneration of a voice is running, any
    other attempt to regenerate the same voice is refused with `403` (resource locked).

    **Assumption:** the vendor document names neither the HTTP method nor the path. `POST` on
    `/saas/voice/m/{voice_id}/tts-sample` follows the vendor's pattern for per-voice endpoints
    (`/saas/voice/m/{voice_id}`); regeneration creates a resource, hence `POST`.

    Args:
        voice_id (str):
        body (RegenerateTTSSampleRequest): The body of a regeneration request. Example: {'data':
            {'lang_code': 'en-us'}}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.MalformedResponse: If the response breaks openapi.yaml (body, schema, encoding).
    errors.TransportError: If no usable response arrives (errors.RequestTimeout after Client.timeout).

    Returns:
        Response[PalabraErrorResponse | TTSSampleResponse]
    """

    kwargs = _get_kwargs(
        voice_id=voice_id,
        body=body,
    )

    response = errors.send(client.get_httpx_client(), kwargs)

    return _build_response(client=client, response=response)


def sync(
    voice_id: str,
    *,
    client: AuthenticatedClient,
    body: RegenerateTTSSampleRequest,
) -> PalabraErrorResponse | TTSSampleResponse | None:
    """Regenerate the TTS sample of a voice in a language

     Synthesizes a fresh text-to-speech sample for one of the caller's voices, in the language
    given by `data.lang_code`. On success every earlier TTS sample of the voice is discarded and
    the voice keeps exactly the one new sample that the response describes.

    Regeneration of a voice is exclusive: while one regeneration of a voice is running, any
    other attempt to regenerate the same voice is refused with `403` (resource locked).

    **Assumption:** the vendor document names neither the HTTP method nor the path. `POST` on
    `/saas/voice/m/{voice_id}/tts-sample` follows the vendor's pattern for per-voice endpoints
    (`/saas/voice/m/{voice_id}`); regeneration creates a resource, hence `POST`.

    Args:
        voice_id (str):
        body (RegenerateTTSSampleRequest): The body of a regeneration request. Example: {'data':
            {'lang_code': 'en-us'}}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.MalformedResponse: If the response breaks openapi.yaml (body, schema, encoding).
    errors.TransportError: If no usable response arrives (errors.RequestTimeout after Client.timeout).

    Returns:
        PalabraErrorResponse | TTSSampleResponse
    """

    return sync_detailed(
        voice_id=voice_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    voice_id: str,
    *,
    client: AuthenticatedClient,
    body: RegenerateTTSSampleRequest,
) -> Response[PalabraErrorResponse | TTSSampleResponse]:
    """Regenerate the TTS sample of a voice in a language

     Synthesizes a fresh text-to-speech sample for one of the caller's voices, in the language
    given by `data.lang_code`. On success every earlier TTS sample of the voice is discarded and
    the voice keeps exactly the one new sample that the response describes.

    Regeneration of a voice is exclusive: while one regeneration of a voice is running, any
    other attempt to regenerate the same voice is refused with `403` (resource locked).

    **Assumption:** the vendor document names neither the HTTP method nor the path. `POST` on
    `/saas/voice/m/{voice_id}/tts-sample` follows the vendor's pattern for per-voice endpoints
    (`/saas/voice/m/{voice_id}`); regeneration creates a resource, hence `POST`.

    Args:
        voice_id (str):
        body (RegenerateTTSSampleRequest): The body of a regeneration request. Example: {'data':
            {'lang_code': 'en-us'}}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.MalformedResponse: If the response breaks openapi.yaml (body, schema, encoding).
    errors.TransportError: If no usable response arrives (errors.RequestTimeout after Client.timeout).

    Returns:
        Response[PalabraErrorResponse | TTSSampleResponse]
    """

    kwargs = _get_kwargs(
        voice_id=voice_id,
        body=body,
    )

    response = await errors.asend(client.get_async_httpx_client(), kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    voice_id: str,
    *,
    client: AuthenticatedClient,
    body: RegenerateTTSSampleRequest,
) -> PalabraErrorResponse | TTSSampleResponse | None:
    """Regenerate the TTS sample of a voice in a language

     Synthesizes a fresh text-to-speech sample for one of the caller's voices, in the language
    given by `data.lang_code`. On success every earlier TTS sample of the voice is discarded and
    the voice keeps exactly the one new sample that the response describes.

    Regeneration of a voice is exclusive: while one regeneration of a voice is running, any
    other attempt to regenerate the same voice is refused with `403` (resource locked).

    **Assumption:** the vendor document names neither the HTTP method nor the path. `POST` on
    `/saas/voice/m/{voice_id}/tts-sample` follows the vendor's pattern for per-voice endpoints
    (`/saas/voice/m/{voice_id}`); regeneration creates a resource, hence `POST`.

    Args:
        voice_id (str):
        body (RegenerateTTSSampleRequest): The body of a regeneration request. Example: {'data':
            {'lang_code': 'en-us'}}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.MalformedResponse: If the response breaks openapi.yaml (body, schema, encoding).
    errors.TransportError: If no usable response arrives (errors.RequestTimeout after Client.timeout).

    Returns:
        PalabraErrorResponse | TTSSampleResponse
    """

    return (
        await asyncio_detailed(
            voice_id=voice_id,
            client=client,
            body=body,
        )
    ).parsed
