"""A call in a short-lived process of its own: elsewhere when it can be, here when it cannot."""

import os

from pipelines.core import own_process
from pipelines.core.own_process import in_a_process_of_its_own


def test_a_call_in_a_process_of_its_own_runs_elsewhere_and_returns_its_result():
    assert in_a_process_of_its_own(os.getpid) != os.getpid()


def test_a_call_runs_here_when_no_process_can_start_from_here(monkeypatch):
    class NoChildren(own_process.ProcessPoolExecutor):
        def submit(self, *args, **kwargs):
            raise AssertionError("daemonic processes are not allowed to have children")

    monkeypatch.setattr(own_process, "ProcessPoolExecutor", NoChildren)
    assert in_a_process_of_its_own(os.getpid) == os.getpid()
