"""The ``callpath`` command line (README, "The command"). Exit 0: a diagnosis completed, whatever it
found; 2: bad usage or bad input (one line on stderr); 1: an internal fault (names the log)."""

from __future__ import annotations

import argparse
import codecs
import contextlib
import io
import logging
import os
import signal
import sqlite3
import sys
import threading

from .. import __version__
from ..analysis import phonerules
from ..analysis.apps import ALL, resolve
from ..analysis.judge import LOCATIONS, SYMPTOMS, Answers
from ..base import timeouts
from ..base.i18n import LANGS, system_lang
from ..base.redact import redact_report
from ..base.reportdata import Report
from ..engine import catalog
from ..engine.builtin import builtin
from ..records.render import FORMATS, render
from ..records.report import OutputError, ReportError, check_output, load, write_output
from ..words import family
from . import interrupts
from . import watch as watch_cli
from .usage import UsageError, printable

log = logging.getLogger(__name__)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, not usage plus message
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _bounded(low: float, high: float, unit: str):
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number of {unit}: {text!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be between {low:g} and {high:g} {unit}")
        return value
    return parse


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def _apps_help() -> str:
    """The built-in catalog's apps, for --help (a --catalog file may declare others)."""
    cat = builtin()
    if cat is None:
        return "see 'callpath catalog'"
    return ", ".join(f"{a.id} ({a.name('en')}{', closed ' + a.retired if a.retired else ''})"
                     for a in cat.apps) + f"; default: {resolve(cat.apps).id}"


def _answers(args, cat: catalog.Catalog) -> Answers:
    """The user's answers, checked against the catalog's apps: one line if they do not fit."""
    followups = _replies(args.answer)
    if followups and args.symptom != "phone_calls":
        raise UsageError("--answer is about calls to phone numbers: use it with --symptom phone_calls")
    if args.service == ALL:
        if not cat.compared(args.symptom):
            raise UsageError(f"no app of the catalog can be checked for {args.symptom}")
        return Answers(args.symptom, args.location, ALL, followups)
    app = cat.app(resolve(cat.apps, args.service).id)  # none named: the catalog's default
    if app is None:
        raise UsageError(f"unknown app {args.service!r}: the catalog's apps are "
                         + ", ".join(a.id for a in cat.apps) + f", or {ALL}")
    if args.symptom not in app.symptoms:
        cannot = "call phone numbers" if args.symptom == "phone_calls" else f"be checked for {args.symptom}"
        raise UsageError(f"{app.name('en')} cannot {cannot}; choose --symptom from: {', '.join(app.symptoms)}")
    return Answers(args.symptom, args.location, app.id, followups)




def _replies(given: list[str] | None) -> tuple[tuple[str, str], ...]:
    """--answer QUESTION=REPLY, each checked: one line naming what is wrong."""
    pairs: dict[str, str] = {}
    for item in given or []:
        question, sep, reply = item.partition("=")
        if not sep:
            raise UsageError(f"--answer takes QUESTION=REPLY (e.g. rang=no), not {item!r}")
        pairs[question.strip()] = reply.strip().lower()
    try:
        return phonerules.parse(pairs)
    except ValueError as e:
        raise UsageError(str(e)) from None


_ANSWER_HELP = ("your answer to a question about the call, as QUESTION=REPLY (repeat it for "
                "several). The questions: "
                + " ".join(f"{q.id}: {q.text.format(service='your app')} ({', '.join(q.replies)})"
                           for q in phonerules.QUESTIONS)
                + " They change the verdict only with --symptom phone_calls, when your side works")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="callpath",
        description="Why won't my call to China go through? CallPath tests your connection to "
                    "your calling app (Teams, WeChat, ...), to the rest of the internet and to "
                    "mainland China, and says what it found. Without a command it opens the app.",
    )
    p.add_argument("--version", action="version", version=f"CallPath {__version__}")
    sub = p.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")

    d = sub.add_parser("diagnose", help="run a diagnosis without the app and print the report",
                       description="Run a diagnosis (about 5-10 seconds) and print the report.")
    d.add_argument("--symptom", choices=SYMPTOMS, default="check",
                   help="what goes wrong: phone_calls (to Chinese phone numbers), app_calls (to "
                        "contacts in China), quality (poor sound), sign_in, or check (default)")
    d.add_argument("--location", choices=LOCATIONS, default="auto",
                   help="where you are; auto (default) guesses from the time zone")
    d.add_argument("--service", metavar="APP",
                   help="the app you call with, one of the catalog's: " + _apps_help()
                        + f"; or {ALL}: every app that can carry the complaint, judged in one "
                        "check, a verdict per app and which to call on (about a fifth more data "
                        "than one app's check, in as long)")
    d.add_argument("--catalog", metavar="FILE", help="use this endpoint catalog instead of the built-in one")
    d.add_argument("--format", choices=FORMATS, default="text",
                   help="report format: text (default), markdown (for forum posts), html (a "
                        "self-contained page) or json (the full record)")
    d.add_argument("--output", metavar="FILE",
                   help="write the report to FILE instead of printing it (- is the standard output; "
                        "a file is replaced whole, a device or pipe written into)")
    d.add_argument("--no-redact", action="store_true",
                   help="keep personal data (your addresses, computer and user names) in the "
                        "report; by default it is replaced by placeholders")
    d.add_argument("--busy-line", action="store_true",
                   help="also test your line while it is busy: after the other checks, load it "
                        f"each way for about {timeouts.BUSY_LINE_LOAD_S} seconds in all (up to "
                        f"{timeouts.BUSY_LINE_MB} MB of data) while timing voice-like packets, to "
                        "see whether calls wait behind the load. The load goes to M-Lab "
                        "(Measurement Lab), which publishes every test, your IP address "
                        "included. Not run on a connection marked as metered, nor from inside "
                        "mainland China")
    d.add_argument("--no-sensitive-probes", action="store_true",
                   help="skip the checks that ask for names blocked in China (forged DNS "
                        "answers, connections cut by name); anyone watching your network could "
                        "see those questions. The report says what was not checked")
    d.add_argument("--deadline", type=_bounded(1.0, 300.0, "seconds"), default=timeouts.DEFAULT_DEADLINE_S,
                   metavar="SECONDS",
                   help=f"stop after this many seconds at most (default: {timeouts.DEFAULT_DEADLINE_S:.0f})")
    d.add_argument("--lang", choices=LANGS,
                   help="language of the verdict: en, zh_CN (简体中文) or zh_TW (繁體中文); "
                        "default: the system's")
    d.add_argument("--also", choices=LANGS, metavar="LANG",
                   help="add the verdict in a second language: " + ", ".join(LANGS)
                        + " (e.g. --also en to post on an English forum)")
    d.add_argument("--answer", action="append", metavar="QUESTION=REPLY", help=_ANSWER_HELP)
    d.add_argument("--family-message", nargs="?", const=family.DEFAULT_GREETING, metavar="GREETING",
                   help="print, instead of the report, a short message in Simplified Chinese for "
                        "your relative in China, to send on WeChat (how to check that a call from "
                        "abroad is you, and what to check on their line and phone), starting with "
                        "GREETING (e.g. 妈; "
                        f"default {family.DEFAULT_GREETING}). The report is still kept in the "
                        "history, and written to --output if given. Where the verdict asks "
                        "nothing of the relative, says so and exits 1")

    watch_cli.add_parser(sub, _bounded)

    h = sub.add_parser("history", help="list past runs (kept on this computer)",
                       description="List the runs CallPath kept, newest first, or show one again.")
    h.add_argument("--limit", type=_positive, default=20, help="how many runs to list (default: 20)")
    h.add_argument("--show", type=_positive, metavar="N", help="show run number N as a report")
    h.add_argument("--format", choices=FORMATS, default="text", help="format for --show")
    h.add_argument("--lang", choices=LANGS, help="language for --show")

    sub.add_parser("catalog", help="print the effective endpoint catalog as JSON",
                   description="Print the endpoint catalog in exactly the form --catalog reads."
                   ).add_argument("--catalog", metavar="FILE", help="validate and print this catalog instead")

    r = sub.add_parser("report", help="re-render a saved JSON report",
                       description="Re-render a report saved with --format json.")
    r.add_argument("file", metavar="FILE.json")
    r.add_argument("--format", choices=FORMATS, default="text")
    r.add_argument("--output", metavar="FILE", help="write to FILE instead of printing")
    r.add_argument("--lang", choices=LANGS, help="language of the verdict (default: the report's)")
    r.add_argument("--also", choices=LANGS, metavar="LANG",
                   help="add the verdict in a second language: " + ", ".join(LANGS))
    r.add_argument("--no-redact", action="store_true",
                   help="keep personal data if the saved report still has it")
    r.add_argument("--reanalyse", action="store_true",
                   help="judge the report's recorded measurements again with this version's "
                        "analysis (the verdict of the version that made it is replaced)")
    r.add_argument("--answer", action="append", metavar="QUESTION=REPLY",
                   help=_ANSWER_HELP + " (the verdict is judged again with them)")
    return p


NO_REDACT_WARNING = ("callpath: warning: this report keeps personal data (your addresses, computer "
                     "and user names); think before you share it")


def _prepare(report: Report, no_redact: bool) -> Report:
    _warn_if_kept(report, no_redact)
    return report if no_redact else redact_report(report)


def _warn_if_kept(report: Report, no_redact: bool) -> None:
    if no_redact and not report["context"].get("redacted"):
        print(NO_REDACT_WARNING, file=sys.stderr)


def _emit(text: str, output: str | None) -> None:
    try:
        write_output("-" if output is None else output, text)
    except OutputError as e:
        raise UsageError(str(e)) from None


def _check_output(output: str | None) -> None:
    """Say now, not after the user has waited for the whole diagnosis, that a target cannot
    be written."""
    if output is not None:
        try:
            check_output(output)
        except OutputError as e:
            raise UsageError(str(e)) from None


def _progress(done: int, total: int, what: str) -> None:
    if sys.stderr.isatty():
        sys.stderr.write(f"\r\033[K[{done}/{total}] {what[:70]}")
        if done == total:
            sys.stderr.write("\r\033[K")
        sys.stderr.flush()


def cmd_diagnose(args) -> int:
    from ..api import Diagnosis

    cat = catalog.load(args.catalog)
    _check_output(args.output)
    if args.busy_line and cat.busy_line is None:
        raise UsageError("--busy-line: this catalog names no load server (its 'busy_line' field)")
    lang = args.lang or system_lang()
    diagnosis = Diagnosis(_answers(args, cat), cat,
                          deadline_s=args.deadline, lang=lang,
                          sensitive_probes=not args.no_sensitive_probes, busy_line=args.busy_line)
    try:
        interrupts.check()  # a Ctrl-C noted while the diagnosis loaded: cancelled as one during it
        report = diagnosis.run(on_progress=_progress)
    except KeyboardInterrupt:
        # A second Ctrl-C while the probes stop must not cut the clean-up short.
        with _interrupts_ignored():
            diagnosis.cancel()
            diagnosis.join(2.0)
        sys.stderr.write("\ncallpath: cancelled\n")
        return 130
    report = _prepare(report, args.no_redact)
    _history_add(report)
    if args.family_message is None:
        _emit(render(report, args.format, lang, args.also), args.output)
        return 0
    if args.output is not None:
        _emit(render(report, args.format, lang, args.also), args.output)
    message = family.for_report(report, args.family_message)
    if message is None:
        # Said, and not 0: a script that sends what this prints must not send an empty message.
        print(f"callpath: no message for your family: this verdict asks nothing of them "
              f"({report['verdict']['headline']})", file=sys.stderr)
        return 1
    _emit(message + "\n", None)
    return 0


@contextlib.contextmanager
def _interrupts_ignored():
    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if main_thread else None
    try:
        yield
    finally:
        if main_thread:
            signal.signal(signal.SIGINT, previous)


def _history_add(report: Report) -> None:
    """Keep the run in the history; a history that cannot be written never fails a diagnosis."""
    from ..records import history

    try:
        notice = history.History.open_default().add(report)
    except (history.HistoryError, OSError, sqlite3.Error) as e:
        print(f"callpath: the run was not kept in the history: {printable(str(e))}", file=sys.stderr)
        return
    if notice:
        print(f"callpath: {notice}", file=sys.stderr)


def cmd_catalog(args) -> int:
    cat = catalog.load(args.catalog)
    sys.stdout.write(catalog.dump(cat))
    return 0


def cmd_report(args) -> int:
    _check_output(args.output)
    report = load(args.file)
    _warn_if_kept(report, args.no_redact)
    lang = args.lang or report["context"].get("lang") or "en"
    replies = _replies(args.answer)
    if replies and report["context"].get("symptom") != "phone_calls":
        raise UsageError("--answer is about calls to phone numbers; this report is about "
                         f"{report['context'].get('symptom')}")
    if args.reanalyse:
        from ..api import reanalyse  # the analysis, only when asked for

        report = reanalyse(report, lang)
    if replies:
        from ..api import with_followups

        report = with_followups(report, {**report["context"].get("followups", {}), **dict(replies)}, lang)
    # Judged above from the measurements as recorded; redacted only now, for what is shown.
    # The analysis reads what redaction hides: judged after it, a VPN's tunnel lost its address
    # and the VPN fell out of the verdict.
    if not args.no_redact:
        report = redact_report(report)
    _emit(render(report, args.format, lang, args.also), args.output)
    return 0


def cmd_history(args) -> int:
    from ..records import history

    store = history.History.open_default()
    if store.notice:
        print(f"callpath: {store.notice}", file=sys.stderr)
    runs = store.list(limit=args.limit)
    if args.show is not None:
        try:
            report = store.get(args.show)
        except history.HistoryError as e:
            raise UsageError(str(e)) from None
        if report is None:
            raise UsageError(f"no run number {args.show} in the history")
        if not report["context"].get("redacted"):
            print(NO_REDACT_WARNING.replace("this report", f"run {args.show} was kept with --no-redact and"),
                  file=sys.stderr)
        _emit(render(report, args.format, args.lang or report["context"].get("lang", "en")), None)
        return 0
    if not runs:
        print("No runs yet: 'callpath diagnose' or the app adds one each time.")
        return 0
    print(f"{'#':>4}  {'date (UTC)':16}  {'where':9} {'cause':20} {'app':6} figures")
    for run in runs:
        print(f"{run.id:>4}  {run.started_at[:16].replace('T', ' '):16}  {run.locus:9} {run.cause:20} "
              f"{run.app:6} {run.figures_text()}")
    return 0


# What a legacy code page shows in place of a sign it lacks: the first of these it can encode
# (cp936 and cp437 have √; cp1252 and cp936 have ×); anything else becomes "?".
_FALLBACKS = {"✓": ("√", "OK"), "✗": ("×", "X"), "→": ("->",), "–": ("-",), "—": ("-",),
              "“": ('"',), "”": ('"',), "…": ("...",)}


def _fallback_for(encoding: str) -> str:
    """The name of an error handler that writes _FALLBACKS in ``encoding`` (registered once).
    One per encoding: the single-byte codecs report their errors as "charmap", not by name."""
    name = f"callpath-fallback-{encoding}"

    def handler(error: UnicodeError) -> tuple[str, int]:
        if not isinstance(error, UnicodeEncodeError):
            raise error
        out = []
        for char in error.object[error.start:error.end]:
            out.append(next((c for c in _FALLBACKS.get(char, ()) if _encodes(c, encoding)), "?"))
        return "".join(out), error.end

    try:
        codecs.lookup_error(name)
    except LookupError:
        codecs.register_error(name, handler)
    return name


def _encodes(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def fit_streams(environ: dict[str, str] | os._Environ[str] = os.environ) -> None:
    """Make the standard output and error take every text this command writes: reports carry
    ✓ and ✗, and Chinese, which the legacy encodings Windows gives a console or a redirected
    stream (cp1252, cp437, cp936) cannot hold; written strictly, one of them ended the command
    with "internal error". Chosen per stream: a terminal (or an encoding the user asked for
    with PYTHONIOENCODING) keeps its encoding, and a sign it cannot show becomes its nearest
    (✓ √ or OK, ✗ × or X, → ->), anything else "?"; a file or
    a pipe gets UTF-8, so that the text arrives whole. Streams already in UTF-8, or with an
    error handler other than strict, are left as they are (surrogateescape, which Python gives
    the standard streams in the POSIX "C" locale, counts as strict: it encodes nothing more)."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if not isinstance(stream, io.TextIOWrapper) or stream.errors not in ("strict", "surrogateescape"):
            continue
        try:
            encoding = codecs.lookup(stream.encoding).name
            if encoding == "utf-8":
                continue
            terminal = stream.isatty()
        except (LookupError, ValueError, OSError):
            continue  # an encoding or a stream Python itself cannot name: left alone
        if terminal or environ.get("PYTHONIOENCODING"):
            stream.reconfigure(errors=_fallback_for(encoding))
        else:
            stream.reconfigure(encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    log_path = None
    fit_streams()
    try:
        from ..base import logs  # inside: Ctrl-C while it loads is a cancel too, not a traceback

        interrupts.check()

        args = build_parser().parse_args(argv)
        if args.command is None:
            raise UsageError("no command given (see 'callpath --help')")
        log_path = logs.setup()
        handler = {"diagnose": cmd_diagnose, "catalog": cmd_catalog, "report": cmd_report,
                   "history": cmd_history, "watch": watch_cli.cmd_watch}[args.command]
        return handler(args)
    except (UsageError, catalog.CatalogError, ReportError) as e:
        print(f"callpath: {printable(str(e))}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:  # Ctrl-C before or after a diagnosis ran (during one: cmd_diagnose)
        print("\ncallpath: cancelled", file=sys.stderr)
        return 130
    except Exception:
        log.exception("internal failure")
        print("callpath: internal error" + (f"; details in {log_path}" if log_path else ""), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
