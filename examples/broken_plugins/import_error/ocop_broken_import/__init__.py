"""Broken on purpose: it needs a module nobody installed, so loading its entry point fails."""

from ocop_missing_dependency import SheetHelper  # not installed anywhere: ModuleNotFoundError

plugin = SheetHelper(__name__)
