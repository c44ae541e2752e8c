"""Named errors. The library raises these; shells (CLI, API) turn them into one clear line."""
from __future__ import annotations


class DatelineError(Exception):
    """Base class of every error dateline raises on purpose."""


class InputError(DatelineError):
    """An input (file, item of a file, text) that cannot be read as an article.

    ``origin`` names the input; ``reason`` says why in words a user can act on.
    """

    def __init__(self, origin: str, reason: str):
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason


class ConfigError(DatelineError):
    """A setting with a value dateline cannot use."""


class StoreError(DatelineError):
    """The database cannot be opened or written."""
