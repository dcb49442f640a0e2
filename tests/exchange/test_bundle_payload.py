"""Opening and reading a signed payload defensively: CPU bombs in the schema, hidden free pages, recheck loops,
and the progress budget over every statement. Work is counted in VM steps, never in seconds."""

import sqlite3
import struct

import pytest

from inspector.envelope import Refusal
from inspector.exchange import merge
from inspector.exchange.bundle import apply
from inspector.exchange.bundle import manifest as bm
from inspector.exchange.bundle import payload as payload_mod
from inspector.exchange.bundle.content import BundleReader
from inspector.exchange.bundle.payload import as_refusal, open_payload
from tests.exchange.test_bundle_kit import forge, kit_fixture, office_fixture, split  # noqa: F401

STEP = 10  # VM instructions per progress call in these tests: fine enough to count small statements

# A flat expression of ~300 VM instructions per evaluation (no function call, no nesting: every limit allows it).
WHENS = " ".join(f"WHEN 'k{n}' THEN {n}" for n in range(300))
BOMB_ROWS = 2000
ROWS_SQL = f"WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {BOMB_ROWS - 1})"


def bomb_table(conn):
    conn.execute(f"CREATE TABLE bomb (x TEXT, y INTEGER GENERATED ALWAYS AS (CASE x {WHENS} END) VIRTUAL)")
    conn.execute(f"{ROWS_SQL} INSERT INTO bomb (x) SELECT i FROM n")


def bomb_column(conn):
    conn.execute(f"ALTER TABLE finding_revisions ADD COLUMN g INTEGER GENERATED ALWAYS AS (CASE note {WHENS} END)")


def bomb_check(conn):
    conn.execute(f"CREATE TABLE bomb (x TEXT CHECK ((CASE x {WHENS} END) IS NULL))")
    conn.execute(f"{ROWS_SQL} INSERT INTO bomb (x) SELECT i FROM n")


def bomb_index(conn):
    conn.execute(f"CREATE INDEX bomb ON finding_revisions ((CASE note {WHENS} END))")


def bomb_partial_index(conn):
    conn.execute(f"CREATE INDEX bomb ON finding_revisions (rev) WHERE (CASE note {WHENS} END) IS NULL")


BOMBS = {
    "generated column in a new table": bomb_table,
    "generated column added to a table": bomb_column,
    "CHECK constraint": bomb_check,
    "expression index": bomb_index,
    "partial index": bomb_partial_index,
}


class Steps:
    """A progress handler that only counts."""

    def __init__(self):
        self.calls = 0

    def __call__(self) -> int:
        self.calls += 1
        return 0


def payload_path(bundle, tmp_path):
    path = tmp_path / f"{bundle.stem}.sqlite"
    path.write_bytes(split(bundle.read_bytes())[2])
    return path


def defended(path):
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True, isolation_level=None)
    payload_mod._defend(conn)
    return conn


def vm_steps(conn, sql):
    """VM instructions (to within STEP) one statement costs."""
    steps = Steps()
    conn.set_progress_handler(steps, STEP)
    conn.execute(sql).fetchall()
    conn.set_progress_handler(None, 0)
    return steps.calls * STEP


@pytest.fixture(name="counted")
def counted_fixture(monkeypatch):
    """Every Budget the payload code makes, counting its calls; progress every STEP instructions."""
    made = []

    class Counting(payload_mod.Budget):
        def __init__(self, calls):
            super().__init__(calls)
            self.calls = 0
            made.append(self)

        def __call__(self):
            self.calls += 1
            return super().__call__()

    monkeypatch.setattr(payload_mod, "Budget", Counting)
    monkeypatch.setattr(payload_mod, "PROGRESS_STEP", STEP)
    monkeypatch.setattr(payload_mod, "_BASE_BUDGET", 10**9)  # these tests count; they never run out
    return made


def opening_steps(path, made):
    """VM instructions open_payload spends on a file, and its Refusal code (None when it opened)."""
    code = None
    try:
        open_payload(path, bm.SCHEMA).close()
    except Refusal as exc:
        code = exc.code
    return made[-1].calls * STEP, code


# ---------------------------------------------------------------- CPU bombs in the schema


def test_quick_check_would_evaluate_a_bomb_schema_for_every_row(kit, tmp_path):
    """Why quick_check must not run first: on the bomb it evaluates the generated column for every row."""
    genuine = defended(payload_path(kit.bundles["a1"], tmp_path))
    bomb = defended(payload_path(forge(kit, "a1", tmp_path / "bomb.ibundle", sql=bomb_table, seq=60), tmp_path))
    try:
        genuine_schema = vm_steps(genuine, "SELECT type, name, tbl_name, sql FROM sqlite_schema")
        bomb_schema = vm_steps(bomb, "SELECT type, name, tbl_name, sql FROM sqlite_schema")
        genuine_check = vm_steps(genuine, "PRAGMA quick_check")
        bomb_check = vm_steps(bomb, "PRAGMA quick_check")
    finally:
        genuine.close()
        bomb.close()
    assert bomb_schema < 2 * genuine_schema  # reading the schema text evaluates none of it
    assert bomb_check > 100 * genuine_check and bomb_check > 100 * BOMB_ROWS  # ~300 per row


@pytest.mark.parametrize("plant", BOMBS.values(), ids=BOMBS.keys())
def test_a_signed_cpu_bomb_is_refused_by_schema_before_any_expression_runs(kit, tmp_path, counted, plant):
    genuine, code = opening_steps(payload_path(kit.bundles["a1"], tmp_path), counted)
    assert code is None
    bomb = forge(kit, "a1", tmp_path / "bomb.ibundle", sql=plant, seq=61)
    spent, code = opening_steps(payload_path(bomb, tmp_path), counted)
    assert code == "schema"
    assert spent < genuine  # less than opening a genuine payload: the refusal comes before quick_check


def test_merging_the_bomb_stops_at_the_schema(kit, office, tmp_path, counted):
    bomb = forge(kit, "a1", tmp_path / "bomb.ibundle", sql=bomb_table, seq=62)
    verdict = merge.merge_bundle(office, bomb)
    assert (verdict.verdict, verdict.code) == ("rejected", "schema") and "bomb" in verdict.reason
    assert sum(b.calls for b in counted) * STEP < BOMB_ROWS  # not even one instruction per bomb row


def test_a_schema_refusal_names_a_few_objects_not_thousands(kit, office, tmp_path):
    def many_tables(conn):
        conn.execute("BEGIN")
        for n in range(300):
            conn.execute(f"CREATE TABLE extra_{n:03d}_{'x' * 200} (x)")
        conn.execute("COMMIT")

    bad = forge(kit, "a1", tmp_path / "many.ibundle", sql=many_tables, seq=63)
    verdict = merge.merge_bundle(office, bad)
    assert (verdict.verdict, verdict.code) == ("rejected", "schema")
    assert "extra_000" in verdict.reason and "等 300 项" in verdict.reason and len(verdict.reason) < 600


def test_a_compile_time_bomb_is_stopped_by_the_program_size_limit(tmp_path):
    """Generated columns that each use the previous one twice compile to a program doubling with every column:
    compiling is not under the progress budget, so the size of one program is capped."""
    path = tmp_path / "doubling.sqlite"
    conn = sqlite3.connect(path)
    cols = ["x TEXT", "y1 TEXT AS (x || x)"] + [f"y{k} TEXT AS (y{k - 1} || y{k - 1})" for k in range(2, 16)]
    conn.execute(f"CREATE TABLE t ({', '.join(cols)})")
    conn.execute("INSERT INTO t (x) VALUES ('a')")
    conn.commit()
    conn.close()
    ro = defended(path)
    try:
        with pytest.raises(MemoryError):  # SQLite refuses to grow the program past the limit
            ro.execute("PRAGMA quick_check").fetchall()
        ro.setlimit(sqlite3.SQLITE_LIMIT_VDBE_OP, 2**30)
        assert ro.execute("PRAGMA quick_check").fetchall() == [("ok",)]  # it was the limit, nothing else
    finally:
        ro.close()
    assert as_refusal(MemoryError()).code == "unreadable_payload"


def test_our_own_statements_fit_well_within_the_program_size_limit(kit, tmp_path):
    conn = defended(payload_path(kit.bundles["a4"], tmp_path))
    try:
        conn.set_authorizer(None)
        sizes = [len(conn.execute("EXPLAIN PRAGMA quick_check").fetchall())]
        sizes += [len(conn.execute(f"EXPLAIN SELECT * FROM {table}").fetchall()) for table, _, _ in bm.TABLES]
    finally:
        conn.close()
    assert max(sizes) * 20 < payload_mod.MAX_PROGRAM_OPS


# ---------------------------------------------------------------- the budget covers every statement


def test_quick_check_is_interrupted_by_the_budget(kit, tmp_path, monkeypatch):
    path = payload_path(kit.bundles["a4"], tmp_path)
    conn = defended(path)
    try:
        schema = vm_steps(conn, "SELECT type, name, tbl_name, sql FROM sqlite_schema")
        check = vm_steps(conn, "PRAGMA quick_check")
    finally:
        conn.close()
    assert check > 10 * STEP
    monkeypatch.setattr(payload_mod, "PROGRESS_STEP", STEP)
    monkeypatch.setattr(payload_mod, "_BUDGET_PER_BYTE", 0)
    monkeypatch.setattr(payload_mod, "_BASE_BUDGET", (schema + check // 2) // STEP)
    with pytest.raises(Refusal) as refused:
        open_payload(path, bm.SCHEMA)
    assert refused.value.code == "budget"
    monkeypatch.setattr(payload_mod, "_BASE_BUDGET", (schema + check) // STEP + 10)
    open_payload(path, bm.SCHEMA).close()


def test_the_budget_grows_with_the_payload(kit, tmp_path, counted):
    small, large = payload_path(kit.bundles["b2"], tmp_path), payload_path(kit.bundles["a4"], tmp_path)
    budgets = []
    for path in (small, large):
        opened = open_payload(path, bm.SCHEMA)
        budgets.append(opened.budget.left + opened.budget.calls)
        opened.close()
    grown = budgets[1] - budgets[0]
    assert grown == pytest.approx((large.stat().st_size - small.stat().st_size) * payload_mod._BUDGET_PER_BYTE, abs=2)


READS = {
    "tables": lambda reader: reader.read_tables(),
    "revisions": lambda reader: [batch for batch in reader.revisions()],
    "photo": lambda reader: reader.stream_photo(reader.content.photos[0]),
}


@pytest.mark.parametrize("read", READS.values(), ids=READS.keys())
def test_every_read_of_the_payload_is_under_the_budget(kit, tmp_path, monkeypatch, read):
    monkeypatch.setattr(payload_mod, "PROGRESS_STEP", 1)
    monkeypatch.setattr(payload_mod, "_BASE_BUDGET", 10**9)
    opened = open_payload(payload_path(kit.bundles["a1"], tmp_path), bm.SCHEMA)
    try:
        reader = BundleReader(opened, split(kit.bundles["a1"].read_bytes())[0])
        if read is not READS["tables"]:
            reader.read_tables()
        opened.budget.left = 0
        with pytest.raises(Exception) as raised:
            read(reader)
    finally:
        opened.close()
    assert as_refusal(raised.value, opened.budget).code == "budget"


def test_photo_bytes_are_bounded_by_the_payload_size(kit, tmp_path):
    opened = open_payload(payload_path(kit.bundles["a1"], tmp_path), bm.SCHEMA)
    try:
        reader = BundleReader(opened, split(kit.bundles["a1"].read_bytes())[0])
        reader.payload_size = sum(ref.meta[3] for ref in reader.read_tables().photos)
        reader.content.photos.clear()
        reader.read_tables()  # exactly as large as the file: accepted
        reader.payload_size -= 1
        reader.content.photos.clear()
        with pytest.raises(Refusal) as refused:
            reader.read_tables()
    finally:
        opened.close()
    assert refused.value.code == "too_big"


def test_photo_stored_as_text_is_refused_before_it_is_read(kit, office, tmp_path):
    """Incremental blob I/O would read a TEXT value's bytes too, and they would hash right."""
    text = forge(
        kit,
        "a1",
        tmp_path / "text.ibundle",
        seq=64,
        sql=lambda c: c.execute("UPDATE photos SET data = CAST(data AS TEXT)"),
    )
    verdict = merge.merge_bundle(office, text)
    assert (verdict.verdict, verdict.code) == ("rejected", "bad_row") and "二进制" in verdict.reason


def test_an_infinite_real_is_refused(kit, office, tmp_path):
    inf = forge(
        kit, "a1", tmp_path / "inf.ibundle", seq=65, sql=lambda c: c.execute("UPDATE inspections SET score = 9e999")
    )
    verdict = merge.merge_bundle(office, inf)
    assert (verdict.verdict, verdict.code) == ("rejected", "bad_row") and "有限" in verdict.reason


# ---------------------------------------------------------------- hidden data in free pages


def test_free_pages_carrying_hidden_bytes_are_refused(kit, office, tmp_path):
    marker = "藏在空闲页里的数据"

    def hide(conn):
        conn.execute("PRAGMA secure_delete = OFF")
        conn.executemany(
            "INSERT INTO sites VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(f"hidden-{n}", "H", marker * 50, "t", "d", "s", "a", "u", "field", "c") for n in range(200)],
        )
        conn.execute("DELETE FROM sites WHERE id LIKE 'hidden-%'")

    bad = forge(kit, "a1", tmp_path / "hidden.ibundle", sql=hide, seq=66)
    payload = split(bad.read_bytes())[2]
    assert struct.unpack(">I", payload[36:40])[0] > 0 and marker.encode() in payload
    verdict = merge.merge_bundle(office, bad)
    assert (verdict.verdict, verdict.code) == ("rejected", "hidden_data") and "空闲页" in verdict.reason


@pytest.mark.parametrize("offset", [32, 36, 72, 91], ids=["trunk", "count", "reserved", "reserved-end"])
def test_header_fields_that_a_vacuumed_payload_leaves_zero_must_be_zero(kit, office, tmp_path, offset):
    bad = forge(kit, "a1", tmp_path / "h.ibundle", raw=lambda p: p[:offset] + b"\x07" + p[offset + 1 :], seq=67)
    assert merge.merge_bundle(office, bad).code == "hidden_data"


# ---------------------------------------------------------------- rechecks


def first_ids(conn, n):
    return [row[0] for row in conn.execute("SELECT id FROM inspections ORDER BY id LIMIT ?", [n])]


def same_site(conn):
    conn.execute("UPDATE inspections SET site_id = (SELECT site_id FROM inspections ORDER BY id LIMIT 1)")


def link(conn, pairs):
    conn.executemany("UPDATE inspections SET recheck_of = ? WHERE id = ?", [(to, of) for of, to in pairs])


def loop_of(n):
    def edit(conn):
        same_site(conn)
        ids = first_ids(conn, n)
        link(conn, [(ids[k], ids[(k + 1) % n]) for k in range(n)])

    return edit


@pytest.mark.parametrize("size", [1, 2, 3])
def test_an_inspection_cannot_recheck_itself_directly_or_through_a_loop(kit, office, tmp_path, size):
    bad = forge(kit, "a4", tmp_path / "loop.ibundle", sql=loop_of(size), seq=70 + size)
    verdict = merge.merge_bundle(office, bad)
    assert (verdict.verdict, verdict.code) == ("rejected", "bad_row")
    assert ("自身" if size == 1 else "循环") in verdict.reason


def test_a_recheck_of_another_site_is_refused(kit, office, tmp_path):
    bad = forge(kit, "a1", tmp_path / "site.ibundle", sql=lambda c: link(c, [first_ids(c, 2)]), seq=74)
    verdict = merge.merge_bundle(office, bad)
    assert (verdict.verdict, verdict.code) == ("rejected", "bad_row") and "同一点位" in verdict.reason


def test_a_recheck_chain_listed_before_its_originals_is_merged(kit, office, tmp_path):
    def chain(conn):
        same_site(conn)
        a, b, c = first_ids(conn, 3)
        link(conn, [(a, b), (b, c)])  # the earliest id rechecks the later ones: written last

    good = forge(kit, "a4", tmp_path / "chain.ibundle", sql=chain, seq=75)
    verdict = merge.merge_bundle(office, good)
    assert (verdict.verdict, verdict.code) == ("imported", "ok")
    linked = office.db.execute("SELECT COUNT(*) FROM inspections WHERE recheck_of IS NOT NULL").fetchone()[0]
    assert linked == 2


def row(iid, recheck_of=None):
    return (iid, *([None] * 8), recheck_of)


def test_ordering_puts_originals_first_once_each_whatever_the_links():
    chain = [row(f"i{n:05d}", f"i{n + 1:05d}" if n < 4999 else None) for n in range(5000)]
    ordered = apply._ordered(chain)
    assert [r[0] for r in ordered] == [r[0] for r in reversed(chain)]  # deeper than Python's recursion limit
    loop = [row("a", "b"), row("b", "c"), row("c", "a"), row("d", "d")]
    assert sorted(r[0] for r in apply._ordered(loop)) == ["a", "b", "c", "d"]
