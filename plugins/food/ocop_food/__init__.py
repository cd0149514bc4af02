"""OCOP plugin food: every sheet of every regime, with golden cases.

Food (Thực phẩm).
"""

from scoring_core.plugins import SheetDataPlugin

plugin = SheetDataPlugin(__name__)
