"""Form rules against real labelled frames (../shared/data/exercise-correction).

- plank frames (C correct, H hips high, L low back sagging) -> the rules plank_sag and
  plank_pike: the signed bend of the shoulder-hip-ankle line (`plank_bend`, 2-D image,
  positive with the hips up) as a change from a correct plank. A single frame has no
  set-up, so the tune half's median correct frame stands in for it; sag is scored on
  C vs L frames, pike on C vs H. The old unsigned angle (`plank_line` < 160) is kept
  for comparison.
- curl frames (C correct, L leaning back) -> "no leaning back" on a single frame: the
  trunk's angle to vertical, positive towards the back (the back is opposite the face:
  nose vs ears), above a threshold is a fault; no set-up baseline exists in a single frame.

x and y are normalised to the frame; most clips are 16:9, so x is scaled by 16/9 before
taking angles. The rows are split in halves (first / second half of each label's rows,
so near-identical neighbouring frames of a clip do not fall on both sides): the threshold
is chosen on the first half (best balanced accuracy), the figures are reported on the
second. Skips where the data folder is absent. Writes bench/real_faults.json.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np

from upright.catalog import KEYPOINT_NAMES, get_exercise
from upright.motion.geometry import joint_angle
from upright.motion.measures import FRAME_MEASURES

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "exercise-correction"
ASPECT = 16 / 9


def read(name: str) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    with open(DATA / name, newline="") as fh:
        rows = list(csv.DictReader(fh))
    labels = np.array([r["label"] for r in rows])

    def pt(key: str) -> np.ndarray:
        return np.array([[float(r[f"{key}_x"]) * ASPECT, float(r[f"{key}_y"]), 0.0] for r in rows])

    names = {k[:-2] for k in rows[0] if k.endswith("_x")}
    return labels, {n: pt(n) for n in names}


def plank_line(p: dict[str, np.ndarray]) -> np.ndarray:
    mid = {k: 0.5 * (p[f"left_{k}"] + p[f"right_{k}"]) for k in ("shoulder", "hip", "ankle")}
    return joint_angle(mid["shoulder"], mid["hip"], mid["ankle"])


def plank_bend(p: dict[str, np.ndarray]) -> np.ndarray:
    """`upright.motion`'s plank_bend on the frames (hips up positive), degrees."""
    pts = np.zeros((len(p["nose"]), len(KEYPOINT_NAMES), 3))
    for k, name in enumerate(KEYPOINT_NAMES):
        if name in p:
            pts[:, k] = p[name]
    return FRAME_MEASURES["plank_bend"](pts, "both", None, True)


def plank_rules(bend: np.ndarray, labels: np.ndarray) -> dict[str, object]:
    """plank_sag (C vs L) and plank_pike (C vs H) on the change from a correct plank."""
    tune, _ = halves(labels)
    rest = float(np.median(bend[tune & (labels == "C")]))
    rules = {r.id: r for r in get_exercise("pushup_to_row").rules}
    out: dict[str, object] = {"correct_plank_deg": round(rest, 2)}
    for rid, fault in (("plank_sag", "L"), ("plank_pike", "H")):
        keep = (labels == "C") | (labels == fault)
        sub = evaluate(
            bend[keep] - rest,
            labels[keep] == fault,
            rules[rid].compare,
            rules[rid].threshold,
            np.arange(-40.0, 0.5, 0.5) if rid == "plank_sag" else np.arange(0.0, 40.5, 0.5),
            labels[keep],
        )
        out[rid] = sub
    return out


def two_sided(values: np.ndarray, truth: np.ndarray) -> dict[str, object]:
    """Sag below ``lo`` or pike above ``hi`` (degrees of bend), chosen on the tune half."""
    tune, test = halves(truth.astype(str))
    grid = [(lo, hi) for lo in np.arange(-20.0, 20.0, 1.0) for hi in np.arange(20.0, 60.0, 1.0)]

    def flag(lo: float, hi: float) -> np.ndarray:
        return (values < lo) | (values > hi)

    lo, hi = max(grid, key=lambda g: scores(flag(*g)[tune], truth[tune])["balanced_accuracy"])
    return {
        "sag_below_deg": lo,
        "pike_above_deg": hi,
        "chosen_on_tune": scores(flag(lo, hi)[tune], truth[tune]),
        "chosen_on_test": scores(flag(lo, hi)[test], truth[test]),
    }


def lean_back(p: dict[str, np.ndarray]) -> np.ndarray:
    sh = 0.5 * (p["left_shoulder"] + p["right_shoulder"])
    hip = 0.5 * (p["left_hip"] + p["right_hip"])
    u = sh - hip
    face = np.sign(p["nose"][:, 0] - sh[:, 0])  # +1: the athlete faces image right
    tilt = np.degrees(np.arctan2(u[:, 0], -u[:, 1]))  # towards image right, from vertical
    return -face * tilt


def halves(labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    tune = np.zeros(len(labels), dtype=bool)
    for lab in np.unique(labels):
        idx = np.flatnonzero(labels == lab)
        tune[idx[: len(idx) // 2]] = True
    return tune, ~tune


def scores(fault: np.ndarray, truth: np.ndarray) -> dict[str, float]:
    tp = int(np.sum(fault & truth))
    tn = int(np.sum(~fault & ~truth))
    fp = int(np.sum(fault & ~truth))
    fn = int(np.sum(~fault & truth))
    rec = tp / max(tp + fn, 1)
    spec = tn / max(tn + fp, 1)
    return {
        "balanced_accuracy": round((rec + spec) / 2, 4),
        "precision": round(tp / max(tp + fp, 1), 4),
        "recall": round(rec, 4),
        "n": int(len(truth)),
    }


def evaluate(
    values: np.ndarray,
    truth: np.ndarray,
    compare: str,
    default: float,
    grid: np.ndarray,
    labels: np.ndarray | None = None,
) -> dict[str, object]:
    tune, test = halves(truth.astype(str) if labels is None else labels)
    ok = np.isfinite(values)

    def flag(th: float) -> np.ndarray:
        return values < th if compare == "below" else values > th

    best = max(
        grid, key=lambda th: scores(flag(th)[tune & ok], truth[tune & ok])["balanced_accuracy"]
    )
    return {
        "catalog_threshold": default,
        "catalog_on_test": scores(flag(default)[test & ok], truth[test & ok]),
        "chosen_threshold": float(best),
        "chosen_on_tune": scores(flag(best)[tune & ok], truth[tune & ok]),
        "chosen_on_test": scores(flag(best)[test & ok], truth[test & ok]),
    }


def main() -> None:
    if not DATA.is_dir():
        print(f"real_faults: skipped, {DATA} is absent")
        return
    rules = {r.id: r for r in get_exercise("seated_cable_row").rules}
    labels, pts = read("plank_test.csv")
    plank = evaluate(
        plank_line(pts),
        labels != "C",
        "below",
        160.0,
        np.arange(140.0, 180.0, 0.5),
    )
    plank["signed_bend"] = two_sided(plank_bend(pts), labels != "C")
    signed = plank_rules(plank_bend(pts), labels)
    labels, pts = read("bicep_test.csv")
    curl = evaluate(
        lean_back(pts),
        labels == "L",
        "above",
        rules["lean_back"].threshold,
        np.arange(0.0, 40.0, 0.5),
    )
    out = {"plank_unsigned_line": plank, **signed, "lean_back_single_frame": curl}
    Path(__file__).with_suffix(".json").write_text(json.dumps(out, indent=2) + "\n")
    p, c = plank["chosen_on_test"], curl["chosen_on_test"]
    print(
        f"real_faults: unsigned plank_line thr {plank['chosen_threshold']:g} deg -> held-out "
        f"balanced accuracy {p['balanced_accuracy']:.3f} (P {p['precision']:.3f} "
        f"R {p['recall']:.3f}; "
        f"catalog {plank['catalog_threshold']:g}: "
        f"{plank['catalog_on_test']['balanced_accuracy']:.3f}); lean_back thr "
        f"{curl['chosen_threshold']:g} deg -> {c['balanced_accuracy']:.3f} "
        f"(P {c['precision']:.3f} R {c['recall']:.3f}; catalog "
        f"{curl['catalog_threshold']:g}: {curl['catalog_on_test']['balanced_accuracy']:.3f})"
    )
    for rid in ("plank_sag", "plank_pike"):
        r = signed[rid]
        print(
            f"real_faults: {rid} (change from a correct plank, {signed['correct_plank_deg']:g} "
            f"deg) thr chosen {r['chosen_threshold']:g} -> held-out balanced accuracy "
            f"{r['chosen_on_test']['balanced_accuracy']:.3f}; catalog {r['catalog_threshold']:g}"
            f" -> {r['catalog_on_test']['balanced_accuracy']:.3f} "
            f"(P {r['catalog_on_test']['precision']:.3f} R {r['catalog_on_test']['recall']:.3f})"
        )
    b = plank["signed_bend"]
    print(
        f"real_faults: plank as signed bend (sag < {b['sag_below_deg']:g}, pike > "
        f"{b['pike_above_deg']:g} deg) -> held-out balanced accuracy "
        f"{b['chosen_on_test']['balanced_accuracy']:.3f} (P {b['chosen_on_test']['precision']:.3f}"
        f" R {b['chosen_on_test']['recall']:.3f})"
    )


if __name__ == "__main__":
    main()
