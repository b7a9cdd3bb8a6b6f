"""Batches: folders, a Strava export zip, dedupe, future dates, the summary."""

from __future__ import annotations

import gzip
import zipfile
from datetime import UTC, datetime, timedelta

from plan_fixtures import STRAVA_HEADER, fit_activity, gpx_track, strava_row, write_csv

from upright.plan.log_import import import_paths

NOW = datetime(2026, 4, 1, 12, 0, tzinfo=UTC)
DAY1 = datetime(2026, 3, 15, 7, 2, 33, tzinfo=UTC)


def _folder(tmp_path):
    """Two FIT runs, one FIT ride, a GPX run, a route-less broken GPX, a README."""
    d = tmp_path / "log"
    (d / "sub").mkdir(parents=True)
    (d / "a.fit").write_bytes(fit_activity(DAY1, 10_020, 3000))
    (d / "sub" / "b.fit").write_bytes(fit_activity(DAY1 + timedelta(days=2), 8000, 2400))
    (d / "ride.fit").write_bytes(
        fit_activity(DAY1 + timedelta(days=3), 30_000, 3600, sport="cycling")
    )
    (d / "c.gpx").write_text(gpx_track(DAY1 + timedelta(days=4)))
    (d / "broken.gpx").write_text("<gpx><trk><trkseg><trkpt lat='x'")
    (d / "README.txt").write_text("not a log")
    return d


def test_folder_import_and_summary(tmp_path):
    seen = []
    s = import_paths([_folder(tmp_path)], now=NOW, progress=lambda n, i, t: seen.append((i, t)))
    assert s.imported == 4 and s.failed == 1 and s.skipped == 0
    assert s.files == 5 and seen == [(i, 5) for i in range(1, 6)]
    assert "broken.gpx" in str(s.failed_files[0])
    runs = [a for a in s.activities if a.is_running]
    assert len(runs) == 3
    assert s.describe() == (
        "5 files: 4 activities imported, 0 skipped (already known or not an activity), 1 failed"
    )


def test_reimport_adds_nothing(tmp_path):
    folder = _folder(tmp_path)
    first = import_paths([folder], now=NOW)
    again = import_paths([folder], known=[a.key for a in first.activities], now=NOW)
    assert again.imported == 0 and again.duplicates == 4


def test_strava_zip_with_csv_and_gzipped_fit_dedupes(tmp_path):
    """The export's CSV row and its FIT file are the same run: imported once."""
    csv_path = write_csv(
        tmp_path / "activities.csv",
        STRAVA_HEADER,
        [
            strava_row(1, "Mar 15, 2026, 7:02:33 AM", "Run", 10.02, 3000),
            strava_row(2, "Mar 20, 2026, 7:00:00 AM", "Run", 5.0, 1500),
        ],
    )
    zpath = tmp_path / "export_123.zip"
    with zipfile.ZipFile(zpath, "w") as z:
        z.write(csv_path, "activities.csv")
        z.writestr("activities/1.fit.gz", gzip.compress(fit_activity(DAY1, 10_020, 3000)))
        z.writestr("comments.csv", "Comment ID,Text\n1,hello\n")
        z.writestr("profile.csv", "Athlete ID\n9\n")
    s = import_paths([zpath], now=NOW)
    assert s.imported == 2 and s.duplicates == 1 and s.failed == 0
    assert sorted(a.distance_m for a in s.activities) == [5000.0, 10_020.0]


def test_future_dates_are_refused_with_the_row(tmp_path):
    path = write_csv(
        tmp_path / "activities.csv",
        STRAVA_HEADER,
        [
            strava_row(1, "Mar 15, 2026, 7:02:33 AM", "Run", 10.0, 3000),
            strava_row(2, "Mar 15, 2031, 7:02:33 AM", "Run", 10.0, 3000),
        ],
    )
    s = import_paths([path], now=NOW)
    assert s.imported == 1 and s.failed == 1
    (p,) = s.problems
    assert (p.where, p.field) == ("row 3", "start") and "2031-03-15" in p.found
    assert p.expected == "a date that is not in the future"
    assert str(p) == (
        f"{path}, row 3: dated 15 Mar 2031 07:02, in the future (is the device's clock "
        "right?): left out"
    )


def test_a_bad_file_does_not_stop_the_batch(tmp_path):
    good = tmp_path / "good.fit"
    good.write_bytes(fit_activity(DAY1, 5000, 1500))
    bad = tmp_path / "bad.fit"
    bad.write_bytes(b"\x0e\x10garbage")
    missing_cols = write_csv(tmp_path / "weird.csv", ["When", "How far"], [])
    s = import_paths([bad, missing_cols, good], now=NOW)
    assert s.imported == 1 and s.failed == 2 and s.files == 3


def test_real_folder(real_logs):
    s = import_paths([real_logs], now=NOW)
    assert s.imported >= 10
    assert any("workout file" in str(p) for p in s.skipped_files)
    # the truncated file and the one with a corrupt second header hold the same run
    assert s.duplicates >= 1


def test_a_cut_copy_beside_the_whole_file_is_named_as_such_not_as_already_imported(tmp_path):
    # The real running logs hold a truncated FIT and a corrupt-header FIT of one activity:
    # the second of them was reported "already imported" on the very first import.
    d = tmp_path / "log"
    d.mkdir()
    whole = fit_activity(DAY1, 10_000, 3000)
    (d / "a-whole.fit").write_bytes(whole)
    (d / "b-copy.fit").write_bytes(whole)
    s = import_paths([d], now=NOW)
    assert s.imported == 1 and s.duplicates == 1
    assert s.known_files == []
    assert s.same_files == [(str(d / "b-copy.fit"), str(d / "a-whole.fit"))]
    again = import_paths([d], known=[a.key for a in s.activities], now=NOW)
    assert [n.rsplit("/", 1)[-1] for n in again.known_files] == ["a-whole.fit", "b-copy.fit"]
    assert again.same_files == []
