"""Fault injection for the crash tests: kill this process at a named point of a run.

The fault tests start a real ingestion with ``FORMS_FAULT_AT=parse|load|publish`` and
check that the published warehouse survives a SIGKILL there.  Unset (always, outside
those tests) this is a no-op.
"""

from __future__ import annotations

import os
import signal

from pipelines.core import settings


def fault_point(name: str) -> None:
    """SIGKILL the current process when FORMS_FAULT_AT names this point."""
    if settings.FAULT_AT.given() == name:
        os.kill(os.getpid(), signal.SIGKILL)
