"""Single-instance guard: a second `prbot run` on the same database refuses to start instead of double-posting.

An exclusive, non-blocking `fcntl.flock` on `<db>.lock`, beside the database's real file (symlinks resolved, so
two paths to one database share one lock); the OS releases it when the process exits, even on a crash, so no
stale lock is ever left behind.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import IO

from bot.errors import StoreError


class InstanceLock:
    """Hold `<db_path>.lock` for the life of the process; raises `StoreError` if another prbot holds it
    or the lock file cannot be created (a runtime failure: exit code 1)."""

    def __init__(self, db_path: Path) -> None:
        self.path = Path(f"{Path(db_path).resolve()}.lock")
        self._file: IO[str] | None = None

    def acquire(self) -> None:
        """Take the lock or raise `StoreError` naming the other process's PID (or why the file cannot be made)."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle = open(self.path, "a+")
        except OSError as exc:
            raise StoreError(
                f"cannot open the store at {self.path.with_suffix('')}: {exc.strerror or exc} ({self.path})"
            ) from exc
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            handle.seek(0)
            other = handle.read().strip() or "another process"
            handle.close()
            raise StoreError(
                f"another prbot (pid {other}) is already running on {self.path.with_suffix('')}; "
                "stop it first or set PRBOT_DB to another file"
            ) from exc
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._file = handle

    def release(self) -> None:
        """Release the lock (also released automatically at process exit)."""
        if self._file is not None:
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None
