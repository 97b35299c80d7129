"""Every setting of the toolkit, in one typed place.

Each setting is a field declared once with its environment variable, default, bounds and
meaning. The command builds its flags from these fields, and the README's tables are printed
from them (``voice-contracts settings --markdown``).
"""

from voice_contracts.settings.contract import ContractSettings
from voice_contracts.settings.fields import SettingsError, Variable, load, variables
from voice_contracts.settings.mock import MockSettings
from voice_contracts.settings.resources import MOCK_CREDENTIALS, MissingCredentials, Resources
from voice_contracts.settings.servers import Servers

__all__ = [
    "MOCK_CREDENTIALS",
    "ContractSettings",
    "MissingCredentials",
    "MockSettings",
    "Resources",
    "Servers",
    "SettingsError",
    "Variable",
    "load",
    "variables",
]
