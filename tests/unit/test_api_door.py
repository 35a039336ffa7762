"""The facade (core/api.py) is the app's one door into the core, and it is light to open: the app
imports it before its first paint. Its names imported later (PEP 562) are declared twice, once
for the interpreter (``_LATER``) and once for the type checker (under TYPE_CHECKING); these
tests hold the two to the same names, from the same modules."""

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from callpath.core import api

API = Path(api.__file__)


def typing_imports() -> dict[str, tuple[str, str]]:
    """The names api.py imports under TYPE_CHECKING: facade name -> (module, its name there)."""
    tree = ast.parse(API.read_text(encoding="utf-8"))
    block = next(node for node in tree.body if isinstance(node, ast.If)
                 and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING")
    found = {}
    for node in block.body:
        assert isinstance(node, ast.ImportFrom) and node.level == 1
        for alias in node.names:
            found[alias.asname or alias.name] = ("." + str(node.module), alias.name)
    return found


def test_every_name_offered_is_there():
    for name in api.__all__:
        assert getattr(api, name) is not None, name
    assert len(set(api.__all__)) == len(api.__all__)


def test_the_names_imported_later_are_the_ones_the_type_checker_sees():
    offered = {n: m for n, m in typing_imports().items() if n in api.__all__}
    assert offered == api._LATER
    # Those it does not offer are the diagnosis' own annotations.
    assert set(typing_imports()) - set(offered) == {"MeasurementCallback", "ProgressCallback", "Run",
                                                    "Context", "TimeContext", "Watched", "Measurement"}


def test_a_name_it_does_not_offer_is_said_as_python_says_it():
    with pytest.raises(AttributeError, match="has no attribute 'plan'"):
        api.__getattr__("plan")


def test_opening_the_door_loads_no_engine():
    """Imported alone (as the app's first page does): the questions' modules, no network,
    probe, catalog validator, history or words of a verdict."""
    loaded = json.loads(subprocess.run(
        [sys.executable, "-c", "import json, sys, callpath.core.api; print(json.dumps(sorted(sys.modules)))"],
        check=True, capture_output=True, text=True, timeout=60).stdout)
    heavy = ("requests", "dns", "ssl", "asyncio", "aioice", "psutil", "sqlite3", "callpath.core.probes",
             "callpath.core.kinds", "callpath.core.engine.catalog", "callpath.core.engine.runner",
             "callpath.core.records", "callpath.core.watch", "callpath.core.words.explain",
             "callpath.core.base.measurement")
    assert [m for m in loaded if any(m == h or m.startswith(h + ".") for h in heavy)] == []


# After prepare(), a diagnosis in a fresh interpreter against the loopback servers: the modules it
# imported while it ran (on its probes' threads, where an import holds the window).
AFTER_PREPARE = r"""
import json, pickle, sys
sys.path.insert(0, sys.argv[1])
from tests import netguard
netguard.install()
import callpath.core.api as api
api.prepare()
net = pickle.loads(bytes.fromhex(sys.stdin.read()))
before = set(sys.modules)
diagnosis = api.Diagnosis(api.Answers("app_calls"), net.catalog, nameservers=net.nameservers,
                          dns_port=net.dns_port, sample_s=0.5)
report = diagnosis.run()
diagnosis.join(5.0)
print(json.dumps({"cause": report["verdict"]["cause"], "new": sorted(set(sys.modules) - before)}))
"""


def test_after_prepare_a_diagnosis_imports_nothing(net):
    import pickle

    out = subprocess.run([sys.executable, "-c", AFTER_PREPARE, str(API.parents[1])], input=pickle.dumps(net).hex(),
                         check=True, capture_output=True, text=True, timeout=60)
    ran = json.loads(out.stdout)
    assert ran["cause"] == "beyond_reach"  # it ran whole: the loopback internet is healthy
    assert ran["new"] == [], ran["new"]
