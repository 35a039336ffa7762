"""STUN: the codec against RFC 5769's test vectors, and sampling against a loopback server."""

import time

import pytest
from aioice import stun as codec

from callpath.core.base import timeouts
from callpath.core.base.budget import Budget, Cancelled
from callpath.core.probes import stun
from tests import servers

# RFC 5769 section 2.1: sample request (software "STUN test client", username "evtj:h6vY")
RFC5769_REQUEST = bytes.fromhex(
    "000100582112a442b7e7a701bc34d686fa87dfae802200105354554e2074657374"
    "20636c69656e74002400046e0001ff80290008932ff9b151263b36000600096576"
    "746a3a68367659202020000800149aeaa70cbfd8cb56781ef2b5b2d3f249c1b571"
    "a280280004e57a3bcf")
# 2.2: IPv4 response, XOR-MAPPED-ADDRESS 192.0.2.1:32853
RFC5769_RESPONSE_V4 = bytes.fromhex(
    "0101003c2112a442b7e7a701bc34d686fa87dfae8022000b7465737420766563746f"
    "7220002000080001a147e112a643000800142b91f599fd9e90c38c7489f92af9ba"
    "53f06be7d780280004c07d4c96")
# 2.3: IPv6 response, XOR-MAPPED-ADDRESS [2001:db8:1234:5678:11:2233:4455:6677]:32853
RFC5769_RESPONSE_V6 = bytes.fromhex(
    "010100482112a442b7e7a701bc34d686fa87dfae8022000b7465737420766563746f"
    "7220002000140002a1470113a9faa5d3f179bc25f4b5bed2b9d900080014a382954e"
    "4be67bf11784c97c8292c275bfe3ed4180280004c8fb0b4c")
PASSWORD = b"VOkJxbRl1RmTxUk/WvJxBt"


def test_rfc5769_request_parses_and_authenticates():
    msg = codec.parse_message(RFC5769_REQUEST)
    assert msg.message_method == codec.Method.BINDING
    assert msg.message_class == codec.Class.REQUEST
    assert msg.attributes["USERNAME"] == "evtj:h6vY"
    assert msg.check_message_integrity(PASSWORD)


def test_rfc5769_responses_give_the_mapped_address():
    v4 = stun.parse_answer(RFC5769_RESPONSE_V4)
    assert v4.attributes["XOR-MAPPED-ADDRESS"] == ("192.0.2.1", 32853)
    assert v4.check_message_integrity(PASSWORD)
    v6 = stun.parse_answer(RFC5769_RESPONSE_V6)
    assert v6.attributes["XOR-MAPPED-ADDRESS"] == ("2001:db8:1234:5678:11:2233:4455:6677", 32853)


def test_requests_we_build_round_trip():
    for kind in ("binding", "allocate"):
        msg = stun.build_request(kind)
        again = codec.parse_message(bytes(msg))
        assert again.transaction_id == msg.transaction_id
        assert again.message_class == codec.Class.REQUEST


@pytest.mark.parametrize("junk", [b"", b"\x00" * 19, b"\x01\x01\x00\x00" + b"\x00" * 16,
                                  RFC5769_RESPONSE_V4[:-3], b"GET / HTTP/1.1\r\n\r\n" + b"x" * 20])
def test_garbage_is_not_an_answer(junk):
    assert stun.parse_answer(junk) is None
    assert stun.parse_answer(RFC5769_REQUEST) is None  # a request is not an answer


def test_sample_against_a_binding_server():
    with servers.STUNServer() as srv:
        metrics, failure = stun.sample(Budget(10), "127.0.0.1", srv.port, duration=1.0)
    assert failure is None
    assert metrics["answered_by"] == "binding"
    assert metrics["sent"] == pytest.approx(timeouts.SAMPLE_RATE_PPS, abs=2)  # a second's worth
    assert metrics["windows"] == [[metrics["sent"], metrics["sent"]]]  # one one-second window
    assert metrics["loss_pct"] == 0.0
    assert metrics["rtt_ms"]["median"] < 50
    assert metrics["mapped_address"].startswith("127.0.0.1:")
    assert "mos" not in metrics and "mos_label" not in metrics  # raw figures: quality is the analysis'


def test_sample_measures_known_loss_and_delay():
    with servers.STUNServer(drop_every=5, delay_s=0.08) as srv:
        metrics, failure = stun.sample(Budget(10), "127.0.0.1", srv.port, duration=2.0)
    assert failure is None
    assert metrics["loss_pct"] == pytest.approx(20.0, abs=3.0)
    assert metrics["rtt_ms"]["median"] == pytest.approx(80, abs=15)


def test_a_sample_sends_enough_to_tell_5_from_10_percent_loss():
    # The analysis judges a part's shared way by its cleanest sample, on the loss's 95 % Wilson
    # interval: one default sample must keep 5 % and 10 % loss apart (427 packets or more).
    from callpath.core.analysis.pathquality import loss_interval
    sent = int(timeouts.SAMPLE_S * timeouts.SAMPLE_RATE_PPS)
    assert loss_interval(sent, sent - sent * 5 // 100)[1] < loss_interval(sent, sent - sent * 10 // 100)[0]


def test_an_early_loss_does_not_hold_the_sample_for_the_whole_tail():
    with servers.STUNServer(drop={5}) as srv:
        metrics, failure = stun.sample(Budget(10), "127.0.0.1", srv.port, duration=1.0)
    assert failure is None
    assert metrics["received"] == metrics["sent"] - 1
    assert metrics["duration_s"] < 1.0 + timeouts.SAMPLE_TAIL_S / 2  # not 1.0 + the tail


def test_relay_that_ignores_binding_is_reached_with_allocate():
    with servers.STUNServer(binding=False) as srv:
        metrics, failure = stun.sample(Budget(10), "127.0.0.1", srv.port, duration=2.5)
    assert failure is None
    assert metrics["answered_by"] == "allocate"
    assert metrics["error_code"] == 401
    assert metrics["loss_pct"] == 0.0  # the unanswered Bindings are not counted as loss


def test_silent_server_costs_one_give_up_time():
    with servers.Blackhole() as hole:
        t0 = time.monotonic()
        metrics, failure = stun.sample(Budget(10), "127.0.0.1", hole.port, duration=5.0)
        took = time.monotonic() - t0
    assert failure.code == "no_response"
    assert metrics["answered_by"] is None
    assert took < 3.6


def test_closed_port_is_refused():
    port = servers.free_port(__import__("socket").SOCK_DGRAM)
    metrics, failure = stun.sample(Budget(10), "127.0.0.1", port, duration=2.0)
    assert failure.code == "refused"  # ICMP port unreachable on loopback


def test_cancel_stops_sampling_quickly():
    import threading
    with servers.STUNServer() as srv:
        budget = Budget(30)
        threading.Timer(0.3, budget.cancel).start()
        t0 = time.monotonic()
        with pytest.raises(Cancelled):
            stun.sample(budget, "127.0.0.1", srv.port, duration=5.0)
        assert time.monotonic() - t0 < 0.3 + 0.5


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=200))
def test_parse_answer_never_raises(data):
    stun.parse_answer(data)


@settings(max_examples=300, deadline=None)
@given(st.binary(min_size=0, max_size=120))
def test_parse_answer_never_raises_on_valid_headers_with_junk(body):
    header = b"\x01\x01" + len(body).to_bytes(2, "big") + stun.MAGIC_COOKIE + b"\x00" * 12
    stun.parse_answer(header + body)


def test_jitter_is_the_change_between_packets_a_calls_interval_apart():
    from callpath.core.probes.sampling import call_jitter
    # Requests every 10 ms, the round trip growing 1 ms from one to the next: a call's packets
    # (every 20 ms) see 2 ms of change each time, not 1.
    rtts = [(i * 0.010, 20.0 + i) for i in range(50)]
    assert call_jitter(rtts) == pytest.approx(2.0)
    assert call_jitter([(0.0, 20.0)]) == 0.0
    # Out of order as answers arrive: judged by when each was sent.
    assert call_jitter(list(reversed(rtts))) == pytest.approx(2.0)
