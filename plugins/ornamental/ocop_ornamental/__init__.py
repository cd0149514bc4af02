"""OCOP plugin ornamental: every sheet of every regime, with golden cases.

Ornamental plants and animals (Sinh vật cảnh).
"""

from scoring_core.plugins import SheetDataPlugin

plugin = SheetDataPlugin(__name__)
