"""The benchmark's verdicts: which ceiling a cold build is compared with, and what counts as met."""

import pytest

from bench.run import Measurement, fastest_ceilings, render

FILES = 10_000
WORDS = 1_000_000


def _measured(scenario: str, seconds: float) -> Measurement:
    return Measurement(FILES, WORDS, scenario, seconds, (1000.0, 800.0))


@pytest.mark.parametrize(
    ("first", "again", "counted"),
    [(500.0, 400.0, 400.0), (400.0, 600.0, 400.0), (450.0, None, 450.0)],
)
def test_the_faster_ceiling_counts(first, again, counted):
    results = [_measured("ceiling (bare nlp.pipe)", first)]
    if again is not None:
        results.append(_measured("ceiling again (bare nlp.pipe)", again))
    assert fastest_ceilings(results)[FILES].seconds == counted


def test_a_slow_ceiling_does_not_make_the_ratio_met():
    # A neighbour slowed the first ceiling: against it the build would look at the ceiling.
    results = [
        _measured("ceiling (bare nlp.pipe)", 600.0),
        _measured("cold build", 600.0),
        _measured("ceiling again (bare nlp.pipe)", 450.0),
    ]
    page = render(results, "test machine", 1, [])
    assert "**not met**: pipeline at 10,000 files: 0.75 of the ceiling" in page
    assert "| 0.75 |" in page


@pytest.mark.parametrize(("again", "noisy"), [(450.0, True), (590.0, False)])
def test_ceilings_that_disagree_are_named_beside_the_verdict(again, noisy):
    results = [
        _measured("ceiling (bare nlp.pipe)", 600.0),
        _measured("cold build", 600.0),
        _measured("ceiling again (bare nlp.pipe)", again),
    ]
    page = render(results, "test machine", 1, [])
    assert ("the ceilings differ by 33%" in page and "against the slower one: 1.00" in page) is noisy
    assert ("ceilings differ" in page) is noisy


def test_the_added_share_verdict_takes_the_median_of_the_add_runs():
    # One slow add run (the machine, not the code) neither fails nor passes the target alone.
    results = [_measured("cold build", 1000.0)] + [
        _measured(f"add 1% (100 files), run {run}", seconds) for run, seconds in enumerate([25.0, 45.0, 28.0], start=1)
    ]
    page = render(results, "test machine", 1, [])
    assert "- met: add 1% at 10,000 files: 2.8% of the cold build, the median of 3 runs (2.5%, 4.5%, 2.8%)" in page
    assert page.count("add 1% at 10,000 files") == 1
