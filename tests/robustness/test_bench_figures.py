"""The benchmark's CPU figures: the time of a build's whole process tree is
counted, workers included, and shown beside the machine's parallel speed and
what creating a file costs on its disk."""
from __future__ import annotations

import subprocess
import sys

from tools.bench.runs import Result, Run, _children_cpu, create_cost, machine_speed, median_run
from tools.bench.table import table

BUSY = "n = 0\nfor i in range(3_000_000):\n    n += i\n"


def test_cpu_of_a_child_and_of_the_process_it_waited_for_is_counted():
    # the child does no work itself: all of it is in the grandchild it waits for,
    # as the build's work is in its worker processes
    outer = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {BUSY!r}], check=True)"
    alone = _children_cpu()
    subprocess.run([sys.executable, "-c", BUSY], check=True)
    one = _children_cpu() - alone
    before = _children_cpu()
    subprocess.run([sys.executable, "-c", outer], check=True)
    nested = _children_cpu() - before
    assert one > 0.05
    # uncounted, it would be the outer process's own few milliseconds; the same
    # work's CPU time varies by a third on a busy machine
    assert nested >= 0.5 * one


def _run(wall: float, cpu: float) -> Run:
    return Run(wall, 0, 100.0, 90.0, {}, {"search": 1.0}, {"encoded": 10}, {"pages": 1}, False, cpu)


def _result() -> Result:
    """1,000 documents whose full build took 5 s and 8 s of CPU."""
    return Result(1000, 2, 2, 0.1, _run(5.0, 8.0), _run(0.2, 0.1), _run(1.0, 1.5), _run(0.2, 0.1))


def test_table_shows_cpu_per_document_and_the_machines_parallel_speed():
    result = _result()
    text = table([result], speed=1.5)
    assert "CPU s" in text.splitlines()[0]
    assert "8.0 s, 8.00 ms per document" in text
    assert "2 processes at once get through 1.50 times the work of one" in text
    assert "times the work" not in table([result])  # no speed measured (one job): no line


def test_table_shows_how_fast_one_process_ran_the_loop():
    assert "one process runs a fixed pure-Python loop in 0.84 s" in table([_result()], loop_s=0.84)
    assert "pure-Python loop in" not in table([_result()])


def test_machine_speed_times_one_process_and_compares_several(monkeypatch):
    walls = {1: 2.0, 2: 2.5}  # two processes at once take 2.5 s for twice the work of one
    monkeypatch.setattr("tools.bench.runs._loop_wall", lambda n: walls[n])
    assert machine_speed(2, rounds=3) == (2.0, 1.6)
    assert machine_speed(1, rounds=1) == (2.0, None)


def test_the_cost_of_a_new_file_is_measured_where_the_builds_run_and_shown(tmp_path):
    (tmp_path / "kept.txt").write_text("x")
    cost = create_cost(tmp_path, n=50)
    assert 0 < cost < 1e6
    assert [p.name for p in tmp_path.iterdir()] == ["kept.txt"]  # the probe files are gone
    result = _result()
    assert f"creating a file in {tmp_path} takes 42 µs" in table([result], 1.5, 42.0, tmp_path)
    assert "creating a file" not in table([result], 1.5)


def test_repeated_clean_builds_stand_by_their_median_and_are_all_shown():
    runs = [_run(wall, 8.0) for wall in (7.0, 5.0, 9.0)]  # 1 s of each is search
    assert median_run(runs).wall == 7.0
    assert median_run(runs[:2]).wall == 7.0
    result = _result()
    assert "clean builds" not in table([result])  # one run: nothing more to say
    result.clean = [(7.0, 6.0, 300.0), (5.0, 4.0, 310.0), (9.0, 8.0, 305.0)]
    text = table([result])
    assert "3 clean builds, without search: 6.00 s (167 docs/s), 4.00 s (250 docs/s), 8.00 s (125 docs/s)" in text
    assert "highest peak PSS 310 MB" in text
