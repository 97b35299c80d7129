"""An independent, spec-only test double for the Palabra and Resemble operations of openapi.yaml."""

from .app import create_app
from .config import VARIANTS, Config

__all__ = ["VARIANTS", "Config", "create_app"]
