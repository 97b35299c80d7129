from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.output_format import OutputFormat
from ..models.precision import Precision
from ..models.sample_rate import SampleRate
from ..types import UNSET, Unset

T = TypeVar("T", bound="UpdateClipRequest")


@_attrs_define
class UpdateClipRequest:
    """The new content and settings of the clip.

    **Assumption:** the document gives no lengths or formats for these strings. Only
    `callback_uri` gets a format (`uri`), because the server must be able to POST to it.

    **Assumption:** `is_public` and `is_archived` are optional, and an update that leaves one
    out keeps the clip's stored value. The document does not mark them `(optional)`, but the
    vendor's own Python SDK (`resemble` 1.9.0, `Resemble.v2.clips.update_async`) cannot send
    `is_public` at all (it was removed in 1.6.0) and sends `is_archived` only when the caller
    gives it; a server that required them would refuse every update that SDK makes.

        Example:
            {'body': 'Welcome to the show.', 'voice_uuid': '8c1a4e2f', 'callback_uri':
                'https://hooks.example.com/resemble/clips'}

        Attributes:
            body (str): The content to synthesize.
            voice_uuid (str): The voice that speaks the clip.

                **Assumption:** Resemble identifiers are short opaque strings, not RFC 4122 UUIDs, so
                no `uuid` format is imposed.
            callback_uri (str): Where the server POSTs the synthesized clip (see the `clip_synthesized` callback).
            title (str | Unset): Title of the clip. Optional.
            is_public (bool | Unset): Whether the clip may be accessed publicly. Optional: when left out, the clip keeps its
                stored value (see the assumption above).
            is_archived (bool | Unset): Whether the clip is archived. Optional: when left out, the clip keeps its stored
                value
                (see the assumption above).
            precision (Precision | Unset): Bit depth of the generated audio samples. Example: PCM_16.
            sample_rate (SampleRate | Unset): Sample rate of the generated audio, in hertz.

                **Assumption:** JSON Schema counts a number with a zero fraction as an integer, so
                `22050.0` is valid here and means exactly `22050`; a server renders it at that rate.
                 Example: 22050.
            output_format (OutputFormat | Unset): Container format of the generated audio. Example: wav.
            include_timestamps (bool | Unset): Whether the callback carries `audio_timestamps`. Optional.
    """

    body: str
    voice_uuid: str
    callback_uri: str
    title: str | Unset = UNSET
    is_public: bool | Unset = UNSET
    is_archived: bool | Unset = UNSET
    precision: Precision | Unset = UNSET
    sample_rate: SampleRate | Unset = UNSET
    output_format: OutputFormat | Unset = UNSET
    include_timestamps: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        body = self.body

        voice_uuid = self.voice_uuid

        callback_uri = self.callback_uri

        title = self.title

        is_public = self.is_public

        is_archived = self.is_archived

        precision: str | Unset = UNSET
        if not isinstance(self.precision, Unset):
            precision = self.precision.value

        sample_rate: int | Unset = UNSET
        if not isinstance(self.sample_rate, Unset):
            sample_rate = self.sample_rate.value

        output_format: str | Unset = UNSET
        if not isinstance(self.output_format, Unset):
            output_format = self.output_format.value

        include_timestamps = self.include_timestamps

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "body": body,
                "voice_uuid": voice_uuid,
                "callback_uri": callback_uri,
            }
        )
        if title is not UNSET:
            field_dict["title"] = title
        if is_public is not UNSET:
            field_dict["is_public"] = is_public
        if is_archived is not UNSET:
            field_dict["is_archived"] = is_archived
        if precision is not UNSET:
            field_dict["precision"] = precision
        if sample_rate is not UNSET:
            field_dict["sample_rate"] = sample_rate
        if output_format is not UNSET:
            field_dict["output_format"] = output_format
        if include_timestamps is not UNSET:
            field_dict["include_timestamps"] = include_timestamps

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        body = d.pop("body")

        voice_uuid = d.pop("voice_uuid")

        callback_uri = d.pop("callback_uri")

        title = d.pop("title", UNSET)

        is_public = d.pop("is_public", UNSET)

        is_archived = d.pop("is_archived", UNSET)

        _precision = d.pop("precision", UNSET)
        precision: Precision | Unset
        if isinstance(_precision, Unset):
            precision = UNSET
        else:
            precision = Precision(_precision)

        _sample_rate = d.pop("sample_rate", UNSET)
        sample_rate: SampleRate | Unset
        if isinstance(_sample_rate, Unset):
            sample_rate = UNSET
        else:
            sample_rate = SampleRate(_sample_rate)

        _output_format = d.pop("output_format", UNSET)
        output_format: OutputFormat | Unset
        if isinstance(_output_format, Unset):
            output_format = UNSET
        else:
            output_format = OutputFormat(_output_format)

        include_timestamps = d.pop("include_timestamps", UNSET)

        update_clip_request = cls(
            body=body,
            voice_uuid=voice_uuid,
            callback_uri=callback_uri,
            title=title,
            is_public=is_public,
            is_archived=is_archived,
            precision=precision,
            sample_rate=sample_rate,
            output_format=output_format,
            include_timestamps=include_timestamps,
        )

        update_clip_request.additional_properties = d
        return update_clip_request

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
