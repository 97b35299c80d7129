"""``python -m voice_contracts.cli`` is the same as ``voice-contracts``."""

import sys

from voice_contracts.cli.main import main

sys.exit(main())
