"""Broken on purpose: sheet 2026/91's part A criteria add up to 38, not the regime's 40."""

from scoring_core.plugins import SheetDataPlugin

plugin = SheetDataPlugin(__name__)
