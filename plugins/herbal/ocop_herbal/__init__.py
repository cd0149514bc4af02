"""OCOP plugin herbal: every sheet of every regime, with golden cases.

Herbal products (Thảo dược / Dược liệu).
"""

from scoring_core.plugin_kit import SheetDataPlugin

plugin = SheetDataPlugin(__name__)
