"""OCOP scoring core: official sheets, fact rules on durable_rules, breakdowns and star ranks."""

from scoring_core import _moved

__version__ = "0.2.0"

_moved.install()
