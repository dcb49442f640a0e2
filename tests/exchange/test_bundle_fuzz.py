"""Mutation fuzz: thousands of damaged bundles give only a clean accept or a clean reject, never a crash.

Three kinds of damage: random changes to the file as it lies on the stick (caught by the envelope, the
signature or the payload hash); random changes to the SQLite payload signed again with the laptop's real
key (so they reach the defensive SQLite reader); and random values written into random columns, signed again.
"""

import hashlib
import random
import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from inspector import workspace
from inspector.documents import images
from inspector.envelope import (
    HEADER,
    MAGIC_BUNDLE,
    MAGIC_TASK_PACK,
    MAX_MANIFEST,
    Refusal,
    canonical_json,
)
from inspector.errors import EvidenceError
from inspector.exchange import keys, merge, taskpack
from inspector.exchange.bundle import verify
from inspector.exchange.bundle.digest import workspace_digest
from inspector.exchange.bundle.photocheck import JpegCheck, PhotoProblem
from tests.exchange.test_bundle_kit import (  # noqa: F401
    OFFICE_PASS,
    assemble,
    edit_payload,
    forge,
    kit_fixture,
    office_fixture,
    page_size,
    split,
)
from tests.exchange.test_bundle_photos import EPS, no_subprocess, store_jpeg, swap_photo  # noqa: F401

CLEAN = {"imported", "rejected", "valid", "quarantined", "duplicate"}
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


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


# ---------------------------------------------------------------- odd JSON in signed manifests

_ODD_STRINGS = [
    "\\ud800",
    "\\udfff",
    "a\\ud800b",
    "\\udc00\\ud800",
    "\\u0000",
    "\\u001b[2J\\u001b[1;1H已导入",
    "\\u202e\\u2066",
    "\\u0085\\u009b31m",
    "\x1b[31m",  # a raw control character: not JSON at all
    "\\u0041",  # valid JSON, not canonical
    "\\/",
]
_ODD_NUMBERS = [
    "1e400",
    "-1e400",
    "1E999999",
    "1e-400",
    "1.0",
    "-0",
    "1E2",
    "123456789012345678901234567890",
    "9" * 5000,
    "NaN",
    "Infinity",
    "-Infinity",
    "0x10",
    "01",
    "true",
]


def _nested(rng: random.Random) -> str:
    depth = rng.choice([50, 101, 1000, 10_000, 30_000])
    if rng.random() < 0.5:
        return "[" * depth + "]" * depth
    return '{"a":' * depth + "1" + "}" * depth


def _odd_manifest(rng: random.Random, text: str) -> str:
    """The canonical manifest text with one odd piece of JSON put in it."""
    kind = rng.randrange(7)
    strings = [m.span(1) for m in re.finditer(r'"((?:[^"\\]|\\.)*)"', text)]
    numbers = [m.span() for m in re.finditer(r"(?<=:)-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?=[,}\]])", text)]
    if kind == 0 and strings:
        start, end = rng.choice(strings)
        return text[:start] + rng.choice(_ODD_STRINGS) + text[end:]
    if kind == 1 and numbers:
        start, end = rng.choice(numbers)
        return text[:start] + rng.choice(_ODD_NUMBERS) + text[end:]
    if kind == 2 and numbers:
        start, end = rng.choice(numbers)
        return text[:start] + _nested(rng) + text[end:]
    if kind == 3:
        key = rng.choice(['"seq":1', '"kind":"bundle"', '"a":1', '"\\ud800":1', '"":0'])
        return "{" + key + "," + text[1:]
    if kind == 4:
        return rng.choice(["\ufeff", " ", "\n", "[", ""]) + text + rng.choice(["", " ", "\x00", "}", "]"])
    if kind == 5:
        at = rng.randrange(len(text))
        return text[:at] + chr(rng.choice([0, 0x1B, 0x7F, 0x85, 0x202E, 0xD800 - 1, 0xFFFF])) + text[at:]
    return _nested(rng)


def _signed_raw(manifest: bytes, payload: bytes, signer, domain: bytes, magic: bytes) -> bytes:
    return HEADER.pack(magic, 1, len(manifest)) + manifest + signer.sign(domain, manifest) + payload


def test_odd_json_in_validly_signed_manifests_gets_a_verdict_every_time(kit, office, tmp_path):
    rng = random.Random(9_9)
    manifest, _, payload = split(kit.bundles["b1"].read_bytes())
    text = canonical_json(manifest).decode("utf-8")
    signer = kit.signers["B"]
    before = workspace_digest(office.db)
    path = tmp_path / "odd.ibundle"
    tally: dict[str, int] = {}
    for n in range(6000):
        odd = _odd_manifest(rng, text).encode("utf-8", "surrogatepass")[:MAX_MANIFEST]
        path.write_bytes(_signed_raw(odd, payload, signer, keys.DOMAIN_BUNDLE, MAGIC_BUNDLE))
        v = merge.merge_bundle(office, path, dry_run=n % 50 != 0)
        assert v.verdict in CLEAN, (odd[:200], v)
        assert v.verdict in ("valid", "imported") or (v.code and v.reason), v
        assert not _CONTROL.search(v.reason + v.file + verify.manifest_summary(v.manifest)), v
        tally[v.code] = tally.get(v.code, 0) + 1
        tally[v.verdict] = tally.get(v.verdict, 0) + 1
    assert tally.get("bad_manifest", 0) > 5000, tally
    if not tally.get("imported"):
        assert workspace_digest(office.db) == before


def test_odd_json_in_task_pack_manifests_is_refused_on_the_laptop(kit, office, tmp_path):
    from tests.exchange.test_taskpack import make_pack

    shutil.copytree(kit.laptops["A"], tmp_path / "laptop")
    laptop = workspace.open_workspace(tmp_path / "laptop")
    try:
        pack = make_pack(office, tmp_path)
        manifest, _, payload = split(Path(pack["file"]).read_bytes())
        text = canonical_json(manifest).decode("utf-8")
        signer = keys.unlock(office.db, OFFICE_PASS)
        rng = random.Random(7)
        path = tmp_path / "odd.itask"
        codes: dict[str, int] = {}
        for _ in range(1000):
            odd = _odd_manifest(rng, text).encode("utf-8", "surrogatepass")[:MAX_MANIFEST]
            path.write_bytes(_signed_raw(odd, payload, signer, keys.DOMAIN_TASK_PACK, MAGIC_TASK_PACK))
            try:  # the office's own key signed it: an odd but well-formed manifest may be imported
                taskpack.import_taskpack(laptop, path)
                code = "imported"
            except Refusal as refused:
                code = refused.code
                assert code and not _CONTROL.search(str(refused)), refused
            codes[code] = codes.get(code, 0) + 1
        assert codes.get("bad_manifest", 0) > 800, codes
    finally:
        laptop.close()


# ---------------------------------------------------------------- photo bytes


def _photo_seeds() -> list[bytes]:
    return [store_jpeg(), store_jpeg((64, 40)), store_jpeg(progressive=True), EPS, b"<svg></svg>", b"\xff\xd8\xff"]


def _check_in_chunks(rng: random.Random, data: bytes) -> tuple[int, int] | None:
    check = JpegCheck()
    at = 0
    while at < len(data):
        step = rng.choice([1, 7, 64, 4096, len(data)])
        check.feed(data[at : at + step])
        at += step
    try:
        return check.finish()
    except PhotoProblem:
        return None


@pytest.mark.usefixtures("no_subprocess")
def test_mutated_photo_bytes_are_a_photo_or_a_clear_refusal_at_merge_and_in_documents():
    rng = random.Random(2026)
    seeds = _photo_seeds()
    outcomes = {"photo": 0, "refused": 0, "unshowable": 0}
    for n in range(8000):
        data = _mutate(rng, rng.choice(seeds)) if n % 10 else rng.choice(seeds)
        size = _check_in_chunks(rng, data)  # only a size or PhotoProblem: anything else fails the test
        outcomes["photo" if size else "refused"] += 1
        if n % 8:
            continue
        try:  # what documents do with a photo already in evidence: a copy to print, or a clear EvidenceError
            images.print_ready(data, 200.0, 150.0)
            images.blur_regions(data, [(0, 0, 16, 16)])
        except EvidenceError as error:
            assert str(error)
            outcomes["unshowable"] += 1
    assert outcomes["refused"] > 5000 and outcomes["photo"] > 100 and outcomes["unshowable"] > 300, outcomes


@pytest.mark.usefixtures("no_subprocess")
def test_mutated_photos_in_signed_bundles_give_only_clean_verdicts(kit, office, tmp_path):
    rng = random.Random(77)
    before = workspace_digest(office.db)
    original = store_jpeg()
    tally: dict[str, int] = {}
    for n in range(150):
        data = _mutate(rng, original)
        bad = forge(kit, "a1", tmp_path / f"p{n}.ibundle", sql=swap_photo(data))
        v = merge.merge_bundle(office, bad, dry_run=True)  # one import would make later copies equivocations
        assert v.verdict in CLEAN and (v.verdict == "valid" or v.code), v
        tally[v.code] = tally.get(v.code, 0) + 1
        bad.unlink()
    assert tally.get("bad_photo", 0) > 50 and set(tally) <= {"bad_photo", "ok"}, tally
    assert workspace_digest(office.db) == before
