from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.audio_timestamps import AudioTimestamps


T = TypeVar("T", bound="ClipCallbackPayload")


@_attrs_define
class ClipCallbackPayload:
    """The body the server POSTs to `callback_uri` once the clip is synthesized.

    **Assumption:** `issues` is a top-level list, as Resemble's current documentation shows it,
    and is always sent (possibly empty). `url` is a URI; the audio behind it expires after one
    hour.

        Example:
            {'id': '3f2b9c1d', 'project_id': '6d7e8f90', 'url': 'https://cdn.example.com/clips/3f2b9c1d.wav', 'issues': []}

        Attributes:
            id (str): Identifier of the clip.
            project_id (str): Identifier of the clip's project.
            url (str): Where the synthesized audio can be downloaded, for one hour.
            issues (list[str]): Problems found while synthesizing the clip.
            audio_timestamps (AudioTimestamps | Unset): When each grapheme and phoneme is spoken. `graph_times[i]` belongs
                to `graph_chars[i]`
                and `phon_times[i]` to `phon_chars[i]`.

                **Assumption:** each time entry is a `[start, end]` pair (the document shows `float[[]]`).
                 Example: {'graph_chars': ['H', 'i'], 'graph_times': [[0.0, 0.12], [0.12, 0.3]], 'phon_chars': ['h', 'aɪ'],
                'phon_times': [[0.0, 0.1], [0.1, 0.3]]}.
    """

    id: str
    project_id: str
    url: str
    issues: list[str]
    audio_timestamps: AudioTimestamps | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        project_id = self.project_id

        url = self.url

        issues = self.issues

        audio_timestamps: dict[str, Any] | Unset = UNSET
        if not isinstance(self.audio_timestamps, Unset):
            audio_timestamps = self.audio_timestamps.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "project_id": project_id,
                "url": url,
                "issues": issues,
            }
        )
        if audio_timestamps is not UNSET:
            field_dict["audio_timestamps"] = audio_timestamps

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.audio_timestamps import AudioTimestamps  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        project_id = d.pop("project_id")

        url = d.pop("url")

        issues = cast(list[str], d.pop("issues"))

        _audio_timestamps = d.pop("audio_timestamps", UNSET)
        audio_timestamps: AudioTimestamps | Unset
        if isinstance(_audio_timestamps, Unset):
            audio_timestamps = UNSET
        else:
            audio_timestamps = AudioTimestamps.from_dict(_audio_timestamps)

        clip_callback_payload = cls(
            id=id,
            project_id=project_id,
            url=url,
            issues=issues,
            audio_timestamps=audio_timestamps,
        )

        clip_callback_payload.additional_properties = d
        return clip_callback_payload

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
