"""Mutation fuzz: thousands of damaged bundles give only a clean accept or a clean reject, never a crash.

Three kinds of damage: random changes to the file as it lies on the stick (caught by the envelope, the
signature or the payload hash); random changes to the SQLite payload signed again with the laptop's real
key (so they reach the defensive SQLite reader); and random values written into random columns, signed again.
"""

import hashlib
import random
import sqlite3

from inspector import merge
from inspector.bundle.digest import workspace_digest
from tests.test_bundle_kit import assemble, edit_payload, kit_fixture, office_fixture, page_size, split  # noqa: F401

CLEAN = {"imported", "rejected", "valid", "quarantined", "duplicate"}


def _mutate(rng: random.Random, data: bytes) -> bytes:
    """A random change (never none at all)."""
    while (changed := _change(rng, data)) == data:
        pass
    return changed


def _change(rng: random.Random, data: bytes) -> bytes:
    buf = bytearray(data)
    kind = rng.randrange(7)
    if kind == 0:
        for _ in range(rng.randint(1, 4)):
            buf[rng.randrange(len(buf))] ^= 1 << rng.randrange(8)
    elif kind == 1:
        start = rng.randrange(len(buf))
        buf[start : start + rng.randint(1, 64)] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
    elif kind == 2:
        del buf[rng.randrange(len(buf)) :]
    elif kind == 3:
        at = rng.randrange(len(buf))
        buf[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 32)))
    elif kind == 4:
        start = rng.randrange(len(buf))
        del buf[start : start + rng.randint(1, 512)]
    elif kind == 5:
        buf[rng.randrange(len(buf))] = rng.choice([0x00, 0xFF, 0x7F, 0x80])
    else:
        buf += bytes(rng.randrange(256) for _ in range(rng.randint(1, 4096)))
    return bytes(buf)


def _mutate_pages(rng: random.Random, payload: bytes) -> bytes:
    """Damage aimed at SQLite's structures: page headers, cell pointers, cell bodies, the file header."""
    size = page_size(payload)
    pages = len(payload) // size
    buf = bytearray(payload)
    for _ in range(rng.randint(1, 3)):
        page = rng.randrange(pages)
        base = page * size + (100 if page == 0 else 0)
        target = rng.choice(
            [
                base + rng.randrange(12),
                base + 8 + rng.randrange(32),
                page * size + rng.randrange(size),
                rng.randrange(100),
            ]
        )
        if target < len(buf):
            buf[target] = rng.randrange(256) if rng.random() < 0.7 else buf[target] ^ (1 << rng.randrange(8))
    return bytes(buf)


_VALUES = [
    None,
    0,
    -1,
    2**62,
    1.5,
    float("inf"),
    "",
    "x" * 300,
    "不",
    b"\x00\xff",
    "[1,2",
    '["' + "a" * 64 + '"]',
    "{}",
]


def _update(rng: random.Random):
    def edit(conn: sqlite3.Connection) -> None:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")]
        table = rng.choice(tables)
        columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
        column = rng.choice(columns)
        value = rng.choice(_VALUES)
        where = rng.choice(["", f" WHERE rowid = (SELECT MIN(rowid) FROM {table})"])
        try:
            conn.execute(f"UPDATE {table} SET {column} = ?{where}", [value])
        except sqlite3.Error:
            conn.execute(f"DELETE FROM {table}{where}")

    return edit


def _run(office, path, *, dry: bool = True) -> str:
    v = merge.merge_bundle(office, path, dry_run=dry)
    assert v.verdict in CLEAN, v
    assert v.verdict in ("valid", "imported") or (isinstance(v.reason, str) and v.reason and v.code)
    return v.verdict


def test_two_thousand_mutations_give_only_clean_verdicts(kit, office, tmp_path):
    rng = random.Random(4_2_0)
    original = kit.bundles["b1"].read_bytes()
    manifest, _, payload = split(original)
    signer = kit.signers["B"]
    path = tmp_path / "m.ibundle"
    tally: dict[str, int] = {}
    cases = 0
    for _ in range(900):  # the file as it lies on the stick
        path.write_bytes(_mutate(rng, original))
        verdict = _run(office, path)
        tally[verdict] = tally.get(verdict, 0) + 1
        cases += 1
    assert tally.get("valid", 0) == 0
    seq = 100
    for n in range(900):  # payload damage that a laptop's real key signed
        seq += 1
        damaged = _mutate_pages(rng, payload) if n % 2 else _mutate(rng, payload)
        doc = {**manifest, "seq": seq, "prev_manifest_sha256": "0" * 64}
        doc["payload"] = {"sha256": hashlib.sha256(damaged).hexdigest(), "size": len(damaged)}
        path.write_bytes(assemble(doc, damaged, signer))
        verdict = _run(office, path, dry=n % 20 != 0)
        tally[verdict] = tally.get(verdict, 0) + 1
        cases += 1
    for _ in range(300):  # wrong values in random columns, signed
        seq += 1
        changed = edit_payload(payload, tmp_path, _update(rng))
        doc = {**manifest, "seq": seq, "prev_manifest_sha256": "0" * 64}
        doc["payload"] = {"sha256": hashlib.sha256(changed).hexdigest(), "size": len(changed)}
        path.write_bytes(assemble(doc, changed, signer))
        verdict = _run(office, path, dry=seq % 10 != 0)
        tally[verdict] = tally.get(verdict, 0) + 1
        cases += 1
    assert cases >= 2000
    assert tally["rejected"] > 1500
    raw = sqlite3.connect(office.path / "workspace.db")
    assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
    raw.close()
    assert workspace_digest(office.db)["counts"]["findings"] in (
        0,
        len(split(original)[0]) and manifest["counts"]["findings"],
    )
