"""The dependency rule (README, Development): read from the source with `ast`, not from memory.

    db  ←  scraper  ←  monitor       (db imports neither; scraper never imports monitor)
    click only in monitor/cli/       (the domain raises plain exceptions; the CLI turns them into exits)

Every import statement counts, including the ones inside functions and under TYPE_CHECKING:
a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("db", "scraper", "monitor")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def source_files(package: str) -> list[Path]:
    return sorted(path for path in (ROOT / package).rglob("*.py") if "sites" not in path.parts)


def imports_of(path: Path, module: str | None = None) -> Iterator[str]:
    """Every module name an import statement in `path` (module `module`) names, relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = (module or module_name(path)).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, node.module] if node.module else base)
            yield module
            yield from (f"{module}.{alias.name}" for alias in node.names)


def names(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def violations(files: list[Path], forbidden: tuple[str, ...]) -> list[str]:
    return sorted(
        f"{path.relative_to(ROOT)} imports {module}"
        for path in files
        for module in set(imports_of(path))
        if any(names(module, prefix) for prefix in forbidden)
    )


def test_the_walker_sees_imports_of_every_kind(tmp_path: Path) -> None:
    """A rule test that cannot see lazy, relative or TYPE_CHECKING imports would pass vacuously."""
    probe = tmp_path / "probe.py"
    probe.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from monitor.config import Config\n"
        "def later():\n    import click\n    from .items import ArticleItem\n",
        encoding="utf-8",
    )
    found = set(imports_of(probe, "scraper.probe"))
    assert {"monitor.config", "click", "scraper.items", "scraper.items.ArticleItem"} <= found


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("db", ("scraper", "monitor", "click", "scrapy")),
        ("scraper", ("monitor", "click")),
    ],
)
def test_lower_layers_import_no_upper_layer(package: str, forbidden: tuple[str, ...]) -> None:
    assert violations(source_files(package), forbidden) == []


def test_click_only_in_the_cli() -> None:
    cli = (ROOT / "monitor" / "cli", ROOT / "monitor" / "__main__.py")  # the CLI and its entry point
    domain = [path for path in source_files("monitor") if not any(path.is_relative_to(part) for part in cli)]
    assert len(domain) > 30  # the walk found the domain modules
    assert violations(domain, ("click", "monitor.cli")) == []


def test_the_language_detector_and_the_gazetteer_are_leaves() -> None:
    """The extractor uses both; neither may pull in Scrapy, SQLAlchemy or the rest of a package."""
    leaves = [ROOT / "scraper" / "language.py", *source_files("db/gazetteer")]
    assert violations(leaves, ("scrapy", "twisted", "sqlalchemy", "monitor", "click")) == []
    for path in leaves:
        project = {m for m in imports_of(path) if m.split(".")[0] in PACKAGES}
        assert project <= {module_name(path)} | {m for m in project if names(m, "db.gazetteer")}, path
