"""Every verdict the texts can say, drawn as the result page's card, four to a picture:
OUTDIR/verdicts-<lang>-<n>.png. For reading each verdict in each language as a user sees it.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/verdict_gallery.py /tmp/gallery [LANG...]

Uses a recorded lab report for the measurements; runs no diagnosis and touches no network.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Figures a verdict may quote, plausible for any of them.
FACTS = {"service": "teams", "loss_pct": 12.0, "rtt_ms": 180.0, "mos": 3.1, "names": ["login.live.com"],
         "failed": 6, "tried": 6, "product": "Kaspersky", "hosts": 4, "unexplained": 2,
         "unexplained_count": 2, "skew_s": 30 * 86400.0, "tunnels": ["wg0"], "utc_offset_min": 60}
PER_PICTURE = 4


def keys() -> list[str]:
    from callpath.core.words import texts
    return list(dict.fromkeys(list(texts.HEADLINES) + list(texts.EXPLANATIONS) + list(texts.ACTIONS)))


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else Path("gallery")
    out.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT))
    from callpath.core.analysis import causes
    from callpath.core.analysis.evidence import Evidence
    from callpath.core.analysis.finding import Finding
    from callpath.core.analysis.judge import Answers, judge_parts
    from callpath.core.base.measurement import from_json
    from callpath.core.engine.builtin import builtin
    from callpath.core.words import explain
    from callpath.gui import i18n
    from callpath.gui.qt import QApplication, QColor, QPainter, QPixmap
    from callpath.gui.result import ResultPage

    app = QApplication.instance() or QApplication([])
    base = json.loads((ROOT / "tests" / "fixtures" / "reports" / "healthy-check.json").read_text("utf-8"))
    measurements = [from_json(m) for m in base["measurements"]]
    langs = argv[1:] or list(i18n.LANGS)
    for lang in langs:
        i18n.set_language(lang)
        page = ResultPage(builtin().apps)
        page.resize(760, 1200)
        page.show()
        shots = []
        for key in keys():
            cause, _slash, variant = key.partition("/")
            locus = next(iter(causes.CAUSES[cause].loci))
            if cause == "udp_blocked" and variant in ("local", "upstream"):
                locus = variant
            facts = dict(FACTS, variant=variant or None, symptom=variant if cause == "beyond_reach" else "app_calls")
            finding = Finding(locus, cause, "medium", [], facts)
            # The picture and rows show the verdict's own parts: judged for this verdict over
            # the recorded measurements, as the analysis would (without them, the page would
            # judge the report again and show its own verdict).
            answers = Answers(facts["symptom"], "abroad", "teams")
            finding.parts = judge_parts(Evidence(measurements, answers), finding)
            verdict = explain.verdict(finding, lang)
            report = dict(base, verdict=verdict, context=dict(base["context"], lang=lang, symptom=facts["symptom"]))
            page.show_report(report, verdict)
            app.processEvents()
            shots.append(page.card.grab())
        for n in range(0, len(shots), PER_PICTURE):
            group = shots[n:n + PER_PICTURE]
            sheet = QPixmap(max(s.width() for s in group), sum(s.height() + 8 for s in group))
            sheet.fill(QColor("white"))
            painter = QPainter(sheet)
            y = 0
            for shot in group:
                painter.drawPixmap(0, y, shot)
                y += shot.height() + 8
            painter.end()
            path = out / f"verdicts-{lang}-{n // PER_PICTURE + 1}.png"
            sheet.save(str(path))
            print(path)
        page.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
