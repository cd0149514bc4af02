"""Errors the application layer adds to the core's: a plugin that failed, a caller that gave up, a missing resource."""

from __future__ import annotations

from scoring_core.errors import NotFound


class DeadlineExceeded(Exception):
    """The caller's deadline passed (or the caller went away) before the work was done."""


class ResourceNotFound(NotFound):
    """A named resource (``regimes/2026/sheets/07``, ``events/12``) does not exist.

    ``kind`` is its type as the API names it (``Regime``, ``Sheet``, ``Event``...).
    """

    def __init__(self, field: str, resource_name: str, description: str, message_vi: str, kind: str = "") -> None:
        super().__init__(field, description, message_vi)
        self.resource_name = resource_name
        self.kind = kind


class PluginFailure(Exception):
    """A plugin failed while scoring on its sheet; the server keeps serving."""

    def __init__(self, plugin: str | None, sheet: str | None) -> None:
        super().__init__(f"plugin {plugin or 'unknown'!r} failed while scoring sheet {sheet or 'unknown'}")
        self.plugin = plugin or "unknown"
        self.sheet = sheet or "unknown"
