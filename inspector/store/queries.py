"""SQL fragments several modules share, so that each rule of the schema is written once."""

from __future__ import annotations


def current_revision(r: str = "r") -> str:
    """SQL: the row `r` of `finding_revisions` is its finding's current revision (no later revision exists).

    Written as NOT EXISTS rather than `rev = (SELECT MAX(rev) …)` so that a query which also asks for
    `outcome = 'fail'` can reach the failed revisions through the partial index `finding_revisions_fail` and
    look for a later revision only for those; each look-up is a search of the primary key (finding_id, rev).
    """
    return (
        f"NOT EXISTS (SELECT 1 FROM finding_revisions later"
        f" WHERE later.finding_id = {r}.finding_id AND later.rev > {r}.rev)"
    )
