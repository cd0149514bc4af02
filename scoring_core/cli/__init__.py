"""The ``ocop`` command: sheets, scoring, facts, plugins, the server, the audit trail, councils and contests.

``main`` assembles the parser from the command modules; they share ``common`` (output, files, exit
statuses) and ``store`` (the audit store) and never import each other.
"""
