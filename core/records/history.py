"""Past runs, kept on this computer in SQLite (stdlib ``sqlite3``) in the user data folder.

Every finished run is added (already redacted, like every report); the newest
:data:`RETENTION` are kept. SQLite's journal makes each write all-or-nothing, so a process
killed mid-write loses at most that run. A damaged database, or one written by a newer
CallPath, is moved aside with a message and a fresh one started: nothing else is lost.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..base.measurement import ENDPOINT_GROUPS, of_type
from ..base.paths import data_dir
from ..base.reportdata import Report, Verdict
from ..words import rejudge, summary
from .report import ReportError, validate
from .watched import Plan, Point

SCHEMA_VERSION = 1
RETENTION = 200
FILENAME = "history.sqlite3"


class HistoryError(Exception):
    """The history cannot be used; the message says why in one line."""


@dataclasses.dataclass
class Entry:
    """A past run as the history lists it (a running diagnosis is engine.runner.Run)."""
    id: int
    started_at: str
    symptom: str
    location: str
    app: str                     # the app's id (the column keeps the report's name, service)
    locus: str
    cause: str
    headline: str
    figures: dict[str, dict[str, float | None]]

    def figures_text(self) -> str:
        parts = []
        for group in ENDPOINT_GROUPS:
            f = self.figures.get(group) or {}
            rtt, loss = f.get("rtt_ms"), f.get("loss_pct") or 0
            if of_type(rtt, (int, float)) and of_type(loss, (int, float)):
                parts.append(f"{group} {rtt:.0f} ms/{loss:.0f}%")
        return ", ".join(parts)


def figures(verdict: Verdict) -> dict[str, dict[str, float | None]]:
    """Key figures per group, as a run's verdict judged them (summary.group_figures)."""
    parts = verdict.get("parts") or {}
    return {group: summary.group_figures(parts, group) for group in ENDPOINT_GROUPS}  # a run's figures


WATCH_TABLE = """CREATE TABLE IF NOT EXISTS watch (
    at REAL NOT NULL, utc_offset_min INTEGER NOT NULL, grp TEXT NOT NULL,
    rtt_ms REAL, loss_pct REAL, mos REAL, offline INTEGER NOT NULL DEFAULT 0,
    app TEXT NOT NULL DEFAULT '')"""
# Columns added to the watch's table after it first shipped, added to older databases when they
# open. Without a new schema version, like the tables beside the runs: an older CallPath names
# the columns it reads and writes, so it goes on using the table, and its rows read as the
# column's default (a sample taken with a network; of no app named).
WATCH_COLUMNS = {"offline": "INTEGER NOT NULL DEFAULT 0", "app": "TEXT NOT NULL DEFAULT ''"}
PLAN_TABLE = """CREATE TABLE IF NOT EXISTS watch_plan (
    id INTEGER PRIMARY KEY CHECK (id = 1), started REAL NOT NULL, until REAL NOT NULL,
    every_min REAL NOT NULL, service TEXT NOT NULL, origin TEXT NOT NULL, beat REAL NOT NULL,
    ended REAL)"""
WATCH_RETENTION_S = 14 * 86400  # a watch's samples are kept two weeks


class History:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.notice: str | None = None  # said once, when something had to be moved aside
        self._db = self._open()

    @classmethod
    def open_default(cls) -> History:
        return cls(data_dir() / FILENAME)

    # --- opening, and recovering --------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise HistoryError(f"cannot keep a history in {self.path.parent}: {e.strerror or e}") from None
        db: sqlite3.Connection | None = None
        try:
            db = self._connect()
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                db.close()
                return self._start_over("was written by a newer CallPath")
            if version == 0:
                self._create(db)
            # Added beside the runs without a new schema version: older versions ignore it.
            db.execute(WATCH_TABLE)
            db.execute(PLAN_TABLE)
            self._add_columns(db)
            db.execute("SELECT count(*) FROM runs").fetchone()
            return db
        except sqlite3.DatabaseError:
            # Closed first: Windows refuses to rename a file SQLite still holds open.
            if db is not None:
                db.close()
            return self._start_over("was damaged")
        except OSError as e:
            if db is not None:
                db.close()
            raise HistoryError(f"cannot open the history {self.path}: {e.strerror or e}") from None

    def _add_columns(self, db: sqlite3.Connection) -> None:
        """The watch's columns an older database lacks (WATCH_COLUMNS). Two CallPaths opening it
        at once (the app and a terminal) may both try: the one that finds the column added by
        the other goes on; a database busy for longer than the timeout is not damage, and is
        not moved aside."""
        for name, kind in WATCH_COLUMNS.items():
            if name in _columns(db, "watch"):
                continue
            try:
                db.execute(f"ALTER TABLE watch ADD COLUMN {name} {kind}")
            except sqlite3.OperationalError as e:
                if name not in _columns(db, "watch"):
                    db.close()
                    raise HistoryError(f"cannot update the history {self.path}: {e}") from None

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=5.0, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=DELETE")  # the first read: a damaged file fails here
            db.execute("PRAGMA synchronous=FULL")
        except (sqlite3.DatabaseError, OSError):
            db.close()  # not left to the garbage collector, holding the file open meanwhile
            raise
        return db

    def _create(self, db: sqlite3.Connection) -> None:
        db.execute("BEGIN IMMEDIATE")
        db.execute("""CREATE TABLE IF NOT EXISTS runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT, started_at TEXT NOT NULL, symptom TEXT NOT NULL,
            location TEXT NOT NULL, service TEXT NOT NULL, locus TEXT NOT NULL, cause TEXT NOT NULL,
            headline TEXT NOT NULL, figures TEXT NOT NULL, report TEXT NOT NULL)""")
        db.execute(WATCH_TABLE)
        db.execute(PLAN_TABLE)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        db.execute("COMMIT")

    def _start_over(self, why: str) -> sqlite3.Connection:
        aside = self.path.with_name(f"{self.path.stem}.{time.strftime('%Y%m%d-%H%M%S')}.bad{self.path.suffix}")
        try:
            self.path.replace(aside)
            for extra in ("-journal", "-wal", "-shm"):
                sibling = self.path.with_name(self.path.name + extra)
                if sibling.exists():
                    sibling.replace(aside.with_name(aside.name + extra))
        except OSError as e:
            raise HistoryError(f"the history {self.path} {why} and cannot be moved aside: "
                               f"{e.strerror or e}") from None
        self.notice = f"the history {why}; it was moved to {aside} and a new one started"
        db = self._connect()
        self._create(db)
        return db

    # --- use ----------------------------------------------------------------------------------------

    def add(self, report: Report) -> str | None:
        """Keep a finished run; returns a notice if the history had to be started over."""
        # A run's own verdict; one kept before verdicts carried their parts, judged again, so the
        # figures kept are the verdict's it is listed with.
        ctx, v = report["context"], rejudge.judged(report)
        # An all-apps check is listed by its suggestion (its verdict is one app's).
        said = v.get("suggestion")
        row = (ctx.get("started_at", ""), ctx.get("symptom", ""), ctx.get("location", ""),
               ctx.get("service", ""), v.get("locus", ""), v.get("cause", ""),
               said["headline"] if said else v.get("headline", ""),
               json.dumps(figures(v)), json.dumps(report, ensure_ascii=False))
        with self._transaction("this run"):
            self._db.execute("INSERT INTO runs (started_at, symptom, location, service, locus, cause, "
                             "headline, figures, report) VALUES (?,?,?,?,?,?,?,?,?)", row)
            self._db.execute("DELETE FROM runs WHERE id NOT IN (SELECT id FROM runs ORDER BY id DESC "
                             "LIMIT ?)", (RETENTION,))
        return self.notice

    @contextlib.contextmanager
    def _transaction(self, what: str) -> Iterator[None]:
        """All of it or nothing; a failure is a HistoryError naming ``what`` was not kept."""
        try:
            self._db.execute("BEGIN IMMEDIATE")
            yield
            self._db.execute("COMMIT")
        except sqlite3.DatabaseError as e:
            try:
                self._db.execute("ROLLBACK")
            except sqlite3.DatabaseError:
                pass
            raise HistoryError(f"could not keep {what} in the history {self.path}: {e}") from None

    def add_points(self, points: list[Any], plan_started: float | None = None) -> None:
        """Keep a watch's samples (records.watched Points), dropping those older than two weeks;
        with ``plan_started``, that watch's plan notes the round (it is still being run)."""
        rows = [(p.at, p.utc_offset_min, p.group, p.rtt_ms, p.loss_pct, p.mos, int(p.offline), p.app)
                for p in points]
        if not rows:
            return
        newest = max(r[0] for r in rows)
        with self._transaction("the watch's samples"):
            self._db.executemany("INSERT INTO watch (at, utc_offset_min, grp, rtt_ms, loss_pct, mos, offline, "
                                 "app) VALUES (?,?,?,?,?,?,?,?)", rows)
            if plan_started is not None:
                self._db.execute("UPDATE watch_plan SET beat = ? WHERE started = ?", (newest, plan_started))
            self._db.execute("DELETE FROM watch WHERE at < ?", (newest - WATCH_RETENTION_S,))

    def points(self, since: float = 0.0) -> list[Any]:
        """A watch's samples kept since ``since`` (UTC seconds), oldest first."""
        rows = self._db.execute("SELECT at, utc_offset_min, grp, rtt_ms, loss_pct, mos, offline, app FROM watch "
                                "WHERE at >= ? ORDER BY at", (since,))
        return [Point(float(r[0]), int(r[1]), str(r[2]), r[3], r[4], r[5], bool(r[6]), str(r[7])) for r in rows]

    def set_plan(self, plan: Any) -> None:
        """Keep the plan of the watch starting now (records.watched Plan), in place of the last."""
        with self._transaction("the watch's plan"):
            self._db.execute("INSERT OR REPLACE INTO watch_plan (id, started, until, every_min, service, "
                             "origin, beat, ended) VALUES (1,?,?,?,?,?,?,?)",
                             (plan.started, plan.until, plan.every_min, plan.app, plan.origin,
                              plan.beat, plan.ended))

    def end_plan(self, started: float, at: float) -> None:
        """The watch that started at ``started`` is over (done, or stopped by the user)."""
        with self._transaction("the end of the watch"):
            self._db.execute("UPDATE watch_plan SET ended = ? WHERE started = ?", (at, started))

    def pause_plan(self, started: float) -> None:
        """The app that ran the watch is closing: the watch is to go on as soon as it opens
        again (no last round to wait on)."""
        with self._transaction("the pause of the watch"):
            self._db.execute("UPDATE watch_plan SET beat = 0 WHERE started = ? AND ended IS NULL", (started,))

    def plan(self) -> Any:
        """The last watch's plan, or None (none yet, or not readable as one)."""
        row = self._db.execute("SELECT started, until, every_min, service, origin, beat, ended "
                               "FROM watch_plan WHERE id = 1").fetchone()
        try:
            plan = Plan(float(row[0]), float(row[1]), float(row[2]), str(row[3]), str(row[4]),
                        float(row[5]), None if row[6] is None else float(row[6]))
        except (TypeError, ValueError):
            return None
        return plan if plan.every_min > 0 and plan.until > plan.started else None

    def list(self, limit: int = 50) -> list[Entry]:
        rows = self._db.execute("SELECT id, started_at, symptom, location, service, locus, cause, "
                                "headline, figures FROM runs ORDER BY id DESC LIMIT ?", (limit,))
        return [Entry(r[0], str(r[1]), str(r[2]), str(r[3]), str(r[4]), str(r[5]), str(r[6]), str(r[7]),
                    figures=_figures(_json(r[8]))) for r in rows]

    def get(self, run_id: int) -> Report | None:
        """The run's report; None if there is no such run; HistoryError if it is damaged."""
        row = self._db.execute("SELECT report FROM runs WHERE id = ?", (run_id,)).fetchone()
        if row is None:
            return None
        try:
            return validate(_json(row[0]), f"run {run_id} in the history")
        except ReportError as e:
            raise HistoryError(str(e)) from None

    def close(self) -> None:
        self._db.close()


def _columns(db: sqlite3.Connection, table: str) -> set[str]:
    return {str(row[1]) for row in db.execute(f"PRAGMA table_info({table})")}


def _figures(value: Any) -> dict[str, dict[str, Any]]:
    """Stored figures as the app shows them; anything damaged is left out."""
    if not isinstance(value, dict):
        return {}
    return {g: f for g, f in value.items() if isinstance(f, dict)}


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return None


def keep_redacted(report: Report) -> str | None:
    """Add a run to the default history, redacted like any report shared; what to tell the
    user about the history (a notice, or why it could not be written), if anything."""
    from ..base.redact import redact_report

    try:
        store = History.open_default()
        try:
            return store.add(redact_report(report))
        finally:
            store.close()
    except HistoryError as e:
        return str(e)


def _suggested(verdict: Verdict) -> str | None:
    said = verdict.get("suggestion")
    return f"{said['kind']}: {', '.join(said['apps'])}".rstrip(": ") if said else None


def compare(a: Report, b: Report) -> list[tuple[str, Any, Any]]:
    """What changed between two runs: (what, earlier, later) for the verdict and each group's
    round trip, loss and MOS."""
    va, vb = rejudge.judged(a), rejudge.judged(b)  # the verdicts the figures were judged under
    rows: list[tuple[str, Any, Any]] = [
        ("date", a["context"].get("started_at", "")[:16], b["context"].get("started_at", "")[:16]),
        ("verdict", f"{va.get('locus')}/{va.get('cause')}", f"{vb.get('locus')}/{vb.get('cause')}"),
    ]
    sa, sb = (_suggested(v) for v in (va, vb))
    if sa or sb:  # an all-apps check: which app to call on, as kind and apps ("use: wechat")
        rows.append(("suggestion", sa, sb))
    fa, fb = figures(va), figures(vb)
    for group in ENDPOINT_GROUPS:
        for key in ("rtt_ms", "loss_pct", "mos"):
            rows.append((f"{group}.{key}", fa[group][key], fb[group][key]))
    return rows
