from __future__ import annotations

from pathlib import Path

import pytest

from bargain.render import templates
from bargain.render.templates import builtin_templates_dir
from tests.conftest import ROOT


def test_a_source_checkout_finds_the_top_level_templates_folder() -> None:
    assert builtin_templates_dir() == ROOT / "templates"
    assert (builtin_templates_dir() / "README.md").is_file()


def test_an_installed_package_finds_its_own_templates_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "site-packages" / "bargain"
    (package / "templates").mkdir(parents=True)
    monkeypatch.setattr(templates, "_PACKAGE", package)
    assert builtin_templates_dir() == package / "templates"


def test_a_broken_install_names_both_places_it_looked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(templates, "_PACKAGE", tmp_path / "a" / "b" / "bargain")
    with pytest.raises(FileNotFoundError, match="bargain's templates are missing: looked in"):
        builtin_templates_dir()
