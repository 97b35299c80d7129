"""Resemble: update a clip, then deliver the synthesized result to ``callback_uri``."""

from __future__ import annotations

import functools
import hmac
from collections.abc import Mapping
from typing import Any, cast

import orjson

from voice_contracts.mock.allowlist import AllowList
from voice_contracts.mock.audio import AudioRequest, timestamps
from voice_contracts.mock.callbacks import CallbackSender, PayloadBuilder
from voice_contracts.mock.envelopes import Envelopes, Reply
from voice_contracts.mock.settings import MockSettings
from voice_contracts.mock.state import Blob, Clip, Store, utc_now

# Assumed defaults when an update leaves a setting out (the document names none).
DEFAULT_FORMAT = "wav"
DEFAULT_SAMPLE_RATE = 22050
DEFAULT_PRECISION = "PCM_16"
MEDIA_TYPES = {"wav": "audio/wav", "mp3": "audio/mpeg"}


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
        self.fault = settings.fault

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

    async def update(self, path: str, params: dict[str, str], body: Any, base_url: str) -> Reply:
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
        if self.fault == "resemble_500_on_mp3" and body.get("output_format") == "mp3":
            return self.envelopes.error(500, "Synthesis backend crashed", path)

        old_body = clip.body
        clip.title = body.get("title", clip.title)
        clip.body = body["body"]
        clip.voice_uuid = body["voice_uuid"]
        clip.is_public = body["is_public"]
        clip.is_archived = body["is_archived"]
        clip.updated_at = utc_now()
        item = self._item(clip)
        if self.fault == "resemble_item_stale":
            item["body"] = old_body
        if self.fault == "resemble_bad_updated_at":
            item["updated_at"] = "soon"
        if target is not None and self.fault != "resemble_no_callback":
            build = self._callback(clip, body, base_url)
            self.sender.schedule(callback_uri, target, build, self.settings.synth_seconds, size_hint=len(clip.body))
        return Reply(200, {"success": True, "item": item})

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

    def _callback(self, clip: Clip, body: dict[str, Any], base_url: str) -> PayloadBuilder:
        """Store the audio now and return what builds the callback body when it is sent.

        The builder holds the clip text and a few short strings, never the built timestamps:
        those take megabytes for a long clip, times the number of callbacks waiting.
        """
        fault = self.fault
        output_format = body.get("output_format", DEFAULT_FORMAT)
        sample_rate = body.get("sample_rate", DEFAULT_SAMPLE_RATE)
        if fault == "resemble_wrong_format":
            output_format = "wav"
        if fault == "resemble_wrong_sample_rate":
            sample_rate = 44100 if sample_rate != 44100 else 16000
        text = clip.body
        audio = AudioRequest(text, output_format, sample_rate, body.get("precision", DEFAULT_PRECISION))
        blob_id = self.store.add_blob(Blob(audio, MEDIA_TYPES[output_format]))
        payload: dict[str, Any] = {
            "id": "not-" + clip.uuid if fault == "resemble_callback_wrong_id" else clip.uuid,
            "project_id": clip.project_uuid,
            "url": f"{base_url}/audio/{blob_id}.{output_format}",
            "issues": [],
        }
        wants_timestamps = body.get("include_timestamps") is True
        if fault in {"resemble_timestamps_unrequested", "resemble_timestamps_missing"}:
            wants_timestamps = not wants_timestamps
        if fault == "resemble_callback_no_issues":
            del payload["issues"]
        if not wants_timestamps:
            encoded = orjson.dumps(payload)
            return lambda: encoded
        stretch = 3.0 if fault == "resemble_timestamps_stretched" else 1.0
        return functools.partial(_with_timestamps, payload, text, stretch)


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
