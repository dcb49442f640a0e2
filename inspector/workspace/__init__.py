"""Workspaces: a folder with `workspace.db` and an evidence store, for a field laptop or an office."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from inspector import catalog as catalog_mod
from inspector import clock, faults, forms, program
from inspector.atomic import fsync_dir, make_private_dir
from inspector.errors import Problem, ValidationError, WorkspaceError
from inspector.ids import to_iso, utc_now, uuid7
from inspector.scoring import SETTING_KEY as SCORING_KEY
from inspector.scoring import ScoringRules
from inspector.store import backup, get_setting, open_db, optimize, set_setting, transaction
from inspector.store import integrity as store_integrity
from inspector.workspace import leftovers

DB_NAME = "workspace.db"
BUILDING_NAME = ".workspace.db.creating"  # a workspace database while it is being created
EVIDENCE_DIR = "evidence"
ROLES = ("field", "office")
ENV_VAR = "INSPECTOR_WORKSPACE"


@dataclass
class Workspace:
    """An open workspace: its folder, database and identity."""

    path: Path
    db: sqlite_utils.Database = field(repr=False)
    role: str
    device_id: str
    name: str

    @property
    def evidence_dir(self) -> Path:
        """Folder of content-addressed photo files."""
        return self.path / EVIDENCE_DIR

    @property
    def inspector(self) -> dict[str, str] | None:
        """The laptop owner's profile on a field workspace (id, name, district), if set."""
        return get_setting(self.db, "inspector")

    def close(self) -> None:
        """Refresh the planner's statistics (store.optimize) and close the database connection."""
        optimize(self.db)
        self.db.conn.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def default_path() -> Path:
    """Where a workspace lives when none is named: $INSPECTOR_WORKSPACE, else the user data folder."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    import platformdirs  # only here: not needed to open a named workspace

    return Path(platformdirs.user_data_dir("inspector", appauthor=False)) / "workspace"


def is_workspace(path: Path | str) -> bool:
    """Whether a folder holds a workspace database."""
    return (Path(path) / DB_NAME).is_file()


def _load_rules() -> dict[str, Any]:
    path = forms.form_path(forms.SCORING_FILE)
    return ScoringRules.from_dict(forms.read_yaml_mapping(path), source=str(path)).as_dict()


def _load_draw_rules() -> dict[str, Any]:
    path = forms.form_path(forms.DRAW_FILE)
    data = forms.read_yaml_mapping(path)
    recusal = data.get("recusal", {})
    per_site = data.get("inspectors_per_site", 1)
    problems = []
    if not isinstance(recusal, dict) or not all(isinstance(v, bool) for v in recusal.values()):
        problems.append(Problem(str(path), None, "recusal", "回避规则应为 district/unit: true|false"))
    if isinstance(per_site, bool) or not isinstance(per_site, int) or per_site < 1:
        problems.append(Problem(str(path), None, "inspectors_per_site", "应为不小于 1 的整数"))
    if problems:
        raise ValidationError(problems)
    return {
        "recusal": {"district": bool(recusal.get("district", True)), "unit": bool(recusal.get("unit", True))},
        "inspectors_per_site": per_site,
    }


def _remove_db_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def init_workspace(
    path: Path | str,
    *,
    role: str,
    name: str | None = None,
    inspector: dict[str, str] | None = None,
    catalog_path: Path | str | None = None,
    timezone: str = clock.DEFAULT_ZONE,
    populate: Callable[[sqlite_utils.Database], None] | None = None,
) -> Workspace:
    """Create a workspace, all or nothing: schema, identity, rules and letterhead from forms/, the default catalog.

    `inspector` (id, name, district, unit) is the laptop owner on a field workspace; `timezone` is the city's
    zone (dates that count are its dates); `populate` adds more (the demo's register) before the workspace
    appears. Everything is built in a hidden database file that is renamed to workspace.db only when complete.
    """
    if role not in ROLES:
        raise WorkspaceError(f"工作区角色应为 field（外勤笔记本）或 office（办公室），而不是“{role}”")
    folder = Path(path)
    if is_workspace(folder):
        raise WorkspaceError(f"“{folder}”已经是一个工作区，未做任何改动")
    if folder.exists() and not folder.is_dir():
        raise WorkspaceError(f"“{folder}”是一个文件，不能作为工作区文件夹")
    if inspector is not None and not (inspector.get("id") and inspector.get("name")):
        raise WorkspaceError("督查员信息需要编号和姓名")
    clock.zone_named(timezone)  # an unknown zone is refused before anything is written
    # Read and validate everything from forms/ before touching the disk.
    rules = _load_rules()
    draw_rules = _load_draw_rules()
    letterhead = forms.read_yaml_mapping(forms.form_path(forms.LETTERHEAD_FILE))
    catalog = catalog_mod.load_catalog(
        catalog_path or forms.form_path(forms.CATALOG_FILE), default_deductions=rules["deduction_by_severity"]
    )
    label = name or (f"{inspector['name']}的笔记本" if inspector else ("督查科" if role == "office" else "外勤笔记本"))
    made_folder = not folder.exists()
    if made_folder:
        folder.parent.mkdir(parents=True, exist_ok=True)
        make_private_dir(folder, exist_ok=True)
    building = folder / BUILDING_NAME
    _remove_db_files(building)  # what a crashed earlier attempt left
    try:
        db = open_db(building)
        try:
            now = to_iso(utc_now())
            with transaction(db) as conn:
                for key, value in {
                    "role": role,
                    "device_id": uuid7(),
                    "name": label,
                    "created_at": now,
                    clock.SETTING_KEY: timezone,
                    SCORING_KEY: rules,
                    "draw": draw_rules,
                    "letterhead": letterhead,
                }.items():
                    set_setting(conn, key, value)
                if inspector is not None:
                    profile = {k: inspector.get(k, "") for k in ("id", "name", "district", "unit")}
                    set_setting(conn, "inspector", profile)
                    conn.execute(
                        "INSERT INTO inspectors(id, name, district, unit, active, created_at)"
                        " VALUES (?, ?, ?, ?, 1, ?)",
                        [profile["id"], profile["name"], profile["district"], profile["unit"], now],
                    )
            catalog_mod.import_catalog(db, catalog, source=str(catalog_path or forms.CATALOG_FILE))
            if populate is not None:
                populate(db)
            db.execute("PRAGMA journal_mode = DELETE")  # fold the WAL into the file before it is renamed
        finally:
            db.conn.close()
        with open(building, "rb") as f:
            os.fsync(f.fileno())
        make_private_dir(folder / EVIDENCE_DIR, exist_ok=True)
        os.replace(building, folder / DB_NAME)
        fsync_dir(folder)
    except BaseException:
        _remove_db_files(building)
        if made_folder:
            shutil.rmtree(folder, ignore_errors=True)
        raise
    return _open(folder, daily_backup=False, damaged_ok=False, clean_up=False)  # nothing new is left over


def open_workspace(
    path: Path | str, *, daily_backup: bool = True, damaged_ok: bool = False, sweep_evidence: bool | None = None
) -> Workspace:
    """Open an existing workspace (upgrading its schema in place); its time zone becomes the clock's.

    Opening takes only the cheap look at the database (the app runs SQLite's quick_check off the UI thread
    afterwards). A workspace a check found damaged is refused until it is restored (`damaged_ok` opens it anyway,
    for the check and restore commands). `daily_backup` takes the first backup of the city's day before returning;
    the app passes False and takes it off the UI thread. Machine faults are raised as `faults.StorageError`.
    What a killed process left in the folder is cleaned up; the evidence store (hundreds of thousands of photos
    in a city-year) the first time in a process, unless `sweep_evidence` says otherwise — the app leaves it to
    its checks after opening, off the UI thread.
    """
    return _open(
        Path(path), daily_backup=daily_backup, damaged_ok=damaged_ok, clean_up=True, sweep_evidence=sweep_evidence
    )


def _open(
    folder: Path, *, daily_backup: bool, damaged_ok: bool, clean_up: bool, sweep_evidence: bool | None = None
) -> Workspace:
    db_path = folder / DB_NAME
    if not _has_database(folder):
        raise WorkspaceError(
            f"“{folder}”不是工作区：请先运行 {program.command('workspace init')} {folder} --role field|office"
        )
    damage = store_integrity.damage(db_path)
    if damage is not None and not damaged_ok:
        raise store_integrity.damaged_error(db_path, damage)
    db = open_db(db_path)
    try:
        role = get_setting(db, "role")
        device_id = get_setting(db, "device_id")
        if role not in ROLES or not device_id:
            raise WorkspaceError(f"“{db_path}”缺少工作区信息（角色或设备编号），不是本软件创建的工作区")
        clock.set_zone(get_setting(db, clock.SETTING_KEY, clock.DEFAULT_ZONE))
        ws = Workspace(folder, db, role, device_id, get_setting(db, "name", ""))
        if daily_backup and damage is None:
            _daily_backup(db, db_path)
    except (sqlite3.Error, OSError) as exc:
        db.conn.close()
        explained = faults.explain(exc, path=db_path)
        if explained is None:
            raise
        raise explained from exc
    except BaseException:
        db.conn.close()
        raise
    if clean_up:
        leftovers.clean_up(ws, evidence=sweep_evidence)  # what a killed process left: temporaries, half exports
    return ws


def _daily_backup(db: sqlite_utils.Database, db_path: Path) -> None:
    """The first backup of the city's day. A copy that fails its check means the database is damaged: it is marked
    and refused; a backup that cannot be written (full disk, read-only folder) does not stop the work."""
    try:
        backup.daily_backup_if_due(db_path, created_at=lambda: get_setting(db, "created_at"))
    except backup.CopyDamaged as exc:
        store_integrity.mark_damaged(db_path, exc.detail)
        raise
    except (faults.StorageError, OSError):
        pass  # a full disk or read-only folder: tried again at the next opening (the app shows it in its status bar)


def _has_database(folder: Path) -> bool:
    """Whether a folder holds a workspace database; a folder that cannot be looked into is said so clearly."""
    try:
        return stat.S_ISREG(os.stat(folder / DB_NAME).st_mode)
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError as exc:  # no permission, a failing disk
        explained = faults.explain(exc, path=folder)
        if explained is None:
            raise
        raise explained from exc


def workspace_info(ws: Workspace) -> dict[str, Any]:
    """What the status bar and `workspace info` show."""
    return {
        "path": str(ws.path),
        "name": ws.name,
        "role": ws.role,
        "device_id": ws.device_id,
        "timezone": get_setting(ws.db, clock.SETTING_KEY, clock.DEFAULT_ZONE),
        "inspector": ws.inspector,
        "catalog_version": catalog_mod.current_version(ws.db),
        "sites": ws.db.execute("SELECT COUNT(*) FROM sites WHERE active = 1").fetchone()[0],
        "inspections": ws.db.execute("SELECT COUNT(*) FROM inspections").fetchone()[0],
    }


def init_demo_workspace(path: Path | str) -> Workspace:
    """A field workspace seeded from forms/: default catalog, demo sites, demo roster, first demo inspector."""
    from inspector.register import inspectors as inspectors_mod
    from inspector.register import sites as sites_mod

    roster = inspectors_mod.load_roster(forms.form_path(forms.DEMO_INSPECTORS_FILE))
    first = roster[0]

    def register(db: sqlite_utils.Database) -> None:
        types = {t.code: t.name for t in catalog_mod.get_catalog(db).site_types}
        sites_mod.import_sites(db, forms.form_path(forms.DEMO_SITES_FILE), site_types=types)
        inspectors_mod.import_roster(db, forms.form_path(forms.DEMO_INSPECTORS_FILE))

    return init_workspace(
        path,
        role="field",
        name="演示工作区",
        inspector={k: str(first.get(k) or "") for k in ("id", "name", "district", "unit")},
        populate=register,
    )
