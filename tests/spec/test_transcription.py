"""The vendor documents' facts, written down here by hand, must be exactly what the spec says."""

from __future__ import annotations

from typing import Any

import pytest

from voice_contracts.spec import PathParametersError, Spec

LANG_CODES = (
    "ar ar-ae ar-sa az be bg bs ca cs cy da de el en en-au en-ca en-gb en-us es es-mx es-co es-ar es-ch "
    "es-la et fi fil fr fr-ca gl he hi hr hu id is it ja kk ko lt lv mk ms nl no pl pt pt-br ro ru sk sl "
    "sr sv sw ta th tr uk ur vi zh zh-hans zh-hant auto ba bn eo eu fa ga ia mn mr mt ug yue"
).split()
MIME_TYPES = [
    "audio/x-wav", "audio/wav", "audio/mp3", "audio/x-m4a", "audio/mpeg",
    "audio/flac", "audio/ogg", "video/webm", "video/mp4", "video/mpeg",
]  # fmt: skip
ALLOWED_MIME_TYPES = [m for m in MIME_TYPES if m != "audio/ogg"]


def props(spec: Spec, name: str) -> dict[str, Any]:
    properties: dict[str, Any] = spec.schema(name)["properties"]
    return properties


def test_enums_have_exactly_the_documented_values(spec: Spec) -> None:
    assert spec.enum("LangCodeExperimental") == LANG_CODES
    assert len(LANG_CODES) == 78
    assert spec.enum("MIMEType") == MIME_TYPES
    assert spec.enum("AllowedMIMEType") == ALLOWED_MIME_TYPES
    assert spec.enum("Precision") == ["PCM_32", "PCM_16"]
    assert spec.enum("SampleRate") == [16000, 22050, 44100]
    assert spec.schema("SampleRate")["type"] == "integer"
    assert spec.enum("OutputFormat") == ["wav", "mp3"]


def test_enums_are_used_where_the_documents_use_them(spec: Spec) -> None:
    assert props(spec, "RegenerateTTSSampleData")["lang_code"]["enum"] == LANG_CODES
    assert props(spec, "TTSSampleText")["lang"]["enum"] == LANG_CODES
    assert props(spec, "AudioMetadata")["mime_type"]["enum"] == MIME_TYPES
    assert props(spec, "TTSSample")["mime_type"]["enum"] == ALLOWED_MIME_TYPES
    update = props(spec, "UpdateClipRequest")
    assert (update["precision"]["enum"], update["sample_rate"]["enum"], update["output_format"]["enum"]) == (
        ["PCM_32", "PCM_16"],
        [16000, 22050, 44100],
        ["wav", "mp3"],
    )


def test_bounds_and_formats(spec: Spec) -> None:
    sample = props(spec, "TTSSample")
    assert (sample["url"]["format"], sample["url"]["minLength"], sample["url"]["maxLength"]) == ("uri", 1, 2083)
    assert sample["blob_id"]["format"] == "uuid"
    assert sample["utc_created_at"]["format"] == "date-time"
    assert props(spec, "TTSSampleText")["content"]["maxLength"] == 10000
    assert "minLength" not in props(spec, "TTSSampleText")["content"]
    item = props(spec, "PalabraErrorItem")
    assert (item["type"]["format"], item["type"]["minLength"], item["type"]["maxLength"]) == ("uri", 1, 2083)
    assert (item["status"]["exclusiveMinimum"], item["status"]["exclusiveMaximum"]) == (399, 600)
    assert "minimum" not in item["status"] and "maximum" not in item["status"]
    assert item["title"]["minLength"] == 5 and item["detail"]["minLength"] == 5
    assert item["instance"]["minLength"] == 1
    assert item["error_code"]["type"] == "integer"
    clip = props(spec, "Clip")
    assert clip["created_at"]["format"] == clip["updated_at"]["format"] == "date-time"
    assert props(spec, "UpdateClipRequest")["callback_uri"]["format"] == "uri"


def test_required_fields(spec: Spec) -> None:
    def required(name: str) -> set[str]:
        return set(spec.schema(name).get("required", []))

    assert required("RegenerateTTSSampleRequest") == {"data"}
    assert required("RegenerateTTSSampleData") == {"lang_code"}
    assert required("TTSSampleResponse") == {"data"}  # ok is OPTIONAL
    assert required("TTSSample") == {
        "user_id", "blob_id", "url", "audio_metadata", "text", "model",
        "filename", "mime_type", "display_name", "utc_created_at",
    }  # fmt: skip
    assert set(props(spec, "TTSSample")) - required("TTSSample") == {"description"}
    assert required("AudioMetadata") == {"format", "codec", "duration", "mime_type"}
    assert required("TTSSampleText") == {"content", "lang"}
    assert required("PalabraErrorResponse") == {"errors"}
    assert required("PalabraErrorItem") == {"type", "status", "title", "detail", "instance", "error_code"}
    # is_public and is_archived are optional: the vendor's SDK cannot send is_public (an assumption).
    assert required("UpdateClipRequest") == {"body", "voice_uuid", "callback_uri"}
    assert set(props(spec, "UpdateClipRequest")) - required("UpdateClipRequest") == {
        "title", "precision", "sample_rate", "output_format", "include_timestamps", "is_public", "is_archived",
    }  # fmt: skip
    assert required("UpdateClipResponse") == {"success", "item"}
    assert required("Clip") == {
        "uuid", "title", "body", "voice_uuid", "is_public", "is_archived", "created_at", "updated_at",
    }  # fmt: skip
    assert required("ResembleError") == {"success", "message"}
    assert required("ClipCallbackPayload") == {"id", "project_id", "url", "issues"}
    assert required("AudioTimestamps") == {"graph_chars", "graph_times", "phon_chars", "phon_times"}
    span = spec.schema("TimeSpan")
    assert (span["minItems"], span["maxItems"], span["items"]["type"]) == (2, 2, "number")


def test_operations_paths_servers_and_responses(spec: Spec) -> None:
    palabra = spec.operations["regenerate_tts_sample"]
    resemble = spec.operations["update_clip"]
    assert (palabra.method, palabra.path, palabra.tag) == ("POST", "/saas/voice/m/{voice_id}/tts-sample", "palabra")
    assert (resemble.method, resemble.path, resemble.tag) == (
        "PUT",
        "/api/v2/projects/{project_uuid}/clips/{clip_uuid}",
        "resemble",
    )
    paths = spec.document["paths"]
    assert paths[palabra.path]["servers"][0]["url"] == "https://api.palabra.ai"
    assert paths[resemble.path]["servers"][0]["url"] == "https://app.resemble.ai"
    assert set(palabra.raw["responses"]) == {"200", "403", "default"}
    assert palabra.response_schema(403)["title"] == palabra.response_schema(500)["title"] == "PalabraErrorResponse"
    assert set(resemble.raw["responses"]) == {"200", "default"}
    assert resemble.response_schema(404)["title"] == "ResembleError"
    assert palabra.raw["requestBody"]["required"] is resemble.raw["requestBody"]["required"] is True


def test_callback_posts_the_named_payload_to_callback_uri(spec: Spec) -> None:
    callbacks = spec.operations["update_clip"].raw["callbacks"]
    (expressions,) = callbacks.values()
    assert list(expressions) == ["{$request.body#/callback_uri}"]
    callback = spec.operations["update_clip"].callback_operation()
    assert callback is not None
    assert callback["requestBody"]["content"]["application/json"]["schema"]["title"] == "ClipCallbackPayload"
    assert "audio_timestamps" not in spec.schema("ClipCallbackPayload")["required"]


def test_security_schemes(spec: Spec) -> None:
    schemes = spec.document["components"]["securitySchemes"]
    assert (schemes["PalabraClientId"]["in"], schemes["PalabraClientId"]["name"]) == ("header", "ClientID")
    assert (schemes["PalabraClientSecret"]["in"], schemes["PalabraClientSecret"]["name"]) == ("header", "ClientSecret")
    assert schemes["PalabraBearer"] == {**schemes["PalabraBearer"], "type": "http", "scheme": "bearer"}
    assert schemes["ResembleBearer"]["scheme"] == "bearer"
    assert (schemes["ResembleToken"]["in"], schemes["ResembleToken"]["name"]) == ("header", "Authorization")
    assert spec.operations["regenerate_tts_sample"].raw["security"] == [
        {"PalabraClientId": [], "PalabraClientSecret": []},
        {"PalabraBearer": []},
    ]
    assert spec.operations["update_clip"].raw["security"] == [{"ResembleBearer": []}, {"ResembleToken": []}]


def test_operation_urls_come_from_the_templates(spec: Spec) -> None:
    regenerate, update = spec.operations["regenerate_tts_sample"], spec.operations["update_clip"]
    assert regenerate.url("http://h:1/", voice_id="v 1/2") == "http://h:1/saas/voice/m/v%201%2F2/tts-sample"
    assert update.url("", project_uuid="p", clip_uuid="c") == "/api/v2/projects/p/clips/c"
    with pytest.raises(PathParametersError, match="clip_uuid"):
        update.url("", project_uuid="p")
    with pytest.raises(ValueError, match="voice"):
        regenerate.url("", voice_id="v", extra="x")


def test_violations_name_the_keyword_from_structured_errors(spec: Spec) -> None:
    validator = spec.validator(spec.operations["update_clip"].body_schema)
    found = {v.keyword: v for v in validator.violations({"body": "b", "callback_uri": "not a uri", "sample_rate": 1})}
    assert set(found) == {"required", "format", "enum"}
    assert (found["required"].missing, found["required"].field) == ("voice_uuid", "voice_uuid")
    assert (found["format"].format, found["format"].field) == ("uri", "callback_uri")
    assert found["enum"].field == "sample_rate" and found["enum"].missing is None
