"""`python -m independent_server [--host H] [--port P] [--variant NAME]`: serve the double with uvicorn."""

from __future__ import annotations

import argparse

import uvicorn

from .app import create_app
from .config import VARIANTS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--variant", choices=sorted(VARIANTS), default=None)
    args = parser.parse_args()
    uvicorn.run(create_app(variant=args.variant), host=args.host, port=args.port, log_level="info", ws="none")


if __name__ == "__main__":
    main()
