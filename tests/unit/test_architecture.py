"""The public surface and the layering rules of design.md, checked rather than hoped for."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

import bargain

SRC = Path(bargain.__file__).resolve().parent
FORBIDDEN_IN_DOMAIN = (
    "sqlalchemy",
    "docxtpl",
    "docx",
    "jinja2",
    "yaml",
    "typer",
    "rich",
    "psycopg",
    "alembic",
)


def test_the_public_api_is_one_sorted_list_without_duplicates() -> None:
    assert bargain.__all__ == sorted(bargain.__all__)
    assert len(bargain.__all__) == len(set(bargain.__all__))


def test_every_public_name_resolves() -> None:
    for name in bargain.__all__:
        assert getattr(bargain, name) is not None, name


def test_every_public_name_is_the_one_its_module_exports() -> None:
    # The surface is curated (docs/api.md): each name is a re-export of a public module name.
    for name in bargain.__all__:
        if name == "__version__":
            continue
        module = importlib.import_module(bargain._EXPORTS[name])
        assert name in module.__all__, f"{module.__name__} does not export {name}"
        assert getattr(bargain, name) is getattr(module, name)
    assert set(bargain._EXPORTS) == set(bargain.__all__) - {"__version__"}


def test_a_name_outside_the_surface_is_not_reachable_from_bargain() -> None:
    with pytest.raises(AttributeError, match="has no attribute 'PayClause'"):
        _ = bargain.PayClause  # type: ignore[attr-defined]


def test_every_domain_class_is_public_in_its_own_module() -> None:
    # What bargain does not re-export stays importable from its module, listed in its __all__.
    for dotted in _modules("domain"):
        if dotted.endswith((".domain", ".lifecycle", ".steps")):
            continue  # a package's __init__ only re-exports what its modules define
        module = importlib.import_module(dotted)
        for name, value in vars(module).items():
            defined_here = isinstance(value, type) and value.__module__ == module.__name__
            if defined_here and not name.startswith("_"):
                assert name in module.__all__, f"{module.__name__}.{name} is not in __all__"


def _modules(package: str) -> list[str]:
    """Every module of a package, subpackages included, by dotted name."""
    root = SRC / package
    return sorted(
        "bargain." + ".".join(p.relative_to(SRC).with_suffix("").parts).removesuffix(".__init__")
        for p in root.rglob("*.py")
    )


def test_importing_the_domain_loads_no_infrastructure_library() -> None:
    modules = ", ".join(_modules("domain"))
    probe = (
        f"import sys; import {modules}; "
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN_IN_DOMAIN!r}); "
        "print(','.join(bad))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"the domain pulled in: {result.stdout.strip()}"


def _bargain_imports(path: Path) -> set[str]:
    """The bargain modules a file imports, at any depth of the file (functions included)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("bargain"):
            names.add(node.module)
            # ``from bargain.store import memory`` imports the module bargain.store.memory.
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names if a.name.startswith("bargain"))
    return names


def _files(*where: str) -> list[Path]:
    found: list[Path] = []
    for place in where:
        path = SRC / place
        found.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path.with_suffix(".py")])
    return found


def _within(module: str, packages: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


# Which bargain modules a layer may not import (design.md, "Layers"). A package rule covers every
# module below it, at any depth.
FORBIDDEN: list[tuple[tuple[str, ...], tuple[str, ...]]] = [
    (
        ("domain",),
        (
            "bargain.law",
            "bargain.store",
            "bargain.render",
            "bargain.cli",
            "bargain.files",
            "bargain._reading",
            "bargain.services",
            "bargain.bootstrap",
            "bargain.ports",
            "bargain.schema",
        ),
    ),
    (
        ("law",),
        (
            "bargain.store",
            "bargain.render",
            "bargain.cli",
            "bargain.files",
            "bargain.services",
            "bargain.bootstrap",
        ),
    ),
    (("services", "ports"), ("bargain.store", "bargain.render", "bargain.cli", "bargain.files")),
    (("store",), ("bargain.render", "bargain.cli", "bargain.services", "bargain.bootstrap")),
    (("render",), ("bargain.store", "bargain.cli", "bargain.services", "bargain.bootstrap")),
]


@pytest.mark.parametrize(("layer", "forbidden"), FORBIDDEN, ids=lambda v: "+".join(v))
def test_a_layer_imports_nothing_it_may_not(
    layer: tuple[str, ...], forbidden: tuple[str, ...]
) -> None:
    files = _files(*layer)
    assert files, f"no module found for {layer}"
    for path in files:
        for module in _bargain_imports(path):
            assert not _within(module, forbidden), f"{path.relative_to(SRC)} imports {module}"


def test_the_domain_imports_nothing_of_bargain_but_itself_and_errors() -> None:
    for path in _files("domain"):
        for module in _bargain_imports(path):
            assert _within(module, ("bargain.domain", "bargain.errors")), (
                f"{path.relative_to(SRC)} imports {module}"
            )


def test_nothing_but_the_cli_imports_the_cli() -> None:
    for path in SRC.rglob("*.py"):
        if "cli" in path.relative_to(SRC).parts or path.name == "__main__.py":
            continue
        for module in _bargain_imports(path):
            assert not _within(module, ("bargain.cli",)), f"{path} imports {module}"


def test_the_rules_see_subpackages(tmp_path: Path) -> None:
    # A forbidden import two packages deep is found, in a function body too.
    nested = tmp_path / "deep.py"
    nested.write_text("def f():\n    from bargain.store import memory\n", encoding="utf-8")
    assert "bargain.store.memory" in _bargain_imports(nested)
    assert "bargain.domain.lifecycle.steps.offer" in _modules("domain")


def test_no_module_is_over_600_lines() -> None:
    long = {
        str(p.relative_to(SRC)): n
        for p in SRC.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 600
    }
    assert long == {}
