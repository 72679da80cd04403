"""Write files atomically: the only module that writes. A failed write leaves the old file as it was."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import OutputError


def write_atomic(path: Path, content: str | bytes) -> int:
    """Write ``content`` to a temporary file beside ``path``, then rename it over ``path``; return bytes."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise OutputError(f"{path}: cannot write here ({error.strerror})") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(f"{path}: could not be written ({error.strerror}); the previous file is untouched") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return len(data)
