"""OCOP plugin herbal: Herbal products (Thảo dược / Dược liệu) sheets of every regime, with their golden cases."""

from scoring_core.plugin_kit import SheetDataPlugin

plugin = SheetDataPlugin(__name__)
