"""Resemble: update a clip, then deliver the synthesized result to ``callback_uri``."""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from dataclasses import replace
from typing import Any, cast

from voice_contracts.mock.audio import MEDIA_TYPES, AudioRequest, audio_path, timestamps
from voice_contracts.mock.callbacks import AllowList, CallbackSender
from voice_contracts.mock.envelopes import Envelopes, Reply
from voice_contracts.mock.faults import Fault, parse_fault
from voice_contracts.mock.settings import MockSettings
from voice_contracts.mock.state import Blob, Clip, Store, utc_now

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
        if callback_uri is not None and not self.allow.permits(callback_uri):
            detail = "callback_uri is not allowed: its host is not in the mock's MOCK_CALLBACK_ALLOW list"
            return self.envelopes.error(403, detail, path)
        if self.fault == Fault.RESEMBLE_500_ON_MP3 and body.get("output_format") == "mp3":
            return self.envelopes.error(500, "Synthesis backend crashed", path)

        # Everything that can fail happens before the clip changes: a failed update leaves it as it was.
        updated = replace(
            clip,
            title=body.get("title", clip.title),
            body=body["body"],
            voice_uuid=body["voice_uuid"],
            # Optional in the spec (the vendor SDK cannot send is_public): left out keeps the stored value.
            is_public=body.get("is_public", clip.is_public),
            is_archived=body.get("is_archived", clip.is_archived),
            updated_at=utc_now(),
        )
        item = self._item(updated)
        if self.fault == Fault.RESEMBLE_ITEM_STALE:
            item["body"] = clip.body
        if self.fault == Fault.RESEMBLE_BAD_UPDATED_AT:
            item["updated_at"] = "soon"
        reply = Reply(200, {"success": True, "item": item})
        reply.raw = reply.body()
        if callback_uri is not None and self.fault != Fault.RESEMBLE_NO_CALLBACK:
            blob, payload = self._callback(updated, body)
            # The audio link exists only once the blob is stored; nobody sees it before the callback.
            blob_id = self.store.add_blob(blob)
            payload["url"] = base_url + audio_path(blob_id, blob.media_type)
            try:
                self.sender.schedule(callback_uri, payload, self.settings.synth_seconds)
            except BaseException:
                self.store.blobs.pop(blob_id, None)
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

    def _callback(self, clip: Clip, body: dict[str, Any]) -> tuple[Blob, dict[str, Any]]:
        """The audio to store and the callback payload, whose ``url`` the caller adds."""
        fault = self.fault
        output_format = body.get("output_format", DEFAULT_FORMAT)
        # JSON Schema counts 22050.0 as the integer 22050, so the spec accepts it: render it as one.
        sample_rate = int(body.get("sample_rate", DEFAULT_SAMPLE_RATE))
        if fault == Fault.RESEMBLE_WRONG_FORMAT:
            output_format = "wav"
        if fault == Fault.RESEMBLE_WRONG_SAMPLE_RATE:
            sample_rate = 44100 if sample_rate != 44100 else 16000
        audio = AudioRequest(clip.body, output_format, sample_rate, body.get("precision", DEFAULT_PRECISION))
        blob = Blob(audio, MEDIA_TYPES[output_format])
        payload: dict[str, Any] = {
            "id": "not-" + clip.uuid if fault == Fault.RESEMBLE_CALLBACK_WRONG_ID else clip.uuid,
            "project_id": clip.project_uuid,
            "issues": [],
        }
        wants_timestamps = body.get("include_timestamps") is True
        if fault in {Fault.RESEMBLE_TIMESTAMPS_UNREQUESTED, Fault.RESEMBLE_TIMESTAMPS_MISSING}:
            wants_timestamps = not wants_timestamps
        if wants_timestamps:
            stamps = timestamps(clip.body)
            if fault == Fault.RESEMBLE_TIMESTAMPS_STRETCHED:
                for key in ("graph_times", "phon_times"):
                    spans = cast(list[list[float]], stamps[key])
                    stamps[key] = [[t * 3 for t in span] for span in spans]
            payload["audio_timestamps"] = stamps
        if fault == Fault.RESEMBLE_CALLBACK_NO_ISSUES:
            del payload["issues"]
        return blob, payload
