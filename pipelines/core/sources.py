"""Scan the input folder and account for every file in it.

Each file becomes one `SourceFile` row: `loaded` (its text became a document),
`duplicate` (same normalised text as a loaded file), `rejected` (with the
reason) or `missing` (seen by an earlier run, gone now; its document stays).
The scan is incremental: a file whose size and modification time match the
previous run's row is not read at all (the check `make` and `git status` use),
and one whose content hash matches is not decoded again.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from pipelines.core.decoding import DecodedText, NotText, decode_bytes

LOADED, DUPLICATE, REJECTED, MISSING = "loaded", "duplicate", "rejected", "missing"
STATUSES = (LOADED, DUPLICATE, REJECTED, MISSING)
DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024
DOC_ID_LENGTH = 16
_HASH_CHUNK = 1 << 20


@dataclass(frozen=True)
class SourceFile:
    source_path: str  # relative to the input folder, "/"-separated
    size_bytes: int | None
    content_sha256: str | None
    doc_id: str | None
    status: str
    reason: str | None
    encoding: str | None
    modified_ns: int | None = None  # st_mtime_ns when scanned: unchanged size and time skip the read


@dataclass(frozen=True)
class ScanResult:
    files: list[SourceFile]
    # Decoded text of the documents this scan read that were not stored before.
    texts: dict[str, DecodedText]

    def referenced_doc_ids(self) -> set[str]:
        """Documents whose text must be kept: held by a present file or by a missing one."""
        return {row.doc_id for row in self.files if row.doc_id and row.status in (LOADED, DUPLICATE, MISSING)}


def document_id(text: str) -> str:
    """Stable id of a document: hash of its text with whitespace runs collapsed.

    Copies that differ only in line ends, trailing spaces or a BOM get one id.
    """
    canonical = " ".join(text.split())
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:DOC_ID_LENGTH]


def scan_folder(
    root: Path,
    *,
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    previous: Iterable[SourceFile] = (),
    stored_texts: Collection[str] = (),
) -> ScanResult:
    """Classify every file under `root` (recursively), carrying forward the previous run.

    `previous` are the last run's rows and `stored_texts` the ids of the
    documents whose text is already stored; files unchanged since then are not
    read or decoded again, and files gone since then are reported `missing`
    with their document kept.
    """
    root = root.resolve()
    prior = {row.source_path: row for row in previous}
    known = set(stored_texts)
    rows: list[SourceFile] = []
    texts: dict[str, DecodedText] = {}
    for path in _walk(root):
        relative = path.relative_to(root).as_posix()
        row, decoded = _classify(path, root, relative, max_file_bytes, prior.get(relative), known)
        rows.append(row)
        if decoded is not None and row.doc_id is not None and row.doc_id not in known:
            texts.setdefault(row.doc_id, decoded)

    seen = {row.source_path for row in rows}
    for path, old in sorted(prior.items()):
        if path not in seen:
            rows.append(replace(old, status=MISSING, reason="no longer in the input folder"))

    rows = _mark_duplicates(rows, prior)
    rows.sort(key=lambda r: r.source_path)
    return ScanResult(files=rows, texts=texts)


def _walk(root: Path) -> Iterator[Path]:
    """Every entry that is not a directory, in a stable order; symlinked folders are listed, not entered."""
    for folder, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames.sort()
        linked_dirs = [d for d in dirnames if os.path.islink(os.path.join(folder, d))]
        for name in sorted(filenames + linked_dirs):
            yield Path(folder) / name


def _classify(
    path: Path,
    root: Path,
    relative: str,
    max_file_bytes: int,
    prior: SourceFile | None,
    known: set[str],
) -> tuple[SourceFile, DecodedText | None]:
    modified_ns = None

    def rejected(reason: str, size: int | None = None, sha: str | None = None) -> tuple[SourceFile, None]:
        return SourceFile(relative, size, sha, None, REJECTED, reason, None, modified_ns), None

    vanished = "deleted while the run was reading it"
    try:
        if path.is_symlink():
            target = path.resolve()
            if not target.is_relative_to(root):
                return rejected("symlink pointing outside the input folder (not followed)")
            if target.is_dir():
                return rejected("symlink to a folder (not followed; its files are scanned where they live)")
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return rejected("not a regular file")
        modified_ns = info.st_mtime_ns
        if info.st_size > max_file_bytes:
            return rejected(f"too large: {info.st_size} bytes over the {max_file_bytes}-byte limit", info.st_size)
        if _unchanged_since(prior, info) and (prior.doc_id is None or prior.doc_id in known):
            return (prior if prior.doc_id is None else replace(prior, status=LOADED, reason=None)), None
        raw = path.read_bytes()
    except FileNotFoundError:
        if prior is not None:
            return replace(prior, status=MISSING, reason=vanished), None
        return rejected(vanished)
    except OSError as exc:
        return rejected(f"unreadable: {exc.strerror or exc.__class__.__name__}")

    sha = hashlib.sha256(raw).hexdigest()
    if prior is not None and prior.content_sha256 == sha and prior.status != MISSING:
        if prior.doc_id is None:
            return replace(prior, size_bytes=len(raw), modified_ns=modified_ns), None
        if prior.doc_id in known:
            return replace(prior, size_bytes=len(raw), status=LOADED, reason=None, modified_ns=modified_ns), None
    try:
        decoded = decode_bytes(raw)
    except NotText as exc:
        return rejected(str(exc), len(raw), sha)
    doc_id = document_id(decoded.text)
    return SourceFile(relative, len(raw), sha, doc_id, LOADED, None, decoded.encoding, modified_ns), decoded


def _unchanged_since(prior: SourceFile | None, info: os.stat_result) -> bool:
    """Same size and modification time as when the previous run read the file."""
    return (
        prior is not None
        and prior.status != MISSING
        and prior.content_sha256 is not None
        and prior.modified_ns == info.st_mtime_ns
        and prior.size_bytes == info.st_size
    )


def _mark_duplicates(rows: list[SourceFile], prior: dict[str, SourceFile]) -> list[SourceFile]:
    """One present file per document stays `loaded`; the others become `duplicate`.

    The file that held the document in the previous run keeps it, so a new
    copy never takes over an existing document's source name.
    """
    holders: dict[str, list[SourceFile]] = {}
    for row in rows:
        if row.status in (LOADED, DUPLICATE) and row.doc_id:
            holders.setdefault(row.doc_id, []).append(row)
    keepers: dict[str, str] = {}
    for doc_id, group in holders.items():
        was_loaded = [r.source_path for r in group if (p := prior.get(r.source_path)) and p.status == LOADED and p.doc_id == doc_id]
        keepers[doc_id] = min(was_loaded or [r.source_path for r in group])
    result = []
    for row in rows:
        if row.status in (LOADED, DUPLICATE) and row.doc_id:
            keeper = keepers[row.doc_id]
            if row.source_path == keeper:
                row = replace(row, status=LOADED, reason=None)
            else:
                row = replace(row, status=DUPLICATE, reason=f"same text as {keeper}")
        result.append(row)
    return result
