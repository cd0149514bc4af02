"""``python -m scoring_core.cli``: the ``ocop`` command."""

from scoring_core.cli.main import main

raise SystemExit(main())
