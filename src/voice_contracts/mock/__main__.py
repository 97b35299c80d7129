"""``python -m voice_contracts.mock`` is ``voice-contracts mock``."""

import sys

from voice_contracts.cli.main import main

sys.exit(main(["mock", *sys.argv[1:]]))
