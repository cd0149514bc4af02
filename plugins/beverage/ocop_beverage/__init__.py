"""OCOP plugin beverage: every sheet of every regime, with golden cases.

Beverages (Đồ uống).
"""

from scoring_core.plugins import SheetDataPlugin

plugin = SheetDataPlugin(__name__)
