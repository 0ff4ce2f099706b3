"""Issue 11: Lyhörd as one running service, exercised with real separate processes.

``lyhord serve`` runs on a copy of the store ``lyhord demo`` built; other shells
run CLI commands and trigger runs while it serves, the schedule fires inside
the test, and the service is killed with SIGKILL mid-run and restarted.
"""

from __future__ import annotations

import json
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from lyhord_processes import engine_ready, free_port, wait_for_health

pytestmark = pytest.mark.slow
LYHORD = str(Path(sys.executable).parent / "lyhord")


def _env(db: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LYHORD_")}
    env.update(LYHORD_DB=str(db), LYHORD_DATA_DIR=str(db.parent / "data"), PREFECT_HOME=str(db.parent / "prefect"))
    env.update(extra)
    return env


def _cli(env: dict[str, str], *args: str, ok: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run([LYHORD, *args], env=env, capture_output=True, text=True, timeout=900)
    if ok:
        assert done.returncode == 0, f"lyhord {' '.join(args)} → {done.returncode}: {done.stderr[-800:]}"
    return done


class Service:
    """A `lyhord serve` process."""

    def __init__(self, db: Path, **env: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = _env(db, **env)
        self.log = open(db.parent / f"serve-{self.port}.log", "w")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [LYHORD, "serve", "--port", str(self.port)], env=self.env, stdout=self.log, stderr=subprocess.STDOUT
        )
        wait_for_health(self.url, self.proc, Path(self.log.name), ready=engine_ready)

    def runs(self) -> list[dict]:
        return json.loads(_cli(self.env, "runs", "--json", "--limit", "50").stdout)

    def stop(self, sig: int = signal.SIGTERM) -> int:
        self.proc.send_signal(sig)
        code = self.proc.wait(timeout=120)
        self.log.close()
        return code


@pytest.fixture(scope="module")
def service_db(demo_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    import shutil

    root = tmp_path_factory.mktemp("service")
    shutil.copytree(demo_store.parent, root / "store", ignore=shutil.ignore_patterns("prefect"))
    return root / "store" / "lyhord.duckdb"


POSTS = (
    "Hej! Gatlyktorna på Bäckbyvägen är trasiga sedan oktober. Mvh Fatima",
    "الإضاءة في الحديقة ضعيفة جداً في المساء، نحتاج إلى مصابيح أكثر.",
    "Baska ayaa aad u yar fiidkii, carruurtu ma heli karaan meel ay ku ciyaaraan.",
    "Cykelbanan vid Mälarstrand behöver plogas tidigare på morgonen.",
)


def _received(env: dict[str, str]) -> int:
    return int(json.loads(_cli(env, "status", "--json").stdout)["dialogues"][0]["stages"]["received"])


def _post_concurrently(url: str, key: str, n: int) -> tuple[dict[int, int], float]:
    from collections import Counter
    from concurrent.futures import ThreadPoolExecutor

    def post(i: int) -> int:
        body = {"id": f"svc-{i:05d}", "text": f"{POSTS[i % len(POSTS)]} ({i})", "district": "Bäckby"}
        headers = {"X-Lyhord-Form-Key": key, "X-Forwarded-For": f"10.0.{i // 250}.{i % 250}"}
        return httpx.post(
            f"{url}/dialogues/vasteras-demo/submissions", json=body, headers=headers, timeout=60
        ).status_code

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=30) as pool:
        codes = Counter(pool.map(post, range(n)))
    return dict(codes), time.perf_counter() - start


def _next_minute_cron() -> str:
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    at = datetime.now(ZoneInfo("Europe/Stockholm")) + timedelta(seconds=70)
    return f"{at.minute} {at.hour} * * *"


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[18] if len(samples) >= 20 else max(samples)


def test_cli_runs_and_web_while_serving(service_db: Path):
    service = Service(service_db, LYHORD_NIGHTLY_CRON=_next_minute_cron(), LYHORD_WEB_TRUSTED_PROXIES="127.0.0.1")
    try:
        # The schedule fires within the test, once, and is recorded as such.
        deadline = time.monotonic() + 200
        while not any(r["trigger"] == "schedule" and r["status"] == "completed" for r in service.runs()):
            assert time.monotonic() < deadline, "the scheduled run did not complete"
            time.sleep(3)
        latencies: list[float] = []
        stop = threading.Event()

        def probe() -> None:
            while not stop.is_set():
                start = time.perf_counter()
                assert httpx.get(service.url + "/login", timeout=10).status_code == 200
                latencies.append(time.perf_counter() - start)
                time.sleep(0.1)

        prober = threading.Thread(target=probe)
        prober.start()
        key = _cli(service.env, "dialogue", "form-key", "vasteras-demo").stdout.strip()
        received = _received(service.env)
        first = subprocess.Popen(
            [LYHORD, "run", "nightly", "--refit", "--skip-inbox"],
            env=service.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(4)
        second = _cli(service.env, "run", "nightly", "--skip-inbox", ok=False)
        assert second.returncode == 3 and "pågår redan" in second.stderr, second.stderr[-500:]
        for args in (("status",), ("review", "list", "vasteras-demo"), ("runs",), ("audit", "verify")):
            _cli(service.env, *args)
        statuses, post_s = _post_concurrently(service.url, key, 300)
        assert statuses == {201: 300}, statuses
        print(f"300 form posts during the nightly: {post_s:.1f} s, {300 / post_s:.0f} commits/s")
        out, err = first.communicate(timeout=900)
        stop.set()
        prober.join()
        assert first.returncode == 0, err[-800:]
        assert json.loads(out)["themes"]["fitted"] > 0
        assert _received(service.env) == received + 300
        runs = service.runs()
        cli_runs = [r for r in runs if r["trigger"] == "cli"]
        assert {r["status"] for r in cli_runs} >= {"completed", "refused"}
        assert all(r["actor"] for r in runs)
        p95 = _p95(latencies)
        print(f"web p95 during a refit nightly: {p95 * 1000:.0f} ms over {len(latencies)} requests")
        assert p95 < 2.0
    finally:
        # uvicorn shuts down gracefully on SIGTERM, then re-raises it so the exit status says why.
        assert service.stop() in (0, -signal.SIGTERM)
    # The models were loaded when the service started, not on an official's first move or split.
    assert "models loaded in" in Path(service.log.name).read_text(encoding="utf-8")
    assert not Path(str(service_db) + ".service.json").exists()
    # With the service stopped, commands run directly again.
    _cli(_env(service_db), "status")


def test_kill_mid_run_then_restart(service_db: Path):
    service = Service(service_db)
    run = subprocess.Popen(
        [LYHORD, "run", "nightly", "--refit", "--skip-inbox"],
        env=service.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not httpx.get(service.url + "/health", timeout=5).json()["runs_in_progress"]:
        assert time.monotonic() < deadline
        time.sleep(0.5)
    time.sleep(3)
    service.stop(signal.SIGKILL)
    run.wait(timeout=60)
    assert run.returncode != 0
    before = _cli(_env(service_db), "status", "--json").stdout
    service = Service(service_db)
    try:
        crashed = [r for r in service.runs() if r["status"] == "crashed"]
        assert crashed and "crash" in crashed[0]["error"]
        done = _cli(service.env, "run", "nightly", "--skip-inbox")
        assert "themes" in json.loads(done.stdout)
        after = _cli(service.env, "status", "--json").stdout
        stages = lambda s: json.loads(s)["dialogues"][0]["stages"]  # noqa: E731
        assert stages(after)["received"] == stages(before)["received"]
        assert stages(after)["themed"] == stages(after)["received"]
    finally:
        service.stop()


def test_a_flow_started_outside_the_service_is_handed_to_it(service_db: Path, prefect_harness):
    """A Prefect worker or another shell calling the flow never fights the service over the store."""
    from flows.nightly import nightly

    service = Service(service_db)
    try:
        counts = nightly(db=str(service_db), skip_inbox=True, actor="prefect-worker")
        assert "themes" in counts
        latest = service.runs()[0]
        assert (latest["actor"], latest["trigger"], latest["status"]) == ("prefect-worker", "cli", "completed")
    finally:
        service.stop()


def test_a_run_on_a_missing_store_fails_and_says_so(tmp_path: Path, prefect_harness):
    from flows.nightly import nightly
    from pipeline.errors import ConfigError

    with pytest.raises(ConfigError, match="does not exist"):
        nightly(db=str(tmp_path / "finns-inte.duckdb"))
    assert not (tmp_path / "finns-inte.duckdb").exists()
