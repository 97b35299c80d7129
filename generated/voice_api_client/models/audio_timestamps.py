from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AudioTimestamps")


@_attrs_define
class AudioTimestamps:
    """When each grapheme and phoneme is spoken. `graph_times[i]` belongs to `graph_chars[i]`
    and `phon_times[i]` to `phon_chars[i]`.

    **Assumption:** each time entry is a `[start, end]` pair (the document shows `float[[]]`).

        Example:
            {'graph_chars': ['H', 'i'], 'graph_times': [[0.0, 0.12], [0.12, 0.3]], 'phon_chars': ['h', 'aɪ'], 'phon_times':
                [[0.0, 0.1], [0.1, 0.3]]}

        Attributes:
            graph_chars (list[str]): The graphemes (written characters) of the clip, in order.
            graph_times (list[list[float]]): One `[start, end]` span for each grapheme.
            phon_chars (list[str]): The phonemes of the clip, in order.
            phon_times (list[list[float]]): One `[start, end]` span for each phoneme.
    """

    graph_chars: list[str]
    graph_times: list[list[float]]
    phon_chars: list[str]
    phon_times: list[list[float]]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        graph_chars = self.graph_chars

        graph_times = []
        for graph_times_item_data in self.graph_times:
            graph_times_item = graph_times_item_data

            graph_times.append(graph_times_item)

        phon_chars = self.phon_chars

        phon_times = []
        for phon_times_item_data in self.phon_times:
            phon_times_item = phon_times_item_data

            phon_times.append(phon_times_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "graph_chars": graph_chars,
                "graph_times": graph_times,
                "phon_chars": phon_chars,
                "phon_times": phon_times,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        graph_chars = cast(list[str], d.pop("graph_chars"))

        graph_times = []
        _graph_times = d.pop("graph_times")
        for graph_times_item_data in _graph_times:
            graph_times_item = cast(list[float], graph_times_item_data)

            graph_times.append(graph_times_item)

        phon_chars = cast(list[str], d.pop("phon_chars"))

        phon_times = []
        _phon_times = d.pop("phon_times")
        for phon_times_item_data in _phon_times:
            phon_times_item = cast(list[float], phon_times_item_data)

            phon_times.append(phon_times_item)

        audio_timestamps = cls(
            graph_chars=graph_chars,
            graph_times=graph_times,
            phon_chars=phon_chars,
            phon_times=phon_times,
        )

        audio_timestamps.additional_properties = d
        return audio_timestamps

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
