"""Speech and sounds, offline: espeak-ng renders cues to WAV files, cached by content.

`render_cue_wav` is the one place a cue becomes audio; the terminal session plays the
file with ``paplay`` or ``aplay`` when one is installed, and the web app serves the same
files to the browser. No audio device, or no player, is not an error: the cue is still
shown on screen.
"""

from __future__ import annotations

import hashlib
import math
import os
import shutil
import struct
import subprocess
import wave
from pathlib import Path

from upright.errors import UprightError

#: espeak-ng voice and speed (words a minute) used unless told otherwise.
VOICE = "en"
WORDS_PER_MINUTE = 165
#: Players tried in order; the first one installed is used.
PLAYERS: tuple[tuple[str, ...], ...] = (("paplay",), ("aplay", "-q"))
SAMPLE_RATE = 22050


class SpeechError(UprightError):
    """A cue could not be rendered; the message names the command and what it said."""


def cache_key(text: str, voice: str = VOICE, wpm: int = WORDS_PER_MINUTE) -> str:
    """The file stem of a cue's WAV: a hash of the words, the voice and the speed."""
    return hashlib.sha256(f"{voice}|{wpm}|{text}".encode()).hexdigest()[:24]


def render_cue_wav(
    text: str, cache_dir: str | os.PathLike[str], *, voice: str = VOICE, wpm: int = WORDS_PER_MINUTE
) -> Path:
    """Speak ``text`` into a WAV file under ``cache_dir`` and return its path.

    The same text, voice and speed give the same file, rendered once. The file appears
    whole or not at all (written beside and renamed).

    Raises
    ------
    SpeechError
        When espeak-ng is not installed or fails.
    """
    if not text.strip():
        raise SpeechError("render_cue_wav: expected words to speak, got an empty text")
    folder = Path(cache_dir)
    path = folder / f"{cache_key(text, voice, wpm)}.wav"
    if path.exists():
        return path
    exe = shutil.which("espeak-ng")
    if exe is None:
        raise SpeechError(
            "espeak-ng is not installed: install the Debian package "
            "'espeak-ng', or run with --quiet"
        )
    folder.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.stem}.{os.getpid()}.part.wav")
    proc = subprocess.run(
        [exe, "-v", voice, "-s", str(wpm), "-w", str(tmp), text],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    if proc.returncode != 0 or not tmp.exists():
        tmp.unlink(missing_ok=True)
        raise SpeechError(
            f"espeak-ng failed (exit {proc.returncode}) on {text!r}: "
            f"{proc.stderr.strip() or 'no message'}"
        )
    os.replace(tmp, path)
    return path


def wav_duration_s(path: str | os.PathLike[str]) -> float:
    """Length of a WAV file, seconds."""
    with wave.open(str(path), "rb") as w:
        return w.getnframes() / float(w.getframerate())


#: Sounds as (frequency Hz, duration s) notes: a rising pair to go, a falling pair when
#: a hold ends, three notes when a rest ends.
SOUNDS: dict[str, tuple[tuple[float, float], ...]] = {
    "go": ((660.0, 0.12), (880.0, 0.22)),
    "hold_end": ((880.0, 0.12), (660.0, 0.22)),
    "rest_end": ((523.0, 0.15), (659.0, 0.15), (784.0, 0.3)),
}


def render_sound_wav(name: str, cache_dir: str | os.PathLike[str]) -> Path:
    """Write one of `SOUNDS` as a 16-bit mono WAV under ``cache_dir`` (once) and return it."""
    if name not in SOUNDS:
        raise SpeechError(f"unknown sound {name!r}: expected one of {', '.join(SOUNDS)}")
    folder = Path(cache_dir)
    path = folder / f"sound-{name}.wav"
    if path.exists():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    frames = bytearray()
    for freq, dur in SOUNDS[name]:
        n = int(SAMPLE_RATE * dur)
        for i in range(n):
            fade = min(1.0, i / 200, (n - i) / 200)  # no clicks at the note edges
            sample = 0.5 * fade * math.sin(2 * math.pi * freq * i / SAMPLE_RATE)
            frames += struct.pack("<h", int(sample * 32767))
    tmp = path.with_name(f"{path.stem}.{os.getpid()}.part.wav")
    with wave.open(str(tmp), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(SAMPLE_RATE)
        w.writeframes(bytes(frames))
    os.replace(tmp, path)
    return path


def find_player() -> list[str] | None:
    """The command line of the first audio player installed, None when there is none."""
    for cmd in PLAYERS:
        exe = shutil.which(cmd[0])
        if exe:
            return [exe, *cmd[1:]]
    return None


class AudioOut:
    """Plays cue and sound WAVs in the background; silent when quiet or without a player.

    Parameters
    ----------
    cache_dir
        Where rendered WAVs are kept.
    speech, sounds
        Whether to speak cues and to play the sounds.
    """

    def __init__(
        self, cache_dir: str | os.PathLike[str], *, speech: bool = True, sounds: bool = True
    ) -> None:
        self.cache_dir = Path(cache_dir)
        self.player = find_player()
        self.speech = speech and shutil.which("espeak-ng") is not None
        self.sounds = sounds
        self._proc: subprocess.Popen[bytes] | None = None
        self.problems: list[str] = []

    def say(self, text: str) -> Path | None:
        """Render and play a cue, cutting short whatever plays; the WAV, or None."""
        if not self.speech:
            return None
        try:
            path = render_cue_wav(text, self.cache_dir)
        except (SpeechError, OSError, subprocess.SubprocessError) as exc:
            self.problems.append(str(exc))
            self.speech = False
            return None
        self._play(path)
        return path

    def sound(self, name: str) -> Path | None:
        """Play one of `SOUNDS`; the WAV, or None when sounds are off."""
        if not self.sounds:
            return None
        path = render_sound_wav(name, self.cache_dir)
        self._play(path)
        return path

    def _play(self, path: Path) -> None:
        if self.player is None:
            return
        self.stop()
        try:
            self._proc = subprocess.Popen(
                [*self.player, str(path)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        except OSError as exc:  # no device, no permission: the screen still shows the cue
            self.problems.append(f"{self.player[0]}: {exc}")
            self.player = None

    def stop(self) -> None:
        """Stop the sound playing now, if any."""
        if self._proc is not None and self._proc.poll() is None:
            self._proc.terminate()
        self._proc = None
