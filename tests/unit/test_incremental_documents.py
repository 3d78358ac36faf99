"""An incremental `documents` run gives exactly the table a full rebuild gives, having parsed only what is new."""

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from pipelines.core import schemas, stories, texts
from pipelines.core.incremental_documents import OTHER_CODE, SIGNATURES, Update, inputs_stamp, update_documents
from pipelines.core.sources import document_id
from pipelines.core.store import DATABASE_NAME, MISSING_FILE, DamagedFile, ParquetStore
from pipelines.core.structured import DocumentText

# One invented wire story in paragraphs of about the same length.
PARAGRAPHS = [
    "Dock workers at the port of Kessling walked off the job at dawn on Monday, halting the loading of "
    "grain ships for the first time in eleven years, union organisers said outside the main gate.",
    "The Harbour Workers Union is asking for a nine percent raise over two years and an end to twelve "
    "hour night shifts, which members say have caused a string of accidents on the container quays.",
    "The port authority said about forty vessels were waiting at anchor in the bay by the afternoon and "
    "warned that perishable cargo, mostly fruit from the southern growers, would spoil within days.",
    "Transport minister Oda Falkenrath urged both sides to return to talks on Wednesday and said the "
    "government was ready to appoint a mediator if no agreement had been reached by the weekend.",
    "Shipping companies have begun diverting some freight to the smaller port of Marnholm, about ninety "
    "kilometres up the coast, where cranes and storage space are already close to their limits.",
]


def article(title: str, paragraphs: list[str]) -> str:
    return f"{title}\nBy Lena Vargo\n\n" + "\n\n".join(paragraphs) + "\n"


WHOLE = article("Kessling dockers strike", PARAGRAPHS)
FIRST_FOUR = article("Port of Kessling at a standstill", PARAGRAPHS[:4])
LAST_FOUR = article("Dock strike spreads its effects", PARAGRAPHS[1:])
OTHER = article(
    "Library reopens after flood",
    [
        "The central library of Ostmark reopened on Saturday after eight months of repairs to its flooded "
        "basement archive, with a queue of readers stretching around the square before the doors opened.",
    ],
)
HEADLINE_ONLY = "Live: Council vote\nBy Lena Vargo\n"  # no body: no signature, its own story


class Corpus:
    """The stored inputs of `documents` (source_files, document_texts) in a store, and `update_documents` over them."""

    def __init__(self, folder):
        self.store = ParquetStore(folder)
        self.files: dict[str, tuple[str, str]] = {}  # source_path -> (text, status)
        self.fields: dict[str, str] = {}  # doc_id -> `document_texts.fields`, for texts an export named fields of

    def put(self, path: str, text: str, status: str = "loaded") -> str:
        self.files[path] = (text, status)
        return document_id(text)

    def write_inputs(self) -> None:
        rows = [
            {"source_path": path, "doc_id": document_id(text), "status": status, "content_sha256": f"sha-of-{path}"}
            for path, (text, status) in self.files.items()
        ]
        texts = {document_id(text): text for text, _ in self.files.values()}
        self.store.write("source_files", pa.Table.from_pylist(rows, schema=schemas.SOURCE_FILES), schemas.SOURCE_FILES)
        self.store.write(
            "document_texts",
            pa.Table.from_pylist(
                [
                    {"doc_id": doc_id, "text": text, "encoding": "utf-8", "fields": self.fields.get(doc_id)}
                    for doc_id, text in sorted(texts.items())
                ],
                schema=schemas.DOCUMENT_TEXTS,
            ),
            schemas.DOCUMENT_TEXTS,
        )

    def update(self) -> Update:
        self.write_inputs()
        return update_documents(self.store, inputs_stamp(self.store))

    def documents(self) -> list[dict]:
        return self.store.read("documents", schemas.DOCUMENTS).to_pylist()

    def signatures(self) -> list[dict]:
        return self.store.read(SIGNATURES, schemas.DOCUMENT_SIGNATURES).to_pylist()

    def stories(self) -> dict[str, str]:
        return {row["source_path"]: row["story_id"] for row in self.documents()}


@pytest.fixture
def corpus(tmp_path) -> Corpus:
    built = Corpus(tmp_path / "incremental")
    built.put("wire/whole.txt", WHOLE)
    built.put("other.txt", OTHER)
    built.put("live.txt", HEADLINE_ONLY)
    first = built.update()
    assert (first.parsed, first.reused, first.hashed, first.not_reused) == (3, 0, 3, {})
    return built


def assert_same_as_full_rebuild(corpus: Corpus, tmp_path) -> None:
    full = Corpus(tmp_path / "full")
    full.files, full.fields = dict(corpus.files), dict(corpus.fields)
    update = full.update()
    assert update.reused == 0 and update.parsed == len(full.documents())
    assert corpus.documents() == full.documents()
    assert corpus.signatures() == full.signatures()
    assert corpus.store.stored_fingerprint("documents") == full.store.stored_fingerprint("documents")


def test_only_added_documents_are_parsed(corpus, tmp_path):
    corpus.put("new/first-four.txt", FIRST_FOUR)
    update = corpus.update()
    assert (update.rows, update.parsed, update.reused, update.hashed) == (4, 1, 3, 1)
    assert corpus.stories()["new/first-four.txt"] == corpus.stories()["wire/whole.txt"]
    assert_same_as_full_rebuild(corpus, tmp_path)


def test_texts_and_bodies_taken_a_slice_at_a_time_give_the_same_table(corpus, tmp_path, monkeypatch):
    from pipelines.core import texts

    # Slices of two: the new texts, and the bodies to hash among the kept ones, span several slices.
    monkeypatch.setattr(texts, "PYTHON_SLICE", 2)
    corpus.put("new/first-four.txt", FIRST_FOUR)
    corpus.put("new/last-four.txt", LAST_FOUR)
    update = corpus.update()
    assert (update.rows, update.parsed, update.reused, update.hashed) == (5, 2, 3, 2)
    assert corpus.stories()["new/last-four.txt"] == corpus.stories()["wire/whole.txt"]
    monkeypatch.setattr(texts, "PYTHON_SLICE", 10**6)
    assert_same_as_full_rebuild(corpus, tmp_path)


def test_a_text_in_the_additions_file_is_parsed_as_if_it_were_in_the_main_one(corpus, tmp_path):
    corpus.put("new/first-four.txt", FIRST_FOUR)
    corpus.write_inputs()
    every = corpus.store.read(texts.MAIN, schemas.DOCUMENT_TEXTS)
    added = pc.equal(every["doc_id"], document_id(FIRST_FOUR))
    corpus.store.write(texts.MAIN, every.filter(pc.invert(added)), schemas.DOCUMENT_TEXTS)
    corpus.store.write(texts.ADDITIONS, every.filter(added), schemas.DOCUMENT_TEXTS)
    update = update_documents(corpus.store, inputs_stamp(corpus.store))
    assert (update.rows, update.parsed, update.reused, update.hashed) == (4, 1, 3, 1)
    assert_same_as_full_rebuild(corpus, tmp_path)


def test_an_empty_folder_gives_an_empty_table(tmp_path):
    update = Corpus(tmp_path / "empty").update()
    assert (update.rows, update.parsed, update.hashed) == (0, 0, 0)


def test_a_body_without_words_is_its_own_story_with_no_signature(corpus):
    [live] = [row for row in corpus.signatures() if row["doc_id"] == document_id(HEADLINE_ONLY)]
    assert live["signature"] is None
    assert corpus.stories()["live.txt"] == document_id(HEADLINE_ONLY)


def test_a_document_gone_is_dropped_with_its_signature(corpus, tmp_path):
    del corpus.files["other.txt"]
    update = corpus.update()
    assert (update.rows, update.parsed, update.reused, update.hashed) == (2, 0, 2, 0)
    assert document_id(OTHER) not in {row["doc_id"] for row in corpus.signatures()}
    assert_same_as_full_rebuild(corpus, tmp_path)


def test_a_moved_file_renames_its_document_without_parsing_it(corpus, tmp_path):
    corpus.files["wire/whole.txt"] = (WHOLE, "missing")
    corpus.put("archive/2024/strike.txt", WHOLE)
    update = corpus.update()
    assert (update.parsed, update.reused, update.changed) == (0, 3, True)
    [moved] = [row for row in corpus.documents() if row["doc_id"] == document_id(WHOLE)]
    assert (moved["source_name"], moved["source_path"], moved["source_status"]) == (
        "strike.txt", "archive/2024/strike.txt", "loaded"
    )
    assert moved["content_sha256"] == "sha-of-archive/2024/strike.txt"
    assert_same_as_full_rebuild(corpus, tmp_path)


def test_a_text_stored_again_with_other_fields_is_parsed_again(corpus, tmp_path):
    # As when a damaged stored text is read again from another export row with the same text.
    corpus.fields[document_id(OTHER)] = DocumentText(OTHER, "utf-8", fields={"title": "Ostmark library reopens"}).fields_json()
    update = corpus.update()
    assert (update.parsed, update.reused, update.hashed) == (1, 2, 1)  # its body is now the whole text
    [other] = [row for row in corpus.documents() if row["doc_id"] == document_id(OTHER)]
    assert other["title"] == "Ostmark library reopens"
    assert_same_as_full_rebuild(corpus, tmp_path)


def test_a_new_copy_bridging_two_stories_joins_them_under_the_smallest_id(tmp_path):
    corpus = Corpus(tmp_path / "incremental")
    ids = [corpus.put("a.txt", FIRST_FOUR), corpus.put("b.txt", LAST_FOUR)]
    corpus.update()
    assert corpus.stories() == {"a.txt": ids[0], "b.txt": ids[1]}  # four paragraphs of five shared: too little
    ids.append(corpus.put("c.txt", WHOLE))  # a copy of each
    update = corpus.update()
    assert (update.parsed, update.reused, update.hashed) == (1, 2, 1)
    assert set(corpus.stories().values()) == {min(ids)}
    assert_same_as_full_rebuild(corpus, tmp_path)


def test_removing_the_bridge_splits_the_story_again(tmp_path):
    corpus = Corpus(tmp_path / "incremental")
    ids = [corpus.put("a.txt", FIRST_FOUR), corpus.put("b.txt", LAST_FOUR), corpus.put("c.txt", WHOLE)]
    corpus.update()
    del corpus.files["c.txt"]
    corpus.update()
    assert corpus.stories() == {"a.txt": ids[0], "b.txt": ids[1]}
    assert_same_as_full_rebuild(corpus, tmp_path)


def test_stories_start_from_the_kept_ones_only_while_no_document_has_left(tmp_path, monkeypatch):
    corpus = Corpus(tmp_path / "incremental")
    ids = [corpus.put("a.txt", FIRST_FOUR), corpus.put("b.txt", LAST_FOUR)]
    corpus.update()
    known_given = []
    group = stories.story_ids
    monkeypatch.setattr(stories, "story_ids", lambda signatures, known=None: known_given.append(known) or group(signatures, known))
    corpus.put("c.txt", WHOLE)
    corpus.update()
    del corpus.files["a.txt"]
    corpus.update()
    assert known_given == [{ids[0]: ids[0], ids[1]: ids[1]}, None]
    assert_same_as_full_rebuild(corpus, tmp_path)


@pytest.mark.parametrize("module", ["headers.py", "documents.py", "stories.py"])
def test_a_change_to_the_parsing_code_parses_everything_again(corpus, tmp_path, edit_source, module):
    edit_source(module)
    corpus.put("new/first-four.txt", FIRST_FOUR)
    update = corpus.update()
    assert (update.parsed, update.reused, update.hashed) == (4, 0, 4)
    assert set(update.not_reused.values()) == {OTHER_CODE}
    assert_same_as_full_rebuild(corpus, tmp_path)


def truncate(path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def drop_a_row(path) -> None:
    """Rewrite the table with one row fewer under its old footer (fingerprint and stamps): readable, the right columns, yet edited."""
    footer, stored = pq.read_metadata(path).metadata, pq.read_table(path)
    with pq.ParquetWriter(path, stored.schema) as writer:
        writer.write_table(stored.slice(1))
        writer.add_key_value_metadata({key: value for key, value in footer.items() if key != b"ARROW:schema"})


@pytest.mark.parametrize("damage", [truncate, drop_a_row])
@pytest.mark.parametrize("table", ["documents", SIGNATURES])
def test_a_damaged_stored_table_is_rebuilt_not_trusted(corpus, tmp_path, table, damage):
    damage(corpus.store.path(table))
    corpus.put("new/first-four.txt", FIRST_FOUR)
    update = corpus.update()
    [(path, problem)] = update.not_reused.items()
    assert path == corpus.store.path(table) and not problem.outdated
    if table == "documents":
        assert (update.parsed, update.reused, update.hashed) == (4, 0, 1)  # the stored signatures still serve
    else:  # without the fields each row was parsed with, no row can be vouched for
        assert (update.parsed, update.reused, update.hashed) == (4, 0, 4)
    assert_same_as_full_rebuild(corpus, tmp_path)


@pytest.mark.parametrize("published", [False, True], ids=["first-build", "published"])
def test_a_missing_stored_table_is_rebuilt_and_named_once_a_warehouse_was_published(corpus, tmp_path, published):
    if published:
        (corpus.store.folder.parent / f".{DATABASE_NAME}.build.json").write_text("{}")
    corpus.store.path(SIGNATURES).unlink()
    update = corpus.update()
    assert (update.parsed, update.reused, update.hashed) == (3, 0, 3)
    assert update.not_reused == ({corpus.store.path(SIGNATURES): MISSING_FILE} if published else {})
    assert_same_as_full_rebuild(corpus, tmp_path)


def test_a_new_text_that_no_longer_matches_its_doc_id_fails_loudly(corpus):
    new_id = corpus.put("new/first-four.txt", FIRST_FOUR)
    corpus.write_inputs()
    texts = corpus.store.read("document_texts", schemas.DOCUMENT_TEXTS)
    edited = pc.if_else(pc.equal(texts["doc_id"], new_id), FIRST_FOUR.replace("Kessling", "Kesling"), texts["text"])
    corpus.store.write("document_texts", texts.set_column(1, "text", edited), schemas.DOCUMENT_TEXTS)
    with pytest.raises(DamagedFile, match="do not match their doc_id"):
        update_documents(corpus.store, inputs_stamp(corpus.store))


def test_many_texts_are_parsed_on_worker_processes_into_the_same_table(corpus, tmp_path, monkeypatch):
    from concurrent.futures import ProcessPoolExecutor

    from pipelines.core import incremental_documents, workers

    corpus.put("wire/first-four.txt", FIRST_FOUR)
    corpus.put("wire/last-four.txt", LAST_FOUR)
    monkeypatch.setattr(incremental_documents, "PARALLEL_FROM", 1)
    monkeypatch.setattr(incremental_documents, "WORKER_CHUNK", 1)
    monkeypatch.setattr(workers, "cores", lambda: 2)  # on a one-core machine too
    pools = []
    started = lambda *args, **kwargs: pools.append(args) or ProcessPoolExecutor(*args, **kwargs)  # noqa: E731
    monkeypatch.setattr(workers, "ProcessPoolExecutor", started)
    update = corpus.update()
    assert (update.parsed, update.hashed, update.processes) == (2, 2, 2) and pools, "the new texts were not sent to workers"
    monkeypatch.setattr(incremental_documents, "PARALLEL_FROM", 10**9)
    assert_same_as_full_rebuild(corpus, tmp_path)


def test_texts_are_parsed_here_when_the_workers_fail(corpus, tmp_path, monkeypatch):
    from concurrent.futures.process import BrokenProcessPool

    from pipelines.core import incremental_documents, workers

    class KilledWorkers:
        def __init__(self, *args, **kwargs):
            pass

        def submit(self, *args, **kwargs):
            pass

        def map(self, *args, **kwargs):
            raise BrokenProcessPool("a worker was killed")

        def shutdown(self, **kwargs):
            pass

    corpus.put("wire/first-four.txt", FIRST_FOUR)
    monkeypatch.setattr(incremental_documents, "PARALLEL_FROM", 1)
    monkeypatch.setattr(workers, "cores", lambda: 2)
    monkeypatch.setattr(workers, "ProcessPoolExecutor", KilledWorkers)
    update = corpus.update()
    assert (update.parsed, update.hashed, update.processes) == (1, 1, 1)
    assert_same_as_full_rebuild(corpus, tmp_path)
