"""Which code a stage runs, as one hash, found from the code itself rather than kept by hand.

A stage's results are reused only while the code that produced them is
unchanged. Listing that code by hand goes stale at the first new module or
file split, so `code_digest` starts from a stage's own module and follows its
imports of this project's modules, transitively: whatever it imports, or
whatever those import, is part of its version. Third-party packages are pinned
in the lock files and are not hashed here.
"""

from __future__ import annotations

import ast
import hashlib
from functools import cache
from pathlib import Path
from types import ModuleType

PACKAGE = "pipelines"
PACKAGE_ROOT = Path(__file__).resolve().parents[1]


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
    while pending:
        path = pending.pop()
        if path not in seen:
            seen.add(path)
            pending.extend(_project_imports(path, path.stat().st_mtime_ns))
    return seen


@cache
def _project_imports(path: Path, _mtime_ns: int) -> tuple[Path, ...]:
    """Project source files `path` imports (cached per file version)."""
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
