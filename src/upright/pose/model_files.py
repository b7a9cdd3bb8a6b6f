"""The BlazePose model files: fetched once at set-up, verified, never at run time.

The two ``.tflite`` files ship inside the ``mediapipe==0.10.21`` wheel (later wheels
carry no models). `fetch_models` downloads that wheel with pip, extracts the two files
into the user cache directory and checks their SHA-256 against DESIGN.md.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from upright.errors import UprightError

MEDIAPIPE_WHEEL = "mediapipe==0.10.21"


@dataclass(frozen=True)
class ModelFile:
    """One model file: its name, where it sits in the wheel, and its SHA-256."""

    name: str
    member: str
    sha256: str


MODEL_FILES: tuple[ModelFile, ...] = (
    ModelFile(
        "pose_detection.tflite",
        "mediapipe/modules/pose_detection/pose_detection.tflite",
        "9ba9dd3d42efaaba86b4ff0122b06f29c4122e756b329d89dca1e297fd8f866c",
    ),
    ModelFile(
        "pose_landmark_full.tflite",
        "mediapipe/modules/pose_landmark/pose_landmark_full.tflite",
        "e9a5c5cb17f736fafd4c2ec1da3b3d331d6edbe8a0d32395855aeb2cdfd64b9f",
    ),
)


class ModelFileError(UprightError, RuntimeError):
    """A model file is missing or does not match its checksum."""


def model_dir() -> Path:
    """Folder holding the model files: ``$UPRIGHT_MODEL_DIR`` or the user cache."""
    env = os.environ.get("UPRIGHT_MODEL_DIR")
    return Path(env) if env else Path(platformdirs.user_cache_dir("upright")) / "models"


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def model_path(name: str, directory: Path | None = None) -> Path:
    """Path of a verified-present model file; `ModelFileError` says how to fetch it."""
    path = (directory or model_dir()) / name
    if not path.is_file():
        raise ModelFileError(
            f"model file {path} is missing; run 'upright models fetch' (or 'make install')"
        )
    return path


def verify(directory: Path | None = None) -> list[Path]:
    """Check every model file against its SHA-256; return their paths."""
    directory = directory or model_dir()
    paths = []
    for mf in MODEL_FILES:
        path = model_path(mf.name, directory)
        actual = sha256_of(path)
        if actual != mf.sha256:
            raise ModelFileError(
                f"{path}: SHA-256 mismatch: expected {mf.sha256}, got {actual}; delete it and "
                "run 'upright models fetch'"
            )
        paths.append(path)
    return paths


def download_wheel(requirement: str, dest: Path) -> Path:
    """Download one wheel (no dependencies) with pip into ``dest``; return its path.

    Set-up only (model files, test fixtures): nothing calls this at run time.
    """
    cmd = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--no-deps",
        "--only-binary=:all:",
        "--disable-pip-version-check",
        "-q",
        "-d",
        str(dest),
        requirement,
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    name = requirement.split("==")[0].replace("-", "_").lower()
    wheels = sorted(p for p in dest.glob("*.whl") if p.name.lower().startswith(name + "-"))
    if proc.returncode != 0 or not wheels:
        raise ModelFileError(
            f"pip could not download {requirement}: "
            f"{proc.stderr.strip().splitlines()[-1:] or proc.returncode}"
        )
    return wheels[0]


def extract(wheel: Path, directory: Path) -> list[Path]:
    """Extract and verify the model files from a mediapipe wheel into ``directory``.

    Each file is written beside its target and renamed into place only after its
    checksum matched, so a wrong or interrupted file never sits under the real name.
    """
    directory.mkdir(parents=True, exist_ok=True)
    out = []
    with zipfile.ZipFile(wheel) as zf:
        for mf in MODEL_FILES:
            target = directory / mf.name
            tmp = directory / (mf.name + ".part")
            try:
                with zf.open(mf.member) as src, open(tmp, "wb") as dst:
                    while block := src.read(1 << 20):
                        dst.write(block)
            except KeyError:
                raise ModelFileError(f"{wheel.name} has no {mf.member}") from None
            actual = sha256_of(tmp)
            if actual != mf.sha256:
                tmp.unlink()
                raise ModelFileError(
                    f"{mf.name}: SHA-256 mismatch: expected {mf.sha256}, got {actual}"
                )
            os.replace(tmp, target)
            out.append(target)
    return out


def fetch_models(
    directory: Path | None = None,
    wheel: Path | None = None,
    say: Callable[[str], None] = lambda _msg: None,
) -> list[Path]:
    """Make sure both model files are present and verified; download only if needed."""
    directory = directory or model_dir()
    try:
        paths = verify(directory)
    except ModelFileError:
        pass
    else:
        say(f"already present, verified: {directory}")
        return paths
    if wheel is None:
        with tempfile.TemporaryDirectory() as tmp:
            say(f"downloading {MEDIAPIPE_WHEEL} with pip (about 36 MB)")
            paths = extract(download_wheel(MEDIAPIPE_WHEEL, Path(tmp)), directory)
    else:
        paths = extract(wheel, directory)
    say(f"fetched and verified: {directory}")
    return paths
