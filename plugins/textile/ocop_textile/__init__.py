"""OCOP plugin textile: every sheet of every regime, with golden cases.

Textiles and garments (Vải, may mặc).
"""

from scoring_core.plugins import SheetDataPlugin

plugin = SheetDataPlugin(__name__)
