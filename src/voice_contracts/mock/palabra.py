"""Palabra: regenerate the TTS sample of a voice, with the per-voice lock."""

from __future__ import annotations

import asyncio
import hmac
from collections.abc import Mapping
from typing import Any

from voice_contracts.mock.audio import MEDIA_TYPES, AudioRequest, audio_path, codec_name, speech_duration
from voice_contracts.mock.envelopes import Envelopes, Reply
from voice_contracts.mock.faults import Fault, parse_fault
from voice_contracts.mock.state import Blob, Sample, Store, utc_now
from voice_contracts.settings import MockSettings

SAMPLE_RATE = 16000
MODEL = "mock-tone-1"


def sample_text(lang: str) -> str:
    """The sentence the mock "speaks" in a sample; only its length and characters matter."""
    return f"This is how my voice sounds in {lang}."


class Palabra:
    """Handlers for the Palabra operation."""

    def __init__(self, settings: MockSettings, store: Store, envelopes: Envelopes) -> None:
        self.settings = settings
        self.store = store
        self.envelopes = envelopes
        self.fault = parse_fault(settings.fault)

    def authorized(self, headers: Mapping[str, str]) -> bool:
        """ClientID and ClientSecret together, or ``Authorization: Bearer <api key>``."""
        resources = self.settings.resources
        client_id, secret = headers.get("clientid"), headers.get("clientsecret")
        if client_id is not None and secret is not None:
            return hmac.compare_digest(client_id, resources.palabra_client_id) and hmac.compare_digest(
                secret, resources.palabra_client_secret
            )
        scheme, _, token = headers.get("authorization", "").partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(token.strip(), resources.palabra_api_key)

    async def regenerate(self, path: str, params: dict[str, str], body: Any, base_url: str) -> Reply:
        """Run one regeneration; a second one for the same voice meanwhile gets 403."""
        voice_id = params["voice_id"]
        voice = self.store.voices.get(voice_id)
        if voice is None:
            return self.envelopes.error(404, f"No voice with id {voice_id!r} belongs to the caller.", path)
        locking = self.fault != Fault.PALABRA_NO_LOCK
        if locking and voice_id in self.store.locked_voices:
            status = 409 if self.fault == Fault.PALABRA_LOCK_409 else 403
            detail = "Another regeneration of this voice is still running; retry when it has finished."
            return self.envelopes.error(status, detail, path, title="Resource locked")
        if locking:
            self.store.locked_voices.add(voice_id)
        try:
            if self.settings.synth_seconds > 0:
                await asyncio.sleep(self.settings.synth_seconds)
        finally:
            if locking:
                self.store.locked_voices.discard(voice_id)

        lang = body["data"]["lang_code"]
        text = sample_text(lang)
        audio = AudioRequest(text, "wav", SAMPLE_RATE, "PCM_16")
        blob = Blob(audio, MEDIA_TYPES["wav"])
        # A new blob is invisible until a reply names it; the voice's samples change only once the
        # reply is ready, so a failure on the way leaves the voice as it was.
        blob_id = self.store.add_blob(blob)
        try:
            sample = Sample(blob_id=blob_id, lang=lang, text=text, created_at=utc_now())
            url = base_url + audio_path(blob_id, blob.media_type)
            payload = self._payload(voice_id, voice.user_id, voice.display_name, voice.description, sample, url)
            reply = Reply(200, payload)
            reply.raw = reply.body()
        except BaseException:
            self.store.drop_blob(blob_id)
            raise
        self.store.replace_samples(voice, sample)
        return reply

    def _payload(
        self, voice_id: str, user_id: str, display_name: str, description: str, sample: Sample, url: str
    ) -> dict[str, Any]:
        fault = self.fault
        duration = speech_duration(sample.text)
        data: dict[str, Any] = {
            "user_id": user_id,
            "blob_id": "blob-" + sample.blob_id[:8] if fault == Fault.PALABRA_BAD_BLOB_ID else sample.blob_id,
            "url": url,
            "audio_metadata": {
                "format": "wav",
                "codec": codec_name("wav", "PCM_16"),
                "duration": duration * 2 if fault == Fault.PALABRA_AUDIO_METADATA_LIES else duration,
                "mime_type": "audio/wav",
            },
            "text": {
                "content": sample.text * 300 if fault == Fault.PALABRA_CONTENT_TOO_LONG else sample.text,
                "lang": "xx-XX" if fault == Fault.PALABRA_BAD_LANG else sample.lang,
            },
            "model": MODEL,
            "filename": f"{voice_id}-{sample.lang}.wav",
            "mime_type": "audio/ogg" if fault == Fault.PALABRA_OGG_ALLOWED_MIME else "audio/wav",
            "display_name": display_name,
            "description": description,
            "utc_created_at": "yesterday" if fault == Fault.PALABRA_BAD_CREATED_AT else sample.created_at,
        }
        if fault == Fault.PALABRA_URL_TOO_LONG:
            data["url"] += "?pad=" + "x" * 2100
        if fault == Fault.PALABRA_MISSING_DISPLAY_NAME:
            del data["display_name"]
        return {"ok": True, "data": data}
