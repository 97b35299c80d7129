from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.lang_code_experimental import LangCodeExperimental

T = TypeVar("T", bound="TTSSampleText")


@_attrs_define
class TTSSampleText:
    """The text that was spoken in the sample, and its language.

    Example:
        {'content': 'Hello, this is how my voice sounds.', 'lang': 'en-us'}

    Attributes:
        content (str): The spoken text.
        lang (LangCodeExperimental): A language code accepted by Palabra, including regional variants and `auto`.
            Example: en-us.
    """

    content: str
    lang: LangCodeExperimental
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        content = self.content

        lang = self.lang.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "content": content,
                "lang": lang,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        content = d.pop("content")

        lang = LangCodeExperimental(d.pop("lang"))

        tts_sample_text = cls(
            content=content,
            lang=lang,
        )

        tts_sample_text.additional_properties = d
        return tts_sample_text

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
