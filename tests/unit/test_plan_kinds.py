"""What a diagnosis plans, held across changes to how kinds of check are declared: every task's
planned measurements (id, kind, group, target, in order) for the bundled catalog and for a test
catalog that asks for every kind of check, recorded in tests/golden/plan-*.json.

Record again (only when a change is meant to plan differently):
    CALLPATH_RECORD_PLAN=1 .venv/bin/pytest tests/unit/test_plan_kinds.py
"""

import json
import os
from pathlib import Path

import pytest

from callpath.core.engine import catalog, plan
from callpath.core.engine.runner import Options

GOLDEN = Path(__file__).resolve().parent.parent / "golden"


def every_kind_catalog() -> catalog.Catalog:
    """The bundled catalog with entries that use each field a check can be asked for, in the
    forms the bundled one does not: a resolver on another port without sampling, a resolver
    sampled, an injection check on another port, an IP literal, TLS on a port of its own, a web
    check on a plain port and on another host, the voice-over-TCP plugin on two entries."""
    data = catalog.to_json(catalog.load())
    data["endpoints"] += [
        {"id": "test-resolver", "group": "china", "host": "192.0.2.53", "source": "test", "label": "r",
         "resolver": {"query": "www.example.cn", "port": 5353}},
        {"id": "test-sampled", "group": "world", "host": "192.0.2.54", "source": "test", "label": "s",
         "resolver": {"query": "www.example.com", "sample": True, "port": 5300}},
        {"id": "test-injection", "group": "china", "host": "192.0.2.55", "source": "test", "label": "i",
         "injection": {"names": ["blocked.example"], "port": 5454}},
        {"id": "test-literal", "group": "service", "services": ["whatsapp"], "host": "192.0.2.80",
         "source": "test", "label": "l", "tcp": [80, 8443], "tls": 8443, "stun": 3479, "media_tcp": 4443},
        {"id": "test-web", "group": "world", "host": "web.example.com", "source": "test", "label": "w",
         "http": {"url": "http://other.example.net:8080/check", "expect_status": [204]}},
        {"id": "test-doh", "group": "world", "host": "doh.example.com", "source": "test", "label": "d",
         "doh": "https://doh.example.com/q", "tls": 443},
        {"id": "test-addresses", "group": "china", "host": "name.example.cn", "source": "test", "label": "a",
         "expect_addresses": ["192.0.2.1"]},
    ]
    return catalog.parse(data)


def planned(cat: catalog.Catalog, options: Options) -> list[dict]:
    return [{"task": t.name, "label": t.label,
             "planned": [[p.id, p.kind, p.group, p.target] for p in t.planned]}
            for t in plan.plan(cat, options)]


CASES = {
    "bundled": catalog.load,
    "every-kind": every_kind_catalog,
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_plan_is_the_recorded_one(name):
    cat = CASES[name]()
    got = {f"{app or 'default'}/{'sensitive' if sensitive else 'plain'}":
           planned(cat, Options(app=app, sensitive_probes=sensitive))
           for app in ["", *(a.id for a in cat.apps)] for sensitive in (True, False)
           if sensitive or not app}
    path = GOLDEN / f"plan-{name}.json"
    if os.environ.get("CALLPATH_RECORD_PLAN"):
        # One task a line: a change shows as the tasks it changed.
        lines = ",\n".join(f" {json.dumps(case)}: [\n" + ",\n".join(f"  {json.dumps(t, ensure_ascii=False)}"
                                                                  for t in tasks) + "\n ]"
                           for case, tasks in got.items())
        path.write_text("{\n" + lines + "\n}\n", encoding="utf-8")
    assert got == json.loads(path.read_text(encoding="utf-8"))
