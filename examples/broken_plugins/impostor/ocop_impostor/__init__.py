"""Broken on purpose: a plugin named ``food`` from a distribution that is not the food plugin's.

Were it taken for the built-in, it would serve its own copy of sheet 2026/07 and the real food plugin
(every food sheet of every regime) would be refused; the manager refuses it by name instead.
"""

from scoring_core.plugins import SheetDataPlugin

plugin = SheetDataPlugin(__name__)
