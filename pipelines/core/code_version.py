"""Which code a stage runs, as one hash, found from the code itself rather than kept by hand.

A stage's results are reused only while the code that produced them is
unchanged. Listing that code by hand goes stale at the first new module or
file split, so `code_digest` starts from a stage's own module and follows its
imports of this project's modules, transitively: whatever it imports, or
whatever those import, is part of its version. Third-party packages are pinned
in the lock files and are not hashed here.

Finding the imports means parsing every module (about 0.3 s for the pipeline's
seventy), and every build is a new process, so each file's imports are kept in
the cache folder (`cache.cache_folder`) by the file's modification time and
size. The digest itself always hashes the files' bytes as they are now.
"""

from __future__ import annotations

import ast
import hashlib
import json
from functools import cache
from pathlib import Path
from types import ModuleType

from pipelines.core.atomic import atomic_path
from pipelines.core.cache import cache_folder

PACKAGE = "pipelines"
PACKAGE_ROOT = Path(__file__).resolve().parents[1]
# In the cache folder: path -> [[modification time ns, size], [paths of the project modules it imports]].
IMPORTS_FILE = "project-imports.json"


def code_digest(*roots: ModuleType | Path) -> str:
    """Hash of the source of `roots` (modules or extra files such as SQL) and every project module they import."""
    files: set[Path] = set()
    for root in roots:
        path = Path(root.__file__) if isinstance(root, ModuleType) else Path(root)
        files |= _closure(path.resolve()) if path.suffix == ".py" else {path.resolve()}
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(_label(path).encode() + b"\0" + _file_bytes(path) + b"\0")
    return digest.hexdigest()


def _label(path: Path) -> str:
    return path.relative_to(PACKAGE_ROOT.parent).as_posix() if path.is_relative_to(PACKAGE_ROOT.parent) else str(path)


def _file_bytes(path: Path) -> bytes:
    return path.read_bytes()


def _closure(start: Path) -> set[Path]:
    seen: set[Path] = set()
    pending = [start]
    known = _known_imports()
    learned = False
    while pending:
        path = pending.pop()
        if path not in seen:
            seen.add(path)
            info = path.stat()
            version = [info.st_mtime_ns, info.st_size]
            entry = known.get(str(path))
            if entry is None or entry[0] != version or not all(Path(found).is_file() for found in entry[1]):
                entry = known[str(path)] = [version, [str(found) for found in _project_imports(path)]]
                learned = True
            pending.extend(Path(found) for found in entry[1])
    if learned:
        _keep_known_imports(known)
    return seen


@cache
def _known_imports() -> dict[str, list]:
    """The imports kept in the cache folder (empty when missing or unreadable), loaded once per process."""
    try:
        known = json.loads((cache_folder() / IMPORTS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return known if isinstance(known, dict) else {}


def _keep_known_imports(known: dict[str, list]) -> None:
    """Write `known` to the cache folder, without the files that are gone (a moved checkout, a test's modules)."""
    kept = {path: entry for path, entry in known.items() if Path(path).is_file()}
    try:
        cache_folder().mkdir(parents=True, exist_ok=True)
        with atomic_path(cache_folder() / IMPORTS_FILE) as temp:
            temp.write_text(json.dumps(kept), encoding="utf-8")
    except OSError:
        pass  # a cache that cannot be written: the modules are parsed again next time, nothing worse


def _project_imports(path: Path) -> tuple[Path, ...]:
    """Project source files `path` imports, found by parsing it (`_closure` keeps them by file version)."""
    found = []
    for node in ast.walk(ast.parse(path.read_bytes(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from pipelines.core import figures` imports a module; `from x import name` an attribute.
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        found += [source for name in names if (source := source_of(name)) is not None]
    return tuple(found)


def source_of(module: str) -> Path | None:
    """The source file of project module `module` (dotted name), found without importing it."""
    parts = module.split(".")
    if parts[0] != PACKAGE:
        return None
    base = PACKAGE_ROOT.joinpath(*parts[1:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None
