"""Helper processes end with the process that started them, however it ends (kill -9 included).

On Linux a process can ask the kernel for a signal when its parent dies (``prctl(PR_SET_PDEATHSIG)``).
The annotating workers ask for SIGKILL at their parent's (the fork server's) death, and the fork server
at its parent's (the main process's) death, so killing the main process ends them all. Importing this
module in the fork server (``pipeline.worker_pool`` preloads it) arms it there. Elsewhere it does nothing:
on other systems the workers end when their task queue closes.
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
    # imported by the fork server (its parent set the variable to its own pid before starting it)
    end_with_parent(os.getppid())
