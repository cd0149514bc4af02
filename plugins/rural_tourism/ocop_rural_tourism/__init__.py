"""OCOP plugin rural_tourism: every sheet of every regime, with golden cases and its own two-case rules.

Rural tourism services (Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch).
"""

from .plugin import RuralTourismPlugin

plugin = RuralTourismPlugin(__name__)
