"""The official sheets as data: the sheet model, load-time checks, regimes and where sheet files come from.

The bottom layer: it imports nothing of the core but ``scoring_core.errors``.
"""
