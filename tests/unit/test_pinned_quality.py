"""Pins of the voice-quality judgement (core/analysis/pathquality.py, core/analysis/quality.py) and of the small
helpers the verdict carries (core/analysis/finding.py, core/analysis/interception.py): every threshold with a value
just under and just over it, the Wilson interval against a hand computation, each early return.

The sample sizes below are chosen so that the 95 % interval's end lands exactly on a threshold
(found by hand from Wilson's formula; the figures are checked in test_wilson_figures)."""

from __future__ import annotations

import dataclasses
import math

import pytest

from callpath.core.analysis import pathquality as pq
from callpath.core.analysis import pathrules as pr
from callpath.core.analysis.evidence import Evidence
from callpath.core.analysis.finding import Finding
from callpath.core.analysis.interception import product
from callpath.core.analysis.judge import Answers
from callpath.core.analysis.pathquality import (
    BUSY_LOSS_PCT,
    BUSY_QUEUE_MS,
    HOME_RTT_MS,
    JITTER_MS,
    LOSS_PCT,
    QUEUE_MS,
    Part,
    Sample,
    busy,
    home_slow,
    loss_interval,
    part,
    repeats,
)
from callpath.core.analysis.quality import GOOD_MOS, mos
from callpath.core.base.measurement import Failure, Measurement


def sample(sent: int = 100, lost: int = 0, rtt: float = 20.0, low: float | None = None, jitter: float = 1.0,
           windows=None, sid: str = "s") -> Sample:
    return Sample(sid, "world", sent, sent - lost, rtt, rtt if low is None else low, jitter,
                  None if windows is None else tuple(windows))


def wilson(sent: int, lost: int) -> tuple[float, float]:
    """Wilson's score interval written out from the textbook: (p + z²/2n ± z·√(p(1-p)/n + z²/4n²)) / (1 + z²/n)."""
    z = 1.96
    p = lost / sent
    denom = 1 + z * z / sent
    centre = p + z * z / (2 * sent)
    spread = z * math.sqrt(p * (1 - p) / sent + z * z / (4 * sent ** 2))
    return (centre - spread) / denom * 100, (centre + spread) / denom * 100


# ------------------------------------------------------------------------- Wilson's interval


def test_wilson_figures():
    # 10 lost of 100: the textbook interval is 5.52 %-17.44 %, given to one decimal.
    assert loss_interval(100, 90) == (5.5, 17.4)
    lo, hi = wilson(100, 10)
    assert lo == pytest.approx(5.52, abs=0.01) and hi == pytest.approx(17.44, abs=0.01)
    # Other sizes against the written-out formula, to one decimal (the interval is given so).
    for sent, lost in ((97, 9), (98, 9), (110, 1), (111, 1), (300, 19), (20, 15), (1000, 7)):
        lo, hi = wilson(sent, lost)
        assert loss_interval(sent, sent - lost) == (round(lo, 1), round(hi, 1)), (sent, lost)


def test_wilson_ends_when_nothing_or_everything_is_lost():
    # Nothing lost: the low end is 0 (not below), the high end is what 100 packets cannot rule out.
    assert loss_interval(100, 100) == (0.0, 3.7)
    # Everything lost: the high end is 100 % (not beyond), the low end what 100 cannot rule out.
    assert loss_interval(100, 0) == (96.3, 100.0)
    # One packet proves little: lost or not, the interval is most of the scale.
    assert loss_interval(1, 1) == (0.0, 79.3)
    assert loss_interval(1, 0) == (20.7, 100.0)


def test_wilson_low_end_of_a_clean_sample_is_a_plain_zero():
    # Rounding leaves centre - half a hair under 0 for some sizes (5, 10, 15 ...): the low end is
    # still 0.0, never "-0.0" in a report's figures.
    for sent in range(1, 200):
        assert str(loss_interval(sent, sent)[0]) == "0.0", sent


def test_wilson_without_a_sample_says_nothing():
    assert loss_interval(0, 0) == (0.0, 100.0)
    assert loss_interval(-3, 0) == (0.0, 100.0)


def test_wilson_counts_duplicates_as_no_loss_and_caps_loss_at_everything():
    # More received than sent (duplicates): no loss, not negative loss.
    assert loss_interval(100, 105) == loss_interval(100, 100)
    # A negative count received is at most everything lost.
    assert loss_interval(100, -5) == loss_interval(100, 0)


# ------------------------------------------------------------------------- a sample's loss


def test_a_sample_is_lossy_when_the_interval_low_end_reaches_the_threshold():
    # LOSS_PCT is judged on the interval's low end, with >=: 9 of 97 lost -> low end 5.0,
    # lossy; 9 of 98 -> low end 4.9, not (the point figure, 9.2 %, is over 5 either way).
    assert LOSS_PCT == 5.0
    assert sample(97, 9).loss_range[0] == 5.0 and sample(97, 9).lossy
    assert sample(98, 9).loss_range[0] == 4.9 and not sample(98, 9).lossy
    # The high end does not make a sample lossy.
    assert not sample(100, 0).lossy


def test_a_sample_is_clean_only_when_the_interval_high_end_is_under_the_threshold():
    # 1 of 111 lost -> high end 4.9, clean; 1 of 110 -> 5.0, not clean (strictly under).
    assert sample(111, 1).loss_range[1] == 4.9 and sample(111, 1).loss_clean
    assert sample(110, 1).loss_range[1] == 5.0 and not sample(110, 1).loss_clean


def test_a_sample_read_cannot_be_changed():
    s = Sample.of("m", "world", {"sent": 100, "received": 100, "rtt_ms": {"median": 20.0}})
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.sent = 5  # type: ignore[misc]


def test_sample_point_loss():
    assert sample(200, 15).loss_pct == 7.5
    assert sample(80, 0).loss_pct == 0.0
    # Nothing sent: everything counts as lost.
    assert Sample("s", "world", 0, 0, 1.0, 1.0, 0.0, None).loss_pct == 100.0


def test_queue_is_the_median_above_the_fastest_and_never_negative():
    assert sample(rtt=30.0, low=12.5).queue_ms == 17.5
    assert sample(rtt=30.0, low=30.0).queue_ms == 0.0
    assert sample(rtt=30.0, low=29.5).queue_ms == 0.5
    # A minimum above the median (a malformed record) is no negative queue.
    assert sample(rtt=10.0, low=15.0).queue_ms == 0.0


def test_lossy_windows_counts_the_seconds_that_lost_packets():
    assert sample(windows=[(20, 20), (20, 18), (20, 0), (0, 0), (20, 20)]).lossy_windows == 2
    assert sample(windows=[(20, 19)] * 4).lossy_windows == 4
    # An empty second (nothing sent) lost nothing, whatever it says received.
    assert sample(windows=[(0, 0), (0, 0)]).lossy_windows == 0
    assert sample().lossy_windows is None


# ------------------------------------------------------------------------- reading a sample


def metrics(**over):
    m = {"sent": 100, "received": 97, "rtt_ms": {"median": 40.0, "min": 31.0}, "jitter_ms": 4.0,
         "windows": [[20, 20], [20, 19], [20, 18]]}
    m.update(over)
    return m


def test_sample_of_reads_the_figures():
    s = Sample.of("m1", "china", metrics())
    assert s == Sample("m1", "china", 100, 97, 40.0, 31.0, 4.0, ((20, 20), (20, 19), (20, 18)))


def test_sample_of_needs_a_median_and_both_counts():
    assert Sample.of("m", "world", metrics(rtt_ms=None)) is None
    assert Sample.of("m", "world", metrics(rtt_ms={"min": 3.0})) is None
    assert Sample.of("m", "world", metrics(sent=None)) is None
    assert Sample.of("m", "world", metrics(received="97")) is None
    assert Sample.of("m", "world", metrics(sent=True)) is None
    assert Sample.of("m", "world", metrics(rtt_ms={"median": float("nan")})) is None


def test_sample_of_defaults_for_missing_minimum_and_jitter():
    s = Sample.of("m", "world", metrics(rtt_ms={"median": 40.0}, jitter_ms=None))
    assert s.rtt_min == 40.0 and s.queue_ms == 0.0
    assert s.jitter == 0.0


def test_sample_of_keeps_windows_only_when_every_one_is_a_pair_of_numbers():
    assert Sample.of("m", "world", metrics(windows=None)).windows is None
    assert Sample.of("m", "world", metrics(windows="20,20")).windows is None
    # One window is not a list, is not a pair, or holds a non-number: none are kept.
    assert Sample.of("m", "world", metrics(windows=[[20, 20], (20, 19)])).windows is None
    assert Sample.of("m", "world", metrics(windows=[[20, 20], [20, 19, 1]])).windows is None
    assert Sample.of("m", "world", metrics(windows=[[20, 20], [20, "x"]])).windows is None
    assert Sample.of("m", "world", metrics(windows=[])).windows == ()


# ------------------------------------------------------------------------- a part of the path


def test_part_pools_counts_and_takes_the_best_of_its_samples():
    p = part("world", [sample(100, 10, rtt=40.0, low=20.0, jitter=9.0),
                       sample(200, 5, rtt=30.0, low=25.0, jitter=12.0)])
    assert (p.sent, p.received) == (300, 285)
    assert (p.loss_lo, p.loss_hi) == loss_interval(300, 285)
    # The best sample's round trip, jitter and queue, each on its own.
    assert (p.rtt_median, p.jitter, p.queue) == (30.0, 9.0, 5.0)
    assert p.measured


def test_an_empty_part_is_unmeasured_and_judged_nothing():
    p = part("china", [])
    assert not p.measured
    assert (p.sent, p.received, p.loss_lo, p.loss_hi) == (0, 0, 0.0, 100.0)
    assert (p.rtt_median, p.jitter, p.queue) == (0.0, 0.0, 0.0)
    assert p.loss_pct == 0.0
    assert not p.lossy and not p.loss_clean and not p.shaky and not p.sounds_poor
    assert not p.adds_poor(None) and not p.added_delay_bad(None)
    assert p.shared_loss_lo == 0.0
    assert not p.worse_than(part("x", [sample(100, 50)]))
    assert not part("x", [sample(100, 50)]).worse_than(p)


def test_part_loss_pct_is_pooled_to_one_decimal():
    # 19 of 300 lost: 6.333 % given as 6.3.
    assert part("w", [sample(100, 7), sample(200, 12)]).loss_pct == 6.3
    assert part("w", [sample(300, 1)]).loss_pct == 0.3


def test_part_lossy_on_the_pooled_low_end_with_no_clean_sample():
    assert part("w", [sample(97, 9)]).lossy          # low end 5.0
    assert not part("w", [sample(98, 9)]).lossy      # low end 4.9
    # A clean sample of the part clears what its samples share, however lossy the pool.
    heavy, clean = sample(100, 40), sample(111, 1)
    assert part("w", [heavy, heavy]).lossy
    assert part("w", [heavy, heavy, clean]).loss_lo >= LOSS_PCT
    assert not part("w", [heavy, heavy, clean]).lossy


def test_part_clean_on_the_pooled_high_end():
    assert part("w", [sample(111, 1)]).loss_clean
    assert not part("w", [sample(110, 1)]).loss_clean


def test_shaky_on_jitter_or_queue_reaching_the_threshold():
    assert (JITTER_MS, QUEUE_MS) == (30.0, 50.0)
    assert part("w", [sample(jitter=30.0)]).shaky
    assert not part("w", [sample(jitter=29.9)]).shaky
    assert part("w", [sample(rtt=80.0, low=30.0)]).shaky          # queue 50
    assert not part("w", [sample(rtt=79.9, low=30.0)]).shaky      # queue 49.9
    # Either is enough: a queue without jitter, jitter without a queue.
    assert part("w", [sample(rtt=80.0, low=30.0, jitter=0.0)]).shaky
    assert part("w", [sample(jitter=45.0)]).shaky
    assert not part("w", [sample()]).shaky


def test_shaky_beyond_the_nearer_part_counts_what_this_part_adds():
    home = part("home", [sample(rtt=70.0, low=30.0, jitter=15.0)])     # queue 40, jitter 15
    far = part("world", [sample(rtt=110.0, low=50.0, jitter=40.0)])    # queue 60, jitter 40
    assert far.shaky                       # on its own
    assert not far.shaky_beyond(home)      # adds 25 ms jitter, 20 ms queue
    # An unmeasured reference takes nothing away.
    assert far.shaky_beyond(part("home", []))
    # What is added is judged at the thresholds too.
    assert part("w", [sample(jitter=45.0)]).shaky_beyond(part("h", [sample(jitter=15.0)]))
    assert not part("w", [sample(jitter=44.9)]).shaky_beyond(part("h", [sample(jitter=15.0)]))
    assert part("w", [sample(rtt=100.0, low=40.0)]).shaky_beyond(part("h", [sample(rtt=20.0, low=10.0)]))
    assert not part("w", [sample(rtt=99.9, low=40.0)]).shaky_beyond(part("h", [sample(rtt=20.0, low=10.0)]))


def test_shared_loss_is_the_cleanest_samples_low_end():
    p = part("w", [sample(100, 30), sample(97, 9), sample(100, 20)])
    assert p.shared_loss_lo == sample(97, 9).loss_range[0] == 5.0


def test_adds_poor_needs_surely_shared_loss():
    # No loss surely shared (a clean sample's low end is 0): nothing added, even over a long way.
    assert not part("w", [sample(100, 0, rtt=900.0)]).adds_poor(None)
    # 40 lost of 100, nothing nearer: poor.
    assert part("w", [sample(100, 40, rtt=20.0)]).adds_poor(None)
    # A little surely shared loss on a short way: still good.
    assert part("w", [sample(100, 3, rtt=20.0)]).shared_loss_lo > 0
    assert not part("w", [sample(100, 3, rtt=20.0)]).adds_poor(None)


def test_adds_poor_only_beyond_a_loss_free_reference():
    lossy = part("w", [sample(100, 40, rtt=20.0)])
    assert lossy.adds_poor(part("h", [sample(200, 0, rtt=1.0)]))           # clean reference
    assert not lossy.adds_poor(part("h", [sample(100, 1, rtt=1.0)]))       # high end 5.4: not clean
    assert lossy.adds_poor(part("h", []))                                   # unmeasured: no reference


def test_adds_poor_judges_the_round_trip_beyond_the_reference():
    # 2 % surely shared loss (4 of ... see below) with a 300 ms round trip is poor on its own; the
    # same beyond a reference already 250 ms away adds only 50 ms, and is good.
    far = part("w", [sample(400, 20, rtt=300.0)])
    near = part("h", [sample(400, 0, rtt=250.0)])
    assert far.shared_loss_lo > 2.0
    assert far.adds_poor(None)
    assert far.adds_poor(part("h", []))
    assert not far.adds_poor(near)
    # A reference further than this part: nothing negative is added.
    assert not far.adds_poor(part("h", [sample(400, 0, rtt=900.0)]))
    assert not mos(0.0, far.jitter, far.shared_loss_lo) < GOOD_MOS


def test_adds_poor_with_less_than_one_percent_surely_shared():
    # 15 of 1000 lost: the low end 0.9 % is loss all the same; over a long way it makes calls poor.
    p = part("w", [sample(1000, 15, rtt=400.0)])
    assert 0 < p.shared_loss_lo < 1
    assert p.adds_poor(None)


# Where call quality crosses 3.6 (GOOD_MOS), found by bisection on quality.mos: with nothing else
# wrong at a 357.04 ms round trip; with 0.9 % loss and 1 ms jitter at 332.54 ms; with 0.9 % loss
# and no added round trip at 167.27 ms jitter. Half a millisecond either side flips the verdict.

def test_adds_poor_boundary_without_a_reference():
    assert not part("w", [sample(1000, 15, rtt=332.0)]).adds_poor(None)
    assert part("w", [sample(1000, 15, rtt=333.0)]).adds_poor(None)


def test_adds_poor_boundary_at_no_added_round_trip():
    ref = part("h", [sample(400, 0, rtt=100.0)])
    assert not part("w", [sample(1000, 15, rtt=100.0, jitter=167.0)]).adds_poor(ref)
    assert part("w", [sample(1000, 15, rtt=100.0, jitter=167.5)]).adds_poor(ref)
    # A part nearer than its reference adds nothing: the same as adding 0 ms, not less.
    assert part("w", [sample(1000, 15, rtt=99.5, jitter=167.5)]).adds_poor(ref)


def test_added_delay_bad_boundary():
    assert not part("w", [sample(rtt=356.5)]).added_delay_bad(None)
    assert part("w", [sample(rtt=357.5)]).added_delay_bad(None)
    assert not part("w", [sample(rtt=456.5)]).added_delay_bad(part("h", [sample(rtt=100.0)]))
    assert part("w", [sample(rtt=457.5)]).added_delay_bad(part("h", [sample(rtt=100.0)]))


def test_an_unmeasured_part_adds_nothing_even_beyond_damaged_figures():
    # Sample.of takes any finite number: a damaged reference with negative jitter or round trip
    # must not make an empty part shaky or slow.
    damaged = part("h", [sample(rtt=-400.0, low=-400.0, jitter=-40.0)])
    assert not part("w", []).shaky_beyond(damaged)
    assert not part("w", []).added_delay_bad(damaged)


def test_sounds_poor_judges_delay_and_surely_shared_loss_together():
    assert part("w", [sample(rtt=600.0)]).sounds_poor
    assert not part("w", [sample(rtt=300.0)]).sounds_poor
    # 3.8 % sure loss on a 300 ms way: poor together, though neither alone would be.
    p = part("w", [sample(1000, 50, rtt=300.0)])
    assert p.shared_loss_lo == pytest.approx(3.8, abs=0.1)
    assert p.sounds_poor
    assert not part("w", [sample(1000, 50, rtt=20.0)]).sounds_poor


def test_worse_than_needs_the_intervals_apart():
    # 9 of 97 lost: 5.0-16.7; 1 of 110: 0.2-5.0. Touching is not apart (strictly over).
    a, b = part("a", [sample(97, 9)]), part("b", [sample(110, 1)])
    assert (a.loss_lo, b.loss_hi) == (5.0, 5.0)
    assert not a.worse_than(b)
    assert a.worse_than(part("c", [sample(111, 1)]))      # high end 4.9
    assert not part("c", [sample(111, 1)]).worse_than(a)


def test_added_delay_bad_on_the_round_trip_beyond_the_reference():
    # MOS falls under 3.6 past about 335 ms round trip with nothing else wrong.
    assert part("w", [sample(rtt=400.0, jitter=0.0)]).added_delay_bad(None)
    assert part("w", [sample(rtt=400.0, jitter=0.0)]).added_delay_bad(part("h", []))
    assert not part("w", [sample(rtt=400.0, jitter=0.0)]).added_delay_bad(part("h", [sample(rtt=200.0)]))
    # Jitter and loss do not count here: only the delay added.
    assert not part("w", [sample(100, 50, rtt=100.0, jitter=90.0)]).added_delay_bad(None)
    assert not part("w", [sample(rtt=100.0)]).added_delay_bad(part("h", [sample(rtt=500.0)]))


def test_figures_quote_the_pooled_loss_with_its_interval():
    p = part("w", [sample(100, 7, rtt=123.456, jitter=7.26), sample(200, 12, rtt=150.0, jitter=9.0)])
    f = p.figures()
    assert f["loss_pct"] == 6.3
    assert f["loss_range"] == list(loss_interval(300, 281))
    assert (f["rtt_ms"], f["jitter_ms"]) == (123.5, 7.3)
    # Call quality on the best round trip and jitter with the pooled point loss (not an interval end).
    assert f["mos"] == round(mos(123.456, 7.26, 6.3), 2)
    assert f["mos"] != round(mos(123.456, 7.26, p.loss_lo), 2)


# ------------------------------------------------------------------------- repeats


def test_loss_repeats_in_two_samples_each_over_three_windows():
    spread = [(20, 18), (20, 18), (20, 19), (20, 20), (20, 20)]        # 3 lossy seconds
    two = [(20, 15), (20, 15), (20, 20), (20, 20), (20, 20)]
    lossy = sample(100, 5, windows=spread)                              # 5.0 %: counts (>=)
    assert repeats([lossy, lossy], lossy=True)
    assert not repeats([lossy], lossy=True)
    assert not repeats([lossy, sample(100, 5, windows=two)], lossy=True)
    # Without windows nothing shows it is spread.
    assert not repeats([sample(100, 5), sample(100, 5)], lossy=True)
    # Under the threshold a sample is not one of the bad.
    assert not repeats([lossy, sample(100, 4, windows=spread)], lossy=True)
    assert repeats([lossy, lossy, sample(100, 4, windows=two)], lossy=True)


def test_delay_repeats_in_two_samples_by_jitter_or_queue():
    j, q = sample(jitter=30.0), sample(rtt=80.0, low=30.0)
    assert repeats([j, q], lossy=False)
    assert repeats([j, j], lossy=False)
    assert repeats([q, q], lossy=False)
    assert not repeats([j], lossy=False)
    assert not repeats([j, sample(jitter=29.9)], lossy=False)
    assert not repeats([q, sample(rtt=79.9, low=30.0)], lossy=False)
    # Loss is not delay.
    assert not repeats([sample(100, 30), sample(100, 30)], lossy=False)


# ------------------------------------------------------------------------- home, busy


def test_home_slow_from_the_threshold():
    assert HOME_RTT_MS == 50.0
    assert home_slow(part("home", [sample(rtt=50.0)]))
    assert not home_slow(part("home", [sample(rtt=49.9)]))
    assert not home_slow(part("home", []))


def test_busy_on_the_echos_queue_round_trip_or_sure_loss():
    assert (BUSY_QUEUE_MS, BUSY_LOSS_PCT) == (15.0, 2.0)
    assert not busy(None)
    assert not busy(sample(rtt=1.0, low=0.5))
    # Queue 15 ms (the median is then 15 too: see the queue alone below).
    assert busy(sample(rtt=15.0, low=0.0))
    assert not busy(sample(rtt=14.9, low=0.0))
    # Median round trip 15 with no queue.
    assert busy(sample(rtt=15.0, low=15.0))
    assert not busy(sample(rtt=14.9, low=14.9))
    # Loss judged on the interval's low end: 5 of 108 -> 2.0, busy; 5 of 111 -> 1.9, not.
    assert loss_interval(108, 103)[0] == 2.0 and busy(sample(108, 5, rtt=1.0))
    assert loss_interval(111, 106)[0] == 1.9 and not busy(sample(111, 5, rtt=1.0))


def test_handshake_loss_threshold():
    # A handshake and its retries take ~10 packets: at 3 % one in four meets a loss.
    assert 1 - (1 - pq.HANDSHAKE_LOSS_PCT / 100) ** 10 == pytest.approx(0.26, abs=0.01)


def test_part_is_a_plain_part():
    assert isinstance(part("w", iter([sample()])), Part)


# ------------------------------------------------------------------------- the E-model


def r_to_mos(r: float) -> float:
    # ITU-T G.107's mapping of the R factor to MOS.
    return 1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r)


def test_jitter_counts_twice_in_the_effective_delay():
    assert mos(0, 10, 0) == pytest.approx(mos(20, 0, 0))
    assert mos(100, 25, 0) == pytest.approx(mos(150, 0, 0))
    assert mos(100, 25, 0) < mos(100, 0, 0)


def test_delay_costs_a_quarter_point_per_10_ms_up_to_160_ms_effective():
    # Effective delay = rtt + 2 jitter + 10. Under 160: R = 94.768 - eff/40.
    assert mos(130, 0, 0) == pytest.approx(r_to_mos(94.768 - 140 / 40))
    assert mos(110, 0, 0) == pytest.approx(r_to_mos(94.768 - 120 / 40))
    # From 160: R = 94.768 - (eff - 120)/10; the two meet at 160.
    assert mos(170, 0, 0) == pytest.approx(r_to_mos(94.768 - 6.0))
    assert mos(150, 0, 0) == pytest.approx(r_to_mos(90.768))
    assert mos(189.9, 0, 0) == pytest.approx(r_to_mos(94.768 - 7.99))


def test_delay_beyond_a_second_leaves_r_at_nothing():
    # Effective 1000 ms and past: R 0, lifted to the floor 6.52 (MOS about 1.0) when nothing
    # is lost; just under, the delay branch's own R (6.77).
    assert mos(990, 0, 0) == pytest.approx(r_to_mos(6.52))
    assert mos(989, 0, 0) == pytest.approx(r_to_mos(94.768 - 87.9))
    assert mos(1300, 0, 0) == pytest.approx(r_to_mos(6.52))
    # With R at nothing, any loss leaves nothing to pay it from: MOS is the scale's bottom, 1.0.
    assert mos(2000, 0, 0.3) == 1.0
    assert mos(1300, 0, 0.3) == 1.0


def test_loss_costs_two_and_a_half_r_points_a_percent():
    # 2 % loss costs 5 R points, as 50 ms more delay does in the second branch.
    assert mos(0, 0, 2) == pytest.approx(r_to_mos(94.518 - 5.0))
    assert mos(0, 0, 2) == pytest.approx(mos(162.5, 0, 0))


def test_loss_up_to_what_r_can_pay_floors_at_6_52_and_beyond_is_1():
    r = 94.768 - 10 / 40                                  # R at no delay
    # Loss that uses R up exactly: still paid, R floored at 6.52 (MOS ~1.0 but not 1.0).
    assert mos(0, 0, r / 2.5) == pytest.approx(r_to_mos(6.52))
    assert mos(0, 0, r / 2.5) == pytest.approx(1.0, abs=0.001)
    assert mos(0, 0, 35) == pytest.approx(r_to_mos(r - 87.5))
    assert mos(0, 0, 36) == pytest.approx(r_to_mos(6.52))
    # Loss beyond what R can pay: exactly the bottom.
    assert mos(0, 0, 38) == 1.0
    assert mos(0, 0, 45) == 1.0


# ------------------------------------------------------------------------- finding, interception


def test_confidence_lowers_one_step_and_stops_at_low():
    f = Finding("world", "loss", "high")
    f.lower_confidence()
    assert f.confidence == "medium"
    f.lower_confidence()
    assert f.confidence == "low"
    f.lower_confidence()
    assert f.confidence == "low"


def test_cap_lowers_only():
    f = Finding("world", "loss", "high")
    f.cap("medium")
    assert f.confidence == "medium"
    f.cap("high")
    assert f.confidence == "medium"
    f.cap("low")
    assert f.confidence == "low"


@pytest.mark.parametrize("issuer, name", [
    ("ESET SSL Filter CA", "ESET"),
    ("Avast Web/Mail Shield Root", "Avast"),
    ("AVG Web/Mail Shield Root", "AVG"),
    ("Kaspersky Anti-Virus Personal Root Certificate", "Kaspersky"),
    ("Bitdefender Personal CA.Net-Defender", "Bitdefender"),
    ("McAfee Web Gateway", "McAfee"),
    ("Norton Security", "Norton"),
    ("TrendMicro CA", "Trend Micro"),
    ("F-Secure CA", "F-Secure"),
    ("Sophos SSL CA", "Sophos"),
    ("Dr.Web Root", "Dr.Web"),
    ("AdGuard Personal CA", "AdGuard"),
    ("360 Total Security Root", "360"),
    ("Qihoo CA", "360"),
    ("火绒 Root", "Huorong"),
    ("FortiGate CA", "Fortinet FortiGate"),
    ("Zscaler Root CA", "Zscaler"),
    ("Netskope CA", "Netskope"),
    ("Palo Alto Decryption", "Palo Alto Networks"),
    ("Cisco Umbrella Secondary SubCA", "Cisco Umbrella"),
    ("Websense Root", "Forcepoint"),
    ("BlueCoat CA", "Blue Coat"),
    ("Check Point CA", "Check Point"),
    ("Barracuda Root", "Barracuda"),
    ("WatchGuard CA", "WatchGuard"),
    ("SonicWall Firewall DPI-SSL", "SonicWall"),
    ("Untangle CA", "Untangle"),
    ("Kerio Control CA", "Kerio Control"),
    ("DO_NOT_TRUST_FiddlerRoot", "Fiddler"),
    ("mitmproxy", "mitmproxy"),
    ("PortSwigger CA", "Burp Suite"),
    ("Charles Proxy CA", "Charles Proxy"),
])
def test_product_named_in_the_issuer(issuer, name):
    assert product(issuer) == name


def test_a_real_issuer_names_no_product():
    assert product("DigiCert Global G2 TLS RSA SHA256 2020 CA1") is None
    assert product("") is None
    assert product(None) is None
    # Word boundaries: "Avast" inside another word is no Avast.
    assert product("Cavastar Trust CA") is None


# ------------------------------------------------------------------------- pathrules: parts judged


def way(home=(), near=(), service=(), far=(), busy=False, inside_china=False, intercepted=False) -> pr.Path:
    near_group, far_group = ("china", "world") if inside_china else ("world", "china")
    return pr.Path(part("home", home), part(near_group, near), part("service", service), part(far_group, far),
                   near_group, far_group, busy, intercepted)


def test_a_lossy_part_is_bad_whatever_the_computer_did():
    p = way(busy=True)
    assert pr.bad(p, part("w", [sample(100, 40)]), None)
    assert pr._trouble(p, part("w", [sample(100, 40)]), None) == (True, False)


def test_delay_is_bad_only_where_a_call_over_the_part_sounds_poor():
    # Jitter 40 on a short way: shaky, yet a call sounds good: not bad.
    assert not pr.bad(way(), part("w", [sample(rtt=20.0, jitter=40.0)]), None)


def test_delay_by_jitter_alone():
    # 170 ms jitter on a 50 ms way: the call sounds poor, the part is shaky; no loss, no long way.
    shaky = part("w", [sample(rtt=50.0, jitter=170.0)])
    assert shaky.sounds_poor and not shaky.added_delay_bad(None) and not shaky.adds_poor(None)
    assert pr._trouble(way(), shaky, None) == (False, True)
    # Jitter already on the nearer part is not this part's.
    assert not pr.bad(way(), shaky, part("h", [sample(rtt=1.0, jitter=150.0)]))
    # A busy computer cannot time packets: delay is not judged.
    assert not pr.bad(way(busy=True), shaky, None)


def test_delay_by_the_long_way_alone():
    far = part("w", [sample(rtt=400.0, jitter=0.0)])
    assert far.sounds_poor and not far.shaky and not far.adds_poor(None)
    assert pr.bad(way(), far, None)
    assert not pr.bad(way(), far, part("h", [sample(rtt=200.0, jitter=0.0)]))
    assert not pr.bad(way(busy=True), far, None)


def test_delay_by_loss_and_delay_together_alone():
    # 3.8 % sure loss on 300 ms: neither lossy beyond doubt nor too long, poor together.
    both = part("w", [sample(1000, 50, rtt=300.0)])
    assert not both.lossy and not both.shaky and not both.added_delay_bad(None)
    assert pr.bad(way(), both, None)
    assert not pr.bad(way(), both, part("h", [sample(400, 0, rtt=250.0)]))


def slow_home(rtt=60.0, **kw):
    return [sample(rtt=rtt, **kw)]


def test_home_trouble_early_returns():
    assert not pr.home_trouble(way())                                     # no router sample
    assert pr.home_trouble(way(home=[sample(100, 40, rtt=1.0)], busy=True))  # lossy: always
    assert pr.home_trouble(way(home=slow_home()))                         # slow, nothing beyond it
    assert not pr.home_trouble(way(home=slow_home(), busy=True))          # busy: delay not judged
    assert not pr.home_trouble(way(home=slow_home(rtt=49.9)))             # under HOME_RTT_MS
    assert pr.home_trouble(way(home=[sample(rtt=5.0, jitter=30.0)]))      # shaky


def test_home_delay_matters_only_where_the_calls_beyond_sound_poor():
    good_beyond = [sample(rtt=80.0)]
    poor_beyond = [sample(rtt=600.0)]
    assert not pr.home_trouble(way(home=slow_home(), far=good_beyond))
    assert not pr.home_trouble(way(home=slow_home(), service=good_beyond))
    assert pr.home_trouble(way(home=slow_home(), far=poor_beyond))
    assert pr.home_trouble(way(home=slow_home(), service=good_beyond, far=poor_beyond))
    # The near control is not "beyond" for this.
    assert pr.home_trouble(way(home=slow_home(), near=good_beyond))


def test_home_consistent_when_its_loss_has_no_clean_sample_beyond():
    lossy = [sample(100, 40, rtt=1.0)]
    assert pr.home_consistent(way(home=lossy, near=[sample(100, 40, rtt=20.0)]))
    assert pr.home_consistent(way(home=lossy, busy=True))
    # A clean sample anywhere crossed the hop: the router sample measured something else.
    assert not pr.home_consistent(way(home=lossy, near=[sample(100, 40)], far=[sample(200, 0, rtt=20.0)]))
    assert not pr.home_consistent(way(home=lossy, service=[sample(200, 0, rtt=20.0)]))


def test_home_consistent_delay_shows_on_every_other_part():
    # Every other part's round trip must be at least 0.8 of the hop's (HOP_SHARE).
    assert pr.HOP_SHARE == 0.8
    assert pr.home_consistent(way(home=slow_home(100.0), near=[sample(rtt=80.0)], far=[sample(rtt=300.0)]))
    assert not pr.home_consistent(way(home=slow_home(100.0), near=[sample(rtt=79.9)], far=[sample(rtt=300.0)]))
    assert not pr.home_consistent(way(home=slow_home(100.0), near=[sample(rtt=120.0)], service=[sample(rtt=70.0)]))
    # And the hop must itself be slow or shaky, on a computer not busy.
    assert not pr.home_consistent(way(home=slow_home(100.0), busy=True))
    assert not pr.home_consistent(way(home=slow_home(49.0), near=[sample(rtt=80.0)]))
    assert pr.home_consistent(way(home=[sample(rtt=5.0, jitter=30.0)], near=[sample(rtt=80.0)]))


def test_losing_maps_each_group_to_its_part():
    lossy, clean = [sample(100, 3)], [sample(1000, 29)]   # 3 % is HANDSHAKE_LOSS_PCT, judged with >=
    abroad = way(near=clean, service=clean, far=lossy)
    assert pr.losing(abroad, "china") and not pr.losing(abroad, "world") and not pr.losing(abroad, "service")
    assert pr.losing(way(near=lossy, far=clean), "world")
    assert pr.losing(way(service=lossy), "service")
    assert not pr.losing(way(service=clean), "service")
    assert not pr.losing(abroad, "local") and not pr.losing(abroad, "nowhere")
    # From China the relay's way is the far side (the world).
    china = way(inside_china=True, near=clean, service=clean, far=lossy)
    assert pr.losing(china, "service") and pr.losing(china, "world") and not pr.losing(china, "china")
    # An unmeasured part loses nothing.
    assert not pr.losing(way(), "china")


def test_quality_notes():
    assert pr.quality_notes(None, way(busy=True, near=[sample()])) == ["busy_computer"]
    assert pr.quality_notes(None, way(busy=True)) == []               # nothing measured to spoil
    assert pr.quality_notes(None, way(busy=True, home=[sample()])) == ["busy_computer"]
    assert pr.quality_notes(None, way(intercepted=True)) == ["samples_intercepted"]
    assert pr.quality_notes(None, way(near=[sample(100, 40)])) == ["control_path_poor"]
    # The router sample slow while the ways beyond it are fast: the router forwards.
    assert pr.quality_notes(None, way(home=slow_home(100.0), near=[sample(rtt=20.0)], far=[sample(rtt=600.0)])
                            ) == ["router_forwards"]
    assert pr.quality_notes(None, way(home=slow_home(100.0), near=[sample(rtt=90.0)], far=[sample(rtt=600.0)])
                            ) == []


def test_unplaced_when_a_call_sounds_poor_and_no_part_is_blamed():
    poor = [sample(rtt=600.0)]
    assert pr.unplaced(way(far=poor), [])
    assert pr.unplaced(way(service=poor), [Finding("local", "weak_link", "low")])
    assert not pr.unplaced(way(far=poor), [Finding("upstream", "china_degraded", "medium")])
    assert not pr.unplaced(way(far=poor), [Finding("upstream", "service_degraded", "medium")])
    assert not pr.unplaced(way(near=poor, far=[sample(rtt=100.0)]), [])
    assert not pr.unplaced(way(), [])
    # Judged on the point loss: 5 of 100 lost on 300 ms is poor.
    assert pr.unplaced(way(far=[sample(100, 5, rtt=300.0)]), [])
    assert not pr.unplaced(way(far=[sample(100, 5, rtt=100.0)]), [])


def test_shared_loss_pooled_over_parts_that_share_only_the_line():
    # 8 of 100 lost: each sample alone cannot prove loss over 5 % (low end 4.1); pooled they can.
    eight = [sample(100, 8)]
    assert not part("w", eight).lossy
    f = pr._shared_loss(way(near=eight, service=eight, far=eight))
    assert f is not None and (f.locus, f.cause, f.confidence) == ("local", "weak_link", "medium")
    assert f.facts["loss_pct"] == 8.0 and "variant" not in f.facts
    assert len(f.evidence) == 3
    # A clean router hop: the loss is past the router, at the provider.
    assert pr._shared_loss(way(home=[sample(200, 0, rtt=1.0)], near=eight, far=eight)).facts["variant"] == "provider"
    assert "variant" not in pr._shared_loss(way(home=[sample(100, 40, rtt=1.0)], near=eight, far=eight)).facts


def test_shared_loss_early_returns():
    eight = [sample(100, 8)]
    assert pr._shared_loss(way(near=eight, far=eight, busy=True)) is None
    assert pr._shared_loss(way(far=eight, service=eight)) is None                   # no near control
    assert pr._shared_loss(way(near=eight)) is None                               # nothing to pool with
    assert pr._shared_loss(way(near=[sample(200, 0)], far=eight)) is None         # control clean
    assert pr._shared_loss(way(near=eight, far=eight, service=[sample(200, 0)])) is None  # a part clean
    assert pr._shared_loss(way(near=eight, far=[sample(100, 30)])) is None        # far loses clearly more
    assert pr._shared_loss(way(near=[sample(100, 2)], far=[sample(100, 3)])) is None  # pooled unproven


# Whole rules on hand-made evidence: voice samples only, as a sampler writes them.

def voice_m(mid: str, sent=100, lost=0, rtt=20.0, jitter=1.0, kind="stun", ok=True) -> Measurement:
    group = mid.split(".")[0]
    per = sent // 5
    return Measurement(mid, kind, group, mid, ok=ok, error=None if ok else Failure("timeout", "test"),
                       metrics={"sent": sent, "received": sent - lost, "rtt_ms": {"median": rtt, "min": rtt - 1.0},
                                "jitter_ms": jitter,
                                "windows": [[per, per - lost // 5]] * 5})


def evidence(*ms: Measurement, where="abroad") -> Evidence:
    return Evidence(list(ms), Answers("check", where, "teams"))


def test_path_of_sorts_samples_by_part_and_leaves_failed_ones_out():
    ev = evidence(voice_m("local.home.dns_sample", kind="dns_sample", rtt=1.0), voice_m("world.a.stun"),
                  voice_m("world.b.stun", ok=False), voice_m("china.c.dns_sample", kind="dns_sample", rtt=190.0),
                  voice_m("service.r.stun", rtt=30.0), voice_m("local.echo", kind="echo", rtt=1.0))
    p = pr.path_of(ev)
    assert [s.id for s in p.home.samples] == ["local.home.dns_sample"]
    assert [s.id for s in p.near.samples] == ["world.a.stun"]
    assert [s.id for s in p.far.samples] == ["china.c.dns_sample"]
    assert [s.id for s in p.service.samples] == ["service.r.stun"]
    assert (p.near_group, p.far_group, p.busy, p.intercepted) == ("world", "china", False, False)


def test_path_of_a_busy_echo():
    ev = evidence(voice_m("world.a.stun"), voice_m("local.echo", kind="echo", rtt=20.0))
    assert pr.path_of(ev).busy
    assert not pr.path_of(evidence(voice_m("world.a.stun"))).busy


def test_path_of_leaves_out_dns_samples_an_interceptor_answered():
    injection = Measurement("china.x.dns_injection", "dns_injection", "china", "x", ok=False,
                            error=Failure("unexpected_answer", "test"), metrics={"control_answered": True})
    ms = [voice_m("local.home.dns_sample", kind="dns_sample", rtt=1.0),
          voice_m("china.c.dns_sample", kind="dns_sample"), voice_m("china.s.stun")]
    p = pr.path_of(evidence(*ms, injection))
    assert p.intercepted
    assert [s.id for s in p.far.samples] == ["china.s.stun"]
    assert [s.id for s in p.home.samples] == ["local.home.dns_sample"]    # the router's own is kept
    # An injection that the control did not answer is no interceptor of every question.
    injection.metrics["control_answered"] = False
    assert len(pr.path_of(evidence(*ms, injection)).far.samples) == 2


def test_lossy_samples_lists_the_samples_lossy_beyond_doubt():
    ev = evidence(voice_m("world.a.stun", sent=97, lost=9), voice_m("world.b.stun", sent=98, lost=9),
                  voice_m("china.c.stun", sent=100, lost=40, ok=False))
    assert [m.id for m in pr.lossy_samples(ev)] == ["world.a.stun"]


def home_s(**kw):
    return voice_m("local.home.dns_sample", kind="dns_sample", **{"rtt": 1.0, **kw})


def test_weak_link_at_the_router_hop():
    ev = evidence(home_s(lost=40), voice_m("world.a.stun", lost=40), voice_m("china.c.stun", lost=40, rtt=190.0),
                  voice_m("service.r.stun", lost=4, rtt=30.0))
    f = pr.weak_link(ev)
    assert (f.locus, f.cause, f.facts["variant"]) == ("local", "weak_link", "home")
    # The parts showing the same trouble corroborate (listed); the relay, not bad itself, does not.
    assert f.evidence == ["local.home.dns_sample", "world.a.stun", "china.c.stun"]
    # A clean sample anywhere crossed the hop too: then it is not the hop's.
    ev = evidence(home_s(lost=40), voice_m("world.a.stun", lost=40), voice_m("service.r.stun", sent=200))
    assert pr.weak_link(ev) is None


def test_weak_link_on_the_line_past_a_clean_router():
    ev = evidence(home_s(), voice_m("world.a.stun", lost=40), voice_m("china.c.stun", lost=40, rtt=190.0))
    f = pr.weak_link(ev)
    assert (f.cause, f.facts["variant"]) == ("weak_link", "provider")
    assert "also_seen" not in f.facts
    # Without a router sample the line is not placed past it.
    f = pr.weak_link(evidence(voice_m("world.a.stun", lost=40), voice_m("china.c.stun", lost=40, rtt=190.0)))
    assert f.cause == "weak_link" and "variant" not in f.facts


def test_weak_link_notes_more_loss_on_the_far_side_on_top():
    ev = evidence(home_s(), voice_m("world.a.stun", lost=15), voice_m("china.c.stun", lost=60, rtt=190.0))
    assert pr.weak_link(ev).facts["also_seen"] == "china_degraded"
    # The relay losing more is not the far side.
    ev = evidence(home_s(), voice_m("world.a.stun", lost=15), voice_m("service.r.stun", lost=60))
    assert "also_seen" not in pr.weak_link(ev).facts


def test_weak_link_needs_another_part_alike_and_no_clean_sample_beyond():
    # The near control alone: not the line.
    assert pr.weak_link(evidence(home_s(), voice_m("world.a.stun", lost=40), voice_m("china.c.stun", rtt=190.0,
                                                                                      sent=200))) is None
    # Near and far lossy, yet a clean relay sample crossed the same line.
    ev = evidence(home_s(), voice_m("world.a.stun", lost=40), voice_m("china.c.stun", lost=40, rtt=190.0),
                  voice_m("service.r.stun", sent=200))
    assert pr.weak_link(ev) is None
    # Nothing wrong anywhere.
    assert pr.weak_link(evidence(home_s(), voice_m("world.a.stun"), voice_m("china.c.stun"))) is None


def test_china_degraded_when_the_far_side_loses_clearly_more_than_the_control():
    ev = evidence(home_s(), voice_m("world.a.stun", sent=200), voice_m("china.c.stun", lost=30, rtt=190.0))
    (f,) = pr.path_degraded(ev)
    assert (f.locus, f.cause, f.facts["group"], f.facts["variant"]) == ("upstream", "china_degraded", "china", None)
    assert f.notes == []


def test_china_degraded_not_placed_when_the_control_loses_nearly_as_much():
    # The control loses 3 of 100 (not lossy beyond doubt, so not bad) but its interval overlaps.
    ev = evidence(home_s(), voice_m("world.a.stun", lost=3), voice_m("china.c.stun", lost=12, rtt=190.0))
    assert pr.path_degraded(ev) == []


def test_china_degraded_by_delay_needs_a_steady_control():
    far = voice_m("china.c.stun", rtt=190.0, jitter=170.0)
    (f,) = pr.path_degraded(evidence(home_s(), voice_m("world.a.stun"), far))
    assert f.cause == "china_degraded"
    # A control with jitter of its own (not enough to make it poor): the far side's is not clearly its own.
    assert pr.path_degraded(evidence(home_s(), voice_m("world.a.stun", jitter=40.0), far)) == []


def test_china_degraded_without_a_control_is_at_most_medium():
    (f,) = pr.path_degraded(evidence(home_s(), voice_m("china.c.stun", lost=30, rtt=190.0)))
    assert f.cause == "china_degraded" and f.confidence in ("medium", "low")
    assert f.notes == ["no_quality_control"]


def test_china_degraded_not_when_the_control_itself_is_bad():
    ev = evidence(home_s(), voice_m("world.a.stun", lost=40), voice_m("china.c.stun", lost=60, rtt=190.0))
    assert [f.cause for f in pr.path_degraded(ev)] == []


def test_from_china_the_way_out_is_the_far_side():
    ev = evidence(home_s(), voice_m("china.a.stun", sent=200), voice_m("world.c.stun", lost=30, rtt=190.0),
                  where="china")
    (f,) = pr.path_degraded(ev)
    assert (f.facts["group"], f.facts["variant"]) == ("world", "from_china")


def test_service_degraded_when_the_relays_way_loses_clearly_more():
    ev = evidence(home_s(), voice_m("world.a.stun", sent=200), voice_m("service.r.stun", lost=30))
    (f,) = pr.path_degraded(ev)
    assert (f.cause, f.facts["group"], f.confidence, f.notes) == (
        "service_degraded", "service", "medium", ["relay_may_limit"])
    # Without a control it is still the relay's way.
    (f,) = pr.path_degraded(evidence(home_s(), voice_m("service.r.stun", lost=30)))
    assert f.cause == "service_degraded"
    # A control losing nearly as much: not clearly the relay.
    assert pr.path_degraded(evidence(home_s(), voice_m("world.a.stun", lost=3), voice_m("service.r.stun", lost=12))
                            ) == []
    # Delay on the relay's way with a steady control; not with a shaky one.
    slow = voice_m("service.r.stun", rtt=50.0, jitter=170.0)
    assert [f.cause for f in pr.path_degraded(evidence(home_s(), voice_m("world.a.stun"), slow))] == [
        "service_degraded"]
    assert pr.path_degraded(evidence(home_s(), voice_m("world.a.stun", jitter=40.0), slow)) == []


def test_service_degraded_comes_first_and_is_not_said_from_china():
    ev = evidence(home_s(), voice_m("world.a.stun", sent=200), voice_m("service.r.stun", lost=30),
                  voice_m("china.c.stun", lost=30, rtt=190.0))
    assert [f.cause for f in pr.path_degraded(ev)] == ["service_degraded", "china_degraded"]
    ev = evidence(home_s(), voice_m("china.a.stun", sent=200), voice_m("service.r.stun", lost=30),
                  where="china")
    assert [f.cause for f in pr.path_degraded(ev)] == ["china_degraded"]


def test_delay_on_the_near_side_is_felt_where_calls_beyond_it_sound_poor():
    near = [sample(rtt=40.0, jitter=40.0)]              # shaky, yet a call over it alone sounds good
    assert not part("w", near).sounds_poor
    beyond_poor = way(near=near, far=[sample(rtt=600.0)])
    assert pr._felt(beyond_poor, beyond_poor.near)
    assert pr.bad(beyond_poor, beyond_poor.near, None)
    p = way(near=near, service=[sample(rtt=600.0)])
    assert pr._felt(p, p.near)
    # Only the near side borrows the calls beyond it: the relay's way is judged on its own.
    assert not pr._felt(beyond_poor, beyond_poor.service)
    q = way(near=near, service=[sample(rtt=40.0)], far=[sample(rtt=600.0)])
    assert not pr._felt(q, q.service)
    # Calls beyond that sound good (or nothing measured beyond): not felt.
    r = way(near=near, service=[sample(rtt=80.0)])
    assert not pr._felt(r, r.near)
    alone = way(near=near)
    assert not pr._felt(alone, alone.near)


def test_weak_link_needs_another_part_bad_too():
    # The near control loses beyond doubt; the far side loses a little (neither bad nor clean).
    ev = evidence(home_s(), voice_m("world.a.stun", lost=40), voice_m("china.c.stun", lost=4, rtt=190.0))
    assert pr.weak_link(ev) is None


def test_shared_loss_pct_is_the_cleanest_samples_point_loss():
    assert part("w", [sample(100, 30), sample(200, 9), sample(100, 20)]).shared_loss_pct == 4.5
    # No sample: no loss known, not some loss.
    assert part("w", []).shared_loss_pct == 0.0
