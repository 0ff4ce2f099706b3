"""Errors that Lyhörd raises on purpose.

Every message says what was wrong, quotes the offending value when that value
is not personal data, and says how to fix it. The CLI prints such errors as one
line and exits with code 2; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations


class LyhordError(Exception):
    """Base class for errors a user can act on."""

    exit_code = 2


class InputError(LyhordError):
    """An input file, row, payload or argument is not what Lyhörd expects."""


class ConfigError(LyhordError):
    """A setting, scheme, key file or model is missing or malformed."""


class StoreBusyError(LyhordError):
    """Another process is writing to the store."""


class RestrictedTableError(LyhordError):
    """Code tried to read raw resident text outside the restricted API."""


class NotFoundError(LyhordError):
    """A dialogue, theme, submission or user does not exist."""


class PermissionDeniedError(LyhordError):
    """The acting user's role does not allow the action."""


class ReviewError(LyhordError):
    """A review action is not allowed in the theme's current state."""


class RunBusyError(LyhordError):
    """A run was refused because another run holds the same dialogue."""

    exit_code = 3
