from enum import StrEnum


class AllowedMIMEType(StrEnum):
    AUDIOFLAC = "audio/flac"
    AUDIOMP3 = "audio/mp3"
    AUDIOMPEG = "audio/mpeg"
    AUDIOWAV = "audio/wav"
    AUDIOX_M4A = "audio/x-m4a"
    AUDIOX_WAV = "audio/x-wav"
    VIDEOMP4 = "video/mp4"
    VIDEOMPEG = "video/mpeg"
    VIDEOWEBM = "video/webm"

    def __str__(self) -> str:
        return str(self.value)
