"""Contains all the data models used in inputs/outputs"""

from .allowed_mime_type import AllowedMIMEType
from .audio_metadata import AudioMetadata
from .audio_timestamps import AudioTimestamps
from .clip import Clip
from .clip_callback_payload import ClipCallbackPayload
from .lang_code_experimental import LangCodeExperimental
from .mime_type import MIMEType
from .output_format import OutputFormat
from .palabra_error_item import PalabraErrorItem
from .palabra_error_response import PalabraErrorResponse
from .precision import Precision
from .regenerate_tts_sample_data import RegenerateTTSSampleData
from .regenerate_tts_sample_request import RegenerateTTSSampleRequest
from .resemble_error import ResembleError
from .sample_rate import SampleRate
from .tts_sample import TTSSample
from .tts_sample_response import TTSSampleResponse
from .tts_sample_text import TTSSampleText
from .update_clip_request import UpdateClipRequest
from .update_clip_response import UpdateClipResponse

__all__ = (
    "AllowedMIMEType",
    "AudioMetadata",
    "AudioTimestamps",
    "Clip",
    "ClipCallbackPayload",
    "LangCodeExperimental",
    "MIMEType",
    "OutputFormat",
    "PalabraErrorItem",
    "PalabraErrorResponse",
    "Precision",
    "RegenerateTTSSampleData",
    "RegenerateTTSSampleRequest",
    "ResembleError",
    "SampleRate",
    "TTSSample",
    "TTSSampleResponse",
    "TTSSampleText",
    "UpdateClipRequest",
    "UpdateClipResponse",
)
