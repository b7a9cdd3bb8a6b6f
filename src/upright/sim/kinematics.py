"""From joint-angle channels to segment directions (forward kinematics).

Channels, degrees unless said (one value per frame):

- root: ``x``, ``y``, ``z`` (mid-hip, metres, scene), ``yaw`` (heading about the vertical)
- trunk: ``pitch`` (posture: 0 upright, 90 face down and level), ``dpitch`` (deviation from
  the posture, positive forward), ``bend`` (sideways), ``twist`` (about the trunk axis)
- pelvis: ``p_axial`` (roll about the trunk axis), ``p_yaw`` (turn about the vertical),
  ``shift`` (metres sideways along the set-up hip line; planted feet stay put)
- head: ``neck`` (flexion, chin towards chest)
- arms, ``{s}`` in l/r: ``arm_{s}_flex`` (flexion in the sagittal plane, as the
  ``arm_flexion`` measure: 0 along the body, 90 at right angles, 180 overhead; negative
  behind), ``arm_{s}_abd`` (out to the side), ``arm_{s}_elb`` (elbow flexion, 0 straight),
  ``arm_{s}_tuck`` (0..1 blend towards the bird-dog tuck under the torso)
- legs: ``leg_{s}_hip`` (angle between trunk axis and thigh, 180 in line, 90 thigh to the
  front), ``leg_{s}_abd``, ``leg_{s}_knee`` (0 straight), ``leg_{s}_ankle`` (plantar
  flexion), ``leg_{s}_tuck`` (0..1), ``leg_{s}_plant`` (0..1 blend to a fixed foot spot)
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from upright.sim.body import Person, Segments
from upright.sim.geometry import Arr, nlerp, perp, rodrigues, rot_y, rot_z, two_link, unit
from upright.sim.geometry import rot_x as _rot_x

SIDES = (("l", "left", 1.0), ("r", "right", -1.0))

BASE_CHANNELS: dict[str, float] = {
    "x": 0.0,
    "y": 0.0,
    "z": 0.9,
    "yaw": 0.0,
    "pitch": 0.0,
    "dpitch": 0.0,
    "bend": 0.0,
    "twist": 0.0,
    "p_axial": 0.0,
    "p_yaw": 0.0,
    "shift": 0.0,
    "neck": 0.0,
    **{
        f"arm_{s}_{k}": v
        for s in "lr"
        for k, v in (("flex", 10.0), ("abd", 8.0), ("elb", 10.0), ("tuck", 0.0))
    },
    **{
        f"leg_{s}_{k}": v
        for s in "lr"
        for k, v in (
            ("hip", 178.0),
            ("abd", 3.0),
            ("knee", 3.0),
            ("ankle", 0.0),
            ("tuck", 0.0),
            ("plant", 0.0),
        )
    },
}


@dataclass(frozen=True)
class Rig:
    """Per-exercise constants of the kinematics.

    Attributes
    ----------
    legs_follow_trunk
        True: leg angles are relative to the moving trunk (all fours); False: to the
        posture only, so a trunk fault does not swing the legs (standing, sitting).
    elbow_tuck, knee_tuck
        Where the elbow and the knee go in the bird-dog tuck, metres in the trunk frame
        (forward, left, up from mid-hip) for the left arm / left knee (mirrored for right).
    plant
        Fixed foot (ankle) spots per side "l"/"r", metres, scene frame.
    knee_hint
        Scene direction planted knees bend towards.
    """

    legs_follow_trunk: bool = False
    elbow_tuck: tuple[float, float, float] = (0.0, 0.0, 0.0)
    knee_tuck: tuple[float, float, float] = (0.0, 0.0, 0.0)
    plant: dict[str, tuple[float, float, float]] = field(default_factory=dict)
    knee_hint: tuple[float, float, float] = (1.0, 0.0, 0.0)


def _frames(ch: dict[str, Arr]) -> tuple[Arr, Arr, Arr, Arr]:
    base = rot_z(ch["yaw"]) @ rot_y(ch["pitch"])
    trunk = (
        rot_z(ch["yaw"])
        @ rot_y(ch["pitch"] + ch["dpitch"])
        @ _rot_x(ch["bend"])
        @ rot_z(ch["twist"])
    )
    pelvis = rot_z(ch["p_yaw"]) @ trunk @ rot_z(ch["p_axial"])
    head = trunk @ rot_y(ch["neck"])
    return base, trunk, pelvis, head


def _limb(first: Arr, lateral: Arr, sign: float, abd: Arr) -> Arr:
    """Turn ``first`` by ``abd`` degrees towards ``sign * lateral``."""
    axis = unit(np.cross(first, sign * lateral))
    return rodrigues(first, axis, abd)


def segments(person: Person, ch: dict[str, Arr], rig: Rig) -> Segments:
    """Segment placement for every frame from the channel tracks ``ch`` [T]."""
    base, trunk, pelvis, head = _frames(ch)
    f_t, l_t, a_t = trunk[..., 0], trunk[..., 1], trunk[..., 2]
    legf = trunk if rig.legs_follow_trunk else base
    f_b, l_b, a_b = legf[..., 0], legf[..., 1], legf[..., 2]
    mid_hip = np.stack([ch["x"], ch["y"], ch["z"]], -1) + ch["shift"][:, None] * base[..., 1]
    mid_sh = mid_hip + person.torso_m * a_t
    arm, fore, thigh, shank, foot = {}, {}, {}, {}, {}
    for s, side, sign in SIDES:
        th = ch[f"arm_{s}_flex"]
        rad = np.radians(th)[:, None]
        u = _limb(-a_t * np.cos(rad) + f_t * np.sin(rad), l_t, sign, ch[f"arm_{s}_abd"])
        sh = mid_sh + sign * person.shoulder_half_m * l_t
        e_loc = np.array(rig.elbow_tuck) * (1.0, sign, 1.0)
        u = nlerp(u, unit(mid_hip + trunk @ e_loc - sh), ch[f"arm_{s}_tuck"])
        arm[side] = u
        fore[side] = rodrigues(u, perp(-l_t, u), ch[f"arm_{s}_elb"])
        rad = np.radians(ch[f"leg_{s}_hip"])[:, None]
        t = _limb(a_b * np.cos(rad) + f_b * np.sin(rad), l_b, sign, ch[f"leg_{s}_abd"])
        hip = mid_hip + sign * person.hip_half_m * pelvis[..., 1]
        k_loc = np.array(rig.knee_tuck) * (1.0, sign, 1.0)
        t = nlerp(t, unit(mid_hip + trunk @ k_loc - hip), ch[f"leg_{s}_tuck"])
        sk = rodrigues(t, perp(l_b, t), ch[f"leg_{s}_knee"])
        if s in rig.plant:
            knee, ankle = two_link(
                hip,
                np.broadcast_to(np.array(rig.plant[s]), hip.shape),
                person.thigh_m,
                person.shank_m,
                np.broadcast_to(np.array(rig.knee_hint), hip.shape),
            )
            w = ch[f"leg_{s}_plant"]
            t = nlerp(t, unit(knee - hip), w)
            sk = nlerp(sk, unit(ankle - knee), w)
        thigh[side], shank[side] = t, sk
        foot[side] = rodrigues(sk, perp(-l_b, sk), 90.0 - ch[f"leg_{s}_ankle"])
    return Segments(mid_hip, trunk, pelvis, head, arm, fore, thigh, shank, foot)
