"""The base every product-group plugin builds on: it serves the package's sheets and golden cases."""

from __future__ import annotations

from scoring_core.plugins.golden import GoldenCase, package_golden_cases
from scoring_core.plugins.hookspecs import hookimpl
from scoring_core.sheets.sources import SheetSource, package_sheets


class SheetDataPlugin:
    """A plugin whose sheets are data files in ``<package>/sheets`` and cases in ``<package>/golden``.

    Subclass it and add ``@hookimpl def ocop_rules(self, sheet)`` for rules that are truly
    the plugin's own.
    """

    def __init__(self, package: str) -> None:
        self.package = package

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.package}>"

    @hookimpl
    def ocop_sheets(self) -> list[SheetSource]:
        """The sheet files this package ships."""
        return package_sheets(self.package)

    @hookimpl
    def ocop_golden_cases(self) -> list[GoldenCase]:
        """The golden cases this package ships."""
        return package_golden_cases(self.package)
