"""Scoring one product: request, pipeline, breakdown, ranking, the Evaluation, and record and replay of it.

Above ``sheets``, ``rules``, ``plugins`` (the registry of sheets) and ``audit`` (where a record is written).
"""
