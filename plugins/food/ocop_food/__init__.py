"""OCOP plugin food: Food (Thực phẩm) sheets of every regime, with their golden cases."""

from scoring_core.plugin_kit import SheetDataPlugin

plugin = SheetDataPlugin(__name__)
