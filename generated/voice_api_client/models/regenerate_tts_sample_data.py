from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.lang_code_experimental import LangCodeExperimental

T = TypeVar("T", bound="RegenerateTTSSampleData")


@_attrs_define
class RegenerateTTSSampleData:
    """What to regenerate.

    Example:
        {'lang_code': 'en-us'}

    Attributes:
        lang_code (LangCodeExperimental): A language code accepted by Palabra, including regional variants and `auto`.
            Example: en-us.
    """

    lang_code: LangCodeExperimental
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        lang_code = self.lang_code.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "lang_code": lang_code,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        lang_code = LangCodeExperimental(d.pop("lang_code"))

        regenerate_tts_sample_data = cls(
            lang_code=lang_code,
        )

        regenerate_tts_sample_data.additional_properties = d
        return regenerate_tts_sample_data

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
