"""Check stage: consistency rules over a schema-valid covenant.

Each rule has a stable code, a severity, a one-line title and a fix hint; rules yield hits
(where and what), and the engine turns hits into located findings. The catalogue in
``docs/checks.md`` is tested against the registry, so the two cannot drift apart.
"""

from __future__ import annotations

from convenantgen.checks import (  # noqa: F401
    budget,
    markup,
    meetings,
    municipalities,
    parties,
    party_list,
    publication,
    references,
    schedule,
    tables,
    term,
    titles,
    typed_numbers,
)
from convenantgen.checks.engine import RULES, Context, Rule, run_checks

__all__ = ["RULES", "Context", "Rule", "run_checks"]
