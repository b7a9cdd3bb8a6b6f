"""Upload space: a quota per data folder, a full disk said plainly, failed uploads cleared.

Real app (TestClient), real files, a real tmpfs for the full disk, and the worker's own
`run_one` on the real analysis pipeline for a failed analysis.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from test_uploads import MP4_HEAD

from mounts import tmpfs
from upright.store import get_analysis, open_store
from upright.web.app import create_app
from upright.web.settings import MB, WebSettings
from upright.web.worker import output_dir, public_error, run_one, sweep_failed_uploads

KB = 1024


def app_client(settings: WebSettings) -> TestClient:
    return TestClient(create_app(settings), base_url="http://127.0.0.1:8765", client=("::1", 1))


def post_video(client: TestClient, name: str, size: int) -> object:
    body = MP4_HEAD + b"\0" * (size - len(MP4_HEAD))  # a valid header, then zeros
    return client.post(
        "/analyze",
        files={"video": (name, body, "video/mp4")},
        data={"exercise": "bird_dog"},
        follow_redirects=False,
    )


def stored_videos(settings: WebSettings) -> list[Path]:
    return sorted((settings.uploads_dir / "video").glob("*"))


def test_quota_counts_uploads_and_outputs_and_refuses_with_the_sizes(
    settings: WebSettings,
) -> None:
    settings = replace(settings, upload_quota_bytes=1 * MB)
    client = app_client(settings)
    assert post_video(client, "one.mp4", 400 * KB).status_code == 303
    second = post_video(client, "two.mp4", 400 * KB)
    assert second.status_code == 303
    third = post_video(client, "three.mp4", 400 * KB)
    assert third.status_code == 507
    message = html.unescape(third.text)
    assert "three.mp4: not stored: it is 400 KB" in message
    assert "may take 1.0 MB here and 800 KB is used, leaving 224 KB" in message
    assert "--upload-quota" in message
    assert len(stored_videos(settings)) == 2  # nothing of the third was kept
    # an analysis's outputs count too: 200 KB of landmarks leave room for less
    analysis_id = int(second.headers["location"].rsplit("/", 1)[1])
    out = output_dir(settings, analysis_id)
    out.mkdir(parents=True)
    (out / "landmarks.npz").write_bytes(b"\0" * (200 * KB))
    assert post_video(client, "small.mp4", 100 * KB).status_code == 507
    # deleting an analysis (its upload and outputs) makes room again
    assert client.post(f"/analyze/{analysis_id}/delete", follow_redirects=False).status_code == 303
    assert post_video(client, "three.mp4", 400 * KB).status_code == 303
    assert len(stored_videos(settings)) == 2


def test_a_full_disk_refuses_the_upload_plainly_and_keeps_no_part(
    settings: WebSettings, tmp_path: Path
) -> None:
    with tmpfs(tmp_path / "small", "1m") as mnt:
        settings = replace(settings, data_dir=mnt / "data", upload_quota_bytes=100 * MB)
        client = app_client(settings)
        r = post_video(client, "big clip.mp4", int(1.5 * MB))
        assert r.status_code == 507
        said = html.unescape(r.text)
        full = "big clip.mp4: not stored: the disk holding this server's data folder is full"
        assert full in said
        assert str(mnt) not in r.text  # no server path
        assert stored_videos(settings) == []  # the partial file is gone
        assert post_video(client, "fits.mp4", 200 * KB).status_code == 303  # room again


def failed_analysis(settings: WebSettings, client: TestClient, name: str) -> int:
    r = client.post(
        "/analyze",
        files={"video": (name, MP4_HEAD * 50)},  # an MP4 header and no video in it
        data={"exercise": "bird_dog"},
        follow_redirects=False,
    )
    analysis_id = int(r.headers["location"].rsplit("/", 1)[1])
    with open_store(settings.db_url) as store:
        assert run_one(settings, store, "test:1:0") is True
    return analysis_id


def test_a_failed_analysis_names_the_file_not_the_server_path(settings: WebSettings) -> None:
    client = app_client(settings)
    analysis_id = failed_analysis(settings, client, "my run.mp4")
    data = client.get(f"/api/analyses/{analysis_id}").json()
    assert data["status"] == "failed" and data["error"]
    page = client.get(f"/analyze/{analysis_id}").text
    for shown in (data["error"], page):
        assert str(settings.data_dir) not in shown
        assert str(settings.uploads_dir.name) + "/" not in shown
    with open_store(settings.db_url) as store:
        stored = get_analysis(store, analysis_id)
    assert stored.error == data["error"]
    assert stored.video_path is not None and stored.video_path not in stored.error


def test_public_error_keeps_names_only() -> None:
    text = "OSError: cannot open /srv/upright/uploads/video/ab12.mp4 (see /tmp/x/log.txt)"
    shown = public_error(text, "/srv/upright/uploads/video/ab12.mp4", "squats.mp4")
    assert shown == "OSError: cannot open squats.mp4 (see log.txt)"
    assert public_error("ValueError: bad frame 3", None, None) == "ValueError: bad frame 3"


def test_uploads_of_failed_analyses_are_removed_after_a_day(settings: WebSettings) -> None:
    client = app_client(settings)
    failed = failed_analysis(settings, client, "bad.mp4")
    kept = post_video(client, "queued.mp4", 10 * KB)
    assert kept.status_code == 303
    with open_store(settings.db_url) as store:
        rec = get_analysis(store, failed)
        assert rec.finished_at is not None and rec.video_path is not None
        upload = Path(rec.video_path)
        assert upload.is_file() and output_dir(settings, failed).is_dir()
        assert sweep_failed_uploads(settings, store, rec.finished_at + timedelta(hours=23)) == 0
        assert upload.is_file()
        assert sweep_failed_uploads(settings, store, rec.finished_at + timedelta(hours=25)) == 1
        assert get_analysis(store, failed).status == "failed"  # the row and its message stay
    assert not upload.exists() and not output_dir(settings, failed).exists()
    assert len(stored_videos(settings)) == 1  # the queued one's upload is untouched
    assert "failed" in client.get(f"/analyze/{failed}").text
    assert re.search(r"not stored|Traceback", client.get("/analyze").text) is None
