"""The field laptop's scenery that the screenshots and the screen-fit check both draw: two weeks of inspections."""

from __future__ import annotations

import random
from datetime import time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from inspector import clock

if TYPE_CHECKING:
    from inspector.workspace import Workspace


def seed_field(ws: Workspace, photo_dir: Path) -> tuple[str, str]:
    """Record two weeks of finished inspections with photos; returns (a finished id, an open id)."""
    from inspector.demo.demo import synthetic_photo
    from inspector.field import evidence, inspections
    from inspector.register import sites

    rng = random.Random("screenshots")
    picks = [s for s in sites.list_sites(ws.db) if s.district != (ws.inspector or {}).get("district")][:12]
    start = clock.at(clock.today() - timedelta(days=14), time(9, 30))
    finished = ""
    for n, site in enumerate(picks):
        when = start + timedelta(days=n, minutes=17 * n)
        mode = "unannounced" if n % 3 else "announced"
        inspection = inspections.start_inspection(
            ws.db, site_id=site.id, inspector_id=ws.inspector["id"], mode=mode, started_at=when, place=site.address
        )
        for k, item in enumerate(inspections.inspection_checklist(ws.db, inspection).items):
            if rng.random() < 0.12:
                data = synthetic_photo(rng, when + timedelta(minutes=k), k)
                sha = evidence.import_photo(ws.db, ws.evidence_dir, data, device_id=ws.device_id).sha256
                inspections.record_finding(
                    ws.db,
                    inspection.id,
                    item.code,
                    outcome="fail",
                    count=rng.choice([1, 1, 2]),
                    note="现场发现",
                    photos=[sha],
                )
            else:
                inspections.record_finding(ws.db, inspection.id, item.code, outcome="pass")
        inspections.finish_inspection(ws.db, inspection.id, finished_at=when + timedelta(minutes=35))
        finished = inspection.id
    market = sites.list_sites(ws.db, site_type="market")[0]
    current = inspections.start_inspection(
        ws.db, site_id=market.id, inspector_id=ws.inspector["id"], mode="unannounced", place=market.address
    )
    items = inspections.inspection_checklist(ws.db, current).items
    for k, item in enumerate(items[:9]):
        if k == 3:
            photo = photo_dir / "IMG_0412.jpg"
            photo.write_bytes(synthetic_photo(rng, clock.now(), 7))
            sha = evidence.import_photo(ws.db, ws.evidence_dir, photo, device_id=ws.device_id).sha256
            inspections.record_finding(
                ws.db, current.id, item.code, outcome="fail", count=2, note="东门两处", photos=[sha]
            )
        elif k == 6:
            inspections.record_finding(ws.db, current.id, item.code, outcome="na")
        else:
            inspections.record_finding(ws.db, current.id, item.code, outcome="pass")
    return finished, current.id
