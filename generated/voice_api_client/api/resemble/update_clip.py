from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.resemble_error import ResembleError
from ...models.update_clip_request import UpdateClipRequest
from ...models.update_clip_response import UpdateClipResponse
from ...types import Response


def _get_kwargs(
    project_uuid: str,
    clip_uuid: str,
    *,
    body: UpdateClipRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/api/v2/projects/{project_uuid}/clips/{clip_uuid}".format(
            project_uuid=quote(str(project_uuid), safe=""),
            clip_uuid=quote(str(clip_uuid), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_documented(
    *, client: AuthenticatedClient | Client, response: httpx.Response, body: Any
) -> ResembleError | UpdateClipResponse:
    if response.status_code == 200:
        response_200 = UpdateClipResponse.from_dict(body)

        return response_200

    response_default = ResembleError.from_dict(body)

    return response_default


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ResembleError | UpdateClipResponse:
    # The body is checked against openapi.yaml before any model sees it, so a server that breaks
    # the contract gets one exception naming the field, never a KeyError from deep in a model.
    body = errors.checked_json("update_clip", response, client.strict)
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
) -> Response[ResembleError | UpdateClipResponse]:
    return Response(
        status_code=errors.http_status(response),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    project_uuid: str,
    clip_uuid: str,
    *,
    client: AuthenticatedClient,
    body: UpdateClipRequest,
) -> Response[ResembleError | UpdateClipResponse]:
    """Update a clip

     Replaces the content and settings of a clip in a project and synthesizes it again.

    Only the asynchronous mode exists: `callback_uri` is required. The server answers at once
    with the stored clip, then POSTs the synthesized audio's location to `callback_uri` (see the
    `clip_synthesized` callback).

    **Assumption:** every body field that the document does not mark `(optional)` is required;
    for `callback_uri` the document says so in words ("a callback_uri must be provided").

    Args:
        project_uuid (str):
        clip_uuid (str):
        body (UpdateClipRequest): The new content and settings of the clip.

            **Assumption:** the document gives no lengths or formats for these strings. Only
            `callback_uri` gets a format (`uri`), because the server must be able to POST to it.

            **Assumption:** `is_public` and `is_archived` are optional, and an update that leaves one
            out keeps the clip's stored value. The document does not mark them `(optional)`, but the
            vendor's own Python SDK (`resemble` 1.9.0, `Resemble.v2.clips.update_async`) cannot send
            `is_public` at all (it was removed in 1.6.0) and sends `is_archived` only when the caller
            gives it; a server that required them would refuse every update that SDK makes.
             Example: {'body': 'Welcome to the show.', 'voice_uuid': '8c1a4e2f', 'callback_uri':
            'https://hooks.example.com/resemble/clips'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.MalformedResponse: If the response breaks openapi.yaml (body, schema, encoding).
    errors.TransportError: If no usable response arrives (errors.RequestTimeout after Client.timeout).

    Returns:
        Response[ResembleError | UpdateClipResponse]
    """

    kwargs = _get_kwargs(
        project_uuid=project_uuid,
        clip_uuid=clip_uuid,
        body=body,
    )

    response = errors.send(client.get_httpx_client(), kwargs)

    return _build_response(client=client, response=response)


def sync(
    project_uuid: str,
    clip_uuid: str,
    *,
    client: AuthenticatedClient,
    body: UpdateClipRequest,
) -> ResembleError | UpdateClipResponse | None:
    """Update a clip

     Replaces the content and settings of a clip in a project and synthesizes it again.

    Only the asynchronous mode exists: `callback_uri` is required. The server answers at once
    with the stored clip, then POSTs the synthesized audio's location to `callback_uri` (see the
    `clip_synthesized` callback).

    **Assumption:** every body field that the document does not mark `(optional)` is required;
    for `callback_uri` the document says so in words ("a callback_uri must be provided").

    Args:
        project_uuid (str):
        clip_uuid (str):
        body (UpdateClipRequest): The new content and settings of the clip.

            **Assumption:** the document gives no lengths or formats for these strings. Only
            `callback_uri` gets a format (`uri`), because the server must be able to POST to it.

            **Assumption:** `is_public` and `is_archived` are optional, and an update that leaves one
            out keeps the clip's stored value. The document does not mark them `(optional)`, but the
            vendor's own Python SDK (`resemble` 1.9.0, `Resemble.v2.clips.update_async`) cannot send
            `is_public` at all (it was removed in 1.6.0) and sends `is_archived` only when the caller
            gives it; a server that required them would refuse every update that SDK makes.
             Example: {'body': 'Welcome to the show.', 'voice_uuid': '8c1a4e2f', 'callback_uri':
            'https://hooks.example.com/resemble/clips'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.MalformedResponse: If the response breaks openapi.yaml (body, schema, encoding).
    errors.TransportError: If no usable response arrives (errors.RequestTimeout after Client.timeout).

    Returns:
        ResembleError | UpdateClipResponse
    """

    return sync_detailed(
        project_uuid=project_uuid,
        clip_uuid=clip_uuid,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    project_uuid: str,
    clip_uuid: str,
    *,
    client: AuthenticatedClient,
    body: UpdateClipRequest,
) -> Response[ResembleError | UpdateClipResponse]:
    """Update a clip

     Replaces the content and settings of a clip in a project and synthesizes it again.

    Only the asynchronous mode exists: `callback_uri` is required. The server answers at once
    with the stored clip, then POSTs the synthesized audio's location to `callback_uri` (see the
    `clip_synthesized` callback).

    **Assumption:** every body field that the document does not mark `(optional)` is required;
    for `callback_uri` the document says so in words ("a callback_uri must be provided").

    Args:
        project_uuid (str):
        clip_uuid (str):
        body (UpdateClipRequest): The new content and settings of the clip.

            **Assumption:** the document gives no lengths or formats for these strings. Only
            `callback_uri` gets a format (`uri`), because the server must be able to POST to it.

            **Assumption:** `is_public` and `is_archived` are optional, and an update that leaves one
            out keeps the clip's stored value. The document does not mark them `(optional)`, but the
            vendor's own Python SDK (`resemble` 1.9.0, `Resemble.v2.clips.update_async`) cannot send
            `is_public` at all (it was removed in 1.6.0) and sends `is_archived` only when the caller
            gives it; a server that required them would refuse every update that SDK makes.
             Example: {'body': 'Welcome to the show.', 'voice_uuid': '8c1a4e2f', 'callback_uri':
            'https://hooks.example.com/resemble/clips'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.MalformedResponse: If the response breaks openapi.yaml (body, schema, encoding).
    errors.TransportError: If no usable response arrives (errors.RequestTimeout after Client.timeout).

    Returns:
        Response[ResembleError | UpdateClipResponse]
    """

    kwargs = _get_kwargs(
        project_uuid=project_uuid,
        clip_uuid=clip_uuid,
        body=body,
    )

    response = await errors.asend(client.get_async_httpx_client(), kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    project_uuid: str,
    clip_uuid: str,
    *,
    client: AuthenticatedClient,
    body: UpdateClipRequest,
) -> ResembleError | UpdateClipResponse | None:
    """Update a clip

     Replaces the content and settings of a clip in a project and synthesizes it again.

    Only the asynchronous mode exists: `callback_uri` is required. The server answers at once
    with the stored clip, then POSTs the synthesized audio's location to `callback_uri` (see the
    `clip_synthesized` callback).

    **Assumption:** every body field that the document does not mark `(optional)` is required;
    for `callback_uri` the document says so in words ("a callback_uri must be provided").

    Args:
        project_uuid (str):
        clip_uuid (str):
        body (UpdateClipRequest): The new content and settings of the clip.

            **Assumption:** the document gives no lengths or formats for these strings. Only
            `callback_uri` gets a format (`uri`), because the server must be able to POST to it.

            **Assumption:** `is_public` and `is_archived` are optional, and an update that leaves one
            out keeps the clip's stored value. The document does not mark them `(optional)`, but the
            vendor's own Python SDK (`resemble` 1.9.0, `Resemble.v2.clips.update_async`) cannot send
            `is_public` at all (it was removed in 1.6.0) and sends `is_archived` only when the caller
            gives it; a server that required them would refuse every update that SDK makes.
             Example: {'body': 'Welcome to the show.', 'voice_uuid': '8c1a4e2f', 'callback_uri':
            'https://hooks.example.com/resemble/clips'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.MalformedResponse: If the response breaks openapi.yaml (body, schema, encoding).
    errors.TransportError: If no usable response arrives (errors.RequestTimeout after Client.timeout).

    Returns:
        ResembleError | UpdateClipResponse
    """

    return (
        await asyncio_detailed(
            project_uuid=project_uuid,
            clip_uuid=clip_uuid,
            client=client,
            body=body,
        )
    ).parsed
