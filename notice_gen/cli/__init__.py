"""The command line: `notice-gen` and its commands, one module per capability."""

from .main import main

__all__ = ["main"]
