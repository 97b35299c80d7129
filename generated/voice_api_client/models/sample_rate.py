from enum import IntEnum


class SampleRate(IntEnum):
    VALUE_16000 = 16000
    VALUE_22050 = 22050
    VALUE_44100 = 44100

    def __str__(self) -> str:
        return str(self.value)
