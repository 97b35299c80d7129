from enum import StrEnum

from ..errors import lenient_enums_active


class Precision(StrEnum):
    PCM_16 = "PCM_16"
    PCM_32 = "PCM_32"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "Precision | None":
        if not (isinstance(value, str) and lenient_enums_active()):
            return None
        # A pseudo-member that is not listed among the members: the value is kept as received.
        member = str.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member
