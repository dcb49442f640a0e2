"""Signing keys and registration: wrapped seeds, wrong passphrases, registration and trust files, revocation."""

import json

import pytest

from inspector.errors import InspectorError, StateError
from inspector.exchange import keys, registry
from inspector.exchange.keys import PassphraseError
from inspector.exchange.registry import RegistrationError
from tests.exchange.test_bundle_kit import FIELD_PASS, OFFICE_PASS, field_workspace, office_workspace

PERSON = {"id": "I-001", "name": "张明", "district": "云栖区", "unit": ""}


def test_seed_is_stored_only_wrapped_and_key_id_is_sha256_prefix(db):
    info = keys.init_key(db, "一个足够长的口令，至少十二个字")
    assert len(info.public_key) == 32
    assert info.key_id == __import__("hashlib").sha256(info.public_key).digest()[:16].hex()
    row = db.execute("SELECT kdf, salt, nonce, wrapped_seed FROM signing_key").fetchone()
    kdf = json.loads(row[0])
    assert kdf == {"name": "scrypt", "n": keys.cost.n, "r": keys.cost.r, "p": keys.cost.p}
    signer = keys.unlock(db, "一个足够长的口令，至少十二个字")
    seed = signer._private.private_bytes_raw()
    dump = "\n".join(db.conn.iterdump()).encode()
    assert seed not in bytes(row[3]) and seed.hex().encode() not in dump and len(row[3]) == 32 + 16
    sig = signer.sign(keys.DOMAIN_BUNDLE, b"manifest")
    assert keys.verify_signature(info.public_key, keys.DOMAIN_BUNDLE, b"manifest", sig)
    assert not keys.verify_signature(info.public_key, keys.DOMAIN_TASK_PACK, b"manifest", sig)


def test_wrong_passphrase_is_a_clear_error_and_changes_nothing(db):
    keys.init_key(db, "correct horse battery")
    before = db.execute("SELECT * FROM signing_key").fetchall()
    with pytest.raises(PassphraseError, match="口令不正确"):
        keys.unlock(db, "wrong horse battery")
    with pytest.raises(PassphraseError):
        keys.change_passphrase(db, "wrong horse battery", "another passphrase")
    assert db.execute("SELECT * FROM signing_key").fetchall() == before
    keys.change_passphrase(db, "correct horse battery", "another passphrase")
    assert keys.unlock(db, "another passphrase").key_id == keys.key_info(db).key_id


def test_weak_passphrase_and_second_init_are_refused(db):
    with pytest.raises(PassphraseError, match="至少需要 12 个字符（现在是 5 个）"):
        keys.init_key(db, "short")
    with pytest.raises(PassphraseError, match="至少需要 12 个字符（现在是 11 个）"):
        keys.init_key(db, "eleven-char")
    with pytest.raises(PassphraseError, match="过于简单"):
        keys.init_key(db, "aaaaaaaaaaaa")
    assert keys.key_info(db) is None
    keys.init_key(db, "a good passphrase")
    with pytest.raises(StateError):
        keys.init_key(db, "a good passphrase")
    with pytest.raises(StateError, match="keys init"):
        keys.require_key(__import__("inspector.store", fromlist=["x"]).open_memory_db())


def test_registration_trust_and_revocation(tmp_path):
    office = office_workspace(tmp_path / "office")
    laptop = field_workspace(tmp_path / "laptop", PERSON)
    reg = tmp_path / "reg.json"
    doc = registry.export_registration(laptop, FIELD_PASS, reg)
    assert doc["key_id"] == keys.key_info(laptop.db).key_id and doc["inspector"]["name"] == "张明"
    with pytest.raises(PassphraseError):
        registry.register_device(office, reg, "wrong passphrase", trust_out=tmp_path / "t.json")
    assert registry.list_devices(office.db) == []
    tampered = json.loads(reg.read_text(encoding="utf-8"))
    tampered["registration"]["inspector"]["id"] = "I-002"
    (tmp_path / "bad.json").write_text(json.dumps(tampered, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(RegistrationError, match="签名无效"):
        registry.register_device(office, tmp_path / "bad.json", OFFICE_PASS, trust_out=tmp_path / "t.json")
    device, _ = registry.register_device(office, reg, OFFICE_PASS, trust_out=tmp_path / "trust.json")
    assert device.device_id == laptop.device_id and device.inspector_id == "I-001"
    registry.register_device(office, reg, OFFICE_PASS, trust_out=tmp_path / "trust.json")  # idempotent
    assert len(registry.list_devices(office.db)) == 1
    assert registry.key_status(laptop.db)["office_key_id"] is None
    trust = registry.import_trust(laptop, tmp_path / "trust.json")
    assert trust.key_id == keys.key_info(office.db).key_id
    status = registry.key_status(laptop.db)
    assert status["has_key"] and status["office_key_id"] == trust.key_id and status["role"] == "field"
    other = field_workspace(tmp_path / "other", {**PERSON, "id": "I-002"})
    with pytest.raises(RegistrationError, match="另一台笔记本"):
        registry.import_trust(other, tmp_path / "trust.json")
    (tmp_path / "not.json").write_text("{}", encoding="utf-8")
    with pytest.raises(RegistrationError):
        registry.import_trust(laptop, tmp_path / "not.json")
    revoked = registry.revoke(office.db, "I-001", 3)
    assert [d.revoked_after_seq for d in revoked] == [3]
    assert registry.list_devices(office.db)[0]["revoked_after_seq"] == 3
    for ws in (office, laptop, other):
        ws.close()


def test_cli_takes_passphrases_from_a_file_or_the_environment_never_an_argument(tmp_path, monkeypatch, capsys):
    from inspector.cli import main as cli_main
    from inspector.workspace import init_workspace

    init_workspace(tmp_path / "w", role="field", inspector=PERSON).close()
    ws = ["--workspace", str(tmp_path / "w")]
    monkeypatch.delenv("INSPECTOR_PASSPHRASE", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert cli_main([*ws, "keys", "init"]) == 1
    assert "--passphrase-file" in capsys.readouterr().err
    assert cli_main([*ws, "keys", "init", "--passphrase", "secret-value"]) == 1
    assert "不能直接写在命令行" in capsys.readouterr().err
    (tmp_path / "p.txt").write_text("口令来自文件-1234567\n", encoding="utf-8")
    assert cli_main([*ws, "keys", "init", "--passphrase-file", str(tmp_path / "p.txt"), "--json"]) == 0
    key_id = json.loads(capsys.readouterr().out)["key_id"]
    monkeypatch.setenv("INSPECTOR_PASSPHRASE", "a wrong passphrase")
    assert cli_main([*ws, "register", "export", "--out", str(tmp_path / "r.json")]) == 1
    assert "口令不正确" in capsys.readouterr().err and not (tmp_path / "r.json").exists()
    monkeypatch.setenv("INSPECTOR_PASSPHRASE", "口令来自文件-1234567")
    assert cli_main([*ws, "register", "export", "--out", str(tmp_path / "r.json")]) == 0
    assert key_id in capsys.readouterr().out
    assert cli_main([*ws, "keys", "show", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["office_key_id"] is None


class _Recorded:
    """Stands in for scrypt: records the parameters asked for, derives with the cheapest allowed (tests stay fast)."""

    def __init__(self, real):
        self.real, self.calls = real, []

    def __call__(self, *, salt, length, n, r, p):
        self.calls.append((n, r, p))
        return self.real(salt=salt, length=length, n=keys.MIN_N, r=1, p=1)


@pytest.fixture
def scrypt_calls(monkeypatch):
    recorded = _Recorded(keys.Scrypt)
    monkeypatch.setattr(keys, "Scrypt", recorded)
    return recorded.calls


def test_the_app_wraps_keys_at_about_a_second_and_unlock_uses_the_stored_parameters(db, monkeypatch, scrypt_calls):
    # N = 2**18, r = 8 measured 0.88-0.95 s here (256 MiB); the test suite wraps with the cheapest allowed instead.
    assert keys.ScryptCost(n=2**18, r=8, p=1) == keys.DEFAULT_COST and keys.DEFAULT_COST.memory == 256 * 2**20
    assert keys.stored_cost(json.dumps({"name": "scrypt", "n": 2**18, "r": 8, "p": 1})) == keys.DEFAULT_COST
    cheap = keys.cost
    monkeypatch.setattr(keys, "cost", keys.DEFAULT_COST)
    keys.init_key(db, "the production passphrase")
    assert json.loads(db.execute("SELECT kdf FROM signing_key").fetchone()[0]) == {
        "name": "scrypt",
        "n": 2**18,
        "r": 8,
        "p": 1,
    }
    monkeypatch.setattr(keys, "cost", cheap)
    keys.unlock(db, "the production passphrase")
    assert scrypt_calls == [(2**18, 8, 1)] * 2  # unlock read the parameters stored with the key, not today's
    keys.change_passphrase(db, "the production passphrase", "a new passphrase here")
    assert scrypt_calls[2:] == [(2**18, 8, 1), (cheap.n, cheap.r, cheap.p)]  # re-wrapped at today's cost


def test_keys_wrapped_by_the_earlier_release_still_unlock(db, monkeypatch):
    monkeypatch.setattr(keys, "cost", keys.ScryptCost(n=2**15, r=8, p=1))  # the earlier release's parameters
    info = keys.init_key(db, "an older passphrase")
    monkeypatch.setattr(keys, "cost", keys.DEFAULT_COST)
    assert keys.unlock(db, "an older passphrase").key_id == info.key_id


@pytest.mark.parametrize(
    "kdf",
    [
        {"name": "scrypt", "n": 2**30, "r": 8, "p": 1},  # hours
        {"name": "scrypt", "n": 2**21, "r": 1, "p": 1},
        {"name": "scrypt", "n": 2**13, "r": 8, "p": 1},  # too cheap: not what this app writes
        {"name": "scrypt", "n": 3 * 2**14, "r": 8, "p": 1},  # not a power of two
        {"name": "scrypt", "n": 2**20, "r": 16, "p": 1},  # 2 GiB
        {"name": "scrypt", "n": 2**15, "r": 0, "p": 1},
        {"name": "scrypt", "n": 2**15, "r": 17, "p": 1},
        {"name": "scrypt", "n": 2**15, "r": 8, "p": 5},
        {"name": "scrypt", "n": 2**15, "r": 8, "p": 0},
        {"name": "scrypt", "n": "32768", "r": 8, "p": 1},
        {"name": "scrypt", "n": 32768.0, "r": 8, "p": 1},
        {"name": "scrypt", "n": 2**15, "r": True, "p": 1},
        {"name": "scrypt", "n": 2**15, "r": 8},
        {"name": "argon2id", "t": 3},
        [1, 2, 3],
        "{not json",
        "[" * 200_000,  # Python's own json would recurse until RecursionError
        '{"name": "scrypt", "name": "scrypt", "n": 32768, "r": 8, "p": 1}',
    ],
)
def test_kdf_parameters_from_a_hostile_workspace_are_refused_before_any_work(db, kdf, scrypt_calls):
    keys.init_key(db, "a good passphrase")
    text = kdf if isinstance(kdf, str) else json.dumps(kdf)
    db.execute("UPDATE signing_key SET kdf = ?", [text])
    before = len(scrypt_calls)
    with pytest.raises(InspectorError) as excinfo:
        keys.unlock(db, "a good passphrase")
    assert not isinstance(excinfo.value, PassphraseError) and "密钥保护" in str(excinfo.value)
    assert len(scrypt_calls) == before  # nothing was derived


def test_the_smallest_allowed_parameters_and_the_largest_memory_pass_the_bounds():
    assert keys.stored_cost(json.dumps({"name": "scrypt", "n": 2**14, "r": 1, "p": 1})) == keys.ScryptCost(2**14, 1, 1)
    assert keys.stored_cost(json.dumps({"name": "scrypt", "n": 2**20, "r": 8, "p": 4})).memory == 2**30
    assert keys.cost == keys.ScryptCost(n=keys.MIN_N, r=1, p=1)  # the suite's own cost is inside the bounds


def test_a_wrapped_seed_of_the_wrong_size_is_a_clear_error(db):
    keys.init_key(db, "a good passphrase")
    db.execute("UPDATE signing_key SET nonce = ?", [b"\x00" * 200])
    with pytest.raises(InspectorError, match="已损坏"):
        keys.unlock(db, "a good passphrase")
