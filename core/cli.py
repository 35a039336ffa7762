"""The ``callpath`` command line (DESIGN 2.1). Exit 0: a diagnosis completed, whatever it
found; 2: bad usage or bad input (one line on stderr); 1: an internal fault (names the log)."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from . import __version__, timeouts
from . import catalog as catalog_mod
from . import report as report_mod
from .analysis import LOCATIONS, SYMPTOMS, Answers
from .catalog import SERVICES
from .explain import LANGS, system_lang
log = logging.getLogger(__name__)


class UsageError(Exception):
    """Bad usage or bad input: exit 2 with this one-line message."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, not usage plus message
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _deadline(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not 1.0 <= value <= 300.0:
        raise argparse.ArgumentTypeError("must be between 1 and 300 seconds")
    return value


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="callpath",
        description="Why won't my call to China go through? CallPath tests your connection to "
                    "Skype/Teams, to the rest of the internet and to mainland China, and says what "
                    "it found. Without a command it opens the app.",
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
    d.add_argument("--service", choices=SERVICES, default="skype",
                   help="the app you call with (default: skype)")
    d.add_argument("--catalog", metavar="FILE", help="use this endpoint catalog instead of the built-in one")
    d.add_argument("--format", choices=report_mod.FORMATS, default="text",
                   help="report format (default: text)")
    d.add_argument("--output", metavar="FILE", help="write the report to FILE instead of printing it")
    d.add_argument("--no-redact", action="store_true",
                   help="keep personal data in the report (this version does not remove any yet: "
                        "its reports contain your addresses)")
    d.add_argument("--deadline", type=_deadline, default=timeouts.DEFAULT_DEADLINE_S, metavar="SECONDS",
                   help=f"stop after this many seconds at most (default: {timeouts.DEFAULT_DEADLINE_S:.0f})")
    d.add_argument("--lang", choices=LANGS,
                   help="language of the verdict: en, zh_CN (简体中文) or zh_TW (繁體中文); "
                        "default: the system's")

    sub.add_parser("catalog", help="print the effective endpoint catalog as JSON",
                   description="Print the endpoint catalog in exactly the form --catalog reads."
                   ).add_argument("--catalog", metavar="FILE", help="validate and print this catalog instead")

    r = sub.add_parser("report", help="re-render a saved JSON report",
                       description="Re-render a report saved with --format json.")
    r.add_argument("file", metavar="FILE.json")
    r.add_argument("--format", choices=report_mod.FORMATS, default="text")
    r.add_argument("--output", metavar="FILE", help="write to FILE instead of printing")
    return p


def _check_format(fmt: str) -> None:
    if fmt not in report_mod.AVAILABLE_FORMATS:
        raise UsageError(f"the {fmt} format is not available yet in this version; "
                         f"use {' or '.join(report_mod.AVAILABLE_FORMATS)}")


def _render(report: dict, fmt: str) -> str:
    return report_mod.to_json_text(report) if fmt == "json" else report_mod.render_text(report)


def _emit(text: str, output: str | None) -> None:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        report_mod.write_atomic(output, text)
    except OSError as e:
        raise UsageError(f"cannot write {output}: {e.strerror or e}") from None


def _progress(done: int, total: int, what: str) -> None:
    if sys.stderr.isatty():
        sys.stderr.write(f"\r\033[K[{done}/{total}] {what[:70]}")
        if done == total:
            sys.stderr.write("\r\033[K")
        sys.stderr.flush()


def cmd_diagnose(args) -> int:
    from .api import Diagnosis

    _check_format(args.format)
    cat = catalog_mod.load(args.catalog)
    if args.output and not Path(args.output).absolute().parent.is_dir():
        # Say so now, not after the user has waited for the whole diagnosis.
        raise UsageError(f"cannot write {args.output}: the folder does not exist")
    diagnosis = Diagnosis(Answers(args.symptom, args.location, args.service), cat,
                          deadline_s=args.deadline, lang=args.lang or system_lang())
    try:
        report = diagnosis.run(on_progress=_progress)
    except KeyboardInterrupt:
        diagnosis.cancel()
        diagnosis.join(2.0)
        sys.stderr.write("\ncallpath: cancelled\n")
        return 130
    _emit(_render(report, args.format), args.output)
    return 0


def cmd_catalog(args) -> int:
    cat = catalog_mod.load(args.catalog)
    sys.stdout.write(catalog_mod.dump(cat))
    return 0


def cmd_report(args) -> int:
    _check_format(args.format)
    report = report_mod.load(args.file)
    _emit(_render(report, args.format), args.output)
    return 0


def main(argv: list[str] | None = None) -> int:
    from . import logs

    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            raise UsageError("no command given (see 'callpath --help')")
        log_path = logs.setup()
        handler = {"diagnose": cmd_diagnose, "catalog": cmd_catalog, "report": cmd_report}[args.command]
        return handler(args)
    except UsageError as e:
        print(f"callpath: {e}", file=sys.stderr)
        return 2
    except (catalog_mod.CatalogError, report_mod.ReportError) as e:
        print(f"callpath: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except Exception:
        log.exception("internal failure")
        where = locals().get("log_path")
        print("callpath: internal error" + (f"; details in {where}" if where else ""), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
