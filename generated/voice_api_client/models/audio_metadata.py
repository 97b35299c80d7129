from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.mime_type import MIMEType

T = TypeVar("T", bound="AudioMetadata")


@_attrs_define
class AudioMetadata:
    """Facts about the audio file behind `url`.

    Example:
        {'format': 'wav', 'codec': 'pcm_s16le', 'duration': 1.5, 'mime_type': 'audio/wav'}

    Attributes:
        format_ (str): Container format of the audio, such as `wav`.
        codec (str): Codec of the audio stream, such as `pcm_s16le`.
        duration (float): Length of the audio in seconds.

            **Assumption:** a JSON number; the document gives the unit but no type or bound.
        mime_type (MIMEType): The core media types Palabra reports for stored audio. Unlike `AllowedMIMEType` it
            includes
            `audio/ogg`; the two lists are kept apart on purpose.
             Example: audio/wav.
    """

    format_: str
    codec: str
    duration: float
    mime_type: MIMEType
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        format_ = self.format_

        codec = self.codec

        duration = self.duration

        mime_type = self.mime_type.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "format": format_,
                "codec": codec,
                "duration": duration,
                "mime_type": mime_type,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        format_ = d.pop("format")

        codec = d.pop("codec")

        duration = d.pop("duration")

        mime_type = MIMEType(d.pop("mime_type"))

        audio_metadata = cls(
            format_=format_,
            codec=codec,
            duration=duration,
            mime_type=mime_type,
        )

        audio_metadata.additional_properties = d
        return audio_metadata

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
