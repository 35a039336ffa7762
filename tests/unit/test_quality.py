import pytest

from callpath.core.analysis.quality import mos


def test_perfect_path_scores_excellent():
    # eff = 10 -> R = 94.768 - 0.25 = 94.518
    r = 94.518
    expected = 1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r)
    assert mos(0, 0, 0) == pytest.approx(expected, abs=1e-9)
    assert mos(0, 0, 0) > 4.2  # Twilio's "excellent"


def test_second_branch_of_the_e_model():
    # rtt 200 ms: eff = 210 -> R = 94.768 - 9 = 85.768
    r = 85.768
    assert mos(200, 0, 0) == pytest.approx(1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r))


def test_loss_lowers_the_score_and_too_much_loss_is_unusable():
    assert mos(100, 5, 2) < mos(100, 5, 0)
    assert mos(100, 5, 50) == pytest.approx(1.0)
    assert mos(2000, 0, 0) < 1.3  # R floors at 6.52 when loss is within bounds


def test_an_ordinary_long_path_into_china_is_still_good():
    # 250 ms round trip, 10 ms jitter, 1 % loss: a normal transpacific call
    assert mos(250, 10, 1) > 3.6

