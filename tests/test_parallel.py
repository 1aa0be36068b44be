"""policydiff.parallel: results in task order whatever the processes, errors as raised."""

from __future__ import annotations

import os
import pickle

import pytest

from policydiff import parallel
from policydiff.errors import Location, PolicyDiffError, SchemaError


def _square_and_pid(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


def _fail_on_seven(n: int) -> int:
    if n == 7:
        raise SchemaError("seven is not allowed", Location("documents/x/document.yaml", 3, 5))
    return n


def test_results_keep_task_order_and_use_worker_processes() -> None:
    results = list(parallel.map_ordered(_square_and_pid, list(range(40)), jobs=2))
    assert [r for r, _ in results] == [n * n for n in range(40)]
    pids = [pid for _, pid in results]
    assert pids[0] == os.getpid()  # the first here, to warm what the forked workers share
    assert os.getpid() not in pids[1:] and len(set(pids[1:])) >= 1


def test_small_jobs_and_one_job_stay_in_this_process() -> None:
    few = list(parallel.map_ordered(_square_and_pid, list(range(parallel.MIN_TASKS - 1)), jobs=2))
    one = list(parallel.map_ordered(_square_and_pid, list(range(40)), jobs=1))
    assert {pid for _, pid in few + one} == {os.getpid()}


def test_a_worker_error_arrives_with_its_class_and_location() -> None:
    with pytest.raises(SchemaError) as caught:
        list(parallel.map_ordered(_fail_on_seven, list(range(40)), jobs=2))
    assert str(caught.value) == "documents/x/document.yaml:3:5: seven is not allowed"
    assert caught.value.exit_code == 2


def test_errors_pickle_with_class_message_and_location() -> None:
    error = SchemaError("bad", Location("f.yaml", 1, 2, "三"))
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is SchemaError
    assert (back.message, back.location, str(back)) == ("bad", error.location, "f.yaml:1:2:item 三: bad")
    assert isinstance(back, PolicyDiffError)


def test_fork_only_when_no_other_thread_runs() -> None:
    import threading

    assert parallel.start_method() == "fork"  # Linux, the test's main thread only
    stop = threading.Event()
    drawing = threading.Thread(target=stop.wait)  # like the progress bar's thread
    drawing.start()
    try:
        assert parallel.start_method() == "spawn"
        results = list(parallel.map_ordered(_square_and_pid, list(range(20)), jobs=2))
        assert [r for r, _ in results] == [n * n for n in range(20)]
    finally:
        stop.set()
        drawing.join()
