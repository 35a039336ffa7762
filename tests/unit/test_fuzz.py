"""Property tests of every parser of outside data: no input crashes them.

STUN's parser has its own in test_stun.py. Here: DNS packets (sampling and answers), HTTP
answers against the catalog's expectations, the catalog loader, the report loader (and what
renders a loaded report), and the history database.
"""

import copy
import json
import sqlite3
from pathlib import Path

import dns.exception
import dns.message
import dns.rdatatype
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from requests.structures import CaseInsensitiveDict

from callpath.core.api import explain_report
from callpath.core.engine import catalog as catalog_mod
from callpath.core.probes import dns as dnsprobe
from callpath.core.probes import http as httpprobe
from callpath.core.records import history, render
from callpath.core.records import report as report_mod

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "reports"
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-2**40, 2**40) | st.floats(allow_nan=False)
    | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)


# --- DNS ------------------------------------------------------------------------------------------

def _query_wire(name="www.baidu.com"):
    return dns.message.make_query(name, dns.rdatatype.A, id=4660).to_wire()


@SETTINGS
@given(st.binary(max_size=600))
def test_dns_sampling_parser_never_raises(data):
    answer = dnsprobe.DnsProtocol("www.baidu.com").parse(data)
    assert answer is None or isinstance(answer.id, int)


@SETTINGS
@given(st.binary(max_size=400), st.integers(0, 0xFFFF))
def test_dns_answer_with_a_valid_header_and_junk_never_raises(junk, flags):
    header = _query_wire()[:2] + flags.to_bytes(2, "big") + b"\x00\x01\x00\x05\x00\x00\x00\x00"
    data = header + _query_wire()[12:] + junk
    dnsprobe.DnsProtocol("www.baidu.com").parse(data)
    try:
        msg = dns.message.from_wire(data, ignore_trailing=True)
    except dns.exception.DNSException:
        return  # what the probes record as "malformed"
    for rdtype in (dns.rdatatype.A, dns.rdatatype.AAAA):
        assert all(isinstance(a, str) for a in dnsprobe.addresses(msg, rdtype))


# --- HTTP answers ---------------------------------------------------------------------------------

header_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=80)


@SETTINGS
@given(status=st.integers(0, 999),
       headers=st.dictionaries(st.sampled_from(["location", "date", "content-type", "x-other"]),
                               header_text, max_size=4),
       body=st.binary(max_size=300),
       expect_status=st.lists(st.integers(100, 599), max_size=3).map(tuple),
       expect_body=st.none() | st.text(max_size=20))
def test_http_answers_are_judged_without_raising(status, headers, body, expect_status, expect_body):
    metrics = {}
    failure = httpprobe.judge(metrics, status, CaseInsensitiveDict(headers), body, expect_status,
                              expect_body)
    assert failure is None or failure.code in ("http_status", "bad_body")
    assert len(metrics.get("location", "")) <= 500 and len(metrics["content_type"]) <= 100
    json.dumps(metrics)  # what goes into a report stays JSON


# --- the catalog ----------------------------------------------------------------------------------

BASE_CATALOG = json.loads(catalog_mod.default_path().read_text("utf-8"))


@SETTINGS
@given(data=json_values)
def test_catalog_of_any_json_is_loaded_or_refused(data):
    try:
        catalog_mod.parse(data)
    except catalog_mod.CatalogError as e:
        assert "\n" not in str(e)


@SETTINGS
@given(index=st.integers(0, len(BASE_CATALOG["endpoints"]) - 1),
       field=st.sampled_from(["id", "group", "host", "label", "source", "services", "tcp", "tls",
                              "http", "stun", "resolver", "doh", "injection", "expect_addresses",
                              "note", "surprise"]),
       value=json_values)
def test_catalog_with_one_field_changed_is_loaded_or_refused(index, field, value):
    data = copy.deepcopy(BASE_CATALOG)
    data["endpoints"][index][field] = value
    try:
        catalog_mod.parse(data)
    except catalog_mod.CatalogError as e:
        assert "\n" not in str(e)


# --- reports --------------------------------------------------------------------------------------

BASE_REPORT = json.loads((FIXTURES / "captive-portal.json").read_text("utf-8"))
METRIC_KEYS = sorted({k for m in BASE_REPORT["measurements"] for k in (m.get("metrics") or {})}
                     | {"rtt_ms", "loss_pct", "jitter_ms", "mos", "samples", "status", "location"})
MEASUREMENT_FIELDS = ["id", "kind", "group", "target", "ok", "error", "metrics", "started_at",
                      "duration_ms"]


def _renders(data) -> None:
    """A report that loads must render in every format and be explained again."""
    try:
        loaded = report_mod.validate(data)
    except report_mod.ReportError as e:
        assert "\n" not in str(e)
        return
    for fmt in render.FORMATS:
        render.render(loaded, fmt, "zh_CN", "en")
    explain_report(loaded, "en")


@SETTINGS
@given(data=json_values)
def test_report_of_any_json_is_loaded_or_refused(data):
    _renders(data)


@SETTINGS
@example(where="metrics", key="rtt_ms", value={}, index=25)  # a voice sample's figures, emptied
@example(where="metrics", key="rtt_ms", value={"median": "fast"}, index=79)
@example(where="metrics", key="addresses", value=[1, 2], index=1)
@given(where=st.sampled_from(["context", "verdict", "measurement", "error", "metrics"]),
       key=st.sampled_from(METRIC_KEYS) | st.text(max_size=12), value=json_values,
       index=st.integers(0, 200))
def test_report_with_one_value_changed_renders_or_is_refused(where, key, value, index):
    data = copy.deepcopy(BASE_REPORT)
    measurements = data["measurements"]
    m = measurements[index % len(measurements)]
    if where == "context":
        data["context"][key or "symptom"] = value
    elif where == "verdict":
        data["verdict"][key or "cause"] = value
    elif where == "measurement":
        m[MEASUREMENT_FIELDS[index % len(MEASUREMENT_FIELDS)]] = value
    elif where == "error":
        m["ok"], m["error"] = False, value
    else:
        m["metrics"] = value if index % 2 else {**(m.get("metrics") or {}), key: value}
    _renders(data)


@SETTINGS
@given(cut=st.integers(0, 20000), flip=st.binary(min_size=1, max_size=8))
def test_truncated_or_corrupted_report_files_are_refused_in_one_line(tmp_path_factory, cut, flip):
    raw = (FIXTURES / "captive-portal.json").read_bytes()
    path = tmp_path_factory.mktemp("r") / "report.json"
    cut = cut % len(raw)
    path.write_bytes(raw[:cut] + flip + raw[cut + len(flip):])
    try:
        _renders(report_mod.load(path))
    except report_mod.ReportError as e:
        assert "\n" not in str(e)


# --- the history database -------------------------------------------------------------------------

@settings(max_examples=60, deadline=None)
@given(garbage=st.binary(max_size=4096), keep_header=st.booleans())
def test_history_on_a_damaged_database_starts_over(tmp_path_factory, garbage, keep_header):
    folder = tmp_path_factory.mktemp("h")
    path = folder / "history.sqlite3"
    store = history.History(path)
    store.add(BASE_REPORT)
    store.close()
    raw = path.read_bytes()
    path.write_bytes((raw[:100] if keep_header else b"") + garbage)
    try:
        store = history.History(path)
    except history.HistoryError as e:
        assert "\n" not in str(e)
        return
    try:
        for run in store.list():
            run.figures_text()
            store.get(run.id)
        store.add(BASE_REPORT)
    except history.HistoryError as e:
        assert "\n" not in str(e)
    finally:
        store.close()


@settings(max_examples=60, deadline=None)
@given(stored=st.text(max_size=200) | json_values.map(json.dumps))
def test_history_rows_holding_anything_are_listed_without_raising(tmp_path_factory, stored):
    path = tmp_path_factory.mktemp("h") / "history.sqlite3"
    store = history.History(path)
    store.add(BASE_REPORT)
    store.close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE runs SET report = ?, figures = ?", (stored, stored))
    store = history.History(path)
    try:
        for run in store.list():
            run.figures_text()
            try:
                got = store.get(run.id)
            except history.HistoryError as e:  # damaged: said in one line
                assert "\n" not in str(e)
                continue
            assert got is not None
            _renders(got)
    finally:
        store.close()
