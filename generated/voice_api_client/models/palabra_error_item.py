from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PalabraErrorItem")


@_attrs_define
class PalabraErrorItem:
    """One problem, in the style of RFC 9457 problem details plus a numeric error code.

    Example:
        {'type': 'https://docs.palabra.ai/errors/resource-locked', 'status': 403, 'title': 'Resource locked', 'detail':
            'Another regeneration of this voice is still running.', 'instance': '/saas/voice/m/voice_demo/tts-sample',
            'error_code': 4030}

    Attributes:
        type_ (str): A URI reference naming the kind of problem.

            **Assumption:** the document calls it a URI reference but gives the format `uri`; the
            spec follows the stated format, so a relative reference is not valid.
        status (int): The HTTP status code of the response that carries this problem.

            **Assumption:** an integer; the document says "a number", and HTTP status codes are
            whole numbers. Both bounds are exclusive (399 < status < 600).
        title (str): Short human-readable summary of the kind of problem.
        detail (str): Human-readable explanation of this occurrence.
        instance (str): A URI reference naming this occurrence, such as the request path.
        error_code (int): Vendor code for the kind of error.

            **Assumption:** an integer; the document says "a Number" and shows no fractions.
    """

    type_: str
    status: int
    title: str
    detail: str
    instance: str
    error_code: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        status = self.status

        title = self.title

        detail = self.detail

        instance = self.instance

        error_code = self.error_code

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "status": status,
                "title": title,
                "detail": detail,
                "instance": instance,
                "error_code": error_code,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = d.pop("type")

        status = d.pop("status")

        title = d.pop("title")

        detail = d.pop("detail")

        instance = d.pop("instance")

        error_code = d.pop("error_code")

        palabra_error_item = cls(
            type_=type_,
            status=status,
            title=title,
            detail=detail,
            instance=instance,
            error_code=error_code,
        )

        palabra_error_item.additional_properties = d
        return palabra_error_item

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
