"""The workspace digest: batched hashing gives exactly the bytes of one `json.dumps` line per row."""

import hashlib
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from inspector.exchange.bundle import digest
from tests.exchange.test_bundle_kit import kit_fixture, office_fixture  # noqa: F401

SCALARS = st.one_of(
    st.none(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False),
    st.text(),
    st.sampled_from(["]", "],[", "a],[b", '"]', "\\", "名字】", "\n]\t", "\x00\x1f\x7f"]),
)


def per_row(rows) -> bytes:
    """What the digest hashed before batching: one json.dumps per row."""
    return b"".join(json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n" for row in rows)


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(st.tuples(SCALARS, SCALARS, SCALARS), min_size=1, max_size=30))
def test_a_batch_hashes_the_same_bytes_as_one_line_per_row(rows):
    assert digest._lines(rows) == per_row(rows)


def test_batches_split_only_at_row_ends():
    rows = [("a],[b", 1), ("x", None), ("]", 2.5)]
    assert digest._lines(rows) == per_row(rows)
    clean = [("a", 1), ("b", 2)]
    assert digest._lines(clean) == b'["a",1]\n["b",2]\n'


def test_the_workspace_digest_is_the_per_row_digest(kit, office, monkeypatch):
    from inspector.exchange import merge

    merge.merge_paths(office, list(kit.bundles[name] for name in ("a1", "a2", "b1")))
    reference = hashlib.sha256()
    for name, sql in digest.PARTS:
        reference.update(f"#{name}\n".encode())
        reference.update(per_row(office.db.execute(sql).fetchall()))
    monkeypatch.setattr(digest, "BATCH", 7)  # many batches, and a last one that is not full
    result = digest.workspace_digest(office.db)
    assert result["digest"] == reference.hexdigest()
    assert result["counts"]["revisions"] == office.db.execute("SELECT COUNT(*) FROM finding_revisions").fetchone()[0]
