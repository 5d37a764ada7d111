"""Every bound in the engine, tested at the bound itself: meters stop at 0 and 100, dropout happens only
strictly below its floor, and a condition's min and max are both inclusive."""

from __future__ import annotations

import pytest
from profiles import load, profile

from simulator.engine.session import Session


def test_meters_stop_at_100_and_the_turn_records_only_what_changed():
    s = Session(load(profile(meters={"bond": {"start": 95}, "goals": {"start": 50}, "tasks": {"start": 50},
                                     "real": {"start": 50}})))
    assert s.choose("ask").deltas == {"bond": 5}
    assert s.meters["bond"] == 100
    assert s.choose("ask").deltas == {}
    assert s.meters["bond"] == 100


def test_meters_stop_at_0():
    s = Session(load(profile(dropout={"state": "gone"}, meters={"bond": {"start": 15}, "goals": {"start": 50},
                                                                  "tasks": {"start": 50}, "real": {"start": 50}})))
    assert s.choose("push").deltas == {"bond": -15, "real": -20}
    assert s.meters["bond"] == 0


@pytest.mark.parametrize("floor, ends", [(40, None), (41, "dropout")])
def test_dropout_on_alliance_only_strictly_below_the_floor(floor, ends):
    s = Session(load(profile(dropout={"state": "gone", "alliance_below": floor})))
    s.choose("push")
    assert s.alliance == 40
    assert s.ended == ends


@pytest.mark.parametrize("floor, ends", [(30, None), (31, "dropout")])
def test_dropout_on_a_meter_only_strictly_below_its_floor(floor, ends):
    s = Session(load(profile(dropout={"state": "gone", "meter_below": {"real": floor}})))
    s.choose("push")
    assert s.meters["real"] == 30
    assert s.ended == ends


# 'own' is offered only when its condition holds; 'ask' takes bond from 50 to 55, alliance from 50 to 51.25,
# and the turn from 0 to 1.
@pytest.mark.parametrize("when, before, after", [
    ({"meters": {"bond": {"min": 55}}}, False, True),
    ({"meters": {"bond": {"max": 50}}}, True, False),
    ({"meters": {"bond": {"min": 55, "max": 60}}}, False, True),
    ({"meters": {"bond": {"min": 45, "max": 50}}}, True, False),
    ({"meters": {"bond": {"min": 55, "max": 55}}}, False, True),
    ({"meters": {"alliance": {"max": 50}}}, True, False),
    ({"turn": {"min": 1}}, False, True),
    ({"turn": {"max": 0}}, True, False),
    ({"turn": {"min": 0, "max": 0}}, True, False),
    ({"turn": {"min": 1, "max": 1}}, False, True),
], ids=lambda v: str(v).replace(" ", ""))
def test_a_condition_holds_at_its_min_and_at_its_max(when, before, after):
    data = profile()
    data["states"]["talk"]["beats"]["start"]["options"][2]["when"] = when
    s = Session(load(data))
    assert ("own" in s.options()) is before
    s.choose("ask")
    assert ("own" in s.options()) is after
