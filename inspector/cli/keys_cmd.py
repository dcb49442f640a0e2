"""Keys and registration: `keys init|show|passwd|rotate`, `register export`, `office trust import`,
`inspectors register|trust|devices|revoke`.

Passphrases come from a prompt, `--passphrase-file FILE` or $INSPECTOR_PASSPHRASE; never from an argument.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import Any

from inspector.cli.common import EXIT_REFUSED, CliError, Outcome, Output, acting, add_command, add_group, open_ws, table
from inspector.exchange import keys, registry

ENV_PASSPHRASE = "INSPECTOR_PASSPHRASE"


def read_passphrase(args: argparse.Namespace, *, confirm: bool = False, prompt: str = "口令：") -> str:
    """The passphrase from --passphrase-file, $INSPECTOR_PASSPHRASE or a prompt (twice when `confirm`)."""
    if getattr(args, "passphrase_given", None) is not None:
        raise CliError(
            "口令不能直接写在命令行里（会留在命令历史中），未做任何改动："
            f"请用 --passphrase-file 或环境变量 {ENV_PASSPHRASE}"
        )
    path = getattr(args, "passphrase_file", None)
    if path:
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise CliError(f"无法读取口令文件“{path}”（{exc.strerror or exc}）") from None
        value = text.splitlines()[0] if text.splitlines() else ""
        if not value:
            raise CliError(f"口令文件“{path}”的第一行是空的")
        return value
    env = os.environ.get(ENV_PASSPHRASE)
    if env:
        return env
    if not sys.stdin.isatty():
        raise CliError(
            f"需要口令：请在终端中运行以便输入，或用 --passphrase-file 文件 / 环境变量 {ENV_PASSPHRASE} 提供"
        )
    value = getpass.getpass(prompt)
    if confirm and getpass.getpass("再输入一次：") != value:
        raise CliError("两次输入的口令不一致，未做任何改动")
    return value


def add_passphrase_option(parser: argparse.ArgumentParser) -> None:
    """--passphrase-file (the passphrase is never accepted as an argument itself)."""
    parser.add_argument("--passphrase-file", help=f"从文件第一行读取口令（也可用环境变量 {ENV_PASSPHRASE}）")
    parser.add_argument("--passphrase", dest="passphrase_given", nargs="?", const="", help=argparse.SUPPRESS)


def subgroup(sub: Any, name: str, help: str) -> Any:
    """The subcommands of an existing command group (e.g. `inspectors`), or a new group."""
    parser = sub.choices.get(name)
    if parser is None:
        return add_group(sub, name, help)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    raise RuntimeError(f"command {name} is not a group")


# keys


def cmd_keys_init(args: argparse.Namespace) -> Output:
    with open_ws(args) as ws:
        if keys.key_info(ws.db) is not None:
            raise CliError("这个工作区已经有签名密钥，未做任何改动（更换口令请用 keys passwd）")
        prompt = f"设置口令（至少 {keys.MIN_PASSPHRASE} 个字符）："
        info = keys.init_key(ws.db, read_passphrase(args, confirm=True, prompt=prompt))
    return info.as_dict(), f"已创建签名密钥 {info.key_id}\n请牢记口令：忘记口令将无法导出数据包或签发任务包"


def cmd_keys_show(args: argparse.Namespace) -> Output:
    with open_ws(args) as ws:
        info = keys.require_key(ws.db)
        data: dict[str, Any] = {"role": ws.role, "device_id": ws.device_id, **info.as_dict()}
        lines = [f"密钥编号：{info.key_id}", f"公钥：{info.public_key_hex}", f"创建时间：{info.created_at}"]
        if ws.role == "field":
            trust = registry.pinned_office_key(ws.db)
            data["office_key_id"] = trust.key_id if trust else None
            lines.append(f"信任的办公室密钥：{f'{trust.key_id}（{trust.office_name}）' if trust else '尚未导入'}")
    return data, "\n".join(lines)


def cmd_keys_passwd(args: argparse.Namespace) -> Output:
    if getattr(args, "passphrase_file", None) or os.environ.get(ENV_PASSPHRASE):
        raise CliError("更换口令只能在终端中交互进行")
    with open_ws(args) as ws:
        old = read_passphrase(args, prompt="原口令：")
        info = keys.change_passphrase(ws.db, old, read_passphrase(args, confirm=True, prompt="新口令："))
    return info.as_dict(), "口令已更换（密钥编号不变）"


# registration


def cmd_register_export(args: argparse.Namespace) -> Output:
    with open_ws(args) as ws:
        doc = registry.export_registration(ws, read_passphrase(args), args.out)
    return doc, (f"已写出登记文件 {args.out}\n密钥编号 {doc['key_id']}：请把文件交给督查科，并核对这一编号")


def cmd_keys_rotate(args: argparse.Namespace) -> Output:
    with open_ws(args) as ws:
        rotation = registry.rotate_office_key(ws, read_passphrase(args), args.out, ident=args.device)
    files = [{"device": device.as_dict(), "trust_file": str(path)} for device, path in rotation.files]
    data = {"old_key_id": rotation.old_key_id, "new_key_id": rotation.new_key_id, "trust_files": files}
    lines = [
        f"办公室密钥已更换：{rotation.old_key_id} → {rotation.new_key_id}（口令不变）",
        "旧密钥已签署交接证明：笔记本导入新的信任文件后改信新密钥；写明旧密钥的数据包仍照常接收。",
        f"已写出 {len(rotation.files)} 份信任文件，请交给各笔记本导入（office trust import）：",
        *(f"  {device.inspector_id} {device.device_name}：{path}" for device, path in rotation.files),
    ]
    return data, "\n".join(lines)


def cmd_trust_import(args: argparse.Namespace) -> Output:
    with open_ws(args) as ws:
        checked = registry.trust_change(ws, args.file)
        current, doc, how = checked
        warning = registry.reset_warning(current, doc) if how == "reset" and current is not None else ""
        if warning and args.reset and not args.yes:
            return Outcome(
                {"office_key_id": current.key_id if current else None, "offered_key_id": doc["office_key_id"]},
                f"{warning}。\n未做任何改动：确认要这样做，请加 --yes 再运行一次",
                EXIT_REFUSED,
            )
        trust = registry.import_trust(ws, args.file, reset=args.reset and args.yes, checked=checked)
    data = {
        "office_key_id": trust.key_id,
        "office_name": trust.office_name,
        "pinned_at": trust.pinned_at,
        "previous_office_key_id": current.key_id if current else None,
        "how": how,
    }
    text = f"已信任办公室“{trust.office_name}”的密钥 {trust.key_id}"
    if how == "handover":
        text += f"（由原信任的密钥 {current.key_id[:12]}… 签名交接）" if current else ""
    elif warning and current is not None:
        text = registry.reset_warning(current, doc, done=True)
    return data, text


def cmd_inspectors_register(args: argparse.Namespace) -> Output:
    with open_ws(args) as ws:
        trust_out = Path(args.trust_out or Path(args.file).with_suffix(".trust.json"))
        device, _ = registry.register_device(ws, args.file, read_passphrase(args), trust_out=trust_out)
    return {**device.as_dict(), "trust_file": str(trust_out)}, (
        f"已登记督查员 {device.inspector_id} 的笔记本“{device.device_name}”（密钥 {device.key_id}）\n"
        f"请把信任文件 {trust_out} 交回该笔记本导入（office trust import）"
    )


def cmd_inspectors_trust(args: argparse.Namespace) -> Output:
    with open_ws(args) as ws:
        written = registry.reissue_trust(ws, read_passphrase(args), args.id, args.out)
    lines = [
        f"已写出 {device.inspector_id} 的笔记本“{device.device_name}”的信任文件 {path}" for device, path in written
    ]
    data = [{"device": device.as_dict(), "trust_file": str(path)} for device, path in written]
    return data, "\n".join([*lines, "请交给该笔记本导入（office trust import）"])


def _cutoff_text(after_seq: int | None) -> str:
    return "未吊销" if after_seq is None else f"序号 {after_seq} 之后拒收"


def cmd_inspectors_devices(args: argparse.Namespace) -> Output:
    with open_ws(args) as ws:
        devices = registry.list_devices(ws.db)
    rows = [
        (
            d["inspector_id"],
            d["inspector_name"] or "—",
            d["device_name"],
            d["key_id"][:12],
            d["last_seq"] or "—",
            "、".join(map(str, d["gaps"])) or "—",
            "—" if d["revoked_after_seq"] is None else f"序号 {d['revoked_after_seq']} 之后",
        )
        for d in devices
    ]
    text = table(rows, ["督查员", "姓名", "设备", "密钥", "最新序号", "缺少序号", "吊销"])
    history = [
        f"  {change['at']}  {d['device_name']}（{d['key_id'][:12]}）"
        f"{'吊销' if change['action'] == 'revoke' else '恢复'}：{_cutoff_text(change['previous_after_seq'])}"
        f" → {_cutoff_text(change['after_seq'])}；{change['actor']}"
        + (f"；原因：{change['reason']}" if change["reason"] else "")
        for d in devices
        for change in d["history"]
    ]
    if history:
        text += "\n\n吊销记录：\n" + "\n".join(history)
    return devices, text + f"\n共 {len(devices)} 台笔记本"


def cmd_inspectors_revoke(args: argparse.Namespace) -> Output:
    with open_ws(args) as ws:
        if args.reinstate:
            devices = registry.reinstate(
                ws.db, args.id, reason=args.reason or "", after_seq=args.after_seq, actor=acting(args)
            )
        elif args.after_seq is None:
            raise CliError("请用 --after-seq N 给出吊销序号（或用 --reinstate --reason 原因 恢复）")
        else:
            devices = registry.revoke(ws.db, args.id, args.after_seq, reason=args.reason or "", actor=acting(args))
    names = "、".join(f"{d.device_name}（{d.key_id[:12]}）" for d in devices)
    if args.reinstate:
        text = (
            f"已恢复 {names}：吊销已撤销，数据包照常接收"
            if args.after_seq is None
            else f"已恢复 {names}：改为只接收序号不超过 {args.after_seq} 的数据包"
        )
    else:
        text = f"已吊销 {names}：序号大于 {args.after_seq} 的数据包将被拒收"
    return [d.as_dict() for d in devices], text


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add `keys`, `register`, `office trust` and the registry actions of `inspectors`."""
    group = add_group(sub, "keys", "签名密钥")
    add_passphrase_option(add_command(group, "init", cmd_keys_init, "设置口令并创建本工作区的签名密钥", common))
    add_command(group, "show", cmd_keys_show, "查看本工作区的密钥编号和公钥", common)
    add_command(group, "passwd", cmd_keys_passwd, "更换保护密钥的口令", common)
    p = add_command(
        group,
        "rotate",
        cmd_keys_rotate,
        "更换办公室签名密钥：旧密钥签署交接，为笔记本写出信任文件",
        common,
        role="office",
    )
    p.add_argument("--out", required=True, help="写出信任文件的文件夹（每台笔记本一个）")
    p.add_argument("--device", help="只为这名督查员、设备或密钥写信任文件（默认：所有未吊销的笔记本）")
    add_passphrase_option(p)

    group = add_group(sub, "register", "笔记本登记")
    p = add_command(group, "export", cmd_register_export, "导出本笔记本的登记文件（交给督查科）", common, role="field")
    p.add_argument("--out", required=True)
    add_passphrase_option(p)

    office = add_group(sub, "office", "办公室")
    trust = office.add_parser("trust", help="办公室信任文件").add_subparsers(dest="trust_action", required=True)
    p = add_command(
        trust, "import", cmd_trust_import, "导入督查科发回的信任文件（固定办公室公钥）", common, role="field"
    )
    p.add_argument("file")
    p.add_argument(
        "--reset",
        action="store_true",
        help="本机重置：改信另一把没有交接证明的办公室密钥（原密钥签发的任务包将被拒收；需加 --yes 确认）",
    )
    p.add_argument("--yes", action="store_true", help="确认 --reset")

    group = subgroup(sub, "inspectors", "督查员名册")
    p = add_command(group, "register", cmd_inspectors_register, "登记笔记本并写出信任文件", common, role="office")
    p.add_argument("file")
    p.add_argument("--trust-out", help="信任文件写到哪里（默认与登记文件同名 .trust.json）")
    add_passphrase_option(p)
    p = add_command(
        group, "trust", cmd_inspectors_trust, "重新签发笔记本的信任文件（含密钥交接证明）", common, role="office"
    )
    p.add_argument("id", help="督查员编号、设备编号或密钥编号")
    p.add_argument("--out", required=True, help="信任文件（或文件夹）")
    add_passphrase_option(p)
    add_command(group, "devices", cmd_inspectors_devices, "列出已登记的笔记本、密钥和吊销记录", common, role="office")
    p = add_command(
        group, "revoke", cmd_inspectors_revoke, "吊销督查员、设备或密钥：此序号之后的数据包拒收", common, role="office"
    )
    p.add_argument("id", help="督查员编号、设备编号或密钥编号")
    p.add_argument("--after-seq", type=int, help="此序号之后的数据包拒收（只能比现在的更严）")
    p.add_argument("--reinstate", action="store_true", help="恢复：放宽吊销序号（给出 --after-seq）或撤销吊销")
    p.add_argument("--reason", help="原因（--reinstate 时必填）")
    p.add_argument("--actor", help="同 --user：记录的操作人（办公室设有用户时须是其中一人）")
