from enum import StrEnum

from ..errors import lenient_enums_active


class MIMEType(StrEnum):
    AUDIOFLAC = "audio/flac"
    AUDIOMP3 = "audio/mp3"
    AUDIOMPEG = "audio/mpeg"
    AUDIOOGG = "audio/ogg"
    AUDIOWAV = "audio/wav"
    AUDIOX_M4A = "audio/x-m4a"
    AUDIOX_WAV = "audio/x-wav"
    VIDEOMP4 = "video/mp4"
    VIDEOMPEG = "video/mpeg"
    VIDEOWEBM = "video/webm"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "MIMEType | None":
        if not (isinstance(value, str) and lenient_enums_active()):
            return None
        # A pseudo-member that is not listed among the members: the value is kept as received.
        member = str.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member
