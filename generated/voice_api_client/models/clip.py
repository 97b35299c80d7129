from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Clip")


@_attrs_define
class Clip:
    """A clip as the server stored it.

    **Assumption:** `created_at` and `updated_at` ("UTC Date" in the document) are RFC 3339
    date-times.

        Example:
            {'uuid': '3f2b9c1d', 'title': 'Welcome message', 'body': 'Welcome to the show.', 'voice_uuid': '8c1a4e2f',
                'is_public': False, 'is_archived': False, 'created_at': '2026-11-20T09:30:00Z', 'updated_at':
                '2026-11-21T10:00:00Z'}

        Attributes:
            uuid (str): Identifier of the clip.
            title (str): Title of the clip.
            body (str): The content that is synthesized.
            voice_uuid (str): The voice that speaks the clip.
            is_public (bool): Whether the clip may be accessed publicly.
            is_archived (bool): Whether the clip is archived.
            created_at (datetime.datetime): When the clip was created, in UTC.
            updated_at (datetime.datetime): When the clip was last updated, in UTC.
    """

    uuid: str
    title: str
    body: str
    voice_uuid: str
    is_public: bool
    is_archived: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        uuid = self.uuid

        title = self.title

        body = self.body

        voice_uuid = self.voice_uuid

        is_public = self.is_public

        is_archived = self.is_archived

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "uuid": uuid,
                "title": title,
                "body": body,
                "voice_uuid": voice_uuid,
                "is_public": is_public,
                "is_archived": is_archived,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        uuid = d.pop("uuid")

        title = d.pop("title")

        body = d.pop("body")

        voice_uuid = d.pop("voice_uuid")

        is_public = d.pop("is_public")

        is_archived = d.pop("is_archived")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        clip = cls(
            uuid=uuid,
            title=title,
            body=body,
            voice_uuid=voice_uuid,
            is_public=is_public,
            is_archived=is_archived,
            created_at=created_at,
            updated_at=updated_at,
        )

        clip.additional_properties = d
        return clip

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
