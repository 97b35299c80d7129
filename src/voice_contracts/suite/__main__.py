"""``python -m voice_contracts.suite`` is ``voice-contracts check``."""

import sys

from voice_contracts.cli.main import main

sys.exit(main(["check", *sys.argv[1:]]))
