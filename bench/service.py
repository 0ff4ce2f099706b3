"""Benchmark the running service: web p95 and form commits/s, idle and during a nightly run.

Usage::

    .venv/bin/python bench/service.py --n 20000        # the issue's size (the demo build alone takes ~15 min)
    .venv/bin/python bench/service.py --n 2000 --store /tmp/x/lyhord.duckdb   # reuse a demo store

It builds a demo store with ``lyhord demo --n N`` (unless ``--store`` names one),
starts ``lyhord serve`` in its own process, and measures twice, side by side:

* idle: the service doing nothing else;
* busy: while ``lyhord run nightly --refit`` (from another process, handed to the
  service) refits the themes over every submission.

Each phase runs a web prober (GET ``/login`` and ``/health`` every 100 ms) and 8
form clients posting with the dialogue's key, and prints p50/p95 web latency and
the receiver's commits/s. The goal in issue 11 is a web p95 under 500 ms during a
nightly run on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

LYHORD = str(Path(sys.executable).parent / "lyhord")
DIALOGUE = "vasteras-demo"


def _env(db: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LYHORD_")}
    env.update(
        LYHORD_DB=str(db),
        LYHORD_DATA_DIR=str(db.parent / "data"),
        PREFECT_HOME=str(db.parent / "prefect"),
        LYHORD_RECEIVE_RATE_PER_MIN="0",
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
    )
    return env


def _cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([LYHORD, *args], env=env, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"lyhord {' '.join(args)} failed: {done.stderr[-500:]}")
    return done.stdout


def _serve(env: dict[str, str], log: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([LYHORD, "serve", "--port", str(port)], env=env, stdout=log.open("w"), stderr=-2)
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if httpx.get(url + "/health", timeout=2).json().get("engine_ready"):
                return proc, url
        except (httpx.HTTPError, ValueError):
            time.sleep(0.5)
    sys.exit("lyhord serve did not start")


def _phase(url: str, key: str, seconds: float, tag: str) -> dict[str, float]:
    latencies: list[float] = []
    commits: list[float] = []
    stop = threading.Event()

    def web() -> None:
        with httpx.Client(base_url=url, timeout=30) as client:
            while not stop.is_set():
                for path in ("/login", "/health"):
                    start = time.perf_counter()
                    client.get(path)
                    latencies.append(time.perf_counter() - start)
                time.sleep(0.1)

    def form(worker: int) -> None:
        with httpx.Client(base_url=url, timeout=60) as client:
            i = 0
            while not stop.is_set():
                body = {"id": f"bench-{tag}-{worker}-{i}", "text": f"Gatlyktan vid hållplats {i} är trasig. Mvh Ali"}
                r = client.post(f"/dialogues/{DIALOGUE}/submissions", json=body, headers={"X-Lyhord-Form-Key": key})
                if r.status_code == 201:
                    commits.append(time.monotonic())
                i += 1

    threads = [threading.Thread(target=web)] + [threading.Thread(target=form, args=(w,)) for w in range(8)]
    start = time.monotonic()
    for t in threads:
        t.start()
    stop.wait(seconds)
    stop.set()
    for t in threads:
        t.join()
    took = time.monotonic() - start
    q = statistics.quantiles(latencies, n=20)
    return {"web_p50_ms": q[9] * 1000, "web_p95_ms": q[18] * 1000, "commits_per_s": len(commits) / took}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--store", type=Path, help="an existing demo store (copied, not changed)")
    parser.add_argument("--idle-s", type=float, default=30)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="lyhord-bench-service-"))
    db = root / "lyhord.duckdb"
    env = _env(db)
    if args.store:
        import shutil

        shutil.copy(args.store, db)
    else:
        start = time.monotonic()
        _cli(env, "demo", "--n", str(args.n), "--out", str(root / "demo"))
        print(f"demo store: {args.n} submissions in {time.monotonic() - start:.0f} s")
    proc, url = _serve(env, root / "serve.log")
    try:
        key = _cli(env, "dialogue", "form-key", DIALOGUE).strip()
        idle = _phase(url, key, args.idle_s, "idle")
        nightly = subprocess.Popen(
            [LYHORD, "run", "nightly", "--refit", "--skip-inbox"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        results: dict[str, dict[str, float]] = {}
        runner = threading.Thread(target=lambda: results.update(busy=_phase_until(url, key, nightly)))
        runner.start()
        runner.join()
        counts = json.loads(nightly.stdout.read() or "{}")
    finally:
        proc.terminate()
        proc.wait(timeout=120)
    busy = results["busy"]
    print(
        f"submissions in store: {counts.get('themes', {}).get('submissions')}, nightly --refit {busy['seconds']:.0f} s"
    )
    print(f"{'':<28}{'idle':>10}{'during nightly':>16}")
    for key_, label in (
        ("web_p50_ms", "web p50 (ms)"),
        ("web_p95_ms", "web p95 (ms)"),
        ("commits_per_s", "form commits/s"),
    ):
        print(f"{label:<28}{idle[key_]:>10.0f}{busy[key_]:>16.0f}")
    print("goal: web p95 < 500 ms during a nightly run")


def _phase_until(url: str, key: str, nightly: subprocess.Popen) -> dict[str, float]:
    start = time.monotonic()
    parts = []
    while nightly.poll() is None:
        parts.append(_phase(url, key, 15, f"busy{len(parts)}"))
    out = {k: statistics.mean(p[k] for p in parts) for k in parts[0]} if parts else {}
    if parts:
        out["web_p95_ms"] = max(p["web_p95_ms"] for p in parts)
    out["seconds"] = time.monotonic() - start
    return out


if __name__ == "__main__":
    main()
