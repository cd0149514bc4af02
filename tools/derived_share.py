"""Print, per regime, the share of points derived from facts on the complete sheets.

Developer script: ``python tools/derived_share.py``.  A criterion counts as derived when at least one
rule the engine runs (a sheet binding or a plugin's Python rule) decides one of its options, and as
fully derived when rules cover every option of every case.  The share is the points (criterion
maxima) of those criteria over the points of every criterion of the complete sheets.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scoring_core.plugins.manager import OcopPlugins


def shares() -> dict[str, Counter[str]]:
    """regime -> {"total", "derived", "full", "rules"} counts over the complete sheets."""
    out: dict[str, Counter[str]] = {}
    for entry in OcopPlugins().sheets():
        if entry.sheet is None or entry.sheet.status != "complete":
            continue
        tally = out.setdefault(entry.regime, Counter())
        options: dict[str, set] = {}
        for rule in entry.rules:
            options.setdefault(rule.criterion, set()).add((rule.case, rule.option))
        tally["rules"] += len(entry.rules)
        tally["sheets"] += 1
        for _, _, criterion in entry.sheet.criteria():
            tally["total"] += criterion.max
            bound = options.get(criterion.id, set())
            if bound:
                tally["derived"] += criterion.max
            if bound >= set(criterion.option_index):
                tally["full"] += criterion.max
    return out


def main() -> None:
    for regime, t in sorted(shares().items()):
        print(
            f"regime {regime}: {t['sheets']} complete sheets, {t['rules']} rules; points with a rule "
            f"{t['derived']}/{t['total']} = {t['derived'] / t['total']:.1%}; fully derived "
            f"{t['full']}/{t['total']} = {t['full'] / t['total']:.1%}"
        )


if __name__ == "__main__":
    main()
