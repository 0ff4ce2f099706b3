"""One demo dialogue of 3,000 submissions shared by the demo tests."""

from __future__ import annotations

import time

import pytest

from pipeline.demo import DemoManifest, generate_demo

N = 3000


@pytest.fixture(scope="session")
def timed_demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[DemoManifest, float]:
    """Generate the full-size demo once; return it with the seconds it took."""
    out = tmp_path_factory.mktemp("demo")
    start = time.perf_counter()
    manifest = generate_demo(out, n=N, seed=7)
    return manifest, time.perf_counter() - start


@pytest.fixture(scope="session")
def manifest(timed_demo: tuple[DemoManifest, float]) -> DemoManifest:
    """The full-size demo's manifest."""
    return timed_demo[0]
