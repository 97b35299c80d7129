from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.palabra_error_item import PalabraErrorItem


T = TypeVar("T", bound="PalabraErrorResponse")


@_attrs_define
class PalabraErrorResponse:
    """The error envelope of every Palabra failure.

    Example:
        {'ok': False, 'errors': [{'type': 'https://docs.palabra.ai/errors/resource-locked', 'status': 403, 'title':
            'Resource locked', 'detail': 'Another regeneration of this voice is still running.', 'instance':
            '/saas/voice/m/voice_demo/tts-sample', 'error_code': 4030}]}

    Attributes:
        errors (list[PalabraErrorItem]): The problems found.

            **Assumption:** the document does not bound the list; an empty list is allowed by the
            schema although a server has no reason to send one.
        ok (bool | Unset): Whether the request succeeded. Optional; when sent on an error it is `false`.
    """

    errors: list[PalabraErrorItem]
    ok: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        errors = []
        for errors_item_data in self.errors:
            errors_item = errors_item_data.to_dict()
            errors.append(errors_item)

        ok = self.ok

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "errors": errors,
            }
        )
        if ok is not UNSET:
            field_dict["ok"] = ok

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.palabra_error_item import PalabraErrorItem  # noqa: PLC0415

        d = dict(src_dict)
        errors = []
        _errors = d.pop("errors")
        for errors_item_data in _errors:
            errors_item = PalabraErrorItem.from_dict(errors_item_data)

            errors.append(errors_item)

        ok = d.pop("ok", UNSET)

        palabra_error_response = cls(
            errors=errors,
            ok=ok,
        )

        palabra_error_response.additional_properties = d
        return palabra_error_response

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
