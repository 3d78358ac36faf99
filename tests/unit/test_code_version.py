"""A stage's code version follows its imports: editing any module it uses changes it, others do not."""

import sys
from pathlib import Path

import pytest

from pipelines.core import annotate, code_version, model
from pipelines.core.cache import CACHE_ENV
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


# workers.py: how work is spread over processes; changing it must not annotate every warehouse again.
@pytest.mark.parametrize("module", ["report.py", "workers.py"])
def test_editing_a_module_the_stage_does_not_use_leaves_it(edit_source, module):
    before = model.extractor_version()
    edit_source(module)
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


def _two_module_package(root: Path) -> Path:
    package = root / "pipelines"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "stage.py").write_text("from pipelines import helper\n")
    (package / "helper.py").write_text("VALUE = 1\n")
    return package


@pytest.fixture
def as_in_a_new_process(monkeypatch):
    """`as_in_a_new_process(cache)`: forget the imports this process learned; the next digest starts
    from the cache folder `cache` alone. Forgotten again afterwards, so no other test sees this folder's."""

    def start(cache: Path) -> None:
        monkeypatch.setenv(CACHE_ENV, str(cache))
        code_version._known_imports.cache_clear()

    yield start
    code_version._known_imports.cache_clear()


def test_a_new_process_takes_the_imports_from_the_cache_folder_without_parsing(tmp_path, monkeypatch, as_in_a_new_process):
    package = _two_module_package(tmp_path)
    monkeypatch.setattr(code_version, "PACKAGE_ROOT", package)
    as_in_a_new_process(tmp_path / "cache")
    first = code_digest(package / "stage.py")
    as_in_a_new_process(tmp_path / "cache")
    parsed = []
    parse = code_version._project_imports
    monkeypatch.setattr(code_version, "_project_imports", lambda path: parsed.append(path.name) or parse(path))
    assert code_digest(package / "stage.py") == first
    assert parsed == []
    (package / "helper.py").write_text("VALUE = 22\n")  # the bytes are hashed as they are now
    assert code_digest(package / "stage.py") != first
    assert parsed == ["helper.py"]  # edited since it was kept: its imports are found again


def test_a_module_edited_since_is_parsed_again_and_its_new_imports_followed(tmp_path, monkeypatch, as_in_a_new_process):
    package = _two_module_package(tmp_path)
    (package / "other.py").write_text("VALUE = 3\n")
    monkeypatch.setattr(code_version, "PACKAGE_ROOT", package)
    as_in_a_new_process(tmp_path / "cache")
    code_digest(package / "stage.py")
    (package / "stage.py").write_text("from pipelines import helper\nfrom pipelines import other\n")
    as_in_a_new_process(tmp_path / "cache")
    before = code_digest(package / "stage.py")
    (package / "other.py").write_text("VALUE = 4\n")
    assert code_digest(package / "stage.py") != before


def test_a_damaged_or_unwritable_cache_folder_only_costs_parsing(tmp_path, monkeypatch, as_in_a_new_process):
    package = _two_module_package(tmp_path)
    monkeypatch.setattr(code_version, "PACKAGE_ROOT", package)
    as_in_a_new_process(tmp_path / "sound")
    expected = code_digest(package / "stage.py")
    damaged = tmp_path / "damaged"
    damaged.mkdir()
    (damaged / code_version.IMPORTS_FILE).write_text("{not json")
    as_in_a_new_process(damaged)
    assert code_digest(package / "stage.py") == expected
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    as_in_a_new_process(blocked / "cache")  # its parent is a file: nothing can be written
    assert code_digest(package / "stage.py") == expected
