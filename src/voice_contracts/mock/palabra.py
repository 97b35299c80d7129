"""Palabra: regenerate the TTS sample of a voice, with the per-voice lock."""

from __future__ import annotations

import asyncio
import functools
import hmac
from collections.abc import Mapping
from typing import Any

from voice_contracts.mock.audio import MEDIA_TYPES, AudioRequest, audio_path, codec_name, speech_duration
from voice_contracts.mock.envelopes import Envelopes
from voice_contracts.mock.faults import Fault, parse_fault
from voice_contracts.mock.replies import Later, Reply
from voice_contracts.mock.state import Blob, Sample, Store, Voice, utc_now
from voice_contracts.settings import MockSettings

SAMPLE_RATE = 16000
MODEL = "mock-tone-1"
# Reply templates kept per (voice, language) before the cache starts over.
MAX_TEMPLATES = 4096


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
        self._blobs: dict[str, Blob] = {}
        self._templates: dict[tuple[str, str], dict[str, Any]] = {}

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

    def regenerate(self, path: str, params: dict[str, str], body: Any, base_url: str) -> Reply | Later:
        """Run one regeneration; a second one for the same voice meanwhile gets 403.

        With no synthesis time nothing can overlap, so the reply comes at once; otherwise what
        comes back is the regeneration to await, holding the voice's lock for that time.
        """
        if self.settings.synth_seconds > 0:
            return functools.partial(self._synthesize, path, params, body, base_url)
        return self._refusal(path, params["voice_id"]) or self._regenerated(params["voice_id"], body, base_url)

    def _refusal(self, path: str, voice_id: str) -> Reply | None:
        """The error reply when the voice is unknown or locked."""
        if voice_id not in self.store.voices:
            return self.envelopes.error(404, f"No voice with id {voice_id!r} belongs to the caller.", path)
        if self.fault != Fault.PALABRA_NO_LOCK and voice_id in self.store.locked_voices:
            status = 409 if self.fault == Fault.PALABRA_LOCK_409 else 403
            detail = "Another regeneration of this voice is still running; retry when it has finished."
            return self.envelopes.error(status, detail, path, title="Resource locked")
        return None

    async def _synthesize(self, path: str, params: dict[str, str], body: Any, base_url: str) -> Reply:
        voice_id = params["voice_id"]
        refusal = self._refusal(path, voice_id)
        if refusal is not None:
            return refusal
        locking = self.fault != Fault.PALABRA_NO_LOCK
        if locking:
            self.store.locked_voices.add(voice_id)
        try:
            await asyncio.sleep(self.settings.synth_seconds)
        finally:
            if locking:
                self.store.locked_voices.discard(voice_id)
        return self._regenerated(voice_id, body, base_url)

    def _regenerated(self, voice_id: str, body: Any, base_url: str) -> Reply:
        """Store the new sample and build the 200 reply naming it."""
        voice = self.store.voices[voice_id]
        lang = body["data"]["lang_code"]
        blob = self._sample_blob(lang)
        # A new blob is invisible until a reply names it; the voice's samples change only once the
        # reply is ready, so a failure on the way leaves the voice as it was.
        blob_id = self.store.add_blob(blob)
        try:
            sample = Sample(blob_id=blob_id, lang=lang, text=blob.request.text, created_at=utc_now())
            payload = self._payload(voice, sample, base_url + audio_path(blob_id, blob.media_type))
            reply = Reply(200, payload)
            reply.raw = reply.body()
        except BaseException:
            self.store.drop_blob(blob_id)
            raise
        self.store.replace_samples(voice, sample)
        return reply

    def _sample_blob(self, lang: str) -> Blob:
        """The audio of a sample in ``lang``: the same for every voice, so made once per language."""
        blob = self._blobs.get(lang)
        if blob is None:
            audio = AudioRequest(sample_text(lang), "wav", SAMPLE_RATE, "PCM_16")
            # Languages are an enum of the spec, so this holds a few dozen entries at most.
            blob = self._blobs[lang] = Blob(audio, MEDIA_TYPES["wav"])
        return blob

    def _payload(self, voice: Voice, sample: Sample, url: str) -> dict[str, Any]:
        """The 200 body: a per-(voice, language) template with this sample's id, link and time."""
        fault = self.fault
        key = (voice.voice_id, sample.lang)
        template = self._templates.get(key)
        if template is None:
            if len(self._templates) >= MAX_TEMPLATES:
                self._templates.clear()
            template = self._templates[key] = self._template(voice, sample)
        data = {
            **template,
            "blob_id": "blob-" + sample.blob_id[:8] if fault == Fault.PALABRA_BAD_BLOB_ID else sample.blob_id,
            "url": url + "?pad=" + "x" * 2100 if fault == Fault.PALABRA_URL_TOO_LONG else url,
            "utc_created_at": "yesterday" if fault == Fault.PALABRA_BAD_CREATED_AT else sample.created_at,
        }
        return {"ok": True, "data": data}

    def _template(self, voice: Voice, sample: Sample) -> dict[str, Any]:
        """Everything in the 200 body that depends only on the voice and the language."""
        fault = self.fault
        duration = speech_duration(sample.text)
        data: dict[str, Any] = {
            "user_id": voice.user_id,
            "blob_id": None,  # placeholders keep the keys in the vendor's order
            "url": None,
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
            "filename": f"{voice.voice_id}-{sample.lang}.wav",
            "mime_type": "audio/ogg" if fault == Fault.PALABRA_OGG_ALLOWED_MIME else "audio/wav",
            "display_name": voice.display_name,
            "description": voice.description,
            "utc_created_at": None,
        }
        if fault == Fault.PALABRA_MISSING_DISPLAY_NAME:
            del data["display_name"]
        return data
