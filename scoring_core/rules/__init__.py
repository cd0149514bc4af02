"""Fact rules: the condition language, the fact catalogue, rule templates and the durable_rules engine.

Above ``sheets``; below everything that scores.
"""
