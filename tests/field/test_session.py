"""The runner's session helpers in the core: note drafts kept while typing."""

from __future__ import annotations

from inspector.field import inspections, session
from inspector.register import sites
from inspector.workspace import open_workspace


def _inspection(ws):
    site = next(s for s in sites.list_sites(ws.db, site_type="market"))
    return inspections.start_inspection(ws.db, site_id=site.id, inspector_id="I-001", mode="announced")


def test_a_note_draft_is_kept_per_item_replaced_as_typed_and_forgotten(ws):
    one, two = _inspection(ws), _inspection(ws)
    codes = inspections.inspection_checklist(ws.db, one).codes
    assert session.note_drafts(ws.db, one.id) == {}
    session.save_note_draft(ws.db, one.id, codes[0], "门前")
    session.save_note_draft(ws.db, one.id, codes[0], "门前有积水")
    session.save_note_draft(ws.db, one.id, codes[1], "占道")
    session.save_note_draft(ws.db, two.id, codes[0], "另一次检查")
    other = open_workspace(ws.path)  # committed: what a restarted app reads
    try:
        assert session.note_drafts(other.db, one.id) == {codes[0]: "门前有积水", codes[1]: "占道"}
    finally:
        other.close()
    session.discard_note_draft(ws.db, one.id, codes[0])
    session.discard_note_draft(ws.db, one.id, codes[0])  # forgetting twice is harmless
    assert session.note_drafts(ws.db, one.id) == {codes[1]: "占道"}
    assert session.note_drafts(ws.db, two.id) == {codes[0]: "另一次检查"}


def test_a_runaway_draft_is_capped(ws):
    inspection = _inspection(ws)
    code = inspections.inspection_checklist(ws.db, inspection).codes[0]
    session.save_note_draft(ws.db, inspection.id, code, "字" * (session.MAX_DRAFT + 50))
    assert len(session.note_drafts(ws.db, inspection.id)[code]) == session.MAX_DRAFT


def test_drafts_never_travel_in_a_bundle():
    from inspector.exchange.bundle import manifest

    assert "note_drafts" not in {table for table, _columns, _key in manifest.TABLES}
