"""Exit codes office scripts rely on: `merge` and `bundle verify` exit 3 when a bundle is rejected or quarantined
(already imported is not a failure), 1 on an error, 0 otherwise; the JSON verdicts stay as they were."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from inspector.cli import main
from tests.exchange.test_bundle_kit import forge, kit_fixture, office_fixture  # noqa: F401


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def folder_of(tmp_path: Path, name: str, kit, bundles: list[str]) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    for bundle in bundles:
        shutil.copyfile(kit.bundles[bundle], folder / f"{bundle}.ibundle")
    return folder


def test_merge_exits_3_when_a_bundle_is_rejected_or_quarantined(kit, office, tmp_path, capsys):
    base = ["--workspace", str(office.path)]
    office.close()
    code, out, _ = run(capsys, *base, "--json", "merge", str(folder_of(tmp_path, "good", kit, ["a1", "b1"])))
    assert code == 0 and [v["verdict"] for v in json.loads(out)] == ["imported", "imported"]
    code, out, _ = run(capsys, *base, "merge", str(folder_of(tmp_path, "again", kit, ["a1"])))
    assert code == 0 and "已导入过" in out  # already imported is not a failure
    code, out, _ = run(capsys, *base, "--json", "merge", str(folder_of(tmp_path, "mixed", kit, ["a2", "r1"])))
    assert code == 3 and [v["verdict"] for v in json.loads(out)] == ["imported", "rejected"]
    other = forge(kit, "a1", tmp_path / "other.ibundle", sql=lambda c: c.execute("VACUUM"))
    code, out, _ = run(capsys, *base, "merge", str(other))
    assert code == 3 and "已隔离" in out
    code, _, err = run(capsys, *base, "merge", str(folder_of(tmp_path, "empty", kit, [])))
    assert code == 1 and err.startswith("错误：")  # no bundle at all is an error, not a verdict


def test_bundle_verify_exits_3_for_a_bundle_it_would_refuse(kit, office, tmp_path, capsys):
    base = ["--workspace", str(office.path)]
    office.close()
    code, out, _ = run(capsys, *base, "--json", "bundle", "verify", str(kit.bundles["a1"]))
    assert code == 0 and json.loads(out)["verdict"] == "valid"
    code, out, _ = run(capsys, *base, "--json", "bundle", "verify", str(kit.bundles["r1"]))
    assert code == 3 and json.loads(out)["verdict"] == "rejected"
    code, out, _ = run(capsys, *base, "bundle", "verify", str(kit.bundles["r1"]))
    assert code == 3 and "已拒收" in out
    assert run(capsys, *base, "merge", str(kit.bundles["a1"]))[0] == 0
    code, out, _ = run(capsys, *base, "--json", "bundle", "verify", str(kit.bundles["a1"]))
    assert code == 0 and json.loads(out)["verdict"] == "duplicate"
