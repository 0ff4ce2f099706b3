"""What a CLI command running inside the service knows about its caller."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

# The running service, while a forwarded CLI command runs in it (None elsewhere).
current_service: ContextVar[Any | None] = ContextVar("lyhord_current_service", default=None)
# The forwarding user's name, which becomes the command's actor.
forwarded_actor: ContextVar[str | None] = ContextVar("lyhord_forwarded_actor", default=None)
