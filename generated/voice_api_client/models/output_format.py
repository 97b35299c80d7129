from enum import StrEnum

from ..errors import lenient_enums_active


class OutputFormat(StrEnum):
    MP3 = "mp3"
    WAV = "wav"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "OutputFormat | None":
        if not (isinstance(value, str) and lenient_enums_active()):
            return None
        # A pseudo-member that is not listed among the members: the value is kept as received.
        member = str.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member
