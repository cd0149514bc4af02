"""OCOP plugin souvenir: Handicrafts and souvenirs (Thủ công mỹ nghệ, lưu niệm, trang trí) sheets of every regime, with their golden cases."""

from scoring_core.plugin_kit import SheetDataPlugin

plugin = SheetDataPlugin(__name__)
