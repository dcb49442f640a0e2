"""Why a bundle or task pack was refused, in the UI's language: the core's detailed Chinese sentence in Chinese,
a translated sentence for the core's reason code in any other language (never Chinese in the English UI)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from ui.widgets.dates import chinese_ui

CONTEXT = "Refusals"
REASONS = {
    "duplicate": QT_TRANSLATE_NOOP("Refusals", "This bundle was imported before; nothing was changed."),
    "signature": QT_TRANSLATE_NOOP(
        "Refusals", "The signature is not valid: the file was changed after export, or not signed by a registered key."
    ),
    "device_mismatch": QT_TRANSLATE_NOOP("Refusals", "The device the file names does not match its registered key."),
    "payload_hash": QT_TRANSLATE_NOOP(
        "Refusals", "The content does not match its signed list: the file was changed or damaged. Copy it again."
    ),
    "content_hash": QT_TRANSLATE_NOOP("Refusals", "A record does not match its fingerprint: it was changed."),
    "photo_hash": QT_TRANSLATE_NOOP("Refusals", "A photo does not match its fingerprint or size: it was changed."),
    "catalog_hash": QT_TRANSLATE_NOOP("Refusals", "The negative list in the file does not match its version."),
    "chain": QT_TRANSLATE_NOOP("Refusals", "A finding's revision history is broken or incomplete."),
    "chain_fork": QT_TRANSLATE_NOOP(
        "Refusals", "The bundle does not continue the laptop's previous bundle: held back for review."
    ),
    "equivocation": QT_TRANSLATE_NOOP(
        "Refusals",
        "Two different bundles carry the same number from one laptop: its key may be compromised. Held back for "
        "review; contact the inspector.",
    ),
    "void_conflict": QT_TRANSLATE_NOOP(
        "Refusals",
        "The laptop voided an inspection again with a different reason or time: its key may be compromised. Held back "
        "for review; contact the inspector.",
    ),
    "conflict": QT_TRANSLATE_NOOP("Refusals", "Records in the file conflict with records already kept here."),
    "foreign_device": QT_TRANSLATE_NOOP("Refusals", "The file changes records that belong to another laptop."),
    "bad_row": QT_TRANSLATE_NOOP("Refusals", "The file contains an invalid record."),
    "bad_manifest": QT_TRANSLATE_NOOP("Refusals", "The file's signed list is malformed; it may have been changed."),
    "bad_photo": QT_TRANSLATE_NOOP("Refusals", "A photo in the file cannot be used as evidence."),
    "photo_missing": QT_TRANSLATE_NOOP("Refusals", "A photo the records need is missing from the file."),
    "photo_facts": QT_TRANSLATE_NOOP("Refusals", "A photo's recorded details do not match the photo."),
    "counts": QT_TRANSLATE_NOOP("Refusals", "The number of records does not match the signed list."),
    "too_big": QT_TRANSLATE_NOOP("Refusals", "An item in the file is larger than allowed."),
    "too_large": QT_TRANSLATE_NOOP("Refusals", "The file is larger than allowed."),
    "budget": QT_TRANSLATE_NOOP("Refusals", "Reading the file took more work than allowed; it may be malicious."),
    "unreadable": QT_TRANSLATE_NOOP("Refusals", "The file could not be read. Copy it again."),
    "unreadable_payload": QT_TRANSLATE_NOOP("Refusals", "The file's content could not be read."),
    "empty": QT_TRANSLATE_NOOP("Refusals", "The file is empty; the copy may not have finished."),
    "truncated": QT_TRANSLATE_NOOP("Refusals", "The file is incomplete (cut short). Copy it again."),
    "changed": QT_TRANSLATE_NOOP("Refusals", "The file grew while it was read; import it after copying finishes."),
    "not_bundle": QT_TRANSLATE_NOOP("Refusals", "This is not a signed bundle; perhaps the wrong file was chosen."),
    "not_regular": QT_TRANSLATE_NOOP("Refusals", "This is not a regular file."),
    "not_sqlite": QT_TRANSLATE_NOOP("Refusals", "The data in the file is not in the format the app exports."),
    "wal": QT_TRANSLATE_NOOP("Refusals", "The data in the file was not written by the app's export."),
    "hidden_data": QT_TRANSLATE_NOOP("Refusals", "The data in the file was not written by the app's export."),
    "schema": QT_TRANSLATE_NOOP("Refusals", "The data in the file is of another kind or version."),
    "corrupt": QT_TRANSLATE_NOOP("Refusals", "The data in the file is damaged."),
    "old_format": QT_TRANSLATE_NOOP("Refusals", "The file was made by an older version of the app."),
    "bad_version": QT_TRANSLATE_NOOP("Refusals", "The file's version is not valid."),
    "expired": QT_TRANSLATE_NOOP("Refusals", "The task pack has expired."),
    "stale": QT_TRANSLATE_NOOP("Refusals", "The task pack is not newer than the one already imported."),
    "untrusted": QT_TRANSLATE_NOOP("Refusals", "The file is not signed by the office key this laptop trusts."),
    "other_office": QT_TRANSLATE_NOOP("Refusals", "The file belongs to another office."),
    "unregistered": QT_TRANSLATE_NOOP("Refusals", "The laptop that signed the file is not registered here."),
    "revoked": QT_TRANSLATE_NOOP("Refusals", "The laptop's key was revoked before this bundle number."),
    "unknown_site": QT_TRANSLATE_NOOP("Refusals", "The file refers to a site that is not in the register."),
}
OTHER = QT_TRANSLATE_NOOP("Refusals", "Refused: the file did not pass the checks.")


def reason_text(code: str, reason: str) -> str:
    """The reason to show: the core's own (Chinese) sentence in Chinese, the code's translated sentence otherwise."""
    if chinese_ui() or not reason:
        return reason
    return QCoreApplication.translate(CONTEXT, REASONS.get(code, OTHER))
