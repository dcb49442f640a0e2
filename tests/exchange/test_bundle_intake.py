"""Issue 9: no file on the stick can crash, hang or poison the office.

Hostile files are built from the kit's genuine bundles (signed again with the laptop's real key when the attack
needs a valid signature). Every case checks for a verdict with its code (never an exception), that the work is
bounded by bytes read (never by waiting: a thread guard fails the test instead of hanging), that a refused file
leaves the office digest as it was, and that a folder merge carries on past every bad file.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from inspector import envelope
from inspector.cli import main as cli_main
from inspector.envelope import HEADER, MAGIC_BUNDLE, canonical_json
from inspector.exchange import keys, merge, registry
from inspector.exchange.bundle import manifest as bm
from inspector.exchange.bundle import verify
from inspector.exchange.bundle.digest import workspace_digest
from inspector.exchange.bundle.payload import open_payload
from tests.exchange.test_bundle_kit import Kit, forge, kit_fixture, office_fixture, page_size, split  # noqa: F401

PROC = os.path.exists("/proc/self/pagemap")
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
needs_proc = pytest.mark.skipif(not PROC, reason="Linux /proc and /dev")
GUARD = 120  # seconds before a stuck merge fails the test (a hang guard, not a speed check)


def within(work: Callable[[], Any], seconds: float = GUARD) -> Any:
    """Run `work` in a thread and fail, rather than hang, when it has not returned after `seconds`."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = work()
        except BaseException as exc:  # handed back to the test
            box["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "the merge did not come back: it hangs on a file"
    if "error" in box:
        raise box["error"]
    return box["value"]


@pytest.fixture
def reads(monkeypatch) -> dict[str, int]:
    """Bytes read from received files, and how many private payload copies were started."""
    counted = {"bytes": 0, "copies": 0}
    real_read, real_copy = envelope._read, envelope.Incoming.copy_payload

    def counting_read(fd: int, n: int) -> bytes:
        data = real_read(fd, n)
        counted["bytes"] += len(data)
        return data

    def counting_copy(self, folder):
        counted["copies"] += 1
        return real_copy(self, folder)

    monkeypatch.setattr(envelope, "_read", counting_read)
    monkeypatch.setattr(envelope.Incoming, "copy_payload", counting_copy)
    return counted


def rewritten(kit: Kit, base: str, target: Path, edit: Callable[[bytes], bytes], *, signed: bool = True) -> Path:
    """A kit bundle whose canonical manifest bytes are edited as bytes (signed again by its laptop unless told)."""
    doc, signature, payload = split(kit.bundles[base].read_bytes())
    original = canonical_json(doc)
    body = edit(original)
    assert body != original
    if signed:
        signature = kit.signers[base[0].upper()].sign(keys.DOMAIN_BUNDLE, body)
    target.write_bytes(HEADER.pack(MAGIC_BUNDLE, 1, len(body)) + body + signature + payload)
    return target


def _seq(new: bytes) -> Callable[[bytes], bytes]:
    return lambda body: body.replace(b'"seq":1}', b'"seq":' + new + b"}")


HOSTILE_MANIFESTS = {
    "surrogate": lambda body: body.replace(b'"device_name":"', b'"device_name":"\\ud800', 1),
    "surrogate_key": lambda body: body.replace(b'{"bundle_id"', b'{"\\udc00":1,"bundle_id"', 1),
    "overflow": _seq(b"1e400"),
    "nan": _seq(b"NaN"),
    "huge_int": _seq(b"9007199254740993"),
    "deep": _seq(b'1,"z":' + b"[" * 30_000 + b"]" * 30_000),
}


def stored(ws) -> list[tuple]:
    return ws.db.execute(
        "SELECT file_name, verdict, code, reason, file_sha256, device_id, key_id, seq, bundle_id, counts"
        " FROM bundle_verdicts ORDER BY id"
    ).fetchall()


# ---------------------------------------------------------------- manifests that parse but cannot be re-encoded


@pytest.mark.parametrize("attack", sorted(HOSTILE_MANIFESTS))
def test_a_validly_signed_manifest_that_cannot_be_written_back_is_rejected(kit, office, tmp_path, reads, attack):
    before = workspace_digest(office.db)
    bad = rewritten(kit, "a1", tmp_path / f"{attack}.ibundle", HOSTILE_MANIFESTS[attack])
    verdict = within(lambda: merge.merge_bundle(office, bad))
    assert (verdict.verdict, verdict.code) == ("rejected", "bad_manifest")
    assert "不是有效的 JSON" in verdict.reason and not verdict.verified
    assert workspace_digest(office.db) == before
    data = bad.read_bytes()
    assert reads == {"bytes": len(data), "copies": 0}  # one read of the file, nothing copied
    [row] = stored(office)
    assert row[4] == hashlib.sha256(data).hexdigest()  # the record's hash comes from that same single read
    assert row[5:9] == (None, None, None, None)


def test_unsigned_hostile_manifests_are_rejected_the_same_way(kit, office, tmp_path):
    for attack, edit in HOSTILE_MANIFESTS.items():
        bad = rewritten(kit, "a1", tmp_path / f"{attack}.ibundle", edit, signed=False)
        assert merge.merge_bundle(office, bad).code == "bad_manifest", attack
    assert workspace_digest(office.db)["counts"]["findings"] == 0


# ---------------------------------------------------------------- special files


@needs_fifo
@needs_proc
def test_a_folder_merge_gives_every_bad_file_a_verdict_and_carries_on(kit, office, tmp_path, reads):
    folder = tmp_path / "usb"
    folder.mkdir()
    rewritten(kit, "a1", folder / "01-surrogate.ibundle", HOSTILE_MANIFESTS["surrogate"])
    rewritten(kit, "a1", folder / "02-overflow.ibundle", HOSTILE_MANIFESTS["overflow"])
    rewritten(kit, "a1", folder / "03-deep.ibundle", HOSTILE_MANIFESTS["deep"])
    os.mkfifo(folder / "04-pipe.ibundle")
    os.mkfifo(folder / "05-pipe-with-writer.ibundle")
    (folder / "06-zero.ibundle").symlink_to("/dev/zero")
    (folder / "07-urandom.ibundle").symlink_to("/dev/urandom")
    (folder / "08-pagemap.ibundle").symlink_to("/proc/self/pagemap")
    (folder / "09-\x1b[31mred\x1b[0m.ibundle").write_bytes(kit.bundles["r1"].read_bytes())
    (folder / "10-dangling.ibundle").symlink_to(folder / "nowhere")
    (folder / "11-folder.ibundle").mkdir()
    (folder / "x-a1.ibundle").symlink_to(kit.bundles["a1"])  # a link to a regular bundle file is fine
    (folder / "y-b1.ibundle").write_bytes(kit.bundles["b1"].read_bytes())
    writer = os.open(folder / "05-pipe-with-writer.ibundle", os.O_RDWR | os.O_NONBLOCK)
    shown: list[str] = []
    try:
        os.write(writer, b"CWDCBNDL" * 512)
        verdicts = within(lambda: merge.merge_paths(office, [folder], progress=lambda n, t, name: shown.append(name)))
        assert os.read(writer, 8192) == b"CWDCBNDL" * 512  # the pipe was never read
    finally:
        os.close(writer)
    assert [(Path(v.file).name[:3], v.verdict, v.code) for v in verdicts] == [
        ("01-", "rejected", "bad_manifest"),
        ("02-", "rejected", "bad_manifest"),
        ("03-", "rejected", "bad_manifest"),
        ("04-", "rejected", "not_regular"),
        ("05-", "rejected", "not_regular"),
        ("06-", "rejected", "not_regular"),
        ("07-", "rejected", "not_regular"),
        ("08-", "rejected", "empty"),
        ("09-", "rejected", "unregistered"),
        ("10-", "rejected", "unreadable"),
        ("x-a", "imported", "ok"),
        ("y-b", "imported", "ok"),
    ]
    assert "普通文件" in verdicts[3].reason
    small = sum(len(p.read_bytes()) for p in sorted(folder.glob("0[1-3]*")))
    bundles = kit.bundles["a1"].stat().st_size + kit.bundles["b1"].stat().st_size + kit.bundles["r1"].stat().st_size
    assert reads["bytes"] == small + bundles and reads["copies"] == 2
    names_and_reasons = "".join(shown) + "".join(v.file + v.reason for v in verdicts)
    assert "\x1b" not in names_and_reasons and "09-?[31mred?[0m.ibundle" in shown
    assert all("\x1b" not in row[0] + row[3] for row in stored(office))
    reference = kit.office_copy(tmp_path / "reference")
    for name in ("a1", "b1"):
        merge.merge_bundle(reference, kit.bundles[name])
    assert workspace_digest(office.db) == workspace_digest(reference.db)
    reference.close()


@needs_proc
def test_system_files_named_directly_are_refused_unread(kit, office, tmp_path, reads):
    for path, code in (
        ("/dev/zero", "not_regular"),
        ("/dev/urandom", "not_regular"),
        ("/proc/self/pagemap", "empty"),
        ("/proc/self/status", "empty"),
    ):
        verdict = within(lambda path=path: merge.merge_bundle(office, path))
        assert (verdict.verdict, verdict.code, verdict.file_sha256) == ("rejected", code, None), path
    assert reads == {"bytes": 0, "copies": 0}


def test_the_path_is_opened_once_whatever_the_verdict(kit, office, tmp_path, monkeypatch):
    real_open = os.open
    opened: list[str] = []

    def counting_open(path, *args, **kwargs):
        if str(path).endswith(".ibundle"):
            opened.append(str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", counting_open)
    bad = rewritten(kit, "a2", tmp_path / "tampered.ibundle", lambda b: b.replace(b'"seq":2', b'"seq":7'), signed=False)
    assert merge.merge_bundle(office, bad).code == "signature"
    assert merge.merge_bundle(office, kit.bundles["a1"]).verdict == "imported"
    assert opened == [str(bad), str(kit.bundles["a1"])]


# ---------------------------------------------------------------- cost before trust


def _sparse(path: Path, head: bytes, size: int = 2 * 1024**3) -> Path:
    """A file of `size` bytes that starts with `head`; the rest is a hole that costs no disk."""
    with open(path, "wb") as f:
        f.write(head)
        f.truncate(size)
    return path


def test_a_large_file_costs_only_its_header_until_its_signature_is_verified(kit, office, tmp_path, reads):
    data = kit.bundles["a2"].read_bytes()
    length = HEADER.unpack(data[: HEADER.size])[2]
    header = data[: HEADER.size + length + 64]
    garbage = b'{"not":"a manifest"}'
    flipped = bytearray(header)
    flipped[-1] ^= 1
    rogue = kit.bundles["r1"].read_bytes()
    rogue_header = rogue[: HEADER.size + HEADER.unpack(rogue[: HEADER.size])[2] + 64]
    cases = {
        "garbage": (HEADER.pack(MAGIC_BUNDLE, 1, len(garbage)) + garbage + bytes(64), "bad_manifest"),
        "unregistered": (rogue_header, "unregistered"),
        "signature": (bytes(flipped), "signature"),
    }
    before = workspace_digest(office.db)
    for name, (head, code) in cases.items():
        reads["bytes"] = 0
        verdict = merge.merge_bundle(office, _sparse(tmp_path / f"{name}.ibundle", head))
        assert (verdict.verdict, verdict.code, verdict.file_sha256) == ("rejected", code, None), name
        assert reads["bytes"] == len(head) < 100 * 1024, name
    reads["bytes"] = 0
    huge = merge.merge_bundle(office, _sparse(tmp_path / "huge.ibundle", header, verify.MAX_BUNDLE_BYTES + 1))
    assert (huge.code, reads["bytes"]) == ("too_large", 0)  # judged by its size, not a byte read
    registry.revoke(office.db, kit.devices["A"], 1)
    verdict = merge.merge_bundle(office, _sparse(tmp_path / "revoked.ibundle", header))
    assert (verdict.code, verdict.verified) == ("revoked", True) and reads["bytes"] == len(header)
    assert reads["copies"] == 0 and workspace_digest(office.db) == before
    assert stored(office)[-1][5:8] == (kit.devices["A"], split(data)[0]["key_id"], 2)  # a verified refusal


def test_a_validly_signed_header_with_a_wrong_payload_is_copied_then_refused(kit, office, tmp_path, reads):
    data = kit.bundles["a1"].read_bytes()
    tail = data[-1000:]
    bad = tmp_path / "grown.ibundle"
    bad.write_bytes(data[:-1000] + bytes(5000) + tail)
    verdict = merge.merge_bundle(office, bad)
    assert (verdict.code, verdict.verified, reads["copies"]) == ("payload_hash", True, 1)
    assert verdict.file_sha256 == hashlib.sha256(bad.read_bytes()).hexdigest()


# ---------------------------------------------------------------- no exception escapes a per-file merge


def test_an_unexpected_exception_becomes_a_rejection_and_the_folder_carries_on(kit, office, tmp_path, monkeypatch):
    real = keys.verify_signature
    calls = {"n": 0}

    def surprising(*args):
        calls["n"] += 1
        if calls["n"] == 1:
            raise UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed")
        return real(*args)

    monkeypatch.setattr(keys, "verify_signature", surprising)
    folder = tmp_path / "usb"
    folder.mkdir()
    for name in ("a1", "b1"):
        (folder / f"{name}.ibundle").write_bytes(kit.bundles[name].read_bytes())
    first, second = merge.merge_paths(office, [folder])
    assert (first.verdict, first.code) == ("rejected", "unreadable") and "UnicodeEncodeError" in first.reason
    assert (second.verdict, second.code) == ("imported", "ok")


def test_the_office_s_own_database_faults_stay_merge_errors(kit, office, monkeypatch):
    def locked(*args):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(registry, "find_device", locked)
    with pytest.raises(merge.MergeError, match="没有导入，也没有被拒收"):
        merge.merge_bundle(office, kit.bundles["a1"])
    assert office.db.execute("SELECT COUNT(*) FROM bundle_verdicts").fetchone()[0] == 0


# ---------------------------------------------------------------- untrusted text and claims


HOSTILE_NAME = "\x1b]0;pwned\x07\x1b[2J\x9b31m\u202etxt.exe"


def _claiming(kit: Kit, target: Path) -> Path:
    """An unsigned file that claims to be laptop A's bundle number 5, with control characters in its names."""

    def claim(body: bytes) -> bytes:
        doc = json.loads(body)
        doc.update(seq=5, prev_manifest_sha256="0" * 64, device_name=HOSTILE_NAME, bundle_id="\x1b[31mB-5")
        return canonical_json(doc)

    return rewritten(kit, "a1", target, claim, signed=False)


def test_claims_of_an_unverified_manifest_are_stored_as_claims_and_printed_safely(kit, office, tmp_path, capsys):
    bad = _claiming(kit, tmp_path / "claim.ibundle")
    office_path = str(office.path)
    office.close()
    base = ["--workspace", office_path]
    code = cli_main([*base, "bundle", "verify", str(bad)])
    out = capsys.readouterr()
    assert code == 3 and "声称" in out.out and "签名无效" in out.out
    assert not any(ch in out.out + out.err for ch in "\x1b\x07\x9b\u202e")
    assert cli_main([*base, "--json", "bundle", "verify", str(bad)]) == 3
    result = json.loads(capsys.readouterr().out)
    assert result["verified"] is False and result["manifest"]["device_name"] == "?]0;pwned??[2J?31m?txt.exe"
    assert cli_main([*base, "merge", str(bad)]) == 3
    capsys.readouterr()
    assert cli_main([*base, "bundle", "verdicts"]) == 0
    listing = capsys.readouterr().out
    assert f"声称的 {kit.devices['A'][:20]}" in listing and "声称的 5" in listing and "\x1b" not in listing
    from inspector import workspace

    with workspace.open_workspace(Path(office_path)) as ws:
        [row] = stored(ws)
    assert row[5:9] == (None, None, None, None)
    claimed = json.loads(row[9])["claimed"]
    assert (claimed["device_id"], claimed["seq"], claimed["bundle_id"]) == (kit.devices["A"], 5, "?[31mB-5")


def test_a_verified_refusal_keeps_the_device_s_own_columns(kit, office):
    registry.revoke(office.db, kit.devices["A"], 0)
    verdict = merge.merge_bundle(office, kit.bundles["a1"])
    assert (verdict.code, verdict.verified, verdict.claims) == ("revoked", True, {})
    [row] = stored(office)
    assert row[5] == kit.devices["A"] and row[7] == 1 and "claimed" not in json.loads(row[9])


def test_manifest_summary_marks_claims_and_strips_controls():
    manifest = {"bundle_id": "\x1b[2J", "device_name": "\u202eabc", "seq": 3, "counts": {"photos": "\x07"}}
    text = verify.manifest_summary(manifest, verified=False)
    assert text.startswith("以下是文件自己声称的内容") and "?[2J" in text and "?abc" in text
    assert not any(ch in text for ch in "\x1b\x07\u202e")
    assert verify.manifest_summary({"counts": []}).startswith("数据包 —")


@needs_fifo
def test_cli_merge_of_a_hostile_folder_prints_verdicts_not_tracebacks(kit, office, tmp_path, capfd):
    folder = tmp_path / "usb"
    folder.mkdir()
    rewritten(kit, "a1", folder / "01-surrogate.ibundle", HOSTILE_MANIFESTS["surrogate"])
    (folder / "02-\x1b[2J\x1b]0;title\x07.ibundle").write_bytes(b"CWDCBNDL\x00\x01\x00\x00\x00\x05{}\x1b[2J")
    os.mkfifo(folder / "03-pipe.ibundle")
    (folder / "04-a1.ibundle").write_bytes(kit.bundles["a1"].read_bytes())
    office.close()
    code = within(lambda: cli_main(["--workspace", str(office.path), "merge", str(folder)]))
    out = capfd.readouterr()
    text = out.out + out.err
    assert code == 3 and "Traceback" not in text and "程序内部错误" not in text
    assert "\x1b" not in text and "\x07" not in text
    assert text.count("已拒收：") == 3 and "已导入：04-a1.ibundle" in text


# ---------------------------------------------------------------- extract writes rows, not the file's pages


def _hide_in_page_gaps(marker: bytes):
    """Raw edit for `forge`: the marker written into unallocated space inside b-tree pages (no check reads it)."""

    def hide(payload: bytes) -> bytes:
        buf = bytearray(payload)
        size = page_size(payload)
        hidden = 0
        for page in range(1, len(buf) // size):  # page 1 holds the file header; leave it alone
            base = page * size
            if buf[base] not in (0x0D, 0x0A):  # leaf pages: an 8-byte header, then the cell pointers
                continue
            cells = int.from_bytes(buf[base + 3 : base + 5], "big")
            content = int.from_bytes(buf[base + 5 : base + 7], "big") or 65536
            start = base + 8 + 2 * cells
            if content - 8 - 2 * cells > len(marker):
                buf[start : start + len(marker)] = marker
                hidden += 1
        assert hidden, "no page had room"
        return bytes(buf)

    return hide


def test_extract_refuses_free_pages_and_drops_bytes_hidden_inside_pages(kit, office, tmp_path, capsys):
    marker = b"HIDDEN-PAYLOAD-BYTES-"

    def stash(conn: sqlite3.Connection) -> None:
        conn.execute("PRAGMA secure_delete = OFF")
        conn.execute("CREATE TABLE stash (x BLOB)")
        conn.execute("INSERT INTO stash VALUES (?)", [marker * 2000])
        conn.execute("DROP TABLE stash")

    on_free_pages = forge(kit, "a1", tmp_path / "free.ibundle", sql=stash)
    assert marker in on_free_pages.read_bytes()
    hidden = forge(kit, "a1", tmp_path / "hidden.ibundle", raw=_hide_in_page_gaps(marker))
    assert marker in hidden.read_bytes()
    office.close()
    out = tmp_path / "extracted.sqlite"
    refused = ["--workspace", str(office.path), "bundle", "extract", str(on_free_pages), "--out", str(out)]
    assert cli_main(refused) == 3
    assert "空闲页" in capsys.readouterr().out and not out.exists()
    assert cli_main(["--workspace", str(office.path), "bundle", "extract", str(hidden), "--out", str(out)]) == 0
    capsys.readouterr()
    assert marker not in out.read_bytes()
    payload = open_payload(out, bm.SCHEMA)  # a payload as the office expects one
    try:
        counts = {t: payload.conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t, _, _ in bm.TABLES}
    finally:
        payload.close()
    assert counts["finding_revisions"] == split(hidden.read_bytes())[0]["counts"]["revisions"]
    assert counts["photos"] == split(hidden.read_bytes())[0]["counts"]["photos"]
