import pytest

from inspector import catalog, workspace
from inspector.errors import WorkspaceError
from inspector.store import get_setting, schema_version
from inspector.store.migrations import MIGRATIONS


def test_init_creates_a_complete_workspace(tmp_path):
    ws = workspace.init_workspace(
        tmp_path / "laptop", role="field", inspector={"id": "I-009", "name": "赵磊", "district": "云栖区"}
    )
    with ws:
        assert (tmp_path / "laptop" / "workspace.db").is_file() and ws.evidence_dir.is_dir()
        assert ws.role == "field" and ws.name == "赵磊的笔记本"
        assert ws.inspector == {"id": "I-009", "name": "赵磊", "district": "云栖区", "unit": ""}
        assert get_setting(ws.db, "scoring")["base_score"] == 100
        assert get_setting(ws.db, "draw")["recusal"] == {"district": True, "unit": True}
        assert get_setting(ws.db, "letterhead")["number_prefix"]
        assert catalog.current_version(ws.db) == catalog.get_catalog(ws.db).version
        assert ws.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert ws.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert schema_version(ws.db) == MIGRATIONS[-1][0]
    with workspace.open_workspace(tmp_path / "laptop") as again:
        assert again.device_id == ws.device_id


def test_refuses_to_overwrite_or_open_a_non_workspace(tmp_path):
    workspace.init_workspace(tmp_path / "a", role="office").close()
    with pytest.raises(WorkspaceError):
        workspace.init_workspace(tmp_path / "a", role="office")
    with pytest.raises(WorkspaceError):
        workspace.init_workspace(tmp_path / "b", role="boss")
    with pytest.raises(WorkspaceError) as info:
        workspace.open_workspace(tmp_path / "nothing-here")
    assert "workspace init" in str(info.value)


def test_a_bad_forms_folder_writes_nothing(tmp_path, monkeypatch):
    forms = tmp_path / "forms"
    forms.mkdir()
    (forms / "scoring.yaml").write_text("base_score: -5\n", encoding="utf-8")
    monkeypatch.setenv("INSPECTOR_FORMS", str(forms))
    from inspector.errors import ValidationError

    with pytest.raises(ValidationError):
        workspace.init_workspace(tmp_path / "ws", role="office")
    assert not (tmp_path / "ws").exists()


def test_default_path_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("INSPECTOR_WORKSPACE", str(tmp_path / "x"))
    assert workspace.default_path() == tmp_path / "x"


_KILLED_WHILE_CREATING = """
import os, signal, sys
from inspector import workspace
from inspector.register import inspectors
inspectors.import_roster = lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL)  # the power goes, mid-way
workspace.init_demo_workspace(sys.argv[1])
"""


def test_a_workspace_killed_while_being_created_is_not_there_and_can_be_made_again(tmp_path):
    import signal
    import subprocess
    import sys

    folder = tmp_path / "demo"
    child = subprocess.run([sys.executable, "-c", _KILLED_WHILE_CREATING, str(folder)], capture_output=True)
    assert child.returncode == -signal.SIGKILL
    assert (folder / workspace.BUILDING_NAME).exists()  # settings, catalog and sites were in it already
    assert not workspace.is_workspace(folder)  # but no workspace.db: nothing opens half a workspace
    with pytest.raises(WorkspaceError, match="不是工作区"):
        workspace.open_workspace(folder)
    with workspace.init_demo_workspace(folder) as again:
        assert workspace.workspace_info(again)["sites"] == 66
    assert not (folder / workspace.BUILDING_NAME).exists()


@pytest.fixture
def umask():
    """Set the process umask for one test (restored after)."""
    import os

    if os.name != "posix":
        pytest.skip("file modes are POSIX")
    before = os.umask(0)
    os.umask(before)

    def set_to(value: int) -> None:
        os.umask(value)

    yield set_to
    os.umask(before)


def test_the_database_its_journal_files_the_key_and_the_evidence_are_owner_only_whatever_the_umask(tmp_path, umask):
    import os
    import stat

    from inspector.exchange import keys
    from inspector.field import evidence
    from inspector.store import backup
    from tests.exchange.test_bundle_kit import photo_bytes

    def mode(path):
        return stat.S_IMODE(os.stat(path).st_mode)

    umask(0)
    ws = workspace.init_workspace(tmp_path / "laptop", role="field", inspector={"id": "I-009", "name": "赵磊"})
    with ws:
        keys.init_key(ws.db, "a passphrase of twelve")
        sha = evidence.import_photo(ws.db, ws.evidence_dir, photo_bytes(7), device_id=ws.device_id).sha256
        db = ws.path / workspace.DB_NAME
        assert mode(ws.path) == mode(ws.evidence_dir) == 0o700
        assert mode(db) == mode(f"{db}-wal") == mode(f"{db}-shm") == 0o600
        photo = evidence.photo_path(ws.evidence_dir, sha)
        assert mode(photo) == 0o600
        assert {mode(folder) for folder in photo.parents if ws.evidence_dir in folder.parents} == {0o700}
        made = backup.make_backup(db, "manual")
        assert mode(made.path) == 0o600 and mode(made.path.parent) == 0o700
    (tmp_path / "mine").mkdir(mode=0o755)  # a folder the user made is theirs: only what the app makes is private
    umask(0o277)  # a umask that would leave the owner unable to write
    with workspace.init_workspace(tmp_path / "mine", role="office") as office:
        assert mode(office.path) == 0o755 and mode(office.path / workspace.DB_NAME) == 0o600
        assert mode(office.evidence_dir) == 0o700
