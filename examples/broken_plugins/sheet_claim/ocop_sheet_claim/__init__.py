"""Broken on purpose: it ships a sheet 2026/07 version 1 of its own, an id and version the food plugin claims."""

from scoring_core.plugins import SheetDataPlugin

plugin = SheetDataPlugin(__name__)
