from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.allowed_mime_type import AllowedMIMEType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.audio_metadata import AudioMetadata
    from ..models.tts_sample_text import TTSSampleText


T = TypeVar("T", bound="TTSSample")


@_attrs_define
class TTSSample:
    """The one TTS sample a voice has after regeneration.

    Example:
        {'user_id': 'usr_4f1c2a', 'blob_id': '0b8e6a3e-5c1d-4f7a-9e2b-3c4d5e6f7a8b', 'url':
            'https://cdn.example.com/tts/0b8e6a3e-5c1d-4f7a-9e2b-3c4d5e6f7a8b.wav', 'audio_metadata': {'format': 'wav',
            'codec': 'pcm_s16le', 'duration': 1.5, 'mime_type': 'audio/wav'}, 'text': {'content': 'Hello, this is how my
            voice sounds.', 'lang': 'en-us'}, 'model': 'tts-v1', 'filename': 'sample-en-us.wav', 'mime_type': 'audio/wav',
            'display_name': 'My narration voice', 'utc_created_at': '2026-11-21T10:00:00Z'}

    Attributes:
        user_id (str): The owner of the voice.
        blob_id (UUID): Identifier of the stored audio.
        url (str): Where the sample's audio can be downloaded.

            **Assumption:** the URL may be signed and expire, as storage links usually do; the
            document says nothing about its lifetime.
        audio_metadata (AudioMetadata): Facts about the audio file behind `url`. Example: {'format': 'wav', 'codec':
            'pcm_s16le', 'duration': 1.5, 'mime_type': 'audio/wav'}.
        text (TTSSampleText): The text that was spoken in the sample, and its language. Example: {'content': 'Hello,
            this is how my voice sounds.', 'lang': 'en-us'}.
        model (str): The synthesis model that produced the sample.
        filename (str): File name of the sample.
        mime_type (AllowedMIMEType): The media types Palabra allows for a voice's files. `audio/ogg` is not among them.
            Example: audio/wav.
        display_name (str): Human-readable name of the sample.
        utc_created_at (datetime.datetime): When the sample was created, in UTC.
        description (str | Unset): Free-form description; the only optional field of the sample.
    """

    user_id: str
    blob_id: UUID
    url: str
    audio_metadata: AudioMetadata
    text: TTSSampleText
    model: str
    filename: str
    mime_type: AllowedMIMEType
    display_name: str
    utc_created_at: datetime.datetime
    description: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        user_id = self.user_id

        blob_id = str(self.blob_id)

        url = self.url

        audio_metadata = self.audio_metadata.to_dict()

        text = self.text.to_dict()

        model = self.model

        filename = self.filename

        mime_type = self.mime_type.value

        display_name = self.display_name

        utc_created_at = self.utc_created_at.isoformat()

        description = self.description

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "user_id": user_id,
                "blob_id": blob_id,
                "url": url,
                "audio_metadata": audio_metadata,
                "text": text,
                "model": model,
                "filename": filename,
                "mime_type": mime_type,
                "display_name": display_name,
                "utc_created_at": utc_created_at,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.audio_metadata import AudioMetadata  # noqa: PLC0415
        from ..models.tts_sample_text import TTSSampleText  # noqa: PLC0415

        d = dict(src_dict)
        user_id = d.pop("user_id")

        blob_id = UUID(d.pop("blob_id"))

        url = d.pop("url")

        audio_metadata = AudioMetadata.from_dict(d.pop("audio_metadata"))

        text = TTSSampleText.from_dict(d.pop("text"))

        model = d.pop("model")

        filename = d.pop("filename")

        mime_type = AllowedMIMEType(d.pop("mime_type"))

        display_name = d.pop("display_name")

        utc_created_at = datetime.datetime.fromisoformat(d.pop("utc_created_at"))

        description = d.pop("description", UNSET)

        tts_sample = cls(
            user_id=user_id,
            blob_id=blob_id,
            url=url,
            audio_metadata=audio_metadata,
            text=text,
            model=model,
            filename=filename,
            mime_type=mime_type,
            display_name=display_name,
            utc_created_at=utc_created_at,
            description=description,
        )

        tts_sample.additional_properties = d
        return tts_sample

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
