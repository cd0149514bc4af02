"""OCOP plugin ornamental: every sheet of every regime, with golden cases.

Ornamental plants and animals (Sinh vật cảnh).
"""

from scoring_core.plugin_kit import SheetDataPlugin

plugin = SheetDataPlugin(__name__)
