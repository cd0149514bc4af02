"""OCOP plugin souvenir: every sheet of every regime, with golden cases.

Handicrafts and souvenirs (Thủ công mỹ nghệ, lưu niệm, trang trí).
"""

from scoring_core.plugins import SheetDataPlugin

plugin = SheetDataPlugin(__name__)
