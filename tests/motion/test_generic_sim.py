"""The generic counter on `upright.sim` sets and on views that foreshorten a limb.

`upright.sim` films the catalog exercises with their own answer key (a bird dog counts
one rep per side), including getting into position and walking out of the picture.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from generic_body import Errors  # noqa: E402
from generic_motions import Case, make  # noqa: E402

from upright.motion.generic import count_generic  # noqa: E402
from upright.sim import simulate  # noqa: E402

MILD = Errors(jitter=0.002, wobble=0.001, far_side=True)


@pytest.mark.parametrize("seed", [1, 3])
def test_squats_from_the_front_without_pauses(seed):
    # The thigh points at the camera at the bottom: its image angle must not spike.
    case = Case(kind="squat", sets=(20,), seed=seed, view_deg=0.0, bottom_pause_s=0.0, tempo_s=1.3)
    assert len(count_generic(make(replace(case, errors=MILD)).landmarks).reps) == 20


def test_bird_dog_with_long_holds_counts_one_per_side():
    sim = simulate("bird_dog", reps=6, view="side", seed=0)
    assert len(sim.truth.reps) == 12
    assert len(count_generic(sim.landmarks).reps) == 12


def test_walk_off_and_a_file_opening_mid_movement_are_not_reps():
    sim = simulate("chest_supported_row", reps=3, view="front", seed=1)
    # The file opens mid-way into position (well above the usual trough): not a rep.
    assert len(count_generic(sim.landmarks).reps) == len(sim.truth.reps)


@pytest.mark.xfail(
    strict=True,
    reason="known: the Y-raise is read upside down: the rests between reps are counted, "
    "and getting into position adds one",
)
def test_short_sim_set_exact():
    sim = simulate("y_raise", reps=3, view="front", seed=0)
    assert len(count_generic(sim.landmarks).reps) == len(sim.truth.reps)
