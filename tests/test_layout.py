"""The library stays a library: no Prefect inside pipeline/."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_pipeline_source_never_imports_prefect():
    offenders = [
        str(path.relative_to(REPO))
        for path in (REPO / "pipeline").rglob("*.py")
        if any(
            line.strip().startswith(("import prefect", "from prefect"))
            for line in path.read_text(encoding="utf-8").splitlines()
        )
    ]
    assert offenders == []


def test_importing_every_pipeline_module_does_not_load_prefect():
    modules = [
        ".".join(path.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")
        for path in sorted((REPO / "pipeline").rglob("*.py"))
        if "web" not in path.parts or path.name == "__init__.py"
    ]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module(m)\n"
        "print('prefect' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert out.stdout.strip() == "False"


def test_test_module_names_are_unique():
    """pytest imports test modules by basename (tests/ has no packages): two of a name break collection."""
    from collections import Counter

    root = Path(__file__).resolve().parent
    names = Counter(p.name for p in root.rglob("test_*.py"))
    assert [n for n, c in names.items() if c > 1] == []
