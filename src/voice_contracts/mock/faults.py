"""The promises the mock can be told to break, one at a time, with ``MOCK_FAULT=<name>``.

``Fault`` names every fault once; ``FAULTS`` (keyed by it) says which vendor it concerns, what
breaks and which contract-suite check must catch it. The suite's self-test runs the suite
against the mock once per fault and requires that check among the failures; the README's fault
table is checked against this registry.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from voice_contracts.settings import SettingsError


class Fault(enum.StrEnum):
    """Every fault the mock knows; the value is the name ``MOCK_FAULT`` takes."""

    # Palabra: enum, bound, format and required-field violations in 200 bodies.
    PALABRA_BAD_LANG = "palabra_bad_lang"
    PALABRA_OGG_ALLOWED_MIME = "palabra_ogg_allowed_mime"
    PALABRA_URL_TOO_LONG = "palabra_url_too_long"
    PALABRA_BAD_BLOB_ID = "palabra_bad_blob_id"
    PALABRA_BAD_CREATED_AT = "palabra_bad_created_at"
    PALABRA_MISSING_DISPLAY_NAME = "palabra_missing_display_name"
    PALABRA_CONTENT_TOO_LONG = "palabra_content_too_long"
    PALABRA_AUDIO_METADATA_LIES = "palabra_audio_metadata_lies"
    # Palabra: error envelope shape and consistency.
    PALABRA_ERROR_STATUS_MISMATCH = "palabra_error_status_mismatch"
    PALABRA_ERROR_OK_TRUE = "palabra_error_ok_true"
    PALABRA_PLAIN_ERRORS = "palabra_plain_errors"
    PALABRA_SHORT_TITLE = "palabra_short_title"
    PALABRA_ERRORS_TEXT_PLAIN = "palabra_errors_text_plain"
    # Palabra: input, auth and the lock.
    PALABRA_ACCEPTS_BAD_LANG = "palabra_accepts_bad_lang"
    PALABRA_IGNORES_AUTH = "palabra_ignores_auth"
    PALABRA_NO_LOCK = "palabra_no_lock"
    PALABRA_LOCK_409 = "palabra_lock_409"
    PALABRA_NO_405 = "palabra_no_405"
    # Resemble: responses, input and auth.
    RESEMBLE_500_ON_MP3 = "resemble_500_on_mp3"
    RESEMBLE_ERROR_SUCCESS_TRUE = "resemble_error_success_true"
    RESEMBLE_BAD_UPDATED_AT = "resemble_bad_updated_at"
    RESEMBLE_ITEM_STALE = "resemble_item_stale"
    RESEMBLE_ACCEPTS_MISSING_CALLBACK = "resemble_accepts_missing_callback"
    RESEMBLE_IGNORES_AUTH = "resemble_ignores_auth"
    # Resemble: the callback.
    RESEMBLE_NO_CALLBACK = "resemble_no_callback"
    RESEMBLE_CALLBACK_NO_ISSUES = "resemble_callback_no_issues"
    RESEMBLE_CALLBACK_WRONG_ID = "resemble_callback_wrong_id"
    RESEMBLE_TIMESTAMPS_UNREQUESTED = "resemble_timestamps_unrequested"
    RESEMBLE_TIMESTAMPS_MISSING = "resemble_timestamps_missing"
    RESEMBLE_TIMESTAMPS_STRETCHED = "resemble_timestamps_stretched"
    RESEMBLE_WRONG_SAMPLE_RATE = "resemble_wrong_sample_rate"
    RESEMBLE_WRONG_FORMAT = "resemble_wrong_format"


@dataclass(frozen=True)
class FaultInfo:
    """One broken promise: which vendor, what the mock does wrong, and the check that catches it."""

    vendor: str
    description: str
    caught_by: str


FAULTS: dict[Fault, FaultInfo] = {
    # Palabra: enum, bound, format and required-field violations in 200 bodies.
    Fault.PALABRA_BAD_LANG: FaultInfo(
        "palabra", "200 body: text.lang is not a LangCodeExperimental", "response_schema_conformance"
    ),
    Fault.PALABRA_OGG_ALLOWED_MIME: FaultInfo(
        "palabra", "200 body: data.mime_type is audio/ogg, which AllowedMIMEType lacks", "response_schema_conformance"
    ),
    Fault.PALABRA_URL_TOO_LONG: FaultInfo(
        "palabra", "200 body: data.url is longer than 2083 characters", "response_schema_conformance"
    ),
    Fault.PALABRA_BAD_BLOB_ID: FaultInfo("palabra", "200 body: data.blob_id is not a uuid", "strict_formats"),
    Fault.PALABRA_BAD_CREATED_AT: FaultInfo(
        "palabra", "200 body: data.utc_created_at is not a date-time", "strict_formats"
    ),
    Fault.PALABRA_MISSING_DISPLAY_NAME: FaultInfo(
        "palabra", "200 body: the required data.display_name is missing", "response_schema_conformance"
    ),
    Fault.PALABRA_CONTENT_TOO_LONG: FaultInfo(
        "palabra", "200 body: text.content is longer than 10000 characters", "response_schema_conformance"
    ),
    Fault.PALABRA_AUDIO_METADATA_LIES: FaultInfo(
        "palabra", "audio_metadata.duration is twice the real length of the audio", "palabra_audio_matches_metadata"
    ),
    # Palabra: error envelope shape and consistency.
    Fault.PALABRA_ERROR_STATUS_MISMATCH: FaultInfo(
        "palabra", "error items carry status 400 whatever the HTTP status", "palabra_error_status_matches"
    ),
    Fault.PALABRA_ERROR_OK_TRUE: FaultInfo("palabra", "error envelopes say ok: true", "palabra_ok_flag"),
    Fault.PALABRA_PLAIN_ERRORS: FaultInfo(
        "palabra", "errors come as {'detail': ...} instead of the envelope", "response_schema_conformance"
    ),
    Fault.PALABRA_SHORT_TITLE: FaultInfo(
        "palabra", "error titles are shorter than 5 characters", "response_schema_conformance"
    ),
    Fault.PALABRA_ERRORS_TEXT_PLAIN: FaultInfo("palabra", "errors are sent as text/plain", "content_type_conformance"),
    # Palabra: input, auth and the lock.
    Fault.PALABRA_ACCEPTS_BAD_LANG: FaultInfo(
        "palabra", "an unknown lang_code is accepted with 200", "negative_data_rejection"
    ),
    Fault.PALABRA_IGNORES_AUTH: FaultInfo("palabra", "requests without credentials are served", "ignored_auth"),
    Fault.PALABRA_NO_LOCK: FaultInfo("palabra", "concurrent regenerations of one voice all succeed", "lock_exclusive"),
    Fault.PALABRA_LOCK_409: FaultInfo("palabra", "a locked voice answers 409 instead of 403", "lock_status"),
    Fault.PALABRA_NO_405: FaultInfo(
        "palabra", "a wrong method gets 404 instead of 405 with Allow", "unsupported_method"
    ),
    # Resemble: responses, input and auth.
    Fault.RESEMBLE_500_ON_MP3: FaultInfo(
        "resemble", "an update asking for output_format mp3 gets 500", "not_a_server_error"
    ),
    Fault.RESEMBLE_ERROR_SUCCESS_TRUE: FaultInfo(
        "resemble", "error envelopes say success: true", "resemble_success_flag"
    ),
    Fault.RESEMBLE_BAD_UPDATED_AT: FaultInfo(
        "resemble", "200 body: item.updated_at is not a date-time", "strict_formats"
    ),
    Fault.RESEMBLE_ITEM_STALE: FaultInfo(
        "resemble", "200 body: item.body is the clip's old body, not the update's", "resemble_item_echo"
    ),
    Fault.RESEMBLE_ACCEPTS_MISSING_CALLBACK: FaultInfo(
        "resemble", "an update without callback_uri is accepted", "negative_data_rejection"
    ),
    Fault.RESEMBLE_IGNORES_AUTH: FaultInfo("resemble", "requests without a token are served", "ignored_auth"),
    # Resemble: the callback.
    Fault.RESEMBLE_NO_CALLBACK: FaultInfo("resemble", "the callback is never sent", "callback_delivered"),
    Fault.RESEMBLE_CALLBACK_NO_ISSUES: FaultInfo(
        "resemble", "the callback payload lacks the required issues list", "callback_schema"
    ),
    Fault.RESEMBLE_CALLBACK_WRONG_ID: FaultInfo("resemble", "the callback's id is not the clip's uuid", "callback_ids"),
    Fault.RESEMBLE_TIMESTAMPS_UNREQUESTED: FaultInfo(
        "resemble", "audio_timestamps is sent although include_timestamps was not true", "callback_timestamps_presence"
    ),
    Fault.RESEMBLE_TIMESTAMPS_MISSING: FaultInfo(
        "resemble", "audio_timestamps is left out although include_timestamps was true", "callback_timestamps_presence"
    ),
    Fault.RESEMBLE_TIMESTAMPS_STRETCHED: FaultInfo(
        "resemble", "timestamps run three times longer than the audio", "callback_timestamps_timing"
    ),
    Fault.RESEMBLE_WRONG_SAMPLE_RATE: FaultInfo(
        "resemble", "the audio is always 44100 Hz whatever sample_rate asked", "callback_audio"
    ),
    Fault.RESEMBLE_WRONG_FORMAT: FaultInfo(
        "resemble", "the audio is always WAV, even when mp3 was asked", "callback_audio"
    ),
}


class UnknownFault(SettingsError):
    """Raised when MOCK_FAULT names a fault that does not exist; the message lists the real ones."""


def parse_fault(name: str) -> Fault | None:
    """The fault ``name`` names (``None`` when it is empty); raise ``UnknownFault`` otherwise."""
    if not name:
        return None
    try:
        return Fault(name)
    except ValueError:
        known = ", ".join(sorted(Fault))
        raise UnknownFault(f"unknown MOCK_FAULT {name!r}; known faults: {known}") from None
