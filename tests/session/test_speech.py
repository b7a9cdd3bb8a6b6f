"""espeak-ng renders cues to WAVs: non-silent, of plausible length, cached by content."""

from __future__ import annotations

import array
import shutil
import wave

import pytest

from upright.session.cues import estimate_speech_s
from upright.session.speech import (
    SOUNDS,
    AudioOut,
    SpeechError,
    render_cue_wav,
    render_sound_wav,
    wav_duration_s,
)

needs_espeak = pytest.mark.skipif(
    shutil.which("espeak-ng") is None, reason="espeak-ng not installed (Makefile installs it)"
)


def rms(path):
    with wave.open(str(path), "rb") as w:
        assert w.getsampwidth() == 2
        samples = array.array("h", w.readframes(w.getnframes()))
    return (sum(s * s for s in samples) / max(1, len(samples))) ** 0.5


@needs_espeak
def test_cue_wav_is_speech_of_plausible_length(tmp_path):
    text = "Keep both hips level, as if balancing a cup on your low back."
    path = render_cue_wav(text, tmp_path)
    duration = wav_duration_s(path)
    # 13 words at 165 a minute is about 4.7 s; accept a generous band around it
    assert 2.5 < duration < 7.0
    assert rms(path) > 500  # 16-bit samples: silence is ~0, speech is thousands
    short = render_cue_wav("Hold.", tmp_path)
    assert wav_duration_s(short) < duration / 3


@needs_espeak
def test_cue_wav_is_cached_by_content(tmp_path):
    a = render_cue_wav("And back.", tmp_path)
    mtime = a.stat().st_mtime_ns
    assert render_cue_wav("And back.", tmp_path) == a
    assert a.stat().st_mtime_ns == mtime
    assert render_cue_wav("And back!", tmp_path) != a
    assert not list(tmp_path.glob("*.part*"))


@needs_espeak
def test_speech_estimate_is_never_shorter_than_the_real_speech(tmp_path, catalog):
    """The queue times cues with the estimate; if it were short, cues would overlap."""
    texts = {c for ex in catalog.values() for c in (*ex.setup, *ex.cues)}
    texts |= {r.cue for ex in catalog.values() for r in ex.rules}
    texts |= {t for ex in catalog.values() for _, t in ex.calls}
    texts |= {
        "Set done. How was it: clean, some faults, or a struggle?",
        "Rest 75 seconds. Next up: Prone Y-raise on a ball, set 2 of 2.",
    }
    worst = max(
        (wav_duration_s(render_cue_wav(t, tmp_path)) - estimate_speech_s(t), t)
        for t in sorted(texts)
    )
    assert worst[0] <= 0.0, worst


def test_empty_text_is_refused(tmp_path):
    with pytest.raises(SpeechError, match="empty"):
        render_cue_wav("  ", tmp_path)


def test_missing_espeak_names_the_package(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(SpeechError, match="espeak-ng"):
        render_cue_wav("Hold.", tmp_path)


@pytest.mark.parametrize("name", sorted(SOUNDS))
def test_sounds_are_audible_and_short(tmp_path, name):
    path = render_sound_wav(name, tmp_path)
    assert 0.2 < wav_duration_s(path) < 1.0
    assert rms(path) > 3000


def test_no_player_and_no_espeak_is_not_an_error(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    out = AudioOut(tmp_path, speech=True, sounds=True)
    assert out.player is None
    assert out.say("Hold.") is None
    assert out.sound("go") is not None  # rendered, just not played


def test_quiet_renders_nothing(tmp_path):
    out = AudioOut(tmp_path / "cache", speech=False, sounds=False)
    assert out.say("Hold.") is None
    assert out.sound("go") is None
    assert not (tmp_path / "cache").exists()
