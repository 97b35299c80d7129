"""Resemble: update a clip, then deliver the synthesized result to ``callback_uri``."""

from __future__ import annotations

import functools
import hmac
from collections.abc import Mapping
from typing import Any, cast

import orjson

from voice_contracts.mock.allowlist import AllowList
from voice_contracts.mock.audio import MEDIA_TYPES, AudioRequest, audio_path, timestamps
from voice_contracts.mock.callbacks import CallbackSender, PayloadBuilder
from voice_contracts.mock.envelopes import Envelopes
from voice_contracts.mock.faults import Fault, parse_fault
from voice_contracts.mock.replies import Reply
from voice_contracts.mock.state import Blob, Clip, Store, utc_now
from voice_contracts.settings import MockSettings

# Assumed defaults when an update leaves a setting out (the document names none).
DEFAULT_FORMAT = "wav"
DEFAULT_SAMPLE_RATE = 22050
DEFAULT_PRECISION = "PCM_16"


class Resemble:
    """Handlers for the Resemble operation."""

    def __init__(self, settings: MockSettings, store: Store, envelopes: Envelopes, sender: CallbackSender) -> None:
        self.settings = settings
        self.store = store
        self.envelopes = envelopes
        self.sender = sender
        self.allow = AllowList(settings.callback_allow)
        # Seconds a client is told to wait when the callback queue is full: about one delivery.
        self.retry_after = max(1, round(settings.synth_seconds + settings.callback_timeout))
        self.fault = parse_fault(settings.fault)

    def authorized(self, headers: Mapping[str, str]) -> bool:
        """``Authorization: Bearer <token>`` or ``Authorization: Token token=<token>``."""
        expected = self.settings.resources.resemble_api_token
        value = headers.get("authorization", "").strip()
        scheme, _, rest = value.partition(" ")
        if scheme.lower() == "bearer":
            return hmac.compare_digest(rest.strip(), expected)
        if scheme.lower() == "token" and rest.strip().startswith("token="):
            return hmac.compare_digest(rest.strip()[len("token=") :], expected)
        return False

    def update(self, path: str, params: dict[str, str], body: Any, base_url: str) -> Reply:
        """Store the update, answer with the clip and schedule the callback."""
        project, clip_uuid = params["project_uuid"], params["clip_uuid"]
        if project not in self.store.projects:
            return self.envelopes.error(404, f"Project {project!r} not found", path)
        clip = self.store.clips.get((project, clip_uuid))
        if clip is None:
            return self.envelopes.error(404, f"Clip {clip_uuid!r} not found in project {project!r}", path)
        if body["voice_uuid"] not in self.store.resemble_voices:
            return self.envelopes.error(404, f"Voice {body['voice_uuid']!r} not found", path)
        callback_uri = body.get("callback_uri")
        target = None
        if callback_uri is not None:
            target, reason = self.allow.check(callback_uri)
            if target is None:
                return self.envelopes.error(403, f"callback_uri is not allowed: {reason}", path)
            if self.sender.full:
                reply = self.envelopes.error(503, "Too many callbacks are waiting for delivery; retry later.", path)
                reply.headers.append(("retry-after", str(self.retry_after)))
                return reply
        if self.fault == Fault.RESEMBLE_500_ON_MP3 and body.get("output_format") == "mp3":
            return self.envelopes.error(500, "Synthesis backend crashed", path)

        # Everything that can fail happens before the clip changes: a failed update leaves it as it was.
        updated = Clip(
            uuid=clip.uuid,
            project_uuid=clip.project_uuid,
            title=body.get("title", clip.title),
            body=body["body"],
            voice_uuid=body["voice_uuid"],
            # Optional in the spec (the vendor SDK cannot send is_public): left out keeps the stored value.
            is_public=body.get("is_public", clip.is_public),
            is_archived=body.get("is_archived", clip.is_archived),
            created_at=clip.created_at,
            updated_at=utc_now(),
        )
        item = self._item(updated)
        if self.fault == Fault.RESEMBLE_ITEM_STALE:
            item["body"] = clip.body
        if self.fault == Fault.RESEMBLE_BAD_UPDATED_AT:
            item["updated_at"] = "soon"
        reply = Reply(200, {"success": True, "item": item})
        reply.raw = reply.body()
        if callback_uri is not None and target is not None and self.fault != Fault.RESEMBLE_NO_CALLBACK:
            blob = self._blob(updated, body)
            # The audio link exists only once the blob is stored; nobody sees it before the callback.
            blob_id = self.store.add_blob(blob)
            try:
                build = self._payload(updated, body, base_url + audio_path(blob_id, blob.media_type))
                self.sender.schedule(
                    callback_uri, target, build, self.settings.synth_seconds, size_hint=len(updated.body)
                )
            except BaseException:
                self.store.drop_blob(blob_id)
                raise
        self.store.clips[(project, clip_uuid)] = updated
        return reply

    @staticmethod
    def _item(clip: Clip) -> dict[str, Any]:
        return {
            "uuid": clip.uuid,
            "title": clip.title,
            "body": clip.body,
            "voice_uuid": clip.voice_uuid,
            "is_public": clip.is_public,
            "is_archived": clip.is_archived,
            "created_at": clip.created_at,
            "updated_at": clip.updated_at,
        }

    def _blob(self, clip: Clip, body: dict[str, Any]) -> Blob:
        """The audio the update asked for (or, under a fault, some other audio)."""
        output_format = body.get("output_format", DEFAULT_FORMAT)
        # JSON Schema counts 22050.0 as the integer 22050, so the spec accepts it: render it as one.
        sample_rate = int(body.get("sample_rate", DEFAULT_SAMPLE_RATE))
        if self.fault == Fault.RESEMBLE_WRONG_FORMAT:
            output_format = "wav"
        if self.fault == Fault.RESEMBLE_WRONG_SAMPLE_RATE:
            sample_rate = 44100 if sample_rate != 44100 else 16000
        audio = AudioRequest(clip.body, output_format, sample_rate, body.get("precision", DEFAULT_PRECISION))
        return Blob(audio, MEDIA_TYPES[output_format])

    def _payload(self, clip: Clip, body: dict[str, Any], url: str) -> PayloadBuilder:
        """What builds the callback body when it is sent.

        The builder holds the clip text and a few short strings, never the built timestamps:
        those take megabytes for a long clip, times the number of callbacks waiting.
        """
        fault = self.fault
        payload: dict[str, Any] = {
            "id": "not-" + clip.uuid if fault == Fault.RESEMBLE_CALLBACK_WRONG_ID else clip.uuid,
            "project_id": clip.project_uuid,
            "url": url,
            "issues": [],
        }
        wants_timestamps = body.get("include_timestamps") is True
        if fault in {Fault.RESEMBLE_TIMESTAMPS_UNREQUESTED, Fault.RESEMBLE_TIMESTAMPS_MISSING}:
            wants_timestamps = not wants_timestamps
        if fault == Fault.RESEMBLE_CALLBACK_NO_ISSUES:
            del payload["issues"]
        if not wants_timestamps:
            encoded = orjson.dumps(payload)
            return lambda: encoded
        stretch = 3.0 if fault == Fault.RESEMBLE_TIMESTAMPS_STRETCHED else 1.0
        return functools.partial(_with_timestamps, payload, clip.body, stretch)


def _with_timestamps(payload: dict[str, Any], text: str, stretch: float) -> bytes:
    stamps = timestamps(text)
    if stretch != 1.0:
        for key in ("graph_times", "phon_times"):
            spans = cast(list[list[float]], stamps[key])
            stamps[key] = [[t * stretch for t in span] for span in spans]
    # Key order as before: timestamps sit between the URL and the issues.
    ordered = {k: v for k, v in payload.items() if k != "issues"}
    ordered["audio_timestamps"] = stamps
    if "issues" in payload:
        ordered["issues"] = payload["issues"]
    return orjson.dumps(ordered)
