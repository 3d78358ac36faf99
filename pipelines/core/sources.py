"""Scan the input folder and account for every file in it.

Each file becomes one `SourceFile` row: `loaded` (its text became a document),
`duplicate` (same normalised text as a loaded file), `rejected` (with the
reason) or `missing` (seen by an earlier run, gone now; its document stays).
A file rejected after it was loaded (grown past the size limit, emptied, made
unreadable) keeps its document too, like a deleted file: documents disappear
only when their text changes.
The scan is incremental: a file whose size and modification time match the
previous run's row is not read at all (the check `make` and `git status` use),
and one whose content hash matches is not decoded again.

Exports (`.csv`, `.jsonl` / `.ndjson`, `.parquet`, see `exports.py`) hold one
article per row: the file gets a row of its own (`loaded` once read to the
end, with no document; `rejected` when it cannot be read), and each of its
rows one more, named `path#N`, with its document or its reason. The size
limit applies to each row's text, not to the export, which is streamed. An
unchanged export's rows are carried forward without reading it again, unless
`trust_exports` is false (its reader or the column setting changed). Saved
web pages (`.html`, `.htm`) become the article their main text holds
(`html_pages.py`).

Files are read safely: each is opened once, relative to the input folder,
with `O_NOFOLLOW` on every path component, and what is checked (type, size,
time) is the open descriptor's `fstat`, so a file swapped for a symlink
between the check and the read cannot pull in anything outside the folder.
One odd file (a name that is not UTF-8, a symlink loop, an unexpected error)
is rejected with its reason; the scan goes on.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from pipelines.core.decoding import NotText, decode_bytes
from pipelines.core.exports import ExportUnreadable, export_format, read_export
from pipelines.core.folder import Entry, source_path, walk_entries
from pipelines.core.html_pages import extract_page, is_html_page
from pipelines.core.settings import DEFAULT_MAX_FILE_BYTES
from pipelines.core.structured import DocumentText

LOADED, DUPLICATE, REJECTED, MISSING = "loaded", "duplicate", "rejected", "missing"
STATUSES = (LOADED, DUPLICATE, REJECTED, MISSING)
DOC_ID_LENGTH = 16
_READ_CHUNK = 1 << 20
_OPEN_DIRECTORY = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
# O_NONBLOCK: opening a FIFO must not wait for a writer (fstat then rejects it).
_OPEN_FILE = os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK | os.O_NOCTTY
VANISHED = "deleted while the run was reading it"
KEPT_DOCUMENT = "its document from the earlier version is kept"


class InputFolderMissing(FileNotFoundError):
    """SEEDS_DIR does not exist or is not a folder: nothing can be scanned, and nothing should be marked missing."""


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
    encoding_confidence: float | None = None
    format: str | None = None  # `text`, `html`, `csv`, `jsonl` or `parquet`
    row_number: int | None = None  # an export's row (1-based); None for a file


# Rows already classified, each with its document's text when it was read now.
Found = list[tuple[SourceFile, DocumentText | None]]


@dataclass(frozen=True)
class ScanResult:
    files: list[SourceFile]
    # Text (and named fields) of the documents this scan read that were not stored before.
    texts: dict[str, DocumentText]

    def referenced_doc_ids(self) -> set[str]:
        """Documents whose text must be kept: held by a present file, a missing one or one rejected after loading."""
        return {row.doc_id for row in self.files if row.doc_id}


def document_id(text: str) -> str:
    """Stable id of a document: hash of its text with whitespace runs collapsed.

    Copies that differ only in line ends, trailing spaces or a BOM get one id.
    """
    canonical = " ".join(text.split())
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:DOC_ID_LENGTH]


def text_matches_id(doc_id: str, text: str) -> bool:
    """Whether `doc_id` is the id of `text`: False means one of them was damaged since it was stored."""
    return document_id(text) == doc_id


def row_path(file_path: str, number: int) -> str:
    """How an export's row is named in `source_files`: `path#N`."""
    return f"{file_path}#{number}"


def file_format(path: str) -> str:
    """How a file is read, by its name: an export format, `html`, or `text` for anything else."""
    return export_format(path) or ("html" if is_html_page(path) else "text")


def scan_folder(
    root: Path,
    *,
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    previous: Iterable[SourceFile] = (),
    stored_texts: Collection[str] = (),
    trust_rejections: bool = True,
    trust_exports: bool = True,
    export_columns: dict[str, str] | None = None,
) -> ScanResult:
    """Classify every file under `root` (recursively), carrying forward the previous run.

    `previous` are the last run's rows and `stored_texts` the ids of the
    documents whose text is already stored; files unchanged since then are not
    read or decoded again, and files gone since then are reported `missing`
    with their document kept. A file rejected for its content is not read again
    while unchanged, unless `trust_rejections` is false (the decoder changed).
    `export_columns` ({field: column}) names export columns beyond the recognised ones.
    Raises InputFolderMissing when `root` is not a folder.
    """
    root = Path(root)
    if not root.is_dir():
        raise InputFolderMissing(f"input folder {root} does not exist or is not a folder (check SEEDS_DIR)")
    root = root.resolve()
    prior = {row.source_path: row for row in previous}
    prior_export_rows: dict[str, list[SourceFile]] = {}
    for row in prior.values():
        if row.row_number is not None:
            prior_export_rows.setdefault(row.source_path.rsplit("#", 1)[0], []).append(row)
    reading = _Reading(max_file_bytes, set(stored_texts), trust_exports, export_columns or {})
    rows: list[SourceFile] = []
    texts: dict[str, DocumentText] = {}
    unreadable_folders: list[OSError] = []
    root_fd = os.open(root, _OPEN_DIRECTORY)
    try:
        for entry in walk_entries(root, unreadable_folders.append):
            relative = entry.source_path
            try:
                earlier = _Earlier(prior.get(relative), prior_export_rows.get(relative, []))
                verdict_stands = trust_rejections or earlier.file is None or earlier.file.status != REJECTED
                found = _unchanged(entry, reading, earlier, verdict_stands) or _classify(
                    Path(entry.path), root, root_fd, relative, reading, earlier, verdict_stands
                )
            except Exception as exc:  # one file must never stop the scan of the others
                reason = f"could not be scanned: {exc!r}"
                found = [(SourceFile(relative, None, None, None, REJECTED, reason, None, format=file_format(relative)), None)]
            for row, text in found:
                rows.append(_keep_earlier_document(row, prior.get(row.source_path)))
                if text is not None and row.doc_id is not None and row.doc_id not in reading.known:
                    texts.setdefault(row.doc_id, text)
    finally:
        os.close(root_fd)
    for error in unreadable_folders:
        relative = source_path(root, Path(error.filename))
        rows.append(SourceFile(relative, None, None, None, REJECTED, f"unreadable folder: {error.strerror}", None))

    seen = {row.source_path for row in rows}
    for path, old in sorted(prior.items()):
        if path not in seen:
            in_present_file = old.row_number is not None and path.rsplit("#", 1)[0] in seen
            reason = "no longer in its file" if in_present_file else "no longer in the input folder"
            rows.append(replace(old, status=MISSING, reason=reason))

    rows = _mark_duplicates(rows, prior)
    rows.sort(key=lambda r: r.source_path)
    return ScanResult(files=rows, texts=texts)


def forget_lost_documents(files: list[SourceFile], available: Collection[str]) -> tuple[list[SourceFile], list[str]]:
    """Unlink rows from documents whose text is gone (lost with a damaged file and no longer readable).

    Returns the rows and the paths of the files whose document was lost.
    """
    available = set(available)
    kept, lost = [], []
    for row in files:
        if row.doc_id and row.doc_id not in available:
            note = "its document's stored text was damaged and could not be read again"
            row = replace(row, doc_id=None, reason=f"{row.reason}; {note}" if row.reason else note)
            lost.append(row.source_path)
        kept.append(row)
    return kept, lost


def _keep_earlier_document(row: SourceFile, prior: SourceFile | None) -> SourceFile:
    """A file rejected now that held a document before keeps that document, as a deleted file does."""
    if row.status != REJECTED or row.doc_id is not None or prior is None or prior.doc_id is None:
        return row
    return replace(row, doc_id=prior.doc_id, reason=f"{row.reason}; {KEPT_DOCUMENT}")


@dataclass(frozen=True)
class _Reading:
    """What every file of one scan is read with."""

    max_file_bytes: int
    known: set[str]  # documents whose text is stored
    trust_exports: bool
    export_columns: dict[str, str]


@dataclass(frozen=True)
class _Earlier:
    """The previous scan's row of a file, and of its rows when it is an export."""

    file: SourceFile | None
    export_rows: list[SourceFile]


def _unchanged(entry: Entry, reading: _Reading, earlier: _Earlier, verdict_stands: bool) -> Found | None:
    """`_classify`'s answer for a file whose size and modification time show it unchanged and that needs
    no reading (`_kept_verdict`), found without opening it: most files of a folder scanned again.
    None when the file must be classified."""
    prior = earlier.file
    # A name that is not UTF-8 is not its own source_path (escaped): `_classify` rejects it.
    if prior is None or export_format(entry.source_path) or not entry.path.endswith(entry.source_path):
        return None
    try:
        info = os.lstat(entry.path)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode) or info.st_size > reading.max_file_bytes:
        return None
    return _kept_verdict(prior, info, reading, verdict_stands)


def _kept_verdict(prior: SourceFile | None, info: os.stat_result, reading: _Reading, verdict_stands: bool) -> Found | None:
    """The earlier row of a file with the same size and modification time (`_unchanged_since`), when it needs
    no reading again: rejected for its content (while that verdict stands), or holding a stored text."""
    if not _unchanged_since(prior, info):
        return None
    if prior.status == REJECTED and verdict_stands:
        return [(prior, None)]  # same bytes, same verdict
    if prior.doc_id in reading.known:
        return [(prior if (prior.status, prior.reason) == (LOADED, None) else replace(prior, status=LOADED, reason=None), None)]
    return None


def _classify(
    path: Path, root: Path, root_fd: int, relative: str, reading: _Reading, earlier: _Earlier, verdict_stands: bool
) -> Found:
    """This file's rows (one, or an export's file and rows), each with its text when it was read and decoded.

    An unchanged file keeps its earlier rows without being read (or decoded)
    again; a rejected one only while `verdict_stands`.
    """
    modified_ns = None
    prior, known, max_file_bytes = earlier.file, reading.known, reading.max_file_bytes
    kind = file_format(relative)

    def rejected(reason: str, size: int | None = None, sha: str | None = None) -> Found:
        return [(SourceFile(relative, size, sha, None, REJECTED, reason, None, modified_ns, format=kind), None)]

    if relative != path.relative_to(root).as_posix():
        return rejected("file name is not valid UTF-8 (shown with \\x escapes): rename the file to load it")
    try:
        link = os.lstat(path)
        if stat.S_ISLNK(link.st_mode):
            try:
                target = Path(os.path.realpath(path, strict=True))
            except FileNotFoundError:
                return rejected("broken symlink: its target does not exist")
            if not target.is_relative_to(root):
                return rejected("symlink pointing outside the input folder (not followed)")
            if target.is_dir():
                return rejected("symlink to a folder (not followed; its files are scanned where they live)")
            parts = target.relative_to(root).parts
        elif not stat.S_ISREG(link.st_mode):
            return rejected("not a regular file")
        else:
            parts = path.relative_to(root).parts
        fd = _open_inside(root_fd, parts)
    except FileNotFoundError:
        if prior is not None and prior.status != REJECTED:
            return [(replace(prior, status=MISSING, reason=VANISHED), None)]
        return rejected(VANISHED)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            # From realpath: a loop; from O_NOFOLLOW: a path component was swapped for a symlink after the check.
            return rejected("symlink loop, or a symlink where a file was (not followed)")
        return rejected(f"unreadable: {exc.strerror or exc.__class__.__name__}")

    try:
        info = os.fstat(fd)  # what was opened is what is checked and read
        if not stat.S_ISREG(info.st_mode):
            return rejected("not a regular file")
        modified_ns = info.st_mtime_ns
        if export_format(relative):
            return _read_export_file(fd, relative, info, reading, earlier, verdict_stands)
        if info.st_size > max_file_bytes:
            return rejected(f"too large: {info.st_size} bytes over the {max_file_bytes}-byte limit", info.st_size)
        if (kept := _kept_verdict(prior, info, reading, verdict_stands)) is not None:
            return kept
        raw = _read_at_most(fd, max_file_bytes + 1)
    except OSError as exc:
        return rejected(f"unreadable: {exc.strerror or exc.__class__.__name__}")
    finally:
        os.close(fd)
    if len(raw) > max_file_bytes:  # grew while being read
        return rejected(f"too large: over the {max_file_bytes}-byte limit", len(raw))

    sha = hashlib.sha256(raw).hexdigest()
    if prior is not None and prior.content_sha256 == sha:
        if prior.status == REJECTED and verdict_stands:
            return [(replace(prior, size_bytes=len(raw), modified_ns=modified_ns), None)]
        if prior.status in (LOADED, DUPLICATE) and prior.doc_id in known:
            return [(replace(prior, size_bytes=len(raw), status=LOADED, reason=None, modified_ns=modified_ns), None)]
    try:
        if kind == "html":
            text = extract_page(raw)
        else:
            decoded = decode_bytes(raw)
            text = DocumentText(decoded.text, decoded.encoding, decoded.confidence)
    except NotText as exc:
        return rejected(str(exc), len(raw), sha)
    doc_id = document_id(text.text)
    row = SourceFile(relative, len(raw), sha, doc_id, LOADED, None, text.encoding, modified_ns, text.confidence, kind)
    return [(row, text)]


def _read_export_file(
    fd: int, relative: str, info: os.stat_result, reading: _Reading, earlier: _Earlier, verdict_stands: bool
) -> Found:
    """An export's own row and one per row in it, read in batches; carried forward while the file is unchanged."""
    kind = export_format(relative)
    carried = _carried_export(earlier, reading, verdict_stands)
    if carried is not None and _unchanged_since(earlier.file, info):
        return carried
    os.set_blocking(fd, True)
    with os.fdopen(os.dup(fd), "rb") as binary:  # a duplicate: the caller closes `fd`
        digest = hashlib.sha256()
        while chunk := binary.read(_READ_CHUNK):
            digest.update(chunk)
        sha = digest.hexdigest()
        if carried is not None and earlier.file.content_sha256 == sha:
            return [(replace(row, modified_ns=info.st_mtime_ns), text) for row, text in carried]
        binary.seek(0)
        found: Found = []
        encoding, status, reason = None, LOADED, None
        try:
            encoding, records = read_export(
                binary, kind, max_text_bytes=reading.max_file_bytes, columns=reading.export_columns
            )
            for record in records:
                path = row_path(relative, record.number)
                if record.document is None:
                    row = SourceFile(path, None, None, None, REJECTED, record.rejected, encoding, info.st_mtime_ns)
                else:
                    text = record.document.text.encode("utf-8")
                    row = SourceFile(
                        path, len(text), hashlib.sha256(text).hexdigest(), document_id(record.document.text),
                        LOADED, None, encoding, info.st_mtime_ns, record.document.confidence,
                    )
                found.append((replace(row, format=kind, row_number=record.number), record.document))
        except ExportUnreadable as exc:
            status, reason = REJECTED, str(exc) + (f" ({len(found)} rows read before stand)" if found else "")
    own = SourceFile(relative, info.st_size, sha, None, status, reason, encoding, info.st_mtime_ns, None, kind)
    return [(own, None), *found]


def _carried_export(earlier: _Earlier, reading: _Reading, verdict_stands: bool) -> Found | None:
    """The export's earlier rows, when they can stand without reading it again; else None."""
    own = earlier.file
    if not reading.trust_exports or own is None or own.status == MISSING or own.row_number is not None:
        return None
    if own.status == REJECTED and not verdict_stands:
        return None
    rows = [row for row in earlier.export_rows if row.status != MISSING]
    if any(row.status in (LOADED, DUPLICATE) and row.doc_id not in reading.known for row in rows):
        return None
    # Duplicates are judged again across the whole folder by `_mark_duplicates`.
    return [(own, None)] + [(replace(row, status=LOADED, reason=None) if row.status == DUPLICATE else row, None) for row in rows]


def _open_inside(root_fd: int, parts: tuple[str, ...]) -> int:
    """Open `root/parts...` for reading without following a symlink anywhere on the way."""
    folder_fds = []
    try:
        folder = root_fd
        for part in parts[:-1]:
            folder = os.open(part, _OPEN_DIRECTORY, dir_fd=folder)
            folder_fds.append(folder)
        return os.open(parts[-1], _OPEN_FILE, dir_fd=folder)
    finally:
        for fd in folder_fds:
            os.close(fd)


def _read_at_most(fd: int, limit: int) -> bytes:
    os.set_blocking(fd, True)
    chunks, total = [], 0
    while total < limit:
        chunk = os.read(fd, min(_READ_CHUNK, limit - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


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
