"""The ``ocop`` command: sheets, scoring, facts, plugins, the audit trail, councils and contests."""
