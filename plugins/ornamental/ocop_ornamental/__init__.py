"""OCOP plugin ornamental: Ornamental plants and animals (Sinh vật cảnh) sheets of every regime, with their golden cases."""

from scoring_core.plugin_kit import SheetDataPlugin

plugin = SheetDataPlugin(__name__)
