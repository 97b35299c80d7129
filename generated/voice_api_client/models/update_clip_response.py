from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.clip import Clip


T = TypeVar("T", bound="UpdateClipResponse")


@_attrs_define
class UpdateClipResponse:
    """The immediate answer to an update. `success` is `true`.

    Example:
        {'success': True, 'item': {'uuid': '3f2b9c1d', 'title': 'Welcome message', 'body': 'Welcome to the show.',
            'voice_uuid': '8c1a4e2f', 'is_public': False, 'is_archived': False, 'created_at': '2026-11-20T09:30:00Z',
            'updated_at': '2026-11-21T10:00:00Z'}}

    Attributes:
        success (bool): Whether the update was accepted.
        item (Clip): A clip as the server stored it.

            **Assumption:** `created_at` and `updated_at` ("UTC Date" in the document) are RFC 3339
            date-times.
             Example: {'uuid': '3f2b9c1d', 'title': 'Welcome message', 'body': 'Welcome to the show.', 'voice_uuid':
            '8c1a4e2f', 'is_public': False, 'is_archived': False, 'created_at': '2026-11-20T09:30:00Z', 'updated_at':
            '2026-11-21T10:00:00Z'}.
    """

    success: bool
    item: Clip
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        item = self.item.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "success": success,
                "item": item,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.clip import Clip  # noqa: PLC0415

        d = dict(src_dict)
        success = d.pop("success")

        item = Clip.from_dict(d.pop("item"))

        update_clip_response = cls(
            success=success,
            item=item,
        )

        update_clip_response.additional_properties = d
        return update_clip_response

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
