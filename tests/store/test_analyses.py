"""The analysis queue: each queued analysis is taken by exactly one worker."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from upright import store as st


def test_queue_claim_finish(store: st.Store) -> None:
    a = st.ensure_athlete(store, "ann")
    first = st.queue_analysis(
        store, a, video_path="/v/1.mp4", exercise_id="bird_dog", params={"side": "left"}
    )
    second = st.queue_analysis(store, a, landmark_path="/v/2.npz")
    with pytest.raises(st.StoreError, match="expected a video_path or a landmark_path"):
        st.queue_analysis(store, a)
    job = st.claim_analysis(store, "w1")
    assert job is not None and job.id == first  # oldest first
    assert (job.status, job.worker, job.params) == ("running", "w1", {"side": "left"})
    assert job.started_at is not None
    st.finish_analysis(
        store, first, json_path="/v/1.json", landmark_path="/v/1.npz", schema_version=1
    )
    done = st.get_analysis(store, first)
    assert (done.status, done.json_path, done.schema_version) == ("done", "/v/1.json", 1)
    assert done.finished_at is not None and done.error is None
    job2 = st.claim_analysis(store, "w2")
    assert job2 is not None and job2.id == second
    st.finish_analysis(store, second, error="no person found")
    assert st.get_analysis(store, second).status == "failed"
    assert st.claim_analysis(store, "w1") is None
    assert [x.id for x in st.analyses(store, a, status="failed")] == [second]
    assert {x.id for x in st.analyses(store, a)} == {first, second}
    with pytest.raises(st.NotFound):
        st.finish_analysis(store, 999)


def test_concurrent_workers_never_share_a_job(store: st.Store) -> None:
    a = st.ensure_athlete(store, "ann")
    queued = {st.queue_analysis(store, a, video_path=f"/v/{i}.mp4") for i in range(40)}
    taken: dict[str, list[int]] = {f"w{i}": [] for i in range(4)}
    errors: list[BaseException] = []

    def work(name: str) -> None:
        try:
            while (job := st.claim_analysis(store, name)) is not None:
                taken[name].append(job.id)
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in taken]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    claimed = [i for ids in taken.values() for i in ids]
    assert sorted(claimed) == sorted(queued)  # every job once, none twice
    assert all(x.status == "running" for x in st.analyses(store, a))


def test_lease_passes_and_another_worker_takes_over(store: st.Store) -> None:
    a = st.ensure_athlete(store, "ann")
    job_id = st.queue_analysis(store, a, video_path="/v/1.mp4")
    t0 = datetime.now(UTC)
    job = st.claim_analysis(store, "w1", lease_s=30, now=t0)
    assert job is not None and job.lease_until is not None
    assert abs((job.lease_until - t0).total_seconds() - 30) < 1e-3
    # while the lease holds nobody else gets the job
    assert st.claim_analysis(store, "w2", now=t0 + timedelta(seconds=29)) is None
    assert st.renew_lease(store, job_id, "w1", lease_s=30)
    assert not st.renew_lease(store, job_id, "w2")  # not w2's to renew
    renewed = st.get_analysis(store, job_id).lease_until
    assert renewed is not None and renewed > job.lease_until
    # w1 went silent: once its lease has passed, w2 takes the job
    late = renewed + timedelta(seconds=1)
    taken = st.claim_analysis(store, "w2", now=late)
    assert taken is not None and (taken.id, taken.worker) == (job_id, "w2")
    # w1 comes back: it can neither renew, release nor finish what is now w2's
    assert not st.renew_lease(store, job_id, "w1")
    assert not st.release_analysis(store, job_id, "w1")
    assert not st.finish_analysis(store, job_id, json_path="/v/w1.json", worker="w1")
    assert st.finish_analysis(store, job_id, json_path="/v/w2.json", worker="w2")
    done = st.get_analysis(store, job_id)
    assert (done.status, done.worker, done.json_path, done.lease_until) == (
        "done",
        "w2",
        "/v/w2.json",
        None,
    )
    assert st.claim_analysis(store, "w3", now=late + timedelta(days=1)) is None  # done stays


def test_released_job_goes_back_to_the_head_of_the_queue(store: st.Store) -> None:
    a = st.ensure_athlete(store, "ann")
    first = st.queue_analysis(store, a, video_path="/v/1.mp4")
    second = st.queue_analysis(store, a, video_path="/v/2.mp4")
    assert (job := st.claim_analysis(store, "w1")) is not None and job.id == first
    assert st.release_analysis(store, first, "w1")
    back = st.get_analysis(store, first)
    assert (back.status, back.worker, back.started_at, back.lease_until) == (
        "queued",
        None,
        None,
        None,
    )
    assert not st.release_analysis(store, first, "w1")  # once only
    again = st.claim_analysis(store, "w2")
    assert again is not None and again.id == first  # still the oldest, before `second`
    assert st.queue_position(store, second) == 1
