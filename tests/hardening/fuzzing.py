"""Fuzz targets shared by the hardening tests and ``bench/fuzz.py``.

Each `Target` pairs a hypothesis strategy (bytes or text mutated from a valid file, or
structures built from scratch) with a function that feeds one input to a real reader of
the project. The invariant is the same everywhere: the reader either returns its result or
raises an `upright.errors.UprightError` whose message names the file (or, for the analysis
JSON, the source given to it). Any other exception escapes and fails the run.
"""

from __future__ import annotations

import io
import json
import math
import tomllib
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import numpy as np
from hypothesis import strategies as st

from upright.errors import UprightError

SHARED_LOGS = Path(__file__).resolve().parents[3] / "shared" / "data" / "running-logs"

# Tokens that break parsers more often than random characters do.
NASTY_TEXT = (
    "",
    "nan",
    "inf",
    "-inf",
    "-1",
    "0",
    "1e400",
    "1e-400",
    ",",
    "\n",
    '"',
    "#",
    "=",
    "fps=0",
    "fps=abc",
    "fps=inf",
    "width=nan",
    "height=1e30",
    "t",
    "\x00",
    "\ufeff",
    "é",
    "[",
    "]",
    "{",
    "}",
    "-",
    "00:00:00",
    "2099-01-01",
    "1970-01-01T00:00:00Z",
    "<",
    ">",
    "</trk>",
    "<trkpt>",
)


class InvariantBroken(AssertionError):
    """A reader broke the invariant (wrong error type is raised as itself, not this)."""


@dataclass(frozen=True)
class Target:
    """One reader under fuzz: how to make inputs and how to feed one to the reader."""

    name: str
    strategy: st.SearchStrategy[Any]
    feed: Callable[[Any, Path], str]  # returns "ok" or "rejected"


def expect_named(exc: UprightError, *names: str) -> str:
    """Check that ``exc`` names one of ``names`` (file name or source); return "rejected"."""
    text = str(exc)
    if not any(n and n in text for n in names):
        raise InvariantBroken(f"message names neither of {names}: {text[:300]!r}")
    return "rejected"


# ---------------------------------------------------------------- mutation strategies
def _apply_byte_ops(data: bytes, ops: list[tuple[int, int, bytes]]) -> bytes:
    buf = bytearray(data)
    for op, pos, payload in ops:
        if not buf:
            buf.extend(payload)
            continue
        i = pos % len(buf)
        if op == 0:  # overwrite
            buf[i : i + len(payload)] = payload
        elif op == 1:  # insert
            buf[i:i] = payload
        elif op == 2:  # delete a run
            del buf[i : i + 1 + len(payload) * 8]
        elif op == 3:  # truncate
            del buf[i:]
        elif op == 4:  # duplicate a chunk
            buf[i:i] = buf[i : i + 64]
        else:  # flip one bit
            buf[i] ^= 1 << (len(payload) % 8)
    return bytes(buf)


def mutated_bytes(seeds: list[bytes], max_ops: int = 6) -> st.SearchStrategy[bytes]:
    """Bytes of one seed file after a few overwrites, inserts, deletes, truncations, flips."""
    op = st.tuples(st.integers(0, 5), st.integers(0, 2**31), st.binary(min_size=0, max_size=16))
    return st.builds(
        _apply_byte_ops, st.sampled_from(seeds), st.lists(op, min_size=1, max_size=max_ops)
    )


def _apply_text_ops(text: str, ops: list[tuple[int, int, str]]) -> str:
    for op, pos, payload in ops:
        i = pos % (len(text) + 1)
        if op == 0:
            text = text[:i] + payload + text[i + len(payload) :]
        elif op == 1:
            text = text[:i] + payload + text[i:]
        elif op == 2:
            text = text[:i] + text[i + 1 + len(payload) * 4 :]
        elif op == 3:
            text = text[:i]
        else:  # swap one whole line for the payload
            lines = text.split("\n")
            lines[pos % len(lines)] = payload
            text = "\n".join(lines)
    return text


def mutated_text(seeds: list[str], max_ops: int = 6) -> st.SearchStrategy[str]:
    """Text of one seed file after a few edits with nasty tokens or random characters."""
    payload = st.one_of(st.sampled_from(NASTY_TEXT), st.text(max_size=12))
    op = st.tuples(st.integers(0, 4), st.integers(0, 2**31), payload)
    return st.builds(
        _apply_text_ops, st.sampled_from(seeds), st.lists(op, min_size=1, max_size=max_ops)
    )


# Values of any TOML type (and JSON type), to put where a field expects another.
_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(NASTY_TEXT),
    st.dates(),
    st.times(),
    st.datetimes(),
)
any_value = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, (*prefix, i))
    return out


def _replace(node: Any, path: tuple[Any, ...], value: Any, delete: bool) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(node, dict):
        node = dict(node)
        if delete and not rest:
            node.pop(head, None)
        else:
            node[head] = _replace(node[head], rest, value, delete)
    else:
        node = list(node)
        if delete and not rest:
            del node[head]
        else:
            node[head] = _replace(node[head], rest, value, delete)
    return node


@st.composite
def mutated_tree(draw: Any, seeds: list[Any], null_ok: bool = True) -> Any:
    """A parsed document with a few nodes replaced by values of other types, or deleted."""
    tree = draw(st.sampled_from(seeds))
    for _ in range(draw(st.integers(1, 4))):
        paths = _paths(tree)
        path = draw(st.sampled_from(paths[1:] if len(paths) > 1 else paths))
        delete = bool(path) and draw(st.booleans()) and draw(st.booleans())
        value = draw(any_value if null_ok else any_value.filter(lambda v: v is not None))
        tree = _replace(tree, path, value, delete)
    return tree


# ---------------------------------------------------------------- TOML writer
def _toml_key(key: Any) -> str:
    return json.dumps(str(key), ensure_ascii=True)


def toml_value(value: Any) -> str:
    """One value as inline TOML (None, which TOML lacks, becomes an empty inline table)."""
    if value is None:
        return "{}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=True)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(type(value))


def to_toml(doc: Any) -> str:
    """A whole document; a top level that is not a table is written as one odd key."""
    if not isinstance(doc, dict):
        return f"doc = {toml_value(doc)}\n"
    return "".join(f"{_toml_key(k)} = {toml_value(v)}\n" for k, v in doc.items())


# ---------------------------------------------------------------- seeds
def landmark_seed() -> Any:
    """A small valid `Landmarks`: 6 frames of a person standing still at 30 fps."""
    from upright.motion import Landmarks

    rng = np.random.default_rng(7)
    image = rng.uniform(100, 500, (6, 33, 3)).astype(np.float32)
    world = rng.uniform(-0.5, 0.5, (6, 33, 3)).astype(np.float32)
    vis = rng.uniform(0, 1, (6, 33)).astype(np.float32)
    return Landmarks.create(image, world=world, visibility=vis, fps=30.0, width=640, height=480)


def landmark_seed_files(tmp: Path) -> tuple[bytes, str]:
    """The seed landmarks as .npz bytes and CSV text."""
    from upright.motion import save_csv, save_npz

    lm = landmark_seed()
    save_npz(lm, tmp / "seed.npz")
    save_csv(lm, tmp / "seed.csv")
    return (tmp / "seed.npz").read_bytes(), (tmp / "seed.csv").read_text()


def shared_files(kind: str) -> list[bytes]:
    """Real running-log files of ``kind`` (fit, gpx) from ../shared, if it is there."""
    folder = SHARED_LOGS / kind
    if not folder.is_dir():
        return []
    return [p.read_bytes() for p in sorted(folder.glob(f"*.{kind}"))]


def _plan_fixtures() -> Any:
    """The plan tests' file writers (Garmin's FIT encoder, gpxpy, real CSV headers)."""
    import sys

    folder = str(Path(__file__).resolve().parents[1] / "plan")
    if folder not in sys.path:
        sys.path.insert(0, folder)
    import plan_fixtures

    return plan_fixtures


def generated_logs() -> dict[str, list[bytes]]:
    """Valid FIT, GPX and CSV running logs written here, as seeds for mutation."""
    pf = _plan_fixtures()
    start = datetime(2025, 3, 2, 7, 30, tzinfo=UTC)
    fit = [
        pf.fit_activity(start, 10_000, 3000),
        pf.fit_activity(start, 40_000, 5400, sport="cycling", records=5),
        pf.fit_activity(start, 5000, 1500, session=False, records=8),
    ]
    gpx = [pf.gpx_track(start, points=12).encode(), pf.gpx_track(None, points=4).encode()]
    buf = io.StringIO()
    import csv

    w = csv.writer(buf)
    w.writerow(pf.STRAVA_HEADER)
    for i in range(3):
        row = pf.strava_row(i, f"Mar {i + 1}, 2025, 7:00:00 AM", "Run", 8.5 + i, 2700)
        w.writerow([row.get(c, "") for c in pf.STRAVA_HEADER])
    strava = buf.getvalue().encode()
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(pf.GARMIN_HEADER)
    for i in range(3):
        row = pf.garmin_row("Running", f"2025-03-0{i + 1} 07:00:00", "10.02", "00:50:12")
        w.writerow([row.get(c, "") for c in pf.GARMIN_HEADER])
    return {"fit": fit, "gpx": gpx, "csv": [strava, buf.getvalue().encode()]}


@st.composite
def csv_from_scratch(draw: Any, header: list[str]) -> bytes:
    """A log CSV with a subset of a real header and cells of nasty or random text."""
    cols = draw(st.lists(st.sampled_from(header), min_size=1, max_size=len(header)))
    cell = st.one_of(st.sampled_from(NASTY_TEXT), st.text(max_size=10))
    rows = draw(st.lists(st.lists(cell, max_size=len(cols) + 2), max_size=4))
    buf = io.StringIO()
    import csv

    w = csv.writer(buf)
    w.writerow(cols)
    w.writerows(rows)
    return buf.getvalue().encode("utf-8", "surrogatepass")


# ---------------------------------------------------------------- feeders
def _write(tmp: Path, name: str, data: bytes | str) -> Path:
    path = tmp / name
    if isinstance(data, str):
        path.write_bytes(data.encode("utf-8", "surrogatepass"))
    else:
        path.write_bytes(data)
    return path


def feed_landmarks(suffix: str) -> Callable[[Any, Path], str]:
    """Write the input as ``fuzz.<suffix>`` and read it with `load_landmarks`."""
    from upright.motion import Landmarks, load_landmarks

    def feed(data: bytes | str, tmp: Path) -> str:
        path = _write(tmp, f"fuzz{suffix}", data)
        try:
            result = load_landmarks(path)
        except UprightError as exc:
            return expect_named(exc, path.name)
        if not isinstance(result, Landmarks):
            raise InvariantBroken(f"load_landmarks returned {type(result).__name__}")
        return "ok"

    return feed


def npz_from_arrays(arrays: dict[str, np.ndarray]) -> bytes:
    """Arrays saved as an .npz (no pickles), for the structured npz fuzz."""
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    return buf.getvalue()


def _array(dtype: str, shape: tuple[int, ...], fill: float) -> np.ndarray:
    if dtype == "U":
        return np.full(shape, str(fill))
    return np.full(shape, fill).astype(dtype)


_KEYS = ("image", "world", "visibility", "t", "fps", "width", "height", "keypoints")
_shapes = st.one_of(
    st.just(()),
    st.tuples(st.integers(0, 4)),
    st.tuples(st.integers(0, 4), st.sampled_from([32, 33, 34])),
    st.tuples(st.integers(0, 3), st.sampled_from([33, 2]), st.sampled_from([3, 2])),
)
npz_structures = st.builds(
    npz_from_arrays,
    st.dictionaries(
        st.sampled_from(_KEYS),
        st.builds(
            _array,
            st.sampled_from(["float32", "float64", "int64", "bool", "U", "complex64"]),
            _shapes,
            st.floats(allow_nan=True, allow_infinity=True, width=32),
        ),
        min_size=5,
    ),
)


def feed_catalog(data: str, tmp: Path) -> str:
    """Read the input with `load_file` and as a user folder of `load_catalog`."""
    from upright.catalog import load_catalog, load_file
    from upright.catalog.loader import BUILTIN_DIR

    folder = tmp / "catalog"
    folder.mkdir(exist_ok=True)
    path = _write(folder, "fuzz_exercises.toml", data)
    shared = tomllib.loads((BUILTIN_DIR / "rules.toml").read_text(encoding="utf-8"))["rules"]
    outcome = "ok"
    for call in (lambda: load_file(path, shared), lambda: load_catalog([folder])):
        try:
            call()
        except UprightError as exc:
            outcome = expect_named(exc, path.name)
    return outcome


def feed_profile(data: str, tmp: Path) -> str:
    """Read the input with `load_profile`, then plan four weeks with it."""
    from upright.plan import build_plan, load_profile

    path = _write(tmp, "fuzz_profile.toml", data)
    try:
        profile = load_profile(path)
    except UprightError as exc:
        return expect_named(exc, path.name)
    build_plan(profile, date(2025, 3, 3), weeks=4)
    return "ok"


def feed_log(suffix: str) -> Callable[[Any, Path], str]:
    """Import the input as ``fuzz.<suffix>``: problems must name the file, nothing raises."""
    from upright.plan import import_paths

    def feed(data: bytes, tmp: Path) -> str:
        path = _write(tmp, f"fuzz{suffix}", data)
        try:
            summary = import_paths([path], now=datetime(2030, 1, 1, tzinfo=UTC))
        except UprightError as exc:
            return expect_named(exc, path.name)
        problems = [*summary.problems, *summary.failed_files, *summary.skipped_files]
        for p in problems:
            if path.name not in p.file:
                raise InvariantBroken(f"problem names another file: {p}")
            str(p)
        return "rejected" if not summary.activities else "ok"

    return feed


def feed_analysis_json(data: str, tmp: Path) -> str:
    """Read the input with `Analysis.from_json` under a source name."""
    from upright.motion import Analysis

    source = "fuzz-analysis.json"
    try:
        result = Analysis.from_json(data, source=source)
    except UprightError as exc:
        return expect_named(exc, source)
    result.to_json()  # what was read must be writable again
    return "ok"


def analysis_seed() -> dict[str, Any]:
    """A valid analysis result (one Y-raise rep with a fault) as a plain dict."""
    from upright.motion import Analysis, Fault, Hold, Phase, Rep

    fault = Fault(
        rule="hips_still", value=12.0, threshold=8.0, units="deg", at=1.2, cue="Keep the hips still"
    )
    rep = Rep(
        index=0,
        side="none",
        start=0.5,
        end=3.5,
        phases=(Phase("raise", 0.5, 1.5),),
        hold_s=2.0,
        tuck_hold_s=0.0,
        peak=170.0,
        faults=(fault,),
    )
    analysis = Analysis(
        exercise="y_raise",
        sides=("none",),
        reps=(rep,),
        holds=(Hold(kind="peak", side="none", start=1.5, end=3.5, rep_index=0),),
        fps=30.0,
    )
    return json.loads(analysis.to_json())


def json_text(tree: Any) -> str:
    """JSON text of a mutated tree (dates become strings, NaN stays JS-style)."""
    return json.dumps(tree, default=str)


def make_targets(tmp: Path) -> list[Target]:
    """Every file-reading target, with seeds written under ``tmp``."""
    npz, csv_text = landmark_seed_files(tmp)
    from upright.catalog.loader import BUILTIN_DIR
    from upright.plan.profile_template import PROFILE_TEMPLATE

    catalog_texts = [p.read_text() for p in sorted(BUILTIN_DIR.glob("*.toml"))]
    catalog_trees = [tomllib.loads(t) for t in catalog_texts if "[[exercise]]" in t]
    race = '\n[[race]]\nname = "Spring 10k"\ndate = 2025-04-27\npriority = "A"\n'
    profiles = [PROFILE_TEMPLATE, PROFILE_TEMPLATE + race]
    profile_trees = [tomllib.loads(t) for t in profiles]
    logs = generated_logs()
    pf = _plan_fixtures()
    fit_seeds = logs["fit"] + shared_files("fit")
    gpx_seeds = logs["gpx"] + shared_files("gpx")
    analysis = analysis_seed()
    return [
        Target("landmarks_npz_bytes", mutated_bytes([npz]), feed_landmarks(".npz")),
        Target("landmarks_npz_arrays", npz_structures, feed_landmarks(".npz")),
        Target("landmarks_csv", mutated_text([csv_text]), feed_landmarks(".csv")),
        Target("catalog_toml_text", mutated_text(catalog_texts), feed_catalog),
        Target("catalog_toml_tree", mutated_tree(catalog_trees).map(to_toml), feed_catalog),
        Target(
            "catalog_toml_bytes",
            mutated_bytes([t.encode() for t in catalog_texts]),
            feed_catalog,
        ),
        Target("profile_toml_text", mutated_text(profiles), feed_profile),
        Target("profile_toml_bytes", mutated_bytes([t.encode() for t in profiles]), feed_profile),
        Target("profile_toml_tree", mutated_tree(profile_trees).map(to_toml), feed_profile),
        Target("fit_bytes", mutated_bytes(fit_seeds), feed_log(".fit")),
        Target("gpx_bytes", mutated_bytes(gpx_seeds), feed_log(".gpx")),
        Target(
            "gpx_text",
            mutated_text([g.decode() for g in gpx_seeds]).map(str.encode),
            feed_log(".gpx"),
        ),
        Target("csv_bytes", mutated_bytes(logs["csv"]), feed_log(".csv")),
        Target(
            "csv_scratch",
            st.one_of(csv_from_scratch(pf.STRAVA_HEADER), csv_from_scratch(pf.GARMIN_HEADER)),
            feed_log(".csv"),
        ),
        Target(
            "zip_bytes",
            st.builds(_zip_of, mutated_bytes(logs["csv"][:1] + fit_seeds[:1])),
            feed_log(".zip"),
        ),
        Target("analysis_json_text", mutated_text([json.dumps(analysis)]), feed_analysis_json),
        Target("analysis_json_tree", mutated_tree([analysis]).map(json_text), feed_analysis_json),
    ]


def _zip_of(member: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("export/activities.csv", member)
        zf.writestr("export/activities/1.fit", member)
    return buf.getvalue()


@dataclass
class RunStats:
    """What one target's run tried and found."""

    name: str
    inputs: int = 0
    ok: int = 0
    rejected: int = 0
    failure: str = ""


def run_target(
    target: Target,
    examples: int,
    seed: int,
    tmp: Path,
    shrink: bool = True,
    stats: RunStats | None = None,
) -> RunStats:
    """Feed ``examples`` generated inputs to ``target``; a broken invariant is re-raised."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hseed

    stats = stats or RunStats(target.name)
    work = tmp / target.name
    work.mkdir(parents=True, exist_ok=True)
    phases = [Phase.generate, Phase.shrink] if shrink else [Phase.generate]

    @hseed(seed)
    @settings(
        max_examples=examples,
        database=None,
        deadline=None,
        phases=phases,
        suppress_health_check=list(HealthCheck),
    )
    @given(target.strategy)
    def check(value: Any) -> None:
        stats.inputs += 1
        outcome = target.feed(value, work)
        if outcome == "ok":
            stats.ok += 1
        else:
            stats.rejected += 1

    check()
    return stats


# ---------------------------------------------------------------- the web app
LOCAL_CLIENT = ("127.0.0.1", 50000)
BASE_URL = "http://127.0.0.1:8765"
# Routes that read their form by hand (so the OpenAPI spec has no body for them).
FORM_ROUTES = (
    ("/import", "files"),
    ("/api/imports", "files"),
    ("/analyze", "video"),
    ("/athletes/switch", "name"),
    ("/analyze/1/delete", "x"),
)
UPLOAD_NAMES = (
    "run.fit",
    "../../../etc/passwd",
    "..\\..\\boot.ini",
    "/etc/shadow",
    "a/../../b.gpx",
    "clip.mp4",
    "x.csv",
    "",
    "\x00.fit",
    "é.gpx",
    "%2e%2e%2fx.fit",
)


def web_app(tmp: Path) -> Any:
    """A real app on a fresh data folder and SQLite file (no analysis workers)."""
    from upright.web.app import create_app
    from upright.web.settings import WebSettings

    settings = WebSettings(
        data_dir=tmp / "web-data",
        db_url=f"sqlite:///{tmp / 'web.sqlite3'}",
        max_video_bytes=200_000,
        max_log_bytes=200_000,
    )
    return create_app(settings)


def openapi_cases(app: Any) -> st.SearchStrategy[Any]:
    """Schemathesis cases (valid and invalid) of every operation of the app's own spec."""
    import schemathesis
    from schemathesis import GenerationMode

    schema = schemathesis.openapi.from_dict(app.openapi())
    ops = [r.ok() for r in schema.get_all_operations()]
    return st.one_of(*[op.as_strategy(generation_mode=m) for op in ops for m in GenerationMode])


@st.composite
def form_posts(draw: Any) -> dict[str, Any]:
    """A multipart POST to a hand-read form: odd field names, file names and bytes."""
    path, field_name = draw(st.sampled_from(FORM_ROUTES))
    seeds = [b"", b"\x00" * 8, b"<?xml version='1.0'?><gpx></gpx>", b"\x0e\x10.FIT", b"a,b\n1,2\n"]
    files = draw(
        st.lists(
            st.tuples(
                st.sampled_from([field_name, "files", "video", "other"]),
                st.one_of(st.sampled_from(UPLOAD_NAMES), st.text(max_size=20)),
                mutated_bytes(seeds, max_ops=2),
            ),
            max_size=3,
        )
    )
    data = draw(
        st.dictionaries(
            st.sampled_from(["name", "exercise", "x", field_name]),
            st.one_of(st.sampled_from(NASTY_TEXT), st.text(max_size=70)),
            max_size=3,
        )
    )
    return {"path": path, "files": files, "data": data}


def web_feed(client: Any) -> Callable[[Any, Path], str]:
    """Send one case; any 5xx (or an exception the app let out) breaks the invariant."""

    def feed(case: Any, tmp: Path) -> str:
        if isinstance(case, dict):
            files = [
                (f, (n, io.BytesIO(b), "application/octet-stream")) for f, n, b in case["files"]
            ]
            response = client.post(case["path"], data=case["data"], files=files or None)
        else:
            kw = case.as_transport_kwargs(base_url=BASE_URL)
            kw.pop("cookies", None)
            kw["headers"] = {
                k: v for k, v in (kw.get("headers") or {}).items() if k.lower() != "connection"
            }
            try:
                response = client.request(**kw)
            except Exception as exc:
                raise InvariantBroken(f"{kw['method']} {kw['url']}: {exc!r}") from exc
        if response.status_code >= 500:
            raise InvariantBroken(f"{response.status_code} from {case!r}: {response.text[:300]}")
        return "ok" if response.status_code < 400 else "rejected"

    return feed


def make_web_targets(tmp: Path) -> list[Target]:
    """The web app's OpenAPI operations (schemathesis) and its hand-read forms."""
    from fastapi.testclient import TestClient

    app = web_app(tmp)
    client = TestClient(app, base_url=BASE_URL, client=LOCAL_CLIENT, follow_redirects=False)
    return [
        Target("web_openapi", openapi_cases(app), web_feed(client)),
        Target("web_forms", form_posts(), web_feed(client)),
    ]
