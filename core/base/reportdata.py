"""The report and its verdict as typed dicts: the shape every face (the command line, the app,
the renderers, the history) reads, checked by mypy, at no cost at run time.

They type the JSON report as it is (its contract: README, "Reports and history"; the verdict's
fields: README, "The verdict"; the context's additions: docs/design.md, "Report additions"), so
nothing is converted where a report is written or read. A key marked ``NotRequired`` may be
missing from a report this version makes; the others this version always writes. A report read
from a file is cast to :class:`Report` once, after ``records.report.validate`` checked what the
readers rely on (the types of the fields present, every measurement's own keys): an older or
damaged report may still lack a field, which is why the readers of a saved report use ``.get``
with a fallback.
"""

# No postponed annotations here: a TypedDict reads NotRequired[...] only from evaluated ones
# (its __required_keys__, which the tests compare with the reports written).
from typing import Any, NotRequired, TypedDict


class ErrorData(TypedDict, total=False):
    """Why a measurement failed: a canonical ``code`` (``base.errors``) and a scrubbed
    ``detail``; ``None`` in a measurement that succeeded. Both are always written; a report
    from elsewhere is held only to the ``code``."""
    code: str
    detail: str


class MeasurementData(TypedDict):
    """One measurement as the report carries it (``base.measurement.Measurement.to_json``).
    ``metrics`` depend on the ``kind`` (docs/design.md, "Measurements")."""
    id: str                      # "<group>.<endpoint>.<kind>[port]" or "local.<kind>"
    kind: str
    group: str                   # local, world, service, china
    target: str                  # a host name, an address, or this side's place in English
    ok: bool
    error: ErrorData | None
    metrics: dict[str, Any]
    started_at: str              # ISO 8601, UTC
    duration_ms: float


class Watched(TypedDict):
    """The best and worst 3-hour windows of the user's own watch, in minutes of Beijing's day
    (``[start, end]``)."""
    best: list[int]
    worst: list[int]


class ClockChange(TypedDict):
    """The next change of this computer's clocks within 60 days: its date and the offset from
    UTC after it, in minutes."""
    on: str
    utc_offset_min: int


class TimeContext(TypedDict, total=False):
    """What a run's context says about when to call: the user's watch, and their next change
    of clocks."""
    watched: Watched
    clock_change: ClockChange


class ComparedData(TypedDict):
    """One app of an all-apps check, as planned (``analysis.choice.Compared``): its servers'
    catalog entries, and whether only weak sources name its voice servers."""
    app: str
    endpoints: list[str]
    weak: bool


class Context(TimeContext):
    """What a run was about and how it went (DESIGN 2.2, and docs/design.md, "Report
    additions")."""
    app_version: str
    os: str
    symptom: str                 # the complaint: check, sign_in, quality, phone_calls, ...
    location: str                # abroad or china, as chosen or guessed
    location_reason: str         # why: "chosen by the user", or the guess's reason
    service: str                 # the app asked about (a contract's name: the app, not a group)
    lang: str                    # the verdict's language
    started_at: str
    finished_at: str
    duration_s: float
    deadline_s: float
    ended_by: str                # complete, deadline, cancelled
    sensitive_probes: bool       # the censorship checks ran
    redacted: bool               # personal data replaced by placeholders
    followups: NotRequired[dict[str, str]]   # the replies about the called phone: question → reply
    utc_offset_min: NotRequired[int]         # the user's time zone
    reanalysed_by: NotRequired[str]          # the version that judged the report again
    compared: NotRequired[list[ComparedData]]  # an all-apps check (service "all"): its apps


class SuggestionData(TypedDict):
    """Which app to call on, from an all-apps check's verdicts (``analysis.choice``): ``kind``
    use, tie, local, none or unsure; the apps to call on (use) or that tie; the app whose
    verdict is the report's (``main``); and the words."""
    kind: str
    apps: list[str]
    main: str
    confidence: str
    standings: dict[str, str]    # each app's: clear, partly, local, blocked, trouble, unknown
    shared: str                  # the cause every app's verdict names, where they all name one ("")
    headline: str
    explanation: str


class VoiceFigures(TypedDict):
    """A part's voice figures as the analysis pooled them (``analysis.pathquality.Part``): the
    loss with its 95 % interval, the round trip, jitter and the call quality (MOS, of 5)."""
    loss_pct: float
    loss_range: list[float]
    rtt_ms: float
    jitter_ms: float
    mos: float


class Voice(VoiceFigures):
    """A part's voice as the verdict judged it (``analysis.judge_parts``): its figures (the
    verdict's own where it quotes them) and its state: ``ok``, ``mixed`` (one server's own way
    lost packets), ``poor``."""
    state: str


class GroupData(TypedDict):
    """A group of checks as the verdict judged it: how many were measured, failed, and failed
    unexplained by the verdict; its voice, or None when it had no voice sample."""
    checks: int
    failed: int
    unexplained: int
    voice: Voice | None


class Parts(TypedDict, total=False):
    """Each group and each part of the picture as the verdict sees them (``verdict["parts"]``):
    ``groups`` by group (local, world, service, china); ``picture``, each part of the way
    (``analysis.picture.PARTS``) → trouble, suspect, mixed, ok or unknown; ``off_path``, the
    checks of a way the user's apps do not take. The analysis writes all three; a saved
    report's may lack one (its readers fall back to nothing judged)."""
    groups: dict[str, GroupData]
    picture: dict[str, str]
    off_path: list[str]


class AppData(TypedDict):
    """The app a verdict is about, as resolved once (``analysis.apps.Chosen.to_json``; read
    back by ``apps.from_json``, which refuses a damaged one): its id, its names by language,
    and for a closed app the date it closed and the app its users moved to."""
    id: str
    names: dict[str, str]
    closed_on: NotRequired[str]
    successor: NotRequired["AppData"]


class Verdict(TypedDict):
    """The verdict (README, "The verdict"), in the report's language: where (``locus``: local,
    upstream, none, unknown), what (``cause``), how sure (``confidence``), the words, and the
    ids of the measurements behind it. Saved before verdicts carried them, a report lacks
    ``parts`` and ``app`` (the faces judge it again, or resolve the app from the context)."""
    locus: str
    cause: str
    confidence: str              # high, medium, low
    headline: str
    explanation: str
    actions: list[str]
    evidence: list[str]
    location: NotRequired[str]   # where the checks were judged from, where the evidence said so
    parts: NotRequired[Parts]
    app: NotRequired[AppData]
    # An all-apps check: every compared app's verdict (in the catalog's order; these carry no
    # ``apps`` of their own) and the suggestion. The verdict itself is the main app's.
    apps: NotRequired[list["Verdict"]]
    suggestion: NotRequired[SuggestionData]


class Report(TypedDict):
    """A report (``records.report.SCHEMA``): the run's context, its verdict, every planned
    measurement, measured or not."""
    schema: str
    context: Context
    verdict: Verdict
    measurements: list[MeasurementData]
