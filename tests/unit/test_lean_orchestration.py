"""The processes that only orchestrate a run load the asset graph, not the text-processing libraries.

`news-warehouse build`, the run worker and the fork server every step starts
from import `pipelines.definitions`; each of them holding spaCy, the gazetteer,
pandas and the page extractors would add a few hundred MB to every build.
"""

import json
import subprocess
import sys

# Imported by the steps that need them, never by loading the definitions.
STEP_ONLY_PACKAGES = [
    "dateparser",
    "datasketch",
    "htmldate",
    "localis",
    "pandas",
    "py3langid",
    "pycountry",
    "scipy",
    "shapely",
    "spacy",
    "trafilatura",
]


def test_loading_the_definitions_imports_no_text_processing_library():
    script = (
        "import json, sys; import pipelines.definitions; "
        f"print(json.dumps([name for name in {STEP_ONLY_PACKAGES!r} if name in sys.modules]))"
    )
    loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert json.loads(loaded.strip().splitlines()[-1]) == []


def test_planning_and_merging_annotation_batches_never_import_spacy():
    # A rerun with nothing new plans and merges the batches only: the model is loaded by a batch with work.
    # A run with new documents keys every document of the corpus to plan, also without spaCy, and
    # the batch's own process unpickles what its parsing workers send back, also without spaCy.
    script = (
        "import json, pickle, sys; import pyarrow as pa; from pipelines.core import annotation_buckets, annotation_keys, model, schemas; "
        "columns = pa.schema([schemas.DOCUMENTS.field(name) for name in annotation_keys.DOCUMENT_COLUMNS]); "
        "rows = pa.Table.from_pylist([{'doc_id': 'one', 'title': 'A title', 'body': 'A body.'}], schema=columns); "
        "[document] = annotation_keys.documents_to_annotate(rows, model.configured_model_name()); "
        "received = pickle.loads(pickle.dumps(annotation_keys.Annotations('one', words=3))); "
        "print(json.dumps([len(document.key), received.words, 'spacy' in sys.modules]))"
    )
    loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert json.loads(loaded.strip().splitlines()[-1]) == [64, 3, False]


def test_resolving_entities_never_imports_spacy():
    # A run adding a few documents parses them on workers; resolving entities in the run's own
    # process must not load spaCy there (about 0.8 s) only for the name rules.
    script = (
        "import json, sys; from pipelines.core import claims, resolution; "
        "kinds = [resolution.Kind('ORG', name, name, None, 1) for name in ('Harbour Pilots Guild', 'HPG')]; "
        "entities, ids = resolution.resolve_kinds(kinds, resolution.KindDocuments.from_lists([['doc'], ['doc']])); "
        "print(json.dumps([len(entities), len(set(ids)), 'spacy' in sys.modules]))"
    )
    loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert json.loads(loaded.strip().splitlines()[-1]) == [1, 1, False]  # the acronym joined its long form


def test_steps_fork_with_the_instance_storage_already_imported(tmp_path):
    # Every step opens the Dagster instance; importing its storage (SQLAlchemy, Alembic) in each
    # forked step instead of once in the fork server costs about 0.4 s per step.
    script = (
        "import importlib, json, sys; from pipelines.executors import PRELOADED_MODULES; "
        "[importlib.import_module(name) for name in PRELOADED_MODULES]; before = set(sys.modules); "
        "import dagster as dg; from dagster._core.instance.ref import InstanceRef; "
        f"dg.DagsterInstance.from_ref(InstanceRef.from_dir({str(tmp_path)!r})).get_runs(limit=1); "
        "print(json.dumps(sorted({name.split('.')[0] for name in set(sys.modules) - before} & {'sqlalchemy', 'alembic'})))"
    )
    loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert json.loads(loaded.strip().splitlines()[-1]) == []
