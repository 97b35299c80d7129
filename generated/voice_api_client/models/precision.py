from enum import StrEnum


class Precision(StrEnum):
    PCM_16 = "PCM_16"
    PCM_32 = "PCM_32"

    def __str__(self) -> str:
        return str(self.value)
