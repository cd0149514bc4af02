"""OCOP scoring core: official sheets, fact rules on durable_rules, breakdowns and star ranks."""

__version__ = "0.1.0"
