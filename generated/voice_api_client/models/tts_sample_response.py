from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.tts_sample import TTSSample


T = TypeVar("T", bound="TTSSampleResponse")


@_attrs_define
class TTSSampleResponse:
    """The success envelope of a regeneration.

    Example:
        {'ok': True, 'data': {'user_id': 'usr_4f1c2a', 'blob_id': '0b8e6a3e-5c1d-4f7a-9e2b-3c4d5e6f7a8b', 'url':
            'https://cdn.example.com/tts/0b8e6a3e-5c1d-4f7a-9e2b-3c4d5e6f7a8b.wav', 'audio_metadata': {'format': 'wav',
            'codec': 'pcm_s16le', 'duration': 1.5, 'mime_type': 'audio/wav'}, 'text': {'content': 'Hello, this is how my
            voice sounds.', 'lang': 'en-us'}, 'model': 'tts-v1', 'filename': 'sample-en-us.wav', 'mime_type': 'audio/wav',
            'display_name': 'My narration voice', 'utc_created_at': '2026-11-21T10:00:00Z'}}

    Attributes:
        data (TTSSample): The one TTS sample a voice has after regeneration. Example: {'user_id': 'usr_4f1c2a',
            'blob_id': '0b8e6a3e-5c1d-4f7a-9e2b-3c4d5e6f7a8b', 'url':
            'https://cdn.example.com/tts/0b8e6a3e-5c1d-4f7a-9e2b-3c4d5e6f7a8b.wav', 'audio_metadata': {'format': 'wav',
            'codec': 'pcm_s16le', 'duration': 1.5, 'mime_type': 'audio/wav'}, 'text': {'content': 'Hello, this is how my
            voice sounds.', 'lang': 'en-us'}, 'model': 'tts-v1', 'filename': 'sample-en-us.wav', 'mime_type': 'audio/wav',
            'display_name': 'My narration voice', 'utc_created_at': '2026-11-21T10:00:00Z'}.
        ok (bool | Unset): Whether the request succeeded. Optional; when sent on success it is `true`.
    """

    data: TTSSample
    ok: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = self.data.to_dict()

        ok = self.ok

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data": data,
            }
        )
        if ok is not UNSET:
            field_dict["ok"] = ok

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.tts_sample import TTSSample  # noqa: PLC0415

        d = dict(src_dict)
        data = TTSSample.from_dict(d.pop("data"))

        ok = d.pop("ok", UNSET)

        tts_sample_response = cls(
            data=data,
            ok=ok,
        )

        tts_sample_response.additional_properties = d
        return tts_sample_response

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
