"""The calling apps, as the catalog declares them: names in three languages, which complaints
apply, and the facts that shape a verdict (a closed service, an app blocked in mainland China).
And the one place a run's app is resolved (``resolve``): the catalog's default when none is
named, the successor of a closed app, its names in each language. The verdict carries the
result (``verdict["app"]``), so every face shows it instead of looking it up.

Data, not code: adding an app is a catalog entry (and its endpoints), plus texts only where it
needs words of its own. The records are NamedTuples, as the user's answers are (answers.py):
the first page reads the apps before it paints.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from ..base.i18n import LANGS, N_
from .answers import SYMPTOMS

if TYPE_CHECKING:  # the report's types are not for the first page, which lists the apps
    from ..base.reportdata import AppData

ALL = "all"  # the app asked about when every app that can carry the complaint is judged (choice)
ALL_NAME = N_("All my apps")  # its name where a run's app is named
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,30}$")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")  # also the catalog's endpoints' "retired"
FIELDS = {"id", "names", "source", "symptoms", "default", "retired", "successor", "blocked_in_china",
          "note", "status_url"}
_HTTPS = re.compile(r"^https://[^\s/?#]+\.[^\s/?#]+(/\S*)?$")


class AppError(ValueError):
    """An app entry that cannot be used; the message names the app and the field."""


class App(NamedTuple):
    id: str
    names: tuple[tuple[str, str], ...]      # (language, name), in LANGS order
    source: str
    symptoms: tuple[str, ...]               # the complaints that apply ("phone_calls" only where
                                            # the app can call phone numbers)
    default: bool = False
    retired: str | None = None              # the date the service closed
    successor: str | None = None            # the app its users moved to: what is checked instead
    blocked_in_china: bool = False          # unusable inside mainland China without a VPN
    note: str = ""
    status_url: str = ""                    # the service's own public status page, if it has one

    def name(self, lang: str = "en") -> str:
        found = dict(self.names)
        return found.get(lang) or found["en"]

    @property
    def name_map(self) -> dict[str, str]:
        return dict(self.names)


def parse(entries: Any) -> tuple[App, ...]:
    if not isinstance(entries, list) or not entries:
        raise AppError("catalog: field 'apps' must be a non-empty list")
    apps = [_app(entry, i) for i, entry in enumerate(entries)]
    ids = [a.id for a in apps]
    for a in apps:
        if ids.count(a.id) > 1:
            raise AppError(f"catalog app '{a.id}': field 'id' is used twice")
        if a.successor is not None and (a.successor not in ids or a.successor == a.id):
            raise AppError(f"catalog app '{a.id}': field 'successor' must name another app")
    if sum(a.default for a in apps) != 1:
        raise AppError("catalog: exactly one app must be the 'default'")
    if any(a.default and a.retired for a in apps):
        raise AppError("catalog: a closed app cannot be the 'default'")
    return tuple(apps)


def _app(entry: Any, index: int) -> App:
    if not isinstance(entry, dict):
        raise AppError(f"catalog app #{index + 1}: must be an object")
    aid = entry.get("id")
    if not isinstance(aid, str) or not _ID.match(aid):
        raise AppError(f"catalog app #{index + 1}: field 'id' must be lower-case letters, digits and '-'")
    where = f"catalog app '{aid}'"
    if aid == ALL:
        raise AppError(f"{where}: field 'id' cannot be '{ALL}', which asks for every app")
    unknown = sorted(set(entry) - FIELDS)
    if unknown:
        raise AppError(f"{where}: unknown field \"{unknown[0]}\"")

    def fail(field: str, what: str) -> AppError:
        return AppError(f"{where}: field '{field}' {what}")

    names = entry.get("names")
    if not isinstance(names, dict) or set(names) != set(LANGS) or not all(
            isinstance(v, str) and v.strip() for v in names.values()):
        raise fail("names", f"must give a name in each of {', '.join(LANGS)}")
    source = entry.get("source")
    if not isinstance(source, str) or not source.strip():
        raise fail("source", "must be a non-empty text")
    symptoms = entry.get("symptoms")
    if not isinstance(symptoms, list) or not symptoms or any(s not in SYMPTOMS for s in symptoms) \
            or "check" not in symptoms:
        raise fail("symptoms", f"must list 'check' and any of {', '.join(SYMPTOMS)}")
    retired = entry.get("retired")
    if retired is not None and not (isinstance(retired, str) and ISO_DATE.fullmatch(retired)):
        raise fail("retired", "must be a date (YYYY-MM-DD)")
    successor = entry.get("successor")
    if successor is not None and not isinstance(successor, str):
        raise fail("successor", "must name another app")
    for flag in ("default", "blocked_in_china"):
        if not isinstance(entry.get(flag, False), bool):
            raise fail(flag, "must be true or false")
    note = entry.get("note", "")
    if not isinstance(note, str):
        raise fail("note", "must be a text")
    status_url = entry.get("status_url", "")
    if not isinstance(status_url, str) or (status_url and not _HTTPS.match(status_url)):
        raise fail("status_url", "must be an https:// address")
    return App(aid, tuple((lang, names[lang].strip()) for lang in LANGS), source.strip(),
               tuple(s for s in SYMPTOMS if s in symptoms), entry.get("default", False), retired,
               successor, entry.get("blocked_in_china", False), note, status_url)


def to_json(app: App) -> dict[str, Any]:
    d: dict[str, Any] = {"id": app.id, "names": app.name_map, "symptoms": list(app.symptoms)}
    for field in ("default", "blocked_in_china"):
        if getattr(app, field):
            d[field] = True
    for field in ("retired", "successor", "status_url"):
        if getattr(app, field):
            d[field] = getattr(app, field)
    d["source"] = app.source
    if app.note:
        d["note"] = app.note
    return d


# --- every app, judged in one check (analysis/choice.py) -------------------------------------------

class Compared(NamedTuple):
    """One app of an all-apps run, as it was planned (the report's ``context.compared``)."""
    app: str
    endpoints: tuple[str, ...]  # its servers' catalog entries (the service group's)
    weak: bool = False          # no published source names its voice servers


def carrying(apps: Iterable[App], symptom: str) -> tuple[App, ...]:
    """The apps an all-apps check judges for ``symptom``: every app still running whose
    complaints include it, in the catalog's order (a closed app's users are counted under the
    app they moved to)."""
    return tuple(a for a in apps if not a.retired and symptom in a.symptoms)


# --- the chosen app, resolved once ------------------------------------------------------------------

class Chosen(NamedTuple):
    """The calling app a run is about, as :func:`resolve` found it: its names, and for a closed
    app the date it closed and the app its users moved to (whose servers are checked instead)."""
    id: str                                  # the app asked about (the report's context.service)
    names: tuple[tuple[str, str], ...]       # (language, name)
    closed_on: str | None = None             # a closed app: the date it closed
    successor: Chosen | None = None          # a closed app: the app its users sign in to now

    def name(self, lang: str = "en") -> str:
        found = dict(self.names)
        return found.get(lang) or found.get("en") or self.id

    @property
    def name_map(self) -> dict[str, str]:
        return dict(self.names)

    @property
    def checked(self) -> Chosen:
        """The app whose servers a run about this one checks, and whose name the checks and
        the verdict's words use: a closed app's successor (Skype's users sign in to Teams)."""
        return self.successor or self

    def to_json(self) -> AppData:
        """As the verdict carries it (``verdict["app"]``); :func:`from_json` reads it back."""
        d: AppData = {"id": self.id, "names": self.name_map}
        if self.closed_on:
            d["closed_on"] = self.closed_on
        if self.successor is not None:
            d["successor"] = self.successor.to_json()
        return d


def resolve(apps: Iterable[App], app_id: str | None = None) -> Chosen:
    """The app a run about ``app_id`` is about, from the catalog's ``apps``: the one place that
    says which app, under which names, and whose servers. No id (an older report, answers left
    at their default): the catalog's default app. A closed app: its successor is what is
    checked and named (if the catalog has it). An id the catalog does not know (a report of
    another version): that app, named by its id."""
    by_id = {a.id: a for a in apps}
    app = by_id.get(app_id) if app_id else next((a for a in by_id.values() if a.default), None)
    if app is None:
        return Chosen(app_id or "", tuple((lang, app_id or "") for lang in LANGS))
    successor = by_id.get(app.successor or "") if app.retired else None
    return Chosen(app.id, app.names, app.retired,
                  Chosen(successor.id, successor.names) if successor is not None else None)


def from_json(value: Any) -> Chosen | None:
    """A saved verdict's app (``verdict["app"]``); None where it is missing or damaged (a report
    saved before verdicts carried it, or edited by hand), so the face resolves it again."""
    if not isinstance(value, dict):
        return None
    aid, names, closed = value.get("id"), value.get("names"), value.get("closed_on")
    if not (isinstance(aid, str) and isinstance(names, dict) and names
            and all(isinstance(k, str) and isinstance(v, str) for k, v in names.items())
            and (closed is None or isinstance(closed, str))):
        return None
    successor = None
    if value.get("successor") is not None:
        successor = from_json(value["successor"])
        if successor is None or successor.successor is not None:
            return None
    return Chosen(aid, tuple(names.items()), closed, successor)
