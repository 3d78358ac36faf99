"""A stage's code version follows its imports: editing any module it uses changes it, others do not."""

import sys
from pathlib import Path

from pipelines.core import annotate, code_version, model
from pipelines.core.code_version import code_digest


def test_the_annotation_version_is_the_annotate_modules_code_read_without_importing_it():
    assert code_version.source_of(model.EXTRACTORS_MODULE) == Path(annotate.__file__).resolve()
    assert model.extractor_version() == code_digest(annotate)[:16]


def test_editing_a_module_the_extractors_use_indirectly_changes_the_annotation_version(edit_source):
    before = model.extractor_version()
    edit_source("places.py")  # annotate -> entities -> places
    assert model.extractor_version() != before


def test_editing_the_row_shaping_module_itself_changes_it(edit_source):
    before = model.extractor_version()
    edit_source("annotate.py")
    assert model.extractor_version() != before


def test_editing_a_module_the_stage_does_not_use_leaves_it(edit_source):
    before = model.extractor_version()
    edit_source("report.py")
    assert model.extractor_version() == before


def test_imports_are_followed_through_a_package_of_its_own(tmp_path, monkeypatch):
    package = tmp_path / "pipelines"
    (package / "inner").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "inner" / "__init__.py").write_text("")
    (package / "stage.py").write_text("from pipelines.inner import helper\nimport json\n")
    (package / "inner" / "helper.py").write_text("from pipelines.inner.deep import VALUE\n")
    (package / "inner" / "deep.py").write_text("VALUE = 1\n")
    (package / "unrelated.py").write_text("VALUE = 2\n")
    monkeypatch.setattr(code_version, "PACKAGE_ROOT", package)
    stage = package / "stage.py"
    before = code_digest(stage)
    (package / "unrelated.py").write_text("VALUE = 3\n")
    assert code_digest(stage) == before
    (package / "inner" / "deep.py").write_text("VALUE = 4\n")
    assert code_digest(stage) != before


def test_extra_files_such_as_sql_count_too(tmp_path):
    query = tmp_path / "query.sql"
    query.write_text("SELECT 1")
    before = code_digest(sys.modules[__name__], Path(query))
    query.write_text("SELECT 2")
    assert code_digest(sys.modules[__name__], Path(query)) != before
