"""Read and write the landmark file: ``.npz`` and its CSV form (DESIGN.md, "Public formats").

npz keys: ``image`` float32 [T, 33, 3], ``world`` float32 [T, 33, 3], ``visibility``
float32 [T, 33], ``t`` float64 [T]; scalars ``fps``, ``width``, ``height``; and
``keypoints`` (the 33 names, for readers that want to check the order).

CSV: an optional first line ``# upright-landmarks fps=29.97 width=640 height=480``, then
a header and one row per frame: ``t`` and, for every keypoint in order,
``<name>_x, <name>_y, <name>_z`` (image), ``<name>_wx, <name>_wy, <name>_wz`` (world,
optional) and ``<name>_v`` (visibility, optional). Empty cells are NaN.
"""

from __future__ import annotations

import csv
import io
import os
import re
import zipfile
import zlib
from pathlib import Path

import numpy as np

from upright.catalog.keypoints import KEYPOINT_NAMES, NUM_KEYPOINTS
from upright.motion.landmarks import LandmarkError, Landmarks

NPZ_KEYS = ("image", "world", "visibility", "t", "fps", "width", "height")
_META = re.compile(r"(\w+)=([^\s]+)")


class LandmarkFileError(LandmarkError):
    """A landmark file could not be read; the message names the file and the problem."""


def _private(path: Path) -> io.BufferedWriter:
    """Open ``path`` for writing, readable by its owner only (mode 0600): it is a body."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # a left-over .part file keeps its old mode through O_CREAT
    return os.fdopen(fd, "wb")


def save_npz(landmarks: Landmarks, path: str | os.PathLike[str]) -> Path:
    """Write ``landmarks`` to ``path`` (.npz) atomically: a crash leaves no half file."""
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    with _private(tmp) as fh:
        np.savez_compressed(
            fh,
            image=landmarks.image,
            world=landmarks.world,
            visibility=landmarks.visibility,
            t=landmarks.t,
            fps=np.float64(landmarks.fps),
            width=np.int64(landmarks.width),
            height=np.int64(landmarks.height),
            keypoints=np.array(KEYPOINT_NAMES),
        )
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    return path


def load_npz(path: str | os.PathLike[str]) -> Landmarks:
    """Read a landmark ``.npz``; `LandmarkFileError` names the file and the bad key."""
    path = Path(path)
    try:
        _check_zip(path)
        with np.load(path, allow_pickle=False) as data:
            missing = [k for k in NPZ_KEYS if k not in data.files]
            if missing:
                raise LandmarkFileError(
                    f"{path}: expected keys {', '.join(NPZ_KEYS)}; missing {', '.join(missing)}"
                )
            arrays = {k: data[k] for k in NPZ_KEYS}
    except LandmarkFileError:
        raise
    except FileNotFoundError:
        raise LandmarkFileError(f"{path}: no such file") from None
    except (OSError, ValueError, zipfile.BadZipFile, EOFError, zlib.error) as exc:
        raise LandmarkFileError(f"{path}: not a readable .npz landmark file ({exc})") from None
    except (NotImplementedError, RuntimeError) as exc:  # zipfile: odd flags, encryption
        raise LandmarkFileError(f"{path}: not a readable .npz landmark file ({exc})") from None
    try:
        return Landmarks(
            np.asarray(arrays["image"], np.float32),
            np.asarray(arrays["world"], np.float32),
            np.asarray(arrays["visibility"], np.float32),
            np.asarray(arrays["t"], np.float64),
            float(arrays["fps"]),
            int(arrays["width"]),
            int(arrays["height"]),
        )
    except (LandmarkError, TypeError, ValueError) as exc:
        raise LandmarkFileError(f"{path}: {exc}") from None


def _check_zip(path: Path) -> None:
    """A .npz is a zip archive: say so plainly when the file is something else.

    (Without this, numpy reads an unknown file as a pickle and answers with advice
    about unsafe loading.)
    """
    with path.open("rb") as fh:
        head = fh.read(6)
    if head.startswith(b"\x93NUMPY"):
        raise LandmarkFileError(
            f"{path}: a single numpy array (.npy), not a .npz landmark file "
            f"(keys {', '.join(NPZ_KEYS)})"
        )
    if not head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        what = "it is empty" if not head else f"it starts with {head[:4]!r}"
        raise LandmarkFileError(
            f"{path}: not a .npz landmark file (a .npz is a zip archive; {what})"
        )


def _csv_header(with_world: bool) -> list[str]:
    cols = ["t"]
    for name in KEYPOINT_NAMES:
        cols += [f"{name}_x", f"{name}_y", f"{name}_z"]
        if with_world:
            cols += [f"{name}_wx", f"{name}_wy", f"{name}_wz"]
        cols.append(f"{name}_v")
    return cols


def save_csv(landmarks: Landmarks, path: str | os.PathLike[str]) -> Path:
    """Write ``landmarks`` as CSV, one row per frame (see the module docstring)."""
    path = Path(path)
    n = len(landmarks)
    parts = [landmarks.t[:, None]]
    blocks = [landmarks.image, landmarks.world, landmarks.visibility[:, :, None]]
    per_kp = np.concatenate(blocks, axis=2)  # [T, 33, 7]: x y z wx wy wz v, as the header
    parts.append(per_kp.reshape(n, NUM_KEYPOINTS * 7))
    table = np.concatenate(parts, axis=1)
    buf = io.StringIO()
    buf.write(
        f"# upright-landmarks fps={landmarks.fps!r} width={landmarks.width} "
        f"height={landmarks.height}\n"
    )
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(_csv_header(with_world=True))
    for row in table:
        writer.writerow(["" if not np.isfinite(v) else repr(float(v)) for v in row])
    tmp = path.with_name(path.name + ".part")
    with _private(tmp) as fh:
        fh.write(buf.getvalue().encode("utf-8"))
    os.replace(tmp, path)
    return path


def _meta(first: str) -> dict[str, float]:
    return {k: float(v) for k, v in _META.findall(first)}


# COCO's 17 keypoints (OpenPose, MMPose, YOLO pose and most 2D data sets): all are
# BlazePose names too, so a COCO file can look like ours with 16 keypoints missing.
COCO_KEYPOINTS = frozenset(
    ["nose", "left_eye", "right_eye", "left_ear", "right_ear"]
    + [f"{side}_{part}" for side in ("left", "right")
       for part in ("shoulder", "elbow", "wrist", "hip", "knee", "ankle")]
)  # fmt: skip
# Column names that mark a table of labelled single frames (a classifier's training set).
LABEL_COLUMNS = frozenset({"label", "labels", "class", "target", "category", "pose", "exercise"})
EXPECTED_CSV = (
    "expected one row per frame of one recording, in order: 't' (seconds; or give the "
    "frame rate) and <keypoint>_x, <keypoint>_y (optionally _z, _v) for all 33 BlazePose "
    "keypoints, numbers only"
)


def _number(cell: str) -> float:
    return float(cell) if cell.strip() else np.nan


def _read_table(path: Path) -> tuple[dict[str, float], list[str], list[tuple[int, list[str]]]]:
    """Metadata line, header and body rows (with their line numbers) of a landmark CSV."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LandmarkFileError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise LandmarkFileError(f"{path}: cannot read as text ({exc})") from None
    lines = text.splitlines()
    try:
        meta = _meta(lines[0]) if lines and lines[0].startswith("#") else {}
    except ValueError as exc:
        raise LandmarkFileError(f"{path}: first line: expected key=number ({exc})") from None
    numbered = [(i, line) for i, line in enumerate(lines, 1) if not line.startswith("#")]
    reader = csv.reader(x for _, x in numbered)
    # a row's line in the file: where it ends (a quoted cell may span lines)
    rows = [(numbered[reader.line_num - 1][0], row) for row in reader]
    if not rows:
        raise LandmarkFileError(f"{path}: empty file, expected a header and one row per frame")
    return meta, rows[0][1], rows[1:]


def _text_cell(header: list[str], body: list[tuple[int, list[str]]]) -> str | None:
    """Where the first cell that is not a number is, and what a text column suggests."""
    for line, row in body:
        if len(row) != len(header):
            return f"line {line} has {len(row)} cells, the header {len(header)}"
        for j, cell in enumerate(row):
            try:
                _number(cell)
            except ValueError:
                where = f"line {line}, column {j + 1} ({header[j]!r})"
                if header[j].strip().lower() not in LABEL_COLUMNS:
                    return f"{where}: expected a number, got {cell!r}"
                seen = sorted({r[j] for _, r in body if j < len(r)})
                shown = ", ".join(map(repr, seen[:5])) + (", ..." if len(seen) > 5 else "")
                return (
                    f"{where} holds labels ({shown}): this looks like a table of labelled "
                    "single frames, as made to train a classifier, not one recording of a set"
                )
    return None


def _keypoint_gap(col: dict[str, int]) -> str | None:
    """Which keypoints the header lacks, said as the layout it looks like."""
    missing = [f"{n}_{a}" for n in KEYPOINT_NAMES for a in "xy" if f"{n}_{a}" not in col]
    if not missing:
        return None
    have = [n for n in KEYPOINT_NAMES if f"{n}_x" in col and f"{n}_y" in col]
    if set(have) == COCO_KEYPOINTS:
        return (
            "its keypoints are COCO's 17 (no heels, toes, hands or mouth), "
            "not BlazePose's 33 (missing column " + repr(missing[0]) + ")"
        )
    said = f"missing column {missing[0]!r}" + (
        f" and {len(missing) - 1} more" if len(missing) > 1 else ""
    )
    if have and len(have) < NUM_KEYPOINTS - 1:
        return f"it has {len(have)} of BlazePose's 33 keypoints ({said})"
    return said


def _numbers(path: Path, header: list[str], body: list[tuple[int, list[str]]]) -> np.ndarray:
    """The body as numbers, or one error naming every layout problem found."""
    col = {name: i for i, name in enumerate(header)}
    problems = [p for p in (_text_cell(header, body), _keypoint_gap(col)) if p]
    if problems:
        raise LandmarkFileError(f"{path}: " + "; ".join(problems) + f"; {EXPECTED_CSV}")
    return np.array([[_number(c) for c in row] for _, row in body], dtype=np.float64).reshape(
        len(body), len(header)
    )


def load_csv(path: str | os.PathLike[str], fps: float | None = None) -> Landmarks:
    """Read the CSV form; without a ``t`` column the times come from ``fps``.

    Files written by other tools may leave out world or visibility columns, or give x and
    y normalised to 0..1 (then width and height are taken as 1).
    """
    path = Path(path)
    meta, header, body = _read_table(path)
    data = _numbers(path, header, body)
    col = {name: i for i, name in enumerate(header)}

    def cols(suffix: str) -> np.ndarray:
        out = np.full((data.shape[0], NUM_KEYPOINTS), np.nan)
        for k, name in enumerate(KEYPOINT_NAMES):
            if (i := col.get(f"{name}_{suffix}", -1)) >= 0:
                out[:, k] = data[:, i]
        return out

    image = np.stack([cols("x"), cols("y"), cols("z")], axis=2)
    world = np.stack([cols("wx"), cols("wy"), cols("wz")], axis=2)
    vis = cols("v")
    vis = np.where(np.isnan(vis), np.isfinite(image[:, :, :2]).all(axis=2), vis)
    rate = meta.get("fps", fps)
    if "t" in col:
        t = data[:, col["t"]]
        if rate is None:
            step = float(np.median(np.diff(t))) if len(t) > 1 else 0.0
            rate = 1.0 / step if step > 0 else 30.0  # bad times are reported below
    elif rate is None:
        raise LandmarkFileError(f"{path}: no 't' column and no fps given; pass the frame rate")
    else:
        t = np.arange(data.shape[0]) / rate
    normalised = np.nanmax(np.abs(image[:, :, :2]), initial=0.0) <= 1.5
    try:
        width = int(meta.get("width", 1 if normalised else np.nanmax(image[:, :, 0], initial=1)))
        height = int(meta.get("height", 1 if normalised else np.nanmax(image[:, :, 1], initial=1)))
    except (OverflowError, ValueError) as exc:
        raise LandmarkFileError(f"{path}: width/height: expected whole pixels ({exc})") from None
    try:
        return Landmarks.create(
            image,
            world=world,
            visibility=np.clip(vis, 0, 1),
            t=t,
            fps=float(rate),
            width=max(width, 1),
            height=max(height, 1),
        )
    except LandmarkError as exc:
        raise LandmarkFileError(f"{path}: {exc}") from None


def load_landmarks(path: str | os.PathLike[str], fps: float | None = None) -> Landmarks:
    """Read a landmark file by its extension (``.npz`` or ``.csv``)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".npz":
        return load_npz(path)
    if suffix == ".csv":
        return load_csv(path, fps=fps)
    raise LandmarkFileError(f"{path}: expected a .npz or .csv landmark file, got {suffix!r}")


def save_landmarks(landmarks: Landmarks, path: str | os.PathLike[str]) -> Path:
    """Write by extension (``.npz`` or ``.csv``)."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        return save_csv(landmarks, path)
    return save_npz(landmarks, path)
