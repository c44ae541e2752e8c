"""Helper processes end with the process that started them, however it ends (kill -9 included).

On Linux a process can ask the kernel for a signal when its parent dies (``prctl(PR_SET_PDEATHSIG)``).
The fork server asks for SIGKILL at its parent's (the main process's) death, and each annotating worker
at its parent's (the fork server's) death, from the moment it is forked, so killing the main process ends
them all. Importing this module in the fork server (``pipeline.worker_pool`` preloads it) arms it there.
Elsewhere it does nothing: on other systems the workers end when their task queue closes.
"""
from __future__ import annotations

import ctypes
import os
import signal
import sys

_PR_SET_PDEATHSIG = 1


def end_with_parent(parent: int) -> None:
    """Have the kernel kill this process when its parent (pid ``parent``) dies; end now if it has."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the request took hold
        os._exit(0)


if os.environ.get("DATELINE_FORKSERVER_LIFELINE") == str(os.getppid()):
    # imported by the fork server (its parent set the variable to its own pid before starting it): it
    # ends with the main process, and each worker it forks ends with it, from the worker's first moment
    # (a worker still importing its modules when the main process dies would otherwise be left behind)
    end_with_parent(os.getppid())
    _server = os.getpid()
    os.register_at_fork(after_in_child=lambda: end_with_parent(_server))
