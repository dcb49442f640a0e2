"""Numbered schema migrations; old workspaces upgrade in place, one transaction per step."""

from __future__ import annotations

import sqlite3

import sqlite_utils

from inspector.errors import WorkspaceError
from inspector.ids import to_iso, utc_now


class SchemaTooNewError(WorkspaceError):
    """The database was made by a newer version of the app; opening it could damage it."""


SCHEMA_1 = """
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE catalog_versions (
    version TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    source TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    item_count INTEGER NOT NULL,
    canonical TEXT NOT NULL
);
CREATE TABLE catalog_site_types (
    version TEXT NOT NULL REFERENCES catalog_versions(version),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (version, code)
);
CREATE TABLE catalog_categories (
    version TEXT NOT NULL REFERENCES catalog_versions(version),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (version, code)
);
CREATE TABLE catalog_items (
    version TEXT NOT NULL REFERENCES catalog_versions(version),
    code TEXT NOT NULL,
    position INTEGER NOT NULL,
    category TEXT NOT NULL,
    text TEXT NOT NULL,
    site_types TEXT NOT NULL,
    severity TEXT NOT NULL,
    deduction REAL NOT NULL,
    responsible_unit TEXT NOT NULL,
    rectify_days INTEGER NOT NULL,
    photo_required INTEGER NOT NULL,
    PRIMARY KEY (version, code)
);
CREATE TABLE sites (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    site_type TEXT NOT NULL,
    district TEXT NOT NULL,
    street TEXT NOT NULL,
    address TEXT NOT NULL,
    responsible_unit TEXT NOT NULL,
    origin TEXT NOT NULL CHECK (origin IN ('register', 'field')),
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX sites_place ON sites(district, street);
CREATE TABLE inspectors (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    district TEXT NOT NULL DEFAULT '',
    unit TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);
CREATE TABLE draws (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('sites', 'inspectors', 'items')),
    algorithm TEXT NOT NULL,
    seed TEXT NOT NULL,
    seed_source TEXT NOT NULL CHECK (seed_source IN ('given', 'os')),
    candidates_sha256 TEXT NOT NULL,
    candidates TEXT NOT NULL,
    params TEXT NOT NULL,
    result TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE inspections (
    id TEXT PRIMARY KEY,
    site_id TEXT NOT NULL REFERENCES sites(id),
    inspector_id TEXT NOT NULL,
    mode TEXT NOT NULL CHECK (mode IN ('announced', 'unannounced')),
    catalog_version TEXT NOT NULL REFERENCES catalog_versions(version),
    started_at TEXT NOT NULL,
    local_date TEXT NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    device_id TEXT NOT NULL,
    recheck_of TEXT REFERENCES inspections(id),
    draw_id TEXT REFERENCES draws(id),
    sample_draw_id TEXT REFERENCES draws(id),
    item_codes TEXT,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'finished')),
    finished_at TEXT,
    problem_count INTEGER,
    deduction_total REAL,
    score REAL,
    created_at TEXT NOT NULL
);
CREATE INDEX inspections_date ON inspections(local_date);
CREATE INDEX inspections_site ON inspections(site_id, local_date);
CREATE INDEX inspections_status ON inspections(status, local_date);
CREATE TABLE findings (
    id TEXT PRIMARY KEY,
    inspection_id TEXT NOT NULL REFERENCES inspections(id),
    item_code TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (inspection_id, item_code)
);
CREATE TABLE finding_revisions (
    finding_id TEXT NOT NULL REFERENCES findings(id),
    rev INTEGER NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('pass', 'fail', 'na')),
    count INTEGER NOT NULL CHECK (count >= 0),
    note TEXT NOT NULL DEFAULT '',
    photos TEXT NOT NULL DEFAULT '[]',
    multiplier REAL NOT NULL,
    deduction REAL NOT NULL,
    responsible_unit TEXT,
    deadline TEXT,
    reason TEXT NOT NULL DEFAULT '',
    recorded_at TEXT NOT NULL,
    device_id TEXT NOT NULL,
    parent_hash TEXT,
    content_hash TEXT NOT NULL,
    PRIMARY KEY (finding_id, rev)
);
CREATE TABLE photos (
    sha256 TEXT PRIMARY KEY,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    size INTEGER NOT NULL,
    captured_at TEXT,
    gps_lat REAL,
    gps_lon REAL,
    original_name TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    device_id TEXT NOT NULL
);
"""

# Keys, registry, bundles (field → office) and task packs (office → field).
SCHEMA_2 = """
CREATE TABLE signing_key (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    key_id TEXT NOT NULL,
    public_key BLOB NOT NULL,
    kdf TEXT NOT NULL,
    salt BLOB NOT NULL,
    nonce BLOB NOT NULL,
    wrapped_seed BLOB NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE office_trust (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    key_id TEXT NOT NULL,
    public_key BLOB NOT NULL,
    office_name TEXT NOT NULL,
    office_device_id TEXT NOT NULL,
    pinned_at TEXT NOT NULL
);
CREATE TABLE devices (
    key_id TEXT PRIMARY KEY,
    public_key BLOB NOT NULL,
    device_id TEXT NOT NULL,
    device_name TEXT NOT NULL,
    inspector_id TEXT NOT NULL,
    registered_at TEXT NOT NULL,
    revoked_after_seq INTEGER CHECK (revoked_after_seq >= 0),
    revoked_at TEXT
);
CREATE INDEX devices_device ON devices(device_id);
CREATE TABLE exports (
    seq INTEGER PRIMARY KEY CHECK (seq >= 1),
    bundle_id TEXT NOT NULL UNIQUE,
    manifest_sha256 TEXT NOT NULL,
    prev_manifest_sha256 TEXT,
    full INTEGER NOT NULL,
    revisions_after INTEGER NOT NULL,
    revisions_through INTEGER NOT NULL,
    inspections INTEGER NOT NULL,
    findings INTEGER NOT NULL,
    revisions INTEGER NOT NULL,
    photos INTEGER NOT NULL,
    size INTEGER NOT NULL,
    file_name TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE export_inspections (
    inspection_id TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    seq INTEGER NOT NULL
);
CREATE TABLE received_bundles (
    device_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    manifest_sha256 TEXT NOT NULL,
    prev_manifest_sha256 TEXT,
    bundle_id TEXT NOT NULL,
    key_id TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    PRIMARY KEY (device_id, seq)
);
CREATE TABLE bundle_verdicts (
    id INTEGER PRIMARY KEY,
    file_name TEXT NOT NULL,
    file_sha256 TEXT,
    verdict TEXT NOT NULL CHECK (verdict IN ('imported', 'duplicate', 'rejected', 'quarantined')),
    code TEXT NOT NULL,
    reason TEXT NOT NULL,
    device_id TEXT,
    key_id TEXT,
    seq INTEGER,
    bundle_id TEXT,
    manifest_sha256 TEXT,
    counts TEXT NOT NULL DEFAULT '{}',
    checked_at TEXT NOT NULL
);
CREATE TABLE inspection_sources (
    inspection_id TEXT NOT NULL,
    device_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (inspection_id, device_id, seq)
);
CREATE TABLE issued_task_packs (
    version INTEGER PRIMARY KEY CHECK (version >= 1),
    pack_id TEXT NOT NULL UNIQUE,
    draw_id TEXT NOT NULL REFERENCES draws(id),
    mode TEXT NOT NULL,
    period TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    tasks INTEGER NOT NULL,
    manifest_sha256 TEXT NOT NULL,
    file_name TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE task_packs (
    version INTEGER PRIMARY KEY,
    pack_id TEXT NOT NULL UNIQUE,
    office_key_id TEXT NOT NULL,
    draw_id TEXT NOT NULL,
    mode TEXT NOT NULL,
    period TEXT NOT NULL,
    catalog_version TEXT NOT NULL,
    draw_seed TEXT NOT NULL,
    candidates_sha256 TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    manifest_sha256 TEXT NOT NULL
);
CREATE TABLE tasks (
    id TEXT PRIMARY KEY,
    pack_version INTEGER NOT NULL REFERENCES task_packs(version),
    site_id TEXT NOT NULL REFERENCES sites(id),
    inspector_id TEXT,
    mode TEXT NOT NULL CHECK (mode IN ('announced', 'unannounced')),
    period TEXT NOT NULL,
    due_date TEXT NOT NULL,
    position INTEGER NOT NULL
);
ALTER TABLE inspections ADD COLUMN task_id TEXT;
CREATE INDEX inspections_task ON inspections(task_id)
"""

# Office review and rectification (decisions as an append-only history; the current state is derived from it),
# document numbers reserved per series and year, and an index for looking findings up by their printed reference.
SCHEMA_3 = """
CREATE TABLE problem_events (
    id INTEGER PRIMARY KEY,
    finding_id TEXT NOT NULL REFERENCES findings(id),
    kind TEXT NOT NULL CHECK (kind IN ('confirm', 'reject', 'merge', 'reopen', 'approve', 'withdraw', 'masks',
                                       'unit', 'deadline', 'rectified')),
    value TEXT NOT NULL DEFAULT 'null',
    reason TEXT NOT NULL DEFAULT '',
    actor TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX problem_events_finding ON problem_events(finding_id, id);
CREATE INDEX problem_events_kind ON problem_events(kind, finding_id);
CREATE TABLE document_numbers (
    series TEXT NOT NULL,
    year INTEGER NOT NULL,
    serial INTEGER NOT NULL CHECK (serial >= 1),
    kind TEXT NOT NULL CHECK (kind IN ('circular', 'exposure', 'notice')),
    number TEXT NOT NULL,
    period TEXT NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    issued_on TEXT NOT NULL,
    actor TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (series, year, serial)
);
CREATE INDEX document_numbers_document ON document_numbers(kind, period, unit);
CREATE INDEX findings_reference ON findings(substr(id, -8))
"""

# Explicit, stable order of revisions (a VACUUM or a table rebuild may renumber the implicit rowid): each
# workspace numbers its revisions `local_seq` = max + 1 in the transaction that inserts them; the laptop's
# export ledger counts in it (backfilled as the old rowid, so ledgers written before keep their meaning).
# The office numbers the revisions it merges in its own order; the number never travels in a bundle.
# `export_temps`: every temporary bundle file written outside the workspace, recorded before it is
# created, so that a killed export can be finished or cleaned up on the next start.
SCHEMA_4 = """
ALTER TABLE finding_revisions ADD COLUMN local_seq INTEGER;
UPDATE finding_revisions SET local_seq = rowid;
CREATE UNIQUE INDEX finding_revisions_local_seq ON finding_revisions(local_seq);
CREATE TABLE export_temps (
    temp_path TEXT PRIMARY KEY,
    target_path TEXT NOT NULL,
    seq INTEGER NOT NULL CHECK (seq >= 1),
    manifest_sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    created_at TEXT NOT NULL
)
"""

# A document number is taken together with its file: the number is 'pending' with the job writing the file until
# the file is in place. Every file written for a document is recorded with its SHA-256, so a later write knows
# whether an existing file is this workspace's own unchanged copy of the same document (see oversight/numbering.py).
SCHEMA_5 = """
ALTER TABLE document_numbers ADD COLUMN state TEXT NOT NULL DEFAULT 'issued' CHECK (state IN ('pending', 'issued'));
ALTER TABLE document_numbers ADD COLUMN job TEXT;
CREATE INDEX document_numbers_pending ON document_numbers(job) WHERE state = 'pending';
CREATE TABLE document_files (
    id INTEGER PRIMARY KEY,
    job TEXT NOT NULL,
    path TEXT NOT NULL,
    main INTEGER NOT NULL CHECK (main IN (0, 1)),
    kind TEXT NOT NULL,
    period TEXT NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    format TEXT NOT NULL,
    series TEXT,
    year INTEGER,
    serial INTEGER,
    sha256 TEXT,
    state TEXT NOT NULL CHECK (state IN ('pending', 'written')),
    recorded_at TEXT NOT NULL
);
CREATE INDEX document_files_path ON document_files(path, id);
CREATE INDEX document_files_job ON document_files(job);
CREATE INDEX document_files_pending ON document_files(job) WHERE state = 'pending'
"""

# Noticing wrong clocks in the office: the tasks of every issued pack (their periods), and flags on merged
# inspections whose times are outside their task's period or after their bundle was signed.
SCHEMA_6 = """
CREATE TABLE issued_tasks (
    id TEXT PRIMARY KEY,
    pack_version INTEGER NOT NULL REFERENCES issued_task_packs(version),
    site_id TEXT NOT NULL,
    inspector_id TEXT,
    period TEXT NOT NULL,
    due_date TEXT NOT NULL
);
CREATE TABLE time_flags (
    inspection_id TEXT NOT NULL REFERENCES inspections(id),
    kind TEXT NOT NULL CHECK (kind IN ('outside_period', 'after_signing')),
    detail TEXT NOT NULL,
    bundle_id TEXT,
    flagged_at TEXT NOT NULL,
    PRIMARY KEY (inspection_id, kind)
)
"""

# Photo facts have one owner per device: what each device claimed for a photo's bytes (capture time, GPS, name,
# import time), so a second device sending the same bytes never rewrites the first one's facts. Existing photo rows
# are each their device's claim. Time flags gain a kind for a photo taken far from its inspection's time.
SCHEMA_7 = """
CREATE TABLE photo_claims (
    sha256 TEXT NOT NULL REFERENCES photos(sha256),
    device_id TEXT NOT NULL,
    captured_at TEXT,
    gps_lat REAL,
    gps_lon REAL,
    original_name TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    PRIMARY KEY (sha256, device_id)
);
INSERT INTO photo_claims (sha256, device_id, captured_at, gps_lat, gps_lon, original_name, imported_at)
SELECT sha256, device_id, captured_at, gps_lat, gps_lon, original_name, imported_at FROM photos;
CREATE TABLE time_flags_7 (
    inspection_id TEXT NOT NULL REFERENCES inspections(id),
    kind TEXT NOT NULL CHECK (kind IN ('outside_period', 'after_signing', 'photo_time')),
    detail TEXT NOT NULL,
    bundle_id TEXT,
    flagged_at TEXT NOT NULL,
    PRIMARY KEY (inspection_id, kind)
);
INSERT INTO time_flags_7 (inspection_id, kind, detail, bundle_id, flagged_at)
SELECT inspection_id, kind, detail, bundle_id, flagged_at FROM time_flags;
DROP TABLE time_flags;
ALTER TABLE time_flags_7 RENAME TO time_flags
"""

# Trust that only changes on purpose: every change of a laptop key's revocation cutoff, with who, when and why
# (a later revocation can only lower the cutoff; raising or lifting it is an explicit reinstatement with a reason);
# and the office's hand-overs from a retired signing key to its successor (the statement the old key signed, so
# trust files issued later can carry it). Revocations made before this migration start the history.
SCHEMA_8 = """
CREATE TABLE device_revocations (
    id INTEGER PRIMARY KEY,
    key_id TEXT NOT NULL REFERENCES devices(key_id),
    action TEXT NOT NULL CHECK (action IN ('revoke', 'reinstate')),
    after_seq INTEGER CHECK (after_seq >= 0),
    previous_after_seq INTEGER,
    reason TEXT NOT NULL DEFAULT '',
    actor TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX device_revocations_key ON device_revocations(key_id, id);
INSERT INTO device_revocations (key_id, action, after_seq, previous_after_seq, reason, actor, at)
    SELECT key_id, 'revoke', revoked_after_seq, NULL, '', '（升级前的记录）', COALESCE(revoked_at, registered_at)
    FROM devices WHERE revoked_after_seq IS NOT NULL ORDER BY COALESCE(revoked_at, registered_at), key_id;
CREATE TABLE office_key_handovers (
    old_key_id TEXT PRIMARY KEY,
    old_public_key BLOB NOT NULL,
    new_key_id TEXT NOT NULL UNIQUE,
    statement TEXT NOT NULL,
    signature BLOB NOT NULL,
    rotated_at TEXT NOT NULL
)
"""

# Each look a person took at a problem's photo before exposure: faces and plates masked (the rectangles at that
# time, how many face suggestions were offered and how many of them were kept) or none there ('clear'). The
# 'masks' decision written in the same transaction is `event_id`: a later change of that photo's masks, or the
# photo leaving the problem's current revision, makes the look stale. Masks drawn before this migration were a
# person's look at the photo and start the history as 'masked'.
SCHEMA_9 = """
CREATE TABLE photo_reviews (
    id INTEGER PRIMARY KEY,
    finding_id TEXT NOT NULL REFERENCES findings(id),
    photo TEXT NOT NULL,
    verdict TEXT NOT NULL CHECK (verdict IN ('masked', 'clear')),
    rects TEXT NOT NULL DEFAULT '[]',
    suggested INTEGER NOT NULL DEFAULT 0 CHECK (suggested >= 0),
    confirmed INTEGER NOT NULL DEFAULT 0 CHECK (confirmed >= 0 AND confirmed <= suggested),
    event_id INTEGER NOT NULL REFERENCES problem_events(id),
    actor TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX photo_reviews_finding ON photo_reviews(finding_id, photo, id);
INSERT INTO photo_reviews (finding_id, photo, verdict, rects, event_id, actor, at)
    SELECT e.finding_id, json_extract(e.value, '$.photo'), 'masked', json_extract(e.value, '$.rects'), e.id,
           e.actor, e.recorded_at
    FROM problem_events e
    WHERE e.kind = 'masks' AND json_array_length(json_extract(e.value, '$.rects')) > 0
      AND e.id = (SELECT MAX(e2.id) FROM problem_events e2 WHERE e2.finding_id = e.finding_id AND e2.kind = 'masks'
                  AND json_extract(e2.value, '$.photo') = json_extract(e.value, '$.photo'))
    ORDER BY e.id
"""

# 10: the people of an office workspace (who made each decision) and the person who made each office draw
# (created_by / deactivated_by: the supervisor who added or deactivated a user; NULL for the first user).
SCHEMA_10 = """
CREATE TABLE office_users (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('supervisor', 'clerk')),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL,
    deactivated_at TEXT,
    created_by TEXT,
    deactivated_by TEXT
);
CREATE TABLE draw_people (
    draw_id TEXT PRIMARY KEY REFERENCES draws(id),
    actor TEXT NOT NULL,
    at TEXT NOT NULL
);
"""

# Voided inspections (作废): one row per voided inspection, written by the device that owns it and merged into the
# office as it is. The inspection row itself is not touched (its status stays open or finished); every query that
# counts inspections or problems leaves out those with a row here (see inspector/voids.py). A void is final.
SCHEMA_11 = """
CREATE TABLE inspection_voids (
    inspection_id TEXT PRIMARY KEY REFERENCES inspections(id),
    reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    voided_at TEXT NOT NULL,
    device_id TEXT NOT NULL,
    recorded_at TEXT NOT NULL
)
"""

# A note being typed in the checklist runner, saved as the inspector types (throttled), so a killed app keeps it.
# A draft is local to this laptop: it is never exported in a bundle, and it is deleted once the note is saved as
# a revision of the answer. No foreign key: a draft never blocks changes to its inspection.
SCHEMA_12 = """
CREATE TABLE note_drafts (
    inspection_id TEXT NOT NULL,
    item_code TEXT NOT NULL,
    text TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    PRIMARY KEY (inspection_id, item_code)
)
"""

# Indexes the office's queries need, each chosen from the query's plan (EXPLAIN QUERY PLAN, no ANALYZE): the
# recheck graph (links and inspections made from recheck draws), a task pack's task count, and the failed answers
# (an unfiltered problem list reads only those). Partial where most rows are not wanted.
SCHEMA_13 = """
CREATE INDEX inspections_recheck ON inspections(recheck_of) WHERE recheck_of IS NOT NULL;
CREATE INDEX inspections_draw ON inspections(draw_id) WHERE draw_id IS NOT NULL;
CREATE INDEX tasks_pack ON tasks(pack_version, site_id);
CREATE INDEX finding_revisions_fail ON finding_revisions(finding_id, rev) WHERE outcome = 'fail'
"""

# The stored state of every problem (a failed finding of a finished, not voided inspection), so the office's filters
# are indexed SQL: review state, unit and deadline after the office's decisions, the rectification report's date,
# the rechecks' verdicts and the repeat/recheck links. Derived, never exported: tracking.problem_state keeps it
# equal to the events. The triggers note what each write touched in `problem_dirty`; the same transaction then
# recomputes those problems before it commits. Existing data is computed the first time the workspace opens. Only a
# finished inspection has problems: answers recorded in an open one (the laptop's every keystroke) note nothing.
SCHEMA_14 = """
CREATE TABLE problem_state (
    finding_id TEXT PRIMARY KEY,
    inspection_id TEXT NOT NULL,
    site_id TEXT NOT NULL,
    item_code TEXT NOT NULL,
    found_on TEXT NOT NULL,
    review TEXT NOT NULL CHECK (review IN ('pending', 'confirmed', 'rejected', 'merged')),
    unit TEXT NOT NULL,
    count INTEGER NOT NULL,
    deduction REAL NOT NULL,
    deadline TEXT,
    exposure INTEGER NOT NULL,
    reported_on TEXT,
    last_fail_on TEXT,
    closed_on TEXT,
    rechecked_on TEXT,
    recheck_id TEXT,
    unfixed_rechecks INTEGER NOT NULL,
    unfixed_of TEXT,
    repeat_of TEXT,
    last_verdict_on TEXT
);
CREATE TABLE problem_verdicts (
    finding_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    day TEXT NOT NULL,
    recheck_id TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('pass', 'fail')),
    PRIMARY KEY (finding_id, seq)
) WITHOUT ROWID;
CREATE INDEX problem_state_found ON problem_state(found_on, review);
CREATE INDEX problem_state_due ON problem_state(review, deadline);
CREATE INDEX problem_state_deadline ON problem_state(deadline);
CREATE INDEX problem_state_unit ON problem_state(unit, review);
CREATE INDEX problem_state_site ON problem_state(site_id, item_code, found_on);
CREATE INDEX problem_state_inspection ON problem_state(inspection_id);
CREATE TABLE problem_dirty (
    kind TEXT NOT NULL CHECK (kind IN ('inspection', 'finding', 'draw', 'all')),
    id TEXT NOT NULL,
    PRIMARY KEY (kind, id)
) WITHOUT ROWID;
CREATE TRIGGER problem_dirty_revision AFTER INSERT ON finding_revisions BEGIN
    INSERT OR IGNORE INTO problem_dirty (kind, id)
    SELECT 'inspection', f.inspection_id FROM findings f JOIN inspections i ON i.id = f.inspection_id
    WHERE f.id = NEW.finding_id AND i.status = 'finished';
END;
CREATE TRIGGER problem_dirty_finding_new AFTER INSERT ON findings BEGIN
    INSERT OR IGNORE INTO problem_dirty (kind, id)
    SELECT 'inspection', id FROM inspections WHERE id = NEW.inspection_id AND status = 'finished';
END;
CREATE TRIGGER problem_dirty_finding_gone AFTER DELETE ON findings BEGIN
    INSERT OR IGNORE INTO problem_dirty (kind, id) VALUES ('inspection', OLD.inspection_id);
END;
CREATE TRIGGER problem_dirty_inspection_new AFTER INSERT ON inspections WHEN NEW.status = 'finished' BEGIN
    INSERT OR IGNORE INTO problem_dirty (kind, id) VALUES ('inspection', NEW.id);
END;
CREATE TRIGGER problem_dirty_inspection AFTER UPDATE OF status, site_id, local_date, started_at, recheck_of, draw_id
ON inspections BEGIN
    INSERT OR IGNORE INTO problem_dirty (kind, id) VALUES ('inspection', NEW.id);
END;
CREATE TRIGGER problem_dirty_inspection_gone AFTER DELETE ON inspections BEGIN
    INSERT OR IGNORE INTO problem_dirty (kind, id) VALUES ('inspection', OLD.id);
END;
CREATE TRIGGER problem_dirty_void AFTER INSERT ON inspection_voids BEGIN
    INSERT OR IGNORE INTO problem_dirty (kind, id) VALUES ('inspection', NEW.inspection_id);
END;
CREATE TRIGGER problem_dirty_void_gone AFTER DELETE ON inspection_voids BEGIN
    INSERT OR IGNORE INTO problem_dirty (kind, id) VALUES ('inspection', OLD.inspection_id);
END;
CREATE TRIGGER problem_dirty_decision AFTER INSERT ON problem_events BEGIN
    INSERT OR IGNORE INTO problem_dirty (kind, id) VALUES ('finding', NEW.finding_id);
END;
CREATE TRIGGER problem_dirty_draw AFTER INSERT ON draws BEGIN
    INSERT OR IGNORE INTO problem_dirty (kind, id) VALUES ('draw', NEW.id);
END;
CREATE TRIGGER problem_dirty_rules AFTER INSERT ON settings WHEN NEW.key = 'scoring' BEGIN
    INSERT OR IGNORE INTO problem_dirty (kind, id) VALUES ('all', '');
END;
CREATE TRIGGER problem_dirty_rules_changed AFTER UPDATE ON settings WHEN NEW.key = 'scoring' BEGIN
    INSERT OR IGNORE INTO problem_dirty (kind, id) VALUES ('all', '');
END;
INSERT INTO problem_dirty (kind, id) VALUES ('all', '')
"""

# The inspection history filtered by inspector (history.inspection_ids): without it every inspection is read.
SCHEMA_15 = """
CREATE INDEX inspections_inspector ON inspections(inspector_id, local_date)
"""

# Each entry: (number, name, SQL). Append only; never edit a migration that has shipped.
MIGRATIONS: list[tuple[int, str, str]] = [
    (1, "initial schema", SCHEMA_1),
    (2, "keys, registry, bundles and task packs", SCHEMA_2),
    (3, "office review, rectification and document numbers", SCHEMA_3),
    (4, "revision sequence numbers and export temporaries", SCHEMA_4),
    (5, "document numbers taken with their files", SCHEMA_5),
    (6, "issued tasks and time flags on merged inspections", SCHEMA_6),
    (7, "photo claims per device and photo time flags", SCHEMA_7),
    (8, "revocation history and office key hand-overs", SCHEMA_8),
    (9, "photo reviews for faces and plates before exposure", SCHEMA_9),
    (10, "office users", SCHEMA_10),
    (11, "voided inspections", SCHEMA_11),
    (12, "note drafts kept while typing", SCHEMA_12),
    (13, "indexes for the office's queries", SCHEMA_13),
    (14, "stored problem state", SCHEMA_14),
    (15, "an index for the history by inspector", SCHEMA_15),
]


def statements(sql: str) -> list[str]:
    """Split a migration's SQL into whole statements, as SQLite reads them (a `;` inside a string or trigger stays)."""
    found: list[str] = []
    buffer = ""
    for piece in sql.split(";"):
        buffer += piece + ";"
        if sqlite3.complete_statement(buffer):
            if buffer.strip(" \t\r\n;"):
                found.append(buffer.strip())
            buffer = ""
    if buffer.strip(" \t\r\n;"):
        found.append(buffer.strip().rstrip(";"))  # the last statement may lack its semicolon
    return found


def latest() -> int:
    """The newest migration this version of the app knows."""
    return max(number for number, _name, _sql in MIGRATIONS)


def _applied(conn: sqlite3.Connection) -> set[int]:
    return {row[0] for row in conn.execute("SELECT id FROM _migrations")}


def _refuse_newer(applied: set[int], path: str) -> None:
    newest = max(applied, default=0)
    if newest > latest():
        raise SchemaTooNewError(
            f"工作区数据库“{path}”由更新版本的创文督查创建（数据结构第 {newest} 版，本软件只认识到第 {latest()} 版）。"
            "为免损坏数据，本软件不会打开它：请把创文督查升级到最新版本后再打开。"
        )


def pending(db: sqlite_utils.Database) -> list[int]:
    """The migrations not yet applied to this database (an existing database is backed up before they run)."""
    conn = db.conn
    known = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_migrations'").fetchone()
    applied = _applied(conn) if known else set()
    _refuse_newer(applied, database_file(conn))
    return [number for number, _name, _sql in MIGRATIONS if number not in applied]


def database_file(conn: sqlite3.Connection) -> str:
    """The file a connection's main database lives in (":memory:" for one in memory)."""
    row = conn.execute("PRAGMA database_list").fetchone()
    return row[2] if row and row[2] else ":memory:"


def apply_migrations(db: sqlite_utils.Database) -> list[int]:
    """Bring the database schema up to date; returns the numbers of the migrations applied.

    The list of applied migrations is read inside each migration's write transaction, so two processes opening
    a fresh database at once apply every migration exactly once. A database from a newer app is refused.
    """
    conn = db.conn
    conn.execute(
        "CREATE TABLE IF NOT EXISTS _migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    todo = pending(db)  # a cheap read first: most opens have nothing to do
    applied_now: list[int] = []
    for number, name, sql in MIGRATIONS:
        if number not in todo:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            applied = _applied(conn)  # again under the write lock: another process may have just applied it
            _refuse_newer(applied, database_file(conn))
            if number not in applied:
                for statement in statements(sql):
                    conn.execute(statement)
                conn.execute(
                    "INSERT INTO _migrations(id, name, applied_at) VALUES (?, ?, ?)",
                    [number, name, to_iso(utc_now())],
                )
                applied_now.append(number)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    return applied_now
