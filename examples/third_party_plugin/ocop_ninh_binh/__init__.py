"""Example third-party OCOP plugin: Ninh Bình's amended sheet 2026/07 (version 2), installed like any plugin.

An illustration for the plugin kit, not an official act of the province.
"""

from .plugin import NinhBinhPlugin

plugin = NinhBinhPlugin(__name__)
