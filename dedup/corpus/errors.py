"""The two ways a corpus run fails, each with the exit code the command gives it."""

from __future__ import annotations

__all__ = ["InputError", "UsageError"]


class UsageError(Exception):
    """A bad option or combination of options (exit code 2)."""


class InputError(Exception):
    """An input that cannot be read, or an output that cannot be written (exit code 1)."""
