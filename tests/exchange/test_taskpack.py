"""Task packs: signed by the office from a recorded draw; laptops refuse stale, expired and untrusted packs."""

import os
import re
import shutil
import threading
from datetime import timedelta
from pathlib import Path

import pytest

from inspector import envelope, workspace
from inspector.changes import NOTHING
from inspector.cli import main as cli_main
from inspector.envelope import HEADER, MAGIC_TASK_PACK, Refusal, canonical_json
from inspector.errors import StateError
from inspector.exchange import keys, merge, taskpack
from inspector.exchange.bundle import export
from inspector.field import inspections
from inspector.ids import utc_now
from inspector.register import draw, sites
from tests.exchange.test_bundle_kit import FIELD_PASS, OFFICE_PASS, kit_fixture, office_fixture, split  # noqa: F401


@pytest.fixture
def laptop(kit, tmp_path):
    shutil.copytree(kit.laptops["A"], tmp_path / "laptop")
    ws = workspace.open_workspace(tmp_path / "laptop")
    yield ws
    ws.close()


def make_pack(office, tmp_path, *, version=None, expires="2099-12-31", name="pack.itask"):
    made = draw.draw_sites(office.db, count=2, per="district", seed="w48")
    team = draw.draw_inspectors(office.db, site_draw_id=made.id, seed="w48")
    return taskpack.create_taskpack(
        office,
        OFFICE_PASS,
        draw_id=team.id,
        mode="unannounced",
        period="2026-W48",
        expires=expires,
        out=tmp_path / name,
        version=version,
    )


def test_pack_from_a_draw_gives_tasks_that_link_inspections_and_travel_back(kit, office, laptop, tmp_path):
    pack = make_pack(office, tmp_path)
    assert pack["version"] == 1 and pack["counts"]["tasks"] == 8 and pack["draw"]["seed"] == "w48"
    first = taskpack.import_taskpack(laptop, pack["file"])
    assert first == {
        "version": 1,
        "tasks": 8,
        "already": False,
        "warnings": [],
    }
    assert taskpack.changes_of(first).kinds == {"tasks", "sites", "catalog"}
    again = taskpack.import_taskpack(laptop, pack["file"])
    assert again["already"] is True and taskpack.changes_of(again) == NOTHING  # imported before: nothing changed
    mine = taskpack.list_tasks(laptop.db)
    assert mine and all(t.inspector_id == "I-001" and t.status == "todo" and t.mode == "unannounced" for t in mine)
    assert len(taskpack.list_tasks(laptop.db, everyone=True)) == 8
    assert all(t.district != "云栖区" for t in mine)  # recusal came with the draw
    task = mine[0]
    laptop_site = sites.get_site(laptop.db, task.site_code)
    assert task.site_id == laptop_site.id  # mapped onto the laptop's own register by site code
    found = taskpack.start_task(laptop.db, task.id, place="东门")
    assert laptop.db.execute("SELECT task_id, draw_id FROM inspections WHERE id = ?", [found.id]).fetchone() == (
        task.id,
        pack["draw"]["id"],
    )
    assert taskpack.get_task(laptop.db, task.id).status == "started"
    for item in inspections.inspection_checklist(laptop.db, found).items:
        inspections.record_finding(laptop.db, found.id, item.code, outcome="pass")
    inspections.finish_inspection(laptop.db, found.id)
    assert taskpack.get_task(laptop.db, task.id).status == "done"
    bundle = export.export_bundle(laptop, tmp_path, FIELD_PASS)
    assert merge.merge_bundle(office, bundle.path).verdict == "imported"
    assert office.db.execute("SELECT task_id FROM inspections WHERE id = ?", [found.id]).fetchone() == (task.id,)
    assert [p["version"] for p in taskpack.list_issued(office.db)] == [1]


def test_stale_and_expired_packs_are_refused(office, laptop, tmp_path, monkeypatch):
    old = make_pack(office, tmp_path, name="v1.itask")
    new = make_pack(office, tmp_path, name="v2.itask")
    assert new["version"] == 2
    taskpack.import_taskpack(laptop, new["file"])
    with pytest.raises(Refusal, match="不比已导入的版本 2 新") as refused:
        taskpack.import_taskpack(laptop, old["file"])
    assert refused.value.code == "stale"
    soon = make_pack(office, tmp_path, name="v3.itask", expires=(utc_now() + timedelta(hours=1)).isoformat())
    later = utc_now() + timedelta(days=2)
    monkeypatch.setattr(taskpack.receive, "utc_now", lambda: later)
    with pytest.raises(Refusal, match="过期") as refused:
        taskpack.import_taskpack(laptop, soon["file"])
    assert refused.value.code == "expired"
    monkeypatch.undo()
    assert taskpack.import_taskpack(laptop, soon["file"])["version"] == 3
    monkeypatch.setattr(taskpack.tasks, "utc_now", lambda: later)
    expired = [t for t in taskpack.list_tasks(laptop.db) if t.pack_version == 3]
    assert expired and all(t.status == "expired" for t in expired)
    with pytest.raises(StateError, match="过期"):
        taskpack.start_task(laptop.db, expired[0].id)
    with pytest.raises(Exception, match="已经过去"):
        make_pack(office, tmp_path, name="v4.itask", expires="2020-01-01")
    with pytest.raises(StateError, match="版本号"):
        make_pack(office, tmp_path, name="v5.itask", version=2)
    assert laptop.db.execute("SELECT MAX(version) FROM task_packs").fetchone()[0] == 3


def test_untrusted_tampered_and_cross_domain_packs_are_refused(kit, office, laptop, tmp_path):
    pack = make_pack(office, tmp_path)
    data = bytearray(Path(pack["file"]).read_bytes())
    manifest, _, payload = split(bytes(data))
    body = canonical_json({**manifest, "version": 9})
    signer = kit.signers["A"]  # a laptop key: not the office key the laptop pinned
    raw = canonical_json({**manifest, "office_key_id": signer.key_id})
    forged = HEADER.pack(MAGIC_TASK_PACK, 1, len(raw)) + raw + signer.sign(keys.DOMAIN_TASK_PACK, raw) + payload
    (tmp_path / "f.itask").write_bytes(forged)
    with pytest.raises(Refusal) as refused:
        taskpack.import_taskpack(laptop, tmp_path / "f.itask")
    assert refused.value.code == "untrusted"
    old_sig = bytes(data[HEADER.size + len(canonical_json(manifest)) :][:64])
    (tmp_path / "t.itask").write_bytes(HEADER.pack(MAGIC_TASK_PACK, 1, len(body)) + body + old_sig + payload)
    with pytest.raises(Refusal) as refused:
        taskpack.import_taskpack(laptop, tmp_path / "t.itask")
    assert refused.value.code == "signature"
    office_signer = keys.unlock(office.db, OFFICE_PASS)
    cross = office_signer.sign(keys.DOMAIN_BUNDLE, body)  # a signature made for another kind of document
    (tmp_path / "c.itask").write_bytes(HEADER.pack(MAGIC_TASK_PACK, 1, len(body)) + body + cross + payload)
    with pytest.raises(Refusal) as refused:
        taskpack.import_taskpack(laptop, tmp_path / "c.itask")
    assert refused.value.code == "signature"
    flipped = bytearray(data)
    flipped[-100] ^= 1
    (tmp_path / "p.itask").write_bytes(bytes(flipped))
    with pytest.raises(Refusal) as refused:
        taskpack.import_taskpack(laptop, tmp_path / "p.itask")
    assert refused.value.code == "payload_hash"
    assert merge.merge_bundle(office, pack["file"]).code == "not_bundle"
    assert laptop.db.execute("SELECT COUNT(*) FROM tasks").fetchone()[0] == 0


def test_a_laptop_without_a_pinned_office_key_refuses_packs(kit, office, tmp_path):
    pack = make_pack(office, tmp_path)
    shutil.copytree(kit.laptops["R"], tmp_path / "rogue")
    with workspace.open_workspace(tmp_path / "rogue") as ws:
        with pytest.raises(Refusal, match="不是由本机信任的办公室密钥签发") as refused:
            taskpack.import_taskpack(ws, pack["file"])  # R trusts another office
        assert refused.value.code == "untrusted"
        ws.db.execute("DELETE FROM office_trust")
        with pytest.raises(Refusal, match="信任文件") as refused:
            taskpack.import_taskpack(ws, pack["file"])
        assert refused.value.code == "untrusted"


def _office_signed(office, pack_file: Path, target: Path, edit) -> Path:
    """The pack with its canonical manifest bytes edited, signed again with the office's real key."""
    manifest, _, payload = split(Path(pack_file).read_bytes())
    body = edit(canonical_json(manifest))
    signature = keys.unlock(office.db, OFFICE_PASS).sign(keys.DOMAIN_TASK_PACK, body)
    target.write_bytes(HEADER.pack(MAGIC_TASK_PACK, 1, len(body)) + body + signature + payload)
    return target


@pytest.mark.parametrize(
    "edit",
    [
        lambda b: b.replace(b'"mode":"', b'"mode":"\\ud800', 1),
        lambda b: b.replace(b'"version":', b'"version":1e400,"v":', 1),
        lambda b: b.replace(b'"version":', b'"z":' + b"[" * 30_000 + b"]" * 30_000 + b',"version":', 1),
    ],
    ids=["surrogate", "overflow", "deep"],
)
def test_a_pack_whose_manifest_cannot_be_written_back_is_refused_not_a_crash(office, laptop, tmp_path, edit):
    pack = make_pack(office, tmp_path)
    bad = _office_signed(office, pack["file"], tmp_path / "bad.itask", edit)
    with pytest.raises(Refusal) as refused:
        taskpack.import_taskpack(laptop, bad)
    assert refused.value.code == "bad_manifest" and "不是有效的 JSON" in str(refused.value)
    assert laptop.db.execute("SELECT COUNT(*) FROM task_packs").fetchone()[0] == 0


def test_taskpack_import_on_the_command_line_says_why_without_a_traceback(office, laptop, tmp_path, capfd):
    pack = make_pack(office, tmp_path)
    edit = lambda b: b.replace(b'"mode":"', b'"mode":"\\ud800', 1)  # noqa: E731
    bad = _office_signed(office, pack["file"], tmp_path / "\x1b[2Jbad.itask", edit)
    laptop.close()
    code = cli_main(["--workspace", str(laptop.path), "taskpack", "import", str(bad)])
    out = capfd.readouterr()
    assert code == 1 and "Traceback" not in out.out + out.err and "\x1b" not in out.out + out.err
    assert "任务包清单不是有效的 JSON" in out.err


def test_an_unexpected_exception_while_reading_a_pack_is_a_refusal(office, laptop, tmp_path, monkeypatch):
    pack = make_pack(office, tmp_path)

    def surprising(*args):
        raise UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed")

    monkeypatch.setattr(keys, "verify_signature", surprising)
    with pytest.raises(Refusal) as refused:
        taskpack.import_taskpack(laptop, pack["file"])
    assert refused.value.code == "unreadable" and "UnicodeEncodeError" in str(refused.value)


def test_a_large_pack_costs_only_its_header_until_its_signature_is_verified(office, laptop, tmp_path, monkeypatch):
    pack = make_pack(office, tmp_path)
    data = Path(pack["file"]).read_bytes()
    head = data[: HEADER.size + HEADER.unpack(data[: HEADER.size])[2] + 64]
    flipped = bytearray(head)
    flipped[-1] ^= 1
    read = {"bytes": 0}
    real = envelope._read

    def counting(fd, n):
        chunk = real(fd, n)
        read["bytes"] += len(chunk)
        return chunk

    monkeypatch.setattr(envelope, "_read", counting)
    big = tmp_path / "big.itask"
    with open(big, "wb") as f:
        f.write(bytes(flipped))
        f.truncate(200 * 1024 * 1024)  # a hole: no disk used
    with pytest.raises(Refusal) as refused:
        taskpack.import_taskpack(laptop, big)
    assert refused.value.code == "signature" and read["bytes"] == len(head)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_given_as_a_pack_is_refused_unopened(office, laptop, tmp_path):
    os.mkfifo(tmp_path / "pipe.itask")
    box = {}
    thread = threading.Thread(target=lambda: box.update(result=_refusal_code(laptop, tmp_path / "pipe.itask")))
    thread.daemon = True
    thread.start()
    thread.join(120)  # a hang guard, not a speed check
    assert not thread.is_alive() and box["result"] == "not_regular"


def _refusal_code(ws, path) -> str:
    try:
        taskpack.import_taskpack(ws, path)
    except Refusal as refusal:
        return refusal.code
    return "imported"


def test_a_signed_pack_whose_tasks_clash_with_stored_ones_is_refused_and_changes_nothing(office, laptop, tmp_path):
    pack = make_pack(office, tmp_path)
    taskpack.import_taskpack(laptop, pack["file"])
    before = taskpack.list_packs(laptop.db)
    again = _office_signed(  # the same task ids under a new pack version, signed by the office's real key
        office,
        pack["file"],
        tmp_path / "again.itask",
        lambda b: re.sub(rb'"version":1(?=[,}])', b'"version":2', b, count=1),
    )
    with pytest.raises(Refusal) as refused:
        taskpack.import_taskpack(laptop, again)
    assert refused.value.code == "conflict" and "冲突" in str(refused.value)
    assert taskpack.list_packs(laptop.db) == before
