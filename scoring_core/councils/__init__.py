"""Councils: council rules (quorum, spread, means, levels), the event-sourced book, recognitions and contests.

Above ``scoring`` and ``audit``: every state here is rebuilt from audit events.
"""
