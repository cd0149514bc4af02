"""OCOP plugin herbal: every sheet of every regime, with golden cases and licences as knock-outs.

Herbal products (Thảo dược / Dược liệu).
"""

from .plugin import HerbalPlugin

plugin = HerbalPlugin(__name__)
