"""Getting into position and out of it around a set: movements that are never reps.

With dumbbells the person first bends down and lifts the weights off the floor, stands,
and only then takes the set-up; at the end they stand, bend down and put the weights
down. For the bird dog they kneel and then put their hands down; for the Y-raise they
kneel behind the ball and then lie onto it (and the other way round at the end). Each
movement is returned as a named time window, so the truth can say that none is a rep.
"""

from __future__ import annotations

from upright.sim.moves_rows import stand_z
from upright.sim.plan import Ctx
from upright.sim.tracks import Script

Window = tuple[str, float, float]
# Rows done with weights picked up from the floor (the cable rows start at the handle).
FROM_FLOOR = ("bent_over_row", "one_arm_dumbbell_row", "chest_supported_row", "pushup_to_row")
KNEELING = ("bird_dog", "bird_dog_line", "y_raise")


def bent_down(ctx: Ctx) -> dict[str, float]:
    """Knees and hips bent, trunk forward 45-70 degrees, arms hanging to the weights."""
    u, p = ctx.rng.uniform, ctx.person
    pitch, thigh, shank = float(u(45, 70)), float(u(40, 60)), float(u(22, 35))
    ch = {"pitch": pitch, "dpitch": 0.0, "z": stand_z(p, thigh, shank), "neck": -15.0}
    for c in "lr":
        ch |= {
            f"leg_{c}_hip": 180.0 - pitch - thigh,
            f"leg_{c}_knee": thigh + shank,
            f"leg_{c}_abd": 8.0,
            f"leg_{c}_ankle": 0.0,
            f"arm_{c}_flex": pitch + float(u(-3, 8)),
            f"arm_{c}_elb": float(u(4, 12)),
            f"arm_{c}_abd": float(u(6, 14)),
        }
    return ch


def kneeling(ctx: Ctx) -> dict[str, float]:
    """Upright on both knees, shins flat on the floor behind, arms by the sides."""
    p, u = ctx.person, ctx.rng.uniform
    ch = {"pitch": float(u(0, 8)), "dpitch": 0.0, "z": p.thigh_m + 0.05, "neck": 5.0}
    for c in "lr":
        ch |= {
            f"leg_{c}_hip": 178.0 - ch["pitch"],
            f"leg_{c}_knee": 90.0,
            f"leg_{c}_ankle": 70.0,
            f"leg_{c}_abd": 3.0,
            f"leg_{c}_plant": 0.0,
            f"arm_{c}_flex": ch["pitch"] + 10.0,
            f"arm_{c}_elb": 15.0,
        }
    return ch


def _pick(s: Script, ctx: Ctx, stand: dict[str, float], names: tuple[str, str]) -> list[Window]:
    """Bend down to the weights, grip or let go, and stand up: windows named ``names``."""
    u = ctx.rng.uniform
    down = s.move(float(u(1.2, 2.0)), bent_down(ctx))
    s.wait(float(u(0.3, 0.8)))
    up = s.move(float(u(1.0, 1.8)), stand)
    return [(names[0], *down), (names[1], *up)]


def get_into(s: Script, ctx: Ctx, stand: dict[str, float]) -> list[Window]:
    """Before the move into the set-up: pick the weights up, or kneel down.

    The script stands at ``stand`` (a standing posture) when this is called and again
    (or kneels) when it returns; the set-up move follows.
    """
    u = ctx.rng.uniform
    ex = ctx.exercise.id
    if ex in FROM_FLOOR:
        out = _pick(s, ctx, stand, ("bend down for the weights", "lift the weights"))
        s.wait(float(u(0.5, 1.5)))
        return out
    if ex in KNEELING:
        down = s.move(float(u(1.5, 2.5)), kneeling(ctx))
        s.wait(float(u(0.4, 1.0)))
        return [("kneel down", *down)]
    return []


def get_out_of(s: Script, ctx: Ctx, stand: dict[str, float]) -> list[Window]:
    """After the last rep: stand up and put the weights down, or kneel and stand up.

    Ends standing at ``stand``; the caller has already paused after the last rep.
    """
    u = ctx.rng.uniform
    ex = ctx.exercise.id
    if ex in KNEELING:
        kneel = s.move(float(u(1.5, 2.5)), kneeling(ctx))
        s.wait(float(u(0.3, 0.8)))
        up = s.move(float(u(1.5, 2.5)), stand)
        return [("back onto the knees", *kneel), ("stand up", *up)]
    up = s.move(float(u(2.0, 3.5)), stand)
    if ex not in FROM_FLOOR:
        return [("stand up", *up)]
    s.wait(float(u(0.4, 1.2)))
    return [
        ("stand up", *up),
        *_pick(s, ctx, stand, ("put the weights down", "stand up without them")),
    ]
