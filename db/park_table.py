"""Keeps the store's `parks` table equal to the gazetteer, so SQL users can join park ids to names.

The gazetteer (db/gazetteer/parks.toml) is the source of truth and ships with the code;
the table is a copy refreshed at every cycle, which also picks up parks added by an upgrade.
"""

from __future__ import annotations

from db.models import Park as ParkRow
from db.store import Store
from db.gazetteer import load_gazetteer


def sync_parks(store: Store) -> None:
    with store.session() as session:
        rows = {row.id: row for row in session.query(ParkRow)}
        for park in load_gazetteer().parks:
            row = rows.get(park.id) or ParkRow(id=park.id)
            row.name_en, row.name_zh, row.aliases = park.name_en, park.name_zh, "|".join(park.aliases)
            session.add(row)
