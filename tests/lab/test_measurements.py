"""In the lab, for each fault, what the measurements show (not yet the verdict).

Each test runs the real ``callpath diagnose`` in the client namespace, against real servers,
with the fault injected by real tools.
"""

import subprocess
import sys

import pytest

from callpath.core.engine import catalog as catalog_mod

from . import background, lab


def lab_catalog():
    return catalog_mod.load(lab.STATE / "catalog.json")


def by_id(report):
    return {m["id"]: m for m in report["measurements"]}


def code(m):
    return None if m["ok"] else m["error"]["code"]


def group(report, name, kind=None):
    return [m for m in report["measurements"] if m["group"] == name and (kind is None or m["kind"] == kind)]


def everyday(m):
    """The injection probe as it fails every day abroad: the border forges answers for the
    censored names it asks (the lab's background, background.py), never for the control."""
    names = m["metrics"].get("names", {})
    return (m["kind"] == "dns_injection" and code(m) == "unexpected_answer"
            and m["metrics"]["control_answered"] is False
            and all(n["in_forged_pool"] for name, n in names.items() if name != m["metrics"]["control"]))


def all_ok(ms):
    # Since the background injects, the injection probe's "failure" is the ordinary day's.
    bad = [(m["id"], code(m)) for m in ms if not m["ok"] and not everyday(m)]
    assert not bad, bad
    return True


def test_healthy_lab_every_measurement_succeeds(fault):
    report, _ = lab.diagnose("--no-redact")  # the raw record, public address included
    all_ok(report["measurements"])
    m = by_id(report)
    # The everyday background (background.py), as measured: the border forges answers for the
    # censored names only; the user's resolver answers a CDN name by place, genuinely (the
    # handshake there verifies); one world control is slower than the other.
    assert everyday(m["china.no-resolver.dns_injection"])
    assert m["service.skype-edge.dns"]["metrics"]["addresses"] == [lab.CDN[0]]
    assert m["service.skype-edge.dns_trusted"]["metrics"]["addresses"] == [lab.HOST["service"][0]]
    assert m["service.skype-edge.tls"]["metrics"]["address"] == lab.CDN[0]
    slow, fast = (m[f"world.{x}-stun.stun"]["metrics"]["rtt_ms"]["median"] for x in ("nextcloud", "google"))
    assert slow >= 25 and fast < 10, (slow, fast)
    assert m["service.teams-relay.stun"]["metrics"]["answered_by"] == "binding"
    assert m["world.google-stun.stun"]["metrics"]["mapped_address"].startswith("203.0.113.2:")  # the NAT
    assert m["world.msft-ncsi.http"]["metrics"]["body_match"] is True
    assert m["china.dns-114.dns_sample"]["metrics"]["loss_pct"] == 0.0
    assert m["service.live-login.tls"]["metrics"]["issuer"].startswith("O=CallPath Lab CA")
    assert report["context"]["duration_s"] < 10


# Two questions from one port, one after the other: what each got (its rcode, or None).
SAME_PORT = """
import socket, sys, dns.message, dns.rcode
address, first, second = sys.argv[1:]
port, got = 0, []
for name in (first, second):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("0.0.0.0", port))
    s.settimeout(0.7)
    port = s.getsockname()[1]
    s.sendto(dns.message.make_query(name, "A").to_wire(), (address, 53))
    try:
        got.append(dns.rcode.to_text(dns.message.from_wire(s.recv(2048)).rcode()))
    except TimeoutError:
        got.append(None)
    s.close()
print(got)
"""


def test_the_border_forges_per_question_not_per_flow(fault):
    # The real injector looks at every packet; the lab's border NATs, which decides per flow. A
    # port is handed out again once closed, so without care a harmless question would inherit
    # an earlier censored one's forged answer (seen: the control "answered" one run in a few hundred).
    censored = background.names()[0]
    host = background.quiet_hosts(lab_catalog())[0]
    for first, second, expected in ((censored, "example.com", ["NOERROR", None]),
                                    ("example.com", censored, [None, "NOERROR"])):
        cmd, env = lab.client_command([sys.executable, "-c", SAME_PORT, host, first, second])
        out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=10, check=True)
        assert out.stdout.strip() == str(expected), (first, second, out.stdout, out.stderr)


def test_no_default_route(fault):
    fault("no-route")
    report, _ = lab.diagnose()
    m = by_id(report)
    assert code(m["local.route"]) == "no_network"
    for g in ("world", "service", "china"):
        tcp = group(report, g, "tcp")
        assert tcp and all(code(t) in ("unreachable", "skipped") for t in tcp), tcp
    assert code(m["world.google-stun.stun"]) in ("unreachable", "skipped")


def test_resolver_silent(fault):
    fault("resolver-silent")
    report, _ = lab.diagnose()
    m = by_id(report)
    dns = [x for x in report["measurements"] if x["kind"] == "dns"]
    assert dns and all(code(x) == "timeout" for x in dns)
    assert all(code(x) == "skipped" for x in report["measurements"] if x["kind"] == "dns_trusted")
    # ... while the network itself works: resolvers asked directly by address answer.
    assert m["china.dns-114.dns_server"]["ok"] and m["china.dns-dnspod.dns_sample"]["ok"]
    assert report["context"]["duration_s"] < 8  # one DNS timeout, not a sum


def test_captive_portal(fault):
    fault("captive-portal")
    report, _ = lab.diagnose("--no-redact")  # what was measured; the shared report hides the path
    m = by_id(report)
    for mid in ("world.msft-ncsi.http", "world.android-check.http", "world.apple-check.http",
                "china.miui-check.http"):
        assert code(m[mid]) == "http_status", m[mid]
        assert m[mid]["metrics"]["status"] == 302
        assert m[mid]["metrics"]["redirect"] == lab.PORTAL_URL
    assert m["service.live-login.http"]["ok"]  # HTTPS is not intercepted by this portal


def test_udp_blocked_at_home(fault):
    fault("udp-blocked")
    report, _ = lab.diagnose()
    m = by_id(report)
    assert code(m["service.teams-relay.stun"]) == "no_response"
    assert code(m["world.google-stun.stun"]) == "no_response"
    assert m["service.teams-relay.tcp443"]["ok"] and m["service.live-login.tls"]["ok"]


def test_tls_interception_at_home(fault):
    fault("tls-intercept")
    report, _ = lab.diagnose()
    tls = [x for x in report["measurements"] if x["kind"] == "tls"]
    assert tls and all(code(x) == "cert_untrusted" for x in tls)
    assert all(x["ok"] for x in report["measurements"] if x["kind"] == "tcp")


def test_service_dropped_at_the_border(fault):
    fault("service-drop")
    report, _ = lab.diagnose()
    service_tcp = group(report, "service", "tcp")
    assert service_tcp and all(code(x) == "timeout" for x in service_tcp)
    assert code(by_id(report)["service.teams-relay.stun"]) == "no_response"
    all_ok(group(report, "world"))
    all_ok(group(report, "china"))


def test_china_dropped_at_the_border(fault):
    fault("china-drop")
    report, _ = lab.diagnose()
    china = group(report, "china")
    assert all(code(x) == "timeout" for x in china if x["kind"] == "tcp")
    assert all(code(x) == "no_response" for x in china if x["kind"] == "dns_sample")
    all_ok(group(report, "world"))
    all_ok(group(report, "service"))


# Injected vs measured, into China: loss (exactly 1 in N per destination) and delay.
DEGRADATIONS = [(10, 100, 10), (20, 200, 20), (5, 50, 0)]


@pytest.mark.parametrize("loss,delay,jitter", DEGRADATIONS)
def test_china_path_loss_and_delay_are_measured(fault, loss, delay, jitter):
    fault("china-degraded", loss=loss, delay_ms=delay, jitter_ms=jitter, mode="nth")
    report, _ = lab.diagnose()
    m = by_id(report)
    for mid in ("china.dns-114.dns_sample", "china.dns-dnspod.dns_sample"):
        metrics = m[mid]["metrics"]
        print(f"{mid}: injected loss {loss} % delay {delay} ms jitter ±{jitter} ms -> measured "
              f"loss {metrics['loss_pct']} % rtt {metrics['rtt_ms']['median']} ms "
              f"jitter {metrics['jitter_ms']} ms")
        assert abs(metrics["loss_pct"] - loss) <= 2.0
        assert abs(metrics["rtt_ms"]["median"] - delay) <= 10.0
    # The rest of the world is untouched.
    assert m["world.google-stun.stun"]["metrics"]["loss_pct"] == 0.0
    assert m["world.google-stun.stun"]["metrics"]["rtt_ms"]["median"] < 10


def test_forged_dns_answers(fault):
    fault("forged-dns", names="login.live.com,www.google.com,www.facebook.com")
    report, _ = lab.diagnose()
    m = by_id(report)
    system = m["service.live-login.dns"]["metrics"]
    trusted = m["service.live-login.dns_trusted"]["metrics"]
    assert set(system["addresses"]).isdisjoint(trusted["addresses"])
    assert system["in_forged_pool"] == system["addresses"]
    assert trusted["addresses"] == [lab.HOST["service"][0]]
    inj = m["china.no-resolver.dns_injection"]
    assert code(inj) == "unexpected_answer"
    names = inj["metrics"]["names"]
    assert names["www.google.com"]["packets"] >= 1 and names["www.google.com"]["in_forged_pool"]
    assert inj["metrics"]["control_answered"] is False


def test_reset_on_name(fault):
    fault("reset-on-name", names="login.live.com")
    report, _ = lab.diagnose()
    m = by_id(report)
    tls = m["service.live-login.tls"]
    assert code(tls) == "reset"
    assert tls["metrics"]["control"] == {"sni": "www.example.com", "outcome": "handshake_answered"}
    assert m["service.skype-edge.tls"]["ok"]  # same server, another name: fine


def test_clock_a_year_ahead(fault):
    fault("clock-skew", offset="+365d")
    report, _ = lab.diagnose()
    tls = [x for x in report["measurements"] if x["kind"] == "tls"]
    assert tls and all(code(x) == "cert_expired" for x in tls)
    skew = by_id(report)["world.msft-ncsi.http"]["metrics"]["clock_skew_s"]
    assert abs(skew - 365 * 86400) < 120


def test_dead_proxy(fault):
    fault("dead-proxy")
    report, _ = lab.diagnose()
    m = by_id(report)
    assert m["local.proxy"]["metrics"]["in_use"] is True
    http = [x for x in report["measurements"] if x["kind"] == "http"]
    assert http and all(code(x) == "proxy_error" for x in http)
    assert all(x["ok"] for x in report["measurements"] if x["kind"] == "tcp")  # direct works


def test_working_proxy(fault):
    fault("proxy")
    report, _ = lab.diagnose("--no-redact")  # the shared report names the proxy "[your proxy]"
    http = [x for x in report["measurements"] if x["kind"] == "http"]
    assert http and all(x["ok"] for x in http), [(x["id"], x["error"]) for x in http if not x["ok"]]
    assert all(x["metrics"]["proxy"] == lab.PROXY for x in http)


def test_teardown_leaves_nothing_and_setup_is_idempotent(the_lab):
    lab.up()  # again, over a running lab
    assert lab.is_up()
    lab.down()
    assert lab.leftovers() == []
    lab.down()  # and again, over nothing
    lab.up()  # leave it up for any later test; the session fixture tears it down
    assert lab.is_up()
