"""The translation catalogues keep to docs/glossary.md: no term in its "avoid" column."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]


def _avoided() -> dict[str, list[str]]:
    """Per language, the terms the glossary says to avoid (its last column)."""
    out: dict[str, list[str]] = {"zh_CN": [], "zh_TW": []}
    for line in (ROOT / "docs" / "glossary.md").read_text("utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 5 or cells[0] in ("concept", "---"):
            continue
        for lang, part in zip(("zh_CN", "zh_TW"), cells[4].split(";"), strict=False):
            for item in part.split(","):
                item = re.sub(r"\(.*?\)", "", item).strip()
                if item and item != "—":
                    out[lang].append(item)
    return out


AVOIDED = _avoided()
# Terms the "avoid" column names with a condition (地址 without "IP"): checked by the rule below.
CONDITIONAL = {"地址", "位址"}


@pytest.mark.parametrize("lang", ["zh_CN", "zh_TW"])
def test_no_avoided_term_in_the_catalogue(lang):
    with (ROOT / "resources" / "locale" / lang / "LC_MESSAGES" / "callpath.po").open("rb") as f:
        catalog = read_po(f)
    assert AVOIDED[lang], "the glossary lists nothing to avoid"
    address = "地址" if lang == "zh_CN" else "位址"
    found = []
    for message in catalog:
        text = message.string if isinstance(message.string, str) else ""
        found += [(w, message.id) for w in AVOIDED[lang] if w not in CONDITIONAL and w in text]
        # A network address always says "IP"; 地址簿 (the DNS metaphor) and "IPv4 地址" are fine.
        for hit in re.finditer(address, text):
            before = text[max(0, hit.start() - 5):hit.start()]
            if not re.search(r"IP(v[46])? ?$", before) and text[hit.end():hit.end() + 1] != "簿":
                found.append((address, message.id))
    assert not found, found
