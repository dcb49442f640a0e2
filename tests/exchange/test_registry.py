"""Trust that changes only on purpose: revocation that only tightens (with its history), office key rotation
handed over by the old key, and the explicit local reset of the office key a laptop trusts."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from inspector import workspace
from inspector.cli import main as cli_main
from inspector.envelope import Refusal, canonical_json
from inspector.errors import InspectorError, StateError
from inspector.exchange import keys, merge, registry, taskpack
from inspector.exchange.bundle import export
from inspector.exchange.registry import RegistrationError, TrustChangeRefused
from tests.exchange.test_bundle_kit import (  # noqa: F401
    FIELD_PASS,
    OFFICE_PASS,
    START,
    field_workspace,
    inspect,
    kit_fixture,
    office_fixture,
)
from tests.exchange.test_taskpack import make_pack


def run(capsys, *argv):
    code = cli_main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def cutoff(office, key_id):
    return registry.find_device(office.db, key_id).revoked_after_seq


# ---------------------------------------------------------------- revocation


def test_revocation_only_tightens_and_reinstating_needs_a_reason(kit, office):
    key_id = kit.signers["A"].key_id
    registry.revoke(office.db, kit.devices["A"], 3, reason="笔记本丢失", actor="王科长")
    with pytest.raises(StateError, match=r"只能收紧.*现在只接收序号不超过 3.*--reinstate") as refused:
        registry.revoke(office.db, key_id, 5)
    assert "不能改为 5" in str(refused.value) and cutoff(office, key_id) == 3
    registry.revoke(office.db, "I-001", 3)  # the same cutoff again: nothing to record
    registry.revoke(office.db, "I-001", 1)
    assert merge.merge_bundle(office, kit.bundles["a2"]).code == "revoked"
    with pytest.raises(InspectorError, match="原因"):
        registry.reinstate(office.db, key_id, reason="  ", after_seq=4)
    assert cutoff(office, key_id) == 1
    registry.reinstate(office.db, key_id, reason="笔记本已找回，核对无误", after_seq=4, actor="王科长")
    assert merge.merge_bundle(office, kit.bundles["a2"]).verdict == "imported"
    registry.reinstate(office.db, "I-001", reason="误吊销")
    device = registry.find_device(office.db, key_id)
    assert device.revoked_after_seq is None and device.revoked_at is None
    with pytest.raises(StateError, match="没有被吊销"):
        registry.reinstate(office.db, key_id, reason="再恢复一次")
    history = [
        (h.action, h.previous_after_seq, h.after_seq, h.reason, h.actor) for h in registry.revocation_history(office.db)
    ]
    assert history == [
        ("revoke", None, 3, "笔记本丢失", "王科长"),
        ("revoke", 3, 1, "", "督查科"),
        ("reinstate", 1, 4, "笔记本已找回，核对无误", "王科长"),
        ("reinstate", 4, None, "误吊销", "督查科"),
    ]
    listed = {d["key_id"]: d for d in registry.list_devices(office.db)}
    assert [h["after_seq"] for h in listed[key_id]["history"]] == [3, 1, 4, None]
    assert listed[kit.signers["B"].key_id]["history"] == []


def test_revoking_an_inspector_whose_other_key_is_stricter_changes_nothing(kit, office, tmp_path):
    second = field_workspace(tmp_path / "second", {"id": "I-001", "name": "张明", "district": "云栖区", "unit": ""})
    registry.export_registration(second, FIELD_PASS, tmp_path / "second.json")
    registry.register_device(office, tmp_path / "second.json", OFFICE_PASS, trust_out=tmp_path / "t.json")
    new_key = keys.key_info(second.db).key_id
    second.close()
    registry.revoke(office.db, new_key, 2)
    with pytest.raises(StateError, match="现在只接收序号不超过 2"):
        registry.revoke(office.db, "I-001", 5)
    assert cutoff(office, kit.signers["A"].key_id) is None and cutoff(office, new_key) == 2
    assert len(registry.revoke(office.db, "I-001", 1)) == 2
    assert cutoff(office, kit.signers["A"].key_id) == cutoff(office, new_key) == 1


def test_revocations_made_before_the_history_existed_start_it(tmp_path):
    from inspector.store import MIGRATIONS, open_db
    from inspector.store.migrations import statements

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE _migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
    for number, name, sql in [m for m in MIGRATIONS if m[0] < 8]:
        for statement in statements(sql):
            conn.execute(statement)
        conn.execute("INSERT INTO _migrations VALUES (?, ?, 'x')", [number, name])
    conn.execute(
        "INSERT INTO devices VALUES ('k1', x'00', 'd1', '旧笔记本', 'I-001', '2026-01-01T00:00:00Z', 7,"
        " '2026-02-01T00:00:00Z'), ('k2', x'00', 'd2', '另一台', 'I-002', '2026-01-01T00:00:00Z', NULL, NULL)"
    )
    conn.close()
    db = open_db(path)
    assert [(h.key_id, h.action, h.after_seq, h.at) for h in registry.revocation_history(db)] == [
        ("k1", "revoke", 7, "2026-02-01T00:00:00Z")
    ]
    with pytest.raises(StateError, match="不超过 7"):
        registry.revoke(db, "k1", 9)
    db.conn.close()


def test_the_devices_command_shows_the_history_and_revoke_refuses_a_looser_cutoff(kit, office, capsys):
    ws = ["--workspace", office.path]
    code, out, _ = run(
        capsys, *ws, "inspectors", "revoke", "I-001", "--after-seq", 3, "--reason", "丢失", "--actor", "王科长"
    )
    assert code == 0 and "序号大于 3 的数据包将被拒收" in out
    code, _, err = run(capsys, *ws, "inspectors", "revoke", "I-001", "--after-seq", 5)
    assert code == 1 and "只能收紧" in err and "不超过 3" in err and cutoff(office, kit.signers["A"].key_id) == 3
    code, _, err = run(capsys, *ws, "inspectors", "revoke", "I-001", "--reinstate", "--after-seq", 5)
    assert code == 1 and "原因" in err
    code, _, err = run(capsys, *ws, "inspectors", "revoke", "I-001")
    assert code == 1 and "--after-seq" in err
    code, out, _ = run(
        capsys, *ws, "inspectors", "revoke", "I-001", "--reinstate", "--after-seq", 5, "--reason", "找回"
    )
    assert code == 0 and "只接收序号不超过 5" in out and cutoff(office, kit.signers["A"].key_id) == 5
    code, out, _ = run(capsys, *ws, "inspectors", "devices")
    assert code == 0 and "吊销记录" in out
    assert "吊销：未吊销 → 序号 3 之后拒收；王科长；原因：丢失" in out
    assert "恢复：序号 3 之后拒收 → 序号 5 之后拒收；督查科；原因：找回" in out
    code, out, _ = run(capsys, *ws, "inspectors", "devices", "--json")
    history = {d["inspector_id"]: d["history"] for d in json.loads(out)}
    assert [h["action"] for h in history["I-001"]] == ["revoke", "reinstate"] and history["I-002"] == []


# ---------------------------------------------------------------- office key rotation


def test_a_rotation_hands_the_laptops_over_and_bundles_naming_the_old_key_still_import(kit, office, tmp_path):
    laptop = kit.laptop_copy("A", tmp_path / "a")
    old = keys.key_info(office.db).key_id
    (tmp_path / "out").mkdir()
    rotation = registry.rotate_office_key(office, OFFICE_PASS, tmp_path / "out")
    new = keys.key_info(office.db).key_id
    assert rotation.old_key_id == old != new == rotation.new_key_id
    assert sorted(d.inspector_id for d, _ in rotation.files) == ["I-001", "I-002"]
    assert registry.office_key_ids(office.db) == {old, new}
    assert keys.unlock(office.db, OFFICE_PASS).key_id == new  # the same passphrase
    assert merge.merge_bundle(office, kit.bundles["a1"]).verdict == "imported"  # exported before the rotation
    trust_file = next(path for device, path in rotation.files if device.inspector_id == "I-001")
    current, doc, how = registry.trust_change(laptop, trust_file)
    assert (current.key_id, doc["office_key_id"], how) == (old, new, "handover")
    assert registry.import_trust(laptop, trust_file).key_id == new
    pack = make_pack(office, tmp_path)  # signed by the new key
    assert taskpack.import_taskpack(laptop, pack["file"])["version"] >= 1
    inspect(laptop, site_code="YX-005", when=START + timedelta(days=2), seed=21)
    made = export.export_bundle(laptop, tmp_path / "out", FIELD_PASS)
    verdict = merge.merge_bundle(office, made.path)
    assert verdict.verdict == "imported" and verdict.manifest["office_key_id"] == new
    laptop.close()


def _attacker_trust(doc: dict, attacker: keys.Signer, handovers: list, path):
    forged = {
        **doc,
        "office_key_id": attacker.key_id,
        "office_public_key": attacker.info.public_key_hex,
        "handovers": handovers,
    }
    signature = attacker.sign(keys.DOMAIN_TRUST, canonical_json(forged))
    path.write_text(json.dumps({"trust": forged, "signature": signature.hex()}), encoding="utf-8")
    return path


def test_handovers_chain_over_two_rotations_and_a_forged_handover_is_refused(kit, office, tmp_path):
    laptop = kit.laptop_copy("B", tmp_path / "b")
    first = keys.key_info(office.db).key_id
    for n in (1, 2):
        (tmp_path / f"r{n}").mkdir()
        rotation = registry.rotate_office_key(office, OFFICE_PASS, tmp_path / f"r{n}", ident="I-002")
        assert [d.inspector_id for d, _ in rotation.files] == ["I-002"]
    (_, trust_file), *_ = rotation.files
    doc = json.loads(trust_file.read_text(encoding="utf-8"))["trust"]
    assert len(doc["handovers"]) == 2 and doc["handovers"][0]["statement"]["old_key_id"] == first
    with pytest.raises(RegistrationError, match="另一台笔记本"):
        registry.import_trust(kit.laptop_copy("A", tmp_path / "a"), trust_file)

    private = keys.Ed25519PrivateKey.generate()
    public = keys.raw_public(private)
    attacker = keys.Signer(private, keys.KeyInfo(keys.key_id_of(public), public, "2026-01-01T00:00:00Z"))
    # the genuine hand-overs lead to the office's new key, not to the attacker's
    with pytest.raises(TrustChangeRefused, match="没有旧密钥签名的交接证明"):
        registry.import_trust(laptop, _attacker_trust(doc, attacker, doc["handovers"], tmp_path / "x1.json"))
    # a hand-over to the attacker's key that the pinned key did not sign
    statement = {**doc["handovers"][0]["statement"], "new_key_id": attacker.key_id}
    statement["new_public_key"] = attacker.info.public_key_hex
    self_signed = [
        {"statement": statement, "signature": attacker.sign(keys.DOMAIN_ROTATION, canonical_json(statement)).hex()}
    ]
    with pytest.raises(TrustChangeRefused):
        registry.import_trust(laptop, _attacker_trust(doc, attacker, self_signed, tmp_path / "x2.json"))
    # the genuine signature of the first hand-over does not cover an edited statement
    edited = [{**doc["handovers"][0], "statement": statement}]
    with pytest.raises(TrustChangeRefused):
        registry.import_trust(laptop, _attacker_trust(doc, attacker, edited, tmp_path / "x3.json"))
    assert registry.pinned_office_key(laptop.db).key_id == first
    trust = registry.import_trust(laptop, trust_file)
    assert trust.key_id == keys.key_info(office.db).key_id
    laptop.close()


def test_keys_rotate_and_inspectors_trust_on_the_command_line(kit, office, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("INSPECTOR_PASSPHRASE", OFFICE_PASS)
    ws = ["--workspace", office.path]
    old = keys.key_info(office.db).key_id
    code, _, err = run(capsys, *ws, "keys", "rotate", "--out", tmp_path / "missing")
    assert code == 1 and "文件夹" in err and keys.key_info(office.db).key_id == old
    (tmp_path / "out").mkdir()
    code, out, _ = run(capsys, *ws, "keys", "rotate", "--out", tmp_path / "out", "--json")
    data = json.loads(out)
    assert code == 0 and data["old_key_id"] == old and data["new_key_id"] == keys.key_info(office.db).key_id
    written = sorted(Path(f["trust_file"]).name for f in data["trust_files"])
    assert len(written) == 2 and written == sorted(p.name for p in (tmp_path / "out").iterdir())
    code, out, _ = run(capsys, *ws, "inspectors", "trust", "I-001", "--out", tmp_path / "again.trust.json")
    assert code == 0 and "again.trust.json" in out
    laptop = kit.laptop_copy("A", tmp_path / "a")
    laptop.close()
    code, out, _ = run(
        capsys, "--workspace", tmp_path / "a", "office", "trust", "import", tmp_path / "again.trust.json"
    )
    assert code == 0 and "由原信任的密钥" in out and old[:12] in out
    registry.revoke(office.db, "I-001", 0)
    code, _, err = run(capsys, *ws, "inspectors", "trust", "I-001", "--out", tmp_path / "revoked.json")
    assert code == 1 and "已吊销" in err and not (tmp_path / "revoked.json").exists()


# ---------------------------------------------------------------- the explicit local reset


def test_another_office_key_without_a_handover_needs_an_explicit_confirmed_reset(kit, office, tmp_path, capsys):
    laptop = kit.laptop_copy("A", tmp_path / "a")
    other = kit.other_office_copy(tmp_path / "other")
    registry.export_registration(laptop, FIELD_PASS, tmp_path / "a.json")
    registry.register_device(other, tmp_path / "a.json", OFFICE_PASS, trust_out=tmp_path / "other.trust.json")
    ours, theirs = keys.key_info(office.db).key_id, keys.key_info(other.db).key_id
    laptop.close()
    ws = ["--workspace", tmp_path / "a"]
    code, _, err = run(capsys, *ws, "office", "trust", "import", tmp_path / "other.trust.json")
    assert code == 1 and "没有旧密钥签名的交接证明" in err and "--reset --yes" in err
    code, out, _ = run(capsys, *ws, "office", "trust", "import", tmp_path / "other.trust.json", "--reset")
    assert code == 3 and "未做任何改动" in out and "--yes" in out
    assert f"本机将不再信任办公室密钥 {ours}" in out and f"改为信任密钥 {theirs}" in out
    assert f"此后由密钥 {ours[:12]}… 签发的任务包都会被拒收" in out
    with workspace.open_workspace(tmp_path / "a") as laptop:
        assert registry.pinned_office_key(laptop.db).key_id == ours
    code, out, _ = run(capsys, *ws, "office", "trust", "import", tmp_path / "other.trust.json", "--reset", "--yes")
    assert code == 0 and f"本机已不再信任办公室密钥 {ours}" in out
    with pytest.raises(SystemExit) as usage:  # the old flag is gone: a reset is asked for by name
        run(capsys, *ws, "office", "trust", "import", tmp_path / "other.trust.json", "--replace")
    assert usage.value.code == 2
    with workspace.open_workspace(tmp_path / "a") as laptop:
        assert registry.pinned_office_key(laptop.db).key_id == theirs
        with pytest.raises(Refusal, match="不是由本机信任的办公室密钥签发"):
            taskpack.import_taskpack(laptop, make_pack(office, tmp_path)["file"])
        made = export.export_bundle(laptop, tmp_path, FIELD_PASS, full=True)
    assert merge.merge_bundle(office, made.path).code == "other_office"
    assert merge.merge_bundle(other, made.path).verdict == "imported"
    other.close()


def test_a_trust_file_with_control_characters_in_the_office_name_is_refused_unprinted(kit, office, tmp_path, capsys):
    """A reset trusts a file signed only by the key it names, so its office name is anyone's text."""
    laptop = kit.laptop_copy("A", tmp_path / "a")
    other = kit.other_office_copy(tmp_path / "other")
    registry.export_registration(laptop, FIELD_PASS, tmp_path / "a.json")
    registry.register_device(other, tmp_path / "a.json", OFFICE_PASS, trust_out=tmp_path / "t.json")
    laptop.close()
    outer = json.loads((tmp_path / "t.json").read_text("utf-8"))
    doc = {**outer["trust"], "office_name": "\x1b[2J\u202e督查科"}
    signature = keys.unlock(other.db, OFFICE_PASS).sign(keys.DOMAIN_TRUST, canonical_json(doc))
    other.close()
    hostile = tmp_path / "hostile.trust.json"
    hostile.write_text(json.dumps({"trust": doc, "signature": signature.hex()}, ensure_ascii=False), "utf-8")
    code, out, err = run(
        capsys, "--workspace", tmp_path / "a", "office", "trust", "import", hostile, "--reset", "--yes"
    )
    assert code == 1 and "不是有效的办公室信任文件" in err
    assert "\x1b" not in out + err and "\u202e" not in out + err
    with workspace.open_workspace(tmp_path / "a") as ws:
        assert registry.pinned_office_key(ws.db).key_id == keys.key_info(office.db).key_id


def test_a_revocation_tightened_meanwhile_is_not_loosened_by_a_revoke_checked_before(kit, office):
    """The check against the current cutoff is made again inside the transaction that writes the new one."""
    key_id = registry.list_devices(office.db)[0]["key_id"]
    registry.revoke(office.db, key_id, 10)
    seen = registry.find_device(office.db, key_id)  # what a second supervisor's command read: cutoff 10
    registry.revoke(office.db, key_id, 4)  # the first one tightened it meanwhile
    with pytest.raises(StateError, match="只能收紧"):
        registry._set_cutoffs(office.db, [seen], "revoke", 8, "", None)
    assert cutoff(office, key_id) == 4


def test_trust_import_reads_and_verifies_the_file_once(kit, tmp_path, capsys, monkeypatch):
    """What the command shows (first pin, hand-over or reset) is about the very document it pins."""
    laptop = kit.laptop_copy("A", tmp_path / "a")
    registry.export_registration(laptop, FIELD_PASS, tmp_path / "a.json")
    laptop.close()
    other = kit.other_office_copy(tmp_path / "other")
    registry.register_device(other, tmp_path / "a.json", OFFICE_PASS, trust_out=tmp_path / "t.json")
    other.close()
    calls = []
    verified = registry._verified_trust
    monkeypatch.setattr(registry, "_verified_trust", lambda *a: calls.append(a) or verified(*a))
    code, _, _ = run(
        capsys, "--workspace", tmp_path / "a", "office", "trust", "import", tmp_path / "t.json", "--reset", "--yes"
    )
    assert code == 0 and len(calls) == 1
