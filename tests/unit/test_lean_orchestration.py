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
    script = (
        "import json, sys; from pipelines.core import annotation_buckets, model; model.extractor_version(); "
        "print(json.dumps('spacy' in sys.modules))"
    )
    loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert json.loads(loaded.strip().splitlines()[-1]) is False
