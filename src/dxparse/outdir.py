"""The output folder: locked, staged, and replaced in one step.

A run takes an exclusive lock on OUT (flock on the folder itself: the kernel
drops it when the process dies, so a killed run leaves no lock behind),
writes everything — spill files included — into a staging folder beside OUT
(`.OUT.dxparse-XXXXXXXX`, same file system), and at the end swaps the two
folders with one `renameat2(RENAME_EXCHANGE)`: a reader of OUT sees the old
set or the new one, never a mix. Files in OUT that dxparse does not own
(see `owned`) are carried into the new folder first (hard links), so they
stay. A staging folder a killed run left is removed by the next run.

Where the exchange is not available (not Linux, OUT a mount point, OUT's
parent not writable) the files are renamed into OUT one by one,
datapackage.json last; the README says so.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import shutil
import tempfile
from pathlib import Path
from types import TracebackType

from dxparse.formats import OUTPUT_FORMATS
from dxparse.models import DATASETS

PACKAGE_FILE = "datapackage.json"
_STAGING_INFIX = ".dxparse-"


class OutputBusy(Exception):
    """Another run holds the lock on the output folder."""


def owned(name: str) -> bool:
    """Whether dxparse writes a file of this name into OUT (and so may replace
    or remove it): datapackage.json and `<dataset>.<format>` for every
    dataset and format, and the `.<file>.*.tmp` files older versions left."""
    files = _owned_files()
    if name in files:
        return True
    return (
        name.startswith(".")
        and name.endswith(".tmp")
        and any(name.startswith(f".{file}.") for file in files)
    )


def _owned_files() -> set[str]:
    files = {f"{m.dataset_id}.{fmt}" for m in DATASETS for fmt in OUTPUT_FORMATS}
    return files | {PACKAGE_FILE}


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically; False where the system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.EXDEV, errno.EBUSY, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


class OutputFolder:
    """`with OutputFolder(out) as stage:` write into `stage.path`, spill into
    `stage.spill`, then `stage.commit()`. Leaving the block without a commit
    (an error, a signal) leaves OUT as it was."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self._lock_fd: int | None = None
        self._staging: Path | None = None
        # Staging inside OUT, files renamed one by one: OUT is a mount point,
        # or its parent is not writable.
        self._inside = False

    @property
    def path(self) -> Path:
        assert self._staging is not None, "use OutputFolder as a context manager"
        return self._staging

    @property
    def spill(self) -> Path:
        return self.path / ".spill"

    def __enter__(self) -> OutputFolder:
        self.out.mkdir(parents=True, exist_ok=True)
        # A symlinked OUT: the folder it points to is the one replaced.
        self.out = self.out.resolve()
        self._lock()
        try:
            self._staging = self._make_staging()
            # mkdtemp makes 0700; the published folder gets a normal folder's mode.
            os.chmod(self._staging, 0o777 & ~_umask())
            self.spill.mkdir()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _make_staging(self) -> Path:
        self._inside = os.path.ismount(self.out)
        prefix = f".{self.out.name}{_STAGING_INFIX}"
        if not self._inside:
            self._remove_stale(self.out.parent)
            try:
                return Path(tempfile.mkdtemp(prefix=prefix, dir=self.out.parent))
            except PermissionError:
                self._inside = True  # OUT writable, its parent not: stage inside OUT
        self._remove_stale(self.out)
        return Path(tempfile.mkdtemp(prefix=prefix, dir=self.out))

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._staging is not None:
            self._discard(self._staging)
            self._staging = None
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    def _lock(self) -> None:
        for _ in range(10):
            fd = os.open(self.out, os.O_RDONLY | os.O_DIRECTORY)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                raise OutputBusy(
                    f"{self.out}: another dxparse run is writing into this folder;"
                    " wait for it to finish or choose another -o"
                ) from None
            # The folder may have been swapped between open and flock: the
            # lock must be on the folder that is OUT now.
            if os.fstat(fd).st_ino == os.stat(self.out).st_ino:
                self._lock_fd = fd
                return
            os.close(fd)
        raise OutputBusy(f"{self.out}: the folder keeps being replaced by another run")

    def _remove_stale(self, base: Path) -> None:
        """Staging folders of killed runs into this OUT (we hold its lock)."""
        prefix = f".{self.out.name}{_STAGING_INFIX}"
        with contextlib.suppress(OSError):
            for entry in base.iterdir():
                if entry.name.startswith(prefix) and entry.is_dir() and not entry.is_symlink():
                    self._discard(entry)

    def _discard(self, staging: Path) -> None:
        """Remove a staging folder, giving back to OUT what of OUT's it holds:
        a file or folder dxparse does not own that a commit had carried over
        and that OUT lacks (a kill between carrying and swapping). A copy of
        one OUT still has is only a duplicate link, removed."""
        with contextlib.suppress(OSError):
            for entry in staging.iterdir():
                name = entry.name
                if owned(name) or name == ".spill" or os.path.lexists(self.out / name):
                    continue
                os.rename(entry, self.out / name)
        shutil.rmtree(staging, ignore_errors=True)

    def commit(self) -> None:
        """Replace OUT's owned files by the staged set, in one step where possible."""
        staging = self.path
        shutil.rmtree(self.spill)
        _fsync_tree(staging)
        if self._inside:
            self._commit_file_by_file(staging)
            return
        moved: list[str] = []
        for entry in sorted(os.listdir(self.out)):
            if owned(entry) or (staging / entry).exists():
                continue
            source, target = self.out / entry, staging / entry
            try:
                os.link(source, target, follow_symlinks=False)
            except OSError:
                if source.is_dir() and not source.is_symlink():
                    moved.append(entry)  # a folder cannot be linked: moved at the swap
                else:
                    shutil.copy2(source, target, follow_symlinks=False)
        try:
            for entry in moved:
                os.rename(self.out / entry, staging / entry)
            os.chmod(staging, os.stat(self.out).st_mode & 0o7777)
            swapped = exchange(staging, self.out)
        except BaseException:
            self._give_back(moved, staging)
            raise
        if not swapped:
            self._give_back(moved, staging)
            self._commit_file_by_file(staging)
            return
        # Swapped: a failure from here on must not say OUT was left as it was.
        with contextlib.suppress(OSError):
            _fsync_dir(self.out.parent)
        # `staging` now holds the old set; __exit__ removes it.

    def _give_back(self, moved: list[str], staging: Path) -> None:
        for entry in moved:
            if os.path.lexists(staging / entry):
                os.rename(staging / entry, self.out / entry)

    def _commit_file_by_file(self, staging: Path) -> None:
        new = set(os.listdir(staging))
        for entry in [*sorted(new - {PACKAGE_FILE}), PACKAGE_FILE]:
            if entry in new:
                os.replace(staging / entry, self.out / entry)
        for entry in os.listdir(self.out):
            if owned(entry) and entry not in new:
                (self.out / entry).unlink(missing_ok=True)
        _fsync_dir(self.out)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_tree(path: Path) -> None:
    """Data on disk before the swap makes it visible (a crash cannot show
    a new set of empty files)."""
    for entry in path.iterdir():
        if entry.is_file() and not entry.is_symlink():
            fd = os.open(entry, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
    _fsync_dir(path)
