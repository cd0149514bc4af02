"""OCOP plugin rural_tourism: every sheet of every regime, with golden cases.

Rural tourism services (Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch).
"""

from scoring_core.plugin_kit import SheetDataPlugin

plugin = SheetDataPlugin(__name__)
