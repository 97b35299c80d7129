"""The promises the mock can be told to break, one at a time, with ``MOCK_FAULT=<name>``.

Each fault names the contract-suite check that must catch it; the suite's self-test runs the
suite against the mock once per fault and requires that check among the failures.
"""

from __future__ import annotations

from dataclasses import dataclass

from voice_contracts.settings import SettingsError


@dataclass(frozen=True)
class Fault:
    """One broken promise: which vendor, what the mock does wrong, and the check that catches it."""

    vendor: str
    description: str
    caught_by: str


FAULTS: dict[str, Fault] = {
    # Palabra: enum, bound, format and required-field violations in 200 bodies.
    "palabra_bad_lang": Fault(
        "palabra", "200 body: text.lang is not a LangCodeExperimental", "response_schema_conformance"
    ),
    "palabra_ogg_allowed_mime": Fault(
        "palabra", "200 body: data.mime_type is audio/ogg, which AllowedMIMEType lacks", "response_schema_conformance"
    ),
    "palabra_url_too_long": Fault(
        "palabra", "200 body: data.url is longer than 2083 characters", "response_schema_conformance"
    ),
    "palabra_bad_blob_id": Fault("palabra", "200 body: data.blob_id is not a uuid", "strict_formats"),
    "palabra_bad_created_at": Fault("palabra", "200 body: data.utc_created_at is not a date-time", "strict_formats"),
    "palabra_missing_display_name": Fault(
        "palabra", "200 body: the required data.display_name is missing", "response_schema_conformance"
    ),
    "palabra_content_too_long": Fault(
        "palabra", "200 body: text.content is longer than 10000 characters", "response_schema_conformance"
    ),
    "palabra_audio_metadata_lies": Fault(
        "palabra", "audio_metadata.duration is twice the real length of the audio", "palabra_audio_matches_metadata"
    ),
    # Palabra: error envelope shape and consistency.
    "palabra_error_status_mismatch": Fault(
        "palabra", "error items carry status 400 whatever the HTTP status", "palabra_error_status_matches"
    ),
    "palabra_error_ok_true": Fault("palabra", "error envelopes say ok: true", "palabra_ok_flag"),
    "palabra_plain_errors": Fault(
        "palabra", "errors come as {'detail': ...} instead of the envelope", "response_schema_conformance"
    ),
    "palabra_short_title": Fault(
        "palabra", "error titles are shorter than 5 characters", "response_schema_conformance"
    ),
    "palabra_errors_text_plain": Fault("palabra", "errors are sent as text/plain", "content_type_conformance"),
    # Palabra: input, auth and the lock.
    "palabra_accepts_bad_lang": Fault(
        "palabra", "an unknown lang_code is accepted with 200", "negative_data_rejection"
    ),
    "palabra_ignores_auth": Fault("palabra", "requests without credentials are served", "ignored_auth"),
    "palabra_no_lock": Fault("palabra", "concurrent regenerations of one voice all succeed", "lock_exclusive"),
    "palabra_lock_409": Fault("palabra", "a locked voice answers 409 instead of 403", "lock_status"),
    "palabra_no_405": Fault("palabra", "a wrong method gets 404 instead of 405 with Allow", "unsupported_method"),
    # Resemble: responses, input and auth.
    "resemble_500_on_mp3": Fault("resemble", "an update asking for output_format mp3 gets 500", "not_a_server_error"),
    "resemble_error_success_true": Fault("resemble", "error envelopes say success: true", "resemble_success_flag"),
    "resemble_bad_updated_at": Fault("resemble", "200 body: item.updated_at is not a date-time", "strict_formats"),
    "resemble_item_stale": Fault(
        "resemble", "200 body: item.body is the clip's old body, not the update's", "resemble_item_echo"
    ),
    "resemble_accepts_missing_callback": Fault(
        "resemble", "an update without callback_uri is accepted", "negative_data_rejection"
    ),
    "resemble_ignores_auth": Fault("resemble", "requests without a token are served", "ignored_auth"),
    # Resemble: the callback.
    "resemble_no_callback": Fault("resemble", "the callback is never sent", "callback_delivered"),
    "resemble_callback_no_issues": Fault(
        "resemble", "the callback payload lacks the required issues list", "callback_schema"
    ),
    "resemble_callback_wrong_id": Fault("resemble", "the callback's id is not the clip's uuid", "callback_ids"),
    "resemble_timestamps_unrequested": Fault(
        "resemble", "audio_timestamps is sent although include_timestamps was not true", "callback_timestamps_presence"
    ),
    "resemble_timestamps_missing": Fault(
        "resemble", "audio_timestamps is left out although include_timestamps was true", "callback_timestamps_presence"
    ),
    "resemble_timestamps_stretched": Fault(
        "resemble", "timestamps run three times longer than the audio", "callback_timestamps_timing"
    ),
    "resemble_wrong_sample_rate": Fault(
        "resemble", "the audio is always 44100 Hz whatever sample_rate asked", "callback_audio"
    ),
    "resemble_wrong_format": Fault("resemble", "the audio is always WAV, even when mp3 was asked", "callback_audio"),
}


class UnknownFault(SettingsError):
    """Raised when MOCK_FAULT names a fault that does not exist; the message lists the real ones."""


def check_fault_name(name: str) -> str:
    """Return ``name`` if it is empty or a known fault, else raise ``UnknownFault``."""
    if name and name not in FAULTS:
        raise UnknownFault(f"unknown MOCK_FAULT {name!r}; known faults: {', '.join(sorted(FAULTS))}")
    return name
