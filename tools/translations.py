"""CallPath's translations: gettext catalogues, managed with Babel.

    python tools/translations.py extract   # core/, gui/ -> resources/locale/callpath.pot (N_ and _)
    python tools/translations.py update    # merge the template into each language's .po
    python tools/translations.py compile   # .po -> .mo (done at build time, and by make)
    python tools/translations.py check     # every text translated in every language, placeholders kept

The .po files are the source of truth for translations; .mo files are build output.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "resources" / "locale"
TEMPLATE = LOCALE / "callpath.pot"
LANGS = ("zh_CN", "zh_TW")
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
# The markers of texts to translate: N_ and _ (core/base/i18n.py, gui/i18n.py), NP_ with its plural.
KEYWORDS = {"N_": None, "_": None, "NP_": (1, 2)}


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "callpath.po"


def extract() -> Catalog:
    catalog = Catalog(project="CallPath", msgid_bugs_address="", charset="utf-8")
    for folder in ("core", "gui"):
        for filename, lineno, message, comments, context in extract_from_dir(
                str(ROOT / folder), method_map=[("**.py", "python")], keywords=KEYWORDS):
            catalog.add(message, None, [(f"{folder}/{filename}", lineno)], auto_comments=comments,
                        context=context)
    # The endpoint catalog's labels are shown while checks run: translated too (a user's own
    # --catalog falls back to its English labels).
    data = json.loads((ROOT / "resources" / "catalog.json").read_text("utf-8"))
    for i, entry in enumerate(data["endpoints"]):
        catalog.add(entry["label"], None, [("resources/catalog.json", i + 1)])
    with open(TEMPLATE, "wb") as f:
        write_po(f, catalog, width=100, omit_header=False)
    return catalog


def update() -> None:
    template = extract()
    for lang in LANGS:
        with open(po_path(lang), "rb") as f:
            catalog = read_po(f, locale=lang)
        catalog.update(template)
        with open(po_path(lang), "wb") as f:
            write_po(f, catalog, width=100)


def compile_all(locale_dir: Path = LOCALE) -> list[Path]:
    """Compile every language's .po beside it; returns the .mo files written."""
    written = []
    for po in sorted(locale_dir.glob("*/LC_MESSAGES/callpath.po")):
        with open(po, "rb") as f:
            catalog = read_po(f, locale=po.parent.parent.name)
        mo = po.with_suffix(".mo")
        with open(mo, "wb") as f:
            write_mo(f, catalog, use_fuzzy=False)
        written.append(mo)
    return written


def problems(texts: list[str]) -> list[str]:
    """What is missing or broken in the translations of ``texts``."""
    found = []
    for lang in LANGS:
        with open(po_path(lang), "rb") as f:
            catalog = read_po(f, locale=lang)
        for text in texts:
            message = catalog.get(text if isinstance(text, str) else text[0])
            # A text with a plural form (NP_) has one translation per form of the language.
            strings = [] if message is None else (
                [message.string] if isinstance(message.string, str) else list(message.string))
            wanted = sorted(PLACEHOLDER.findall(text if isinstance(text, str) else text[-1]))
            if not strings or not all(strings):
                found.append(f"{lang}: not translated: {text!r}")
            elif message is not None and message.fuzzy:
                found.append(f"{lang}: fuzzy: {text!r}")
            elif any(sorted(PLACEHOLDER.findall(s)) != wanted for s in strings):
                found.append(f"{lang}: placeholders differ: {text!r}")
    return found


def main(argv: list[str]) -> int:
    command = argv[0] if argv else ""
    if command == "extract":
        print(f"{len(extract())} texts -> {TEMPLATE.relative_to(ROOT)}")
    elif command == "update":
        update()
    elif command == "compile":
        for mo in compile_all():
            print(f"compiled {mo.relative_to(ROOT)}")
    elif command == "check":
        sys.path.insert(0, str(ROOT))
        with open(TEMPLATE, "rb") as f:
            texts = [m.id for m in read_po(f) if m.id]
        found = problems(texts)
        print("\n".join(found) or f"all {len(texts)} texts translated in {', '.join(LANGS)}")
        return 1 if found else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
