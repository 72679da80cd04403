"""Write files: the only module that writes. All of a build's files are replaced together, or none is.

Each file is written to a temporary file beside its target (``.NAME.PID.XXXX.tmp``), then the targets are
replaced one after the other; if one replacement fails, those already done are put back. A build never
writes over one of its inputs, keeps an existing file's permissions (a new file gets the umask's), and
on SIGTERM removes its temporary files. Temporary files left by a build that was killed (its process is
gone) are removed by the next build writing beside them.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import signal
import stat
import tempfile
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path

from .errors import OutputError


def write_atomic(path: Path, content: str | bytes, inputs: Iterable[Path] = ()) -> int:
    """Write one file atomically (see write_together); return its size in bytes."""
    return write_together({Path(path): content}, inputs)[0]


def write_together(files: Mapping[Path, str | bytes], inputs: Iterable[Path] = ()) -> list[int]:
    """Write every file of ``files`` or none; refuse any that is, or resolves to, one of ``inputs``.

    Returns the size in bytes of each file, in order. Raises OutputError, leaving every earlier file as
    it was and no temporary file behind.
    """
    targets = [Path(p) for p in files]
    _refuse_inputs(targets, [Path(p) for p in inputs])
    contents = [c.encode("utf-8") if isinstance(c, str) else c for c in files.values()]
    with _cleanup_on_sigterm():
        temporaries: list[str] = []
        try:
            for target, data in zip(targets, contents):
                temporaries.append(_write_temporary(target, data))
            _replace_all(targets, temporaries)
        finally:
            for temporary in temporaries:
                _discard(temporary)
    return [len(data) for data in contents]


def same_file(a: Path, b: Path) -> bool:
    """True when both paths name one file (symlinks followed, hard links by device and inode)."""
    try:
        first, second = os.stat(a), os.stat(b)
    except OSError:
        return False
    return (first.st_dev, first.st_ino) == (second.st_dev, second.st_ino)


def _refuse_inputs(targets: list[Path], inputs: list[Path]) -> None:
    for target in targets:
        for source in inputs:
            if same_file(target, source):
                message = f"is the input file {source}: refusing to write over it (choose another -o)"
                raise OutputError(f"{target}: {message}")
    if len({os.path.abspath(t) for t in targets}) < len(targets):
        raise OutputError(f"{targets[0]}: two outputs would be the same file")


def _write_temporary(target: Path, data: bytes) -> str:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(target)
        prefix = f".{target.name}.{os.getpid()}."  # the pid tells a later build whether it is stale
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=prefix, suffix=".tmp")
    except OSError as error:
        raise OutputError(f"{target}: cannot write here ({error.strerror})") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, _mode_for(target))
    except OSError as error:
        _discard(temporary)
        raise OutputError(f"{target}: could not be written ({error.strerror}); {_UNTOUCHED}") from None
    except BaseException:  # SIGTERM (as SystemExit), Ctrl-C
        _discard(temporary)
        raise
    return temporary


_UNTOUCHED = "nothing was written, the previous files are untouched"


def _replace_all(targets: list[Path], temporaries: list[str]) -> None:
    """Rename each temporary over its target; on any failure, put back what was already replaced."""
    for target in targets:
        if target.is_dir():
            raise OutputError(f"{target}: is a folder; {_UNTOUCHED}")
    backups: list[tuple[Path, str | None]] = []
    try:
        for target, temporary in zip(targets, temporaries):
            backups.append((target, _backup(target)))
            os.replace(temporary, target)
    except BaseException as error:
        failed = target
        for replaced, backup in reversed(backups):  # restoring the failed one's own backup is harmless
            _restore(replaced, backup)
        if isinstance(error, OSError):
            raise OutputError(f"{failed}: could not be written ({error.strerror}); {_UNTOUCHED}") from None
        raise
    finally:
        for _, backup in backups:
            if backup:
                _discard(backup)


def _backup(target: Path) -> str | None:
    """A hard link to the current file, to put back if a later file of the transaction fails."""
    if not target.exists():
        return None
    while True:
        backup = str(target.parent / f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
        try:
            os.link(target, backup)
            return backup
        except FileExistsError:
            continue
        except OSError:  # a file system without hard links
            shutil.copy2(target, backup)
            return backup


def _restore(target: Path, backup: str | None) -> None:
    with contextlib.suppress(OSError):
        if backup is None:
            target.unlink()
        else:
            os.replace(backup, target)


def _discard(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _mode_for(target: Path) -> int:
    """The mode the written file gets: the existing file's, else what the umask allows."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def remove_stale_temporaries(target: Path) -> list[Path]:
    """Remove ``.NAME.PID.*.tmp`` files beside ``target`` whose process no longer exists; return them."""
    removed = []
    pattern = re.compile(rf"\.{re.escape(target.name)}\.(\d+)\.[A-Za-z0-9_]+\.tmp")
    for path in target.parent.glob(f".{glob_escape(target.name)}.*.tmp"):
        match = pattern.fullmatch(path.name)
        if match and int(match.group(1)) != os.getpid() and not _alive(int(match.group(1))):
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(path)
    return removed


def glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive, and not ours to judge
        return True
    return True


@contextlib.contextmanager
def _cleanup_on_sigterm():
    """While writing, turn SIGTERM into SystemExit so the temporary files are removed on the way out."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(signum, frame):
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
