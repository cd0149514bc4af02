"""OCOP plugin rural_tourism: Rural tourism services (Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch) sheets of every regime, with their golden cases."""

from scoring_core.plugin_kit import SheetDataPlugin

plugin = SheetDataPlugin(__name__)
