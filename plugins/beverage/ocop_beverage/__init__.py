"""OCOP plugin beverage: Beverages (Đồ uống) sheets of every regime, with their golden cases."""

from scoring_core.plugin_kit import SheetDataPlugin

plugin = SheetDataPlugin(__name__)
