"""Load on the web app: 50 concurrent readers on theme and overview pages, 20,000 submissions.

Seeds a store directly (tests/web/web_seeding.py), starts the real app under
uvicorn in a separate process, signs a reader in once, then runs concurrent
closed-loop clients (no think time) against three targets, in this order:

- ``/health``: a static endpoint, the baseline for the same server and client;
- ``/d/DIALOGUE``: the overview with four charts (cached until the dialogue changes);
- ``/themes/THEME?page=N``: theme pages, random theme and submissions page.

Two rounds: closed-loop clients with no think time (saturation: latency is then
queueing, set by the server's CPU per request and by whatever else runs on the
machine), and readers who pause about a second between pages, as people do.
Prints p50/p95/p99 latency, throughput, errors and the server's CPU time per
request (independent of other load). Target: p95 < 300 ms with no errors.

    .venv/bin/python bench/web.py [--n 20000] [--themes 50] [--clients 50] [--requests 20]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "web"))

PASSWORD = "bench-lösenord-123"
SECRET = "bench-secret-key-0123456789abcdef"


def _settings(db: Path):
    from pipeline.settings import Settings

    return Settings(db_path=db, data_dir=db.parent / "data", actor="bench", web_secret_key=SECRET)


def seed_store(db: Path, n: int, n_themes: int) -> list[str]:
    from web_seeding import seed

    from pipeline.review import actions
    from pipeline.store import Store
    from pipeline.web import users

    with Store.open(_settings(db)) as store:
        info = seed(store, dialogue_id="bench", n=n, n_themes=n_themes, reviews=False)
        for tid in info["theme_ids"]:
            actions.approve(store, tid, actor="bench-official")
        users.add_user(store, "reader", "reader", PASSWORD, actor="bench")
        store.checkpoint()
    return info["theme_ids"]


def serve(db: Path, port: int) -> None:
    """Run the app (the child process)."""
    import uvicorn

    from pipeline.web import create_app

    app = create_app(_settings(db), secure_cookies=False)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def _wait_up(base: str) -> None:
    import httpx

    async with httpx.AsyncClient(base_url=base) as client:
        for _ in range(200):
            try:
                if (await client.get("/health")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError("the web app did not start")


async def _login(base: str) -> dict[str, str]:
    import httpx

    async with httpx.AsyncClient(base_url=base, follow_redirects=False) as client:
        page = await client.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = await client.post(
            "/login", data={"username": "reader", "password": PASSWORD, "csrf_token": token, "next": "/"}
        )
        assert response.status_code == 303, response.status_code
        return dict(client.cookies)


class _Conn:
    """A minimal HTTP/1.1 keep-alive client, so the load generator costs little CPU beside the server."""

    def __init__(self, host: str, port: int, cookie: str) -> None:
        self.host, self.port, self.cookie = host, port, cookie
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> int:
        """GET ``path``; reconnects once when the server closed an idle keep-alive connection."""
        for attempt in (1, 2):
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
            assert self.reader is not None
            request = (
                f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nCookie: {self.cookie}\r\n"
                "Connection: keep-alive\r\n\r\n"
            )
            self.writer.write(request.encode())
            try:
                head = await self.reader.readuntil(b"\r\n\r\n")
            except (asyncio.IncompleteReadError, ConnectionError):
                await self.close()
                if attempt == 2:
                    raise
                continue
            status = int(head.split(b" ", 2)[1])
            length = int(re.search(rb"(?i)content-length: *(\d+)", head).group(1))
            await self.reader.readexactly(length)
            return status
        raise ConnectionError("unreachable")

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def _run(base: str, cookies: dict[str, str], paths, clients: int, per_client: int, think_s: float = 0.0) -> dict:
    host, port = base.removeprefix("http://").split(":")
    cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
    latencies: list[float] = []
    errors = 0

    async def worker(seed: int) -> None:
        nonlocal errors
        rng = random.Random(seed)
        conn = _Conn(host, int(port), cookie)
        try:
            for _ in range(per_client):
                if think_s:
                    await asyncio.sleep(rng.expovariate(1 / think_s))
                path = paths(rng)
                start = time.perf_counter()
                try:
                    ok = await conn.get(path) == 200
                except (OSError, asyncio.IncompleteReadError, ValueError, AttributeError):
                    ok = False
                    await conn.close()
                    conn = _Conn(host, int(port), cookie)
                latencies.append(time.perf_counter() - start)
                errors += 0 if ok else 1
        finally:
            await conn.close()

    began = time.perf_counter()
    await asyncio.gather(*(worker(i) for i in range(clients)))
    elapsed = time.perf_counter() - began
    ms = sorted(x * 1000 for x in latencies)
    q = statistics.quantiles(ms, n=100, method="inclusive") if len(ms) > 1 else ms * 99
    return {"n": len(ms), "p50": q[49], "p95": q[94], "p99": q[98], "rps": len(ms) / elapsed, "errors": errors}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--themes", type=int, default=50)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=20, help="requests per client per target")
    parser.add_argument("--think", type=float, default=1.0, help="mean think time (s) for the second round")
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.port)
        return 0
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    with tempfile.TemporaryDirectory(prefix="lyhord-bench-web-") as tmp:
        db = Path(tmp) / "bench.duckdb"
        began = time.perf_counter()
        theme_ids = seed_store(db, args.n, args.themes)
        print(f"seeded {args.n} submissions, {len(theme_ids)} approved themes in {time.perf_counter() - began:.1f} s")
        port = _free_port()
        child = subprocess.Popen([sys.executable, __file__, "--serve", str(db), "--port", str(port)], cwd=REPO)
        try:
            return asyncio.run(_measure(f"http://127.0.0.1:{port}", theme_ids, args, child.pid))
        finally:
            child.terminate()
            child.wait(timeout=20)


async def _measure(base: str, theme_ids: list[str], args: argparse.Namespace, pid: int) -> int:
    await _wait_up(base)
    cookies = await _login(base)
    pages = max(1, args.n // len(theme_ids) // 25)
    targets = {
        "health (baseline)": lambda rng: "/health",
        "overview": lambda rng: "/d/bench",
        "theme page": lambda rng: f"/themes/{rng.choice(theme_ids)}?page={rng.randint(1, pages)}",
    }
    targets["mixed"] = lambda rng: targets["overview" if rng.random() < 0.5 else "theme page"](rng)
    # Warm-up: one view of the overview and of each theme fills the caches, as readers would.
    cold = await _run(base, cookies, lambda rng: "/d/bench", 1, 1)
    print(f"first (uncached) overview view: {cold['p50']:.0f} ms")
    it = iter(theme_ids)
    cold = await _run(base, cookies, lambda rng: f"/themes/{next(it)}", 1, len(theme_ids))
    print(f"first (uncached) view of each theme page: p50 {cold['p50']:.0f} ms, p95 {cold['p95']:.0f} ms")
    load = os.getloadavg()[0]
    print(f"machine load average {load:.1f} on {os.cpu_count()} cores (other work shares them)")
    worst = 0.0
    failures = 0
    for think in (0.0, args.think):
        label = "no think time" if not think else f"think time {think:.1f} s (exponential)"
        print(f"\n{args.clients} concurrent readers, {args.requests} requests each per target, {label}")
        print(
            f"{'target':<20}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'req/s':>8}"
            f"{'errors':>8}{'srv cpu ms/req':>16}"
        )
        for name, paths in targets.items():
            cpu0 = _cpu_s(pid)
            r = await _run(base, cookies, paths, args.clients, args.requests, think)
            cpu = (_cpu_s(pid) - cpu0) * 1000 / max(r["n"], 1)
            print(
                f"{name:<20}{r['n']:>9}{r['p50']:>9.1f}{r['p95']:>9.1f}{r['p99']:>9.1f}{r['rps']:>8.1f}"
                f"{r['errors']:>8}{cpu:>16.2f}"
            )
            if name != "health (baseline)" and think:
                worst = max(worst, r["p95"])
            failures += r["errors"]
    verdict = "meets" if worst < 300 and failures == 0 else "MISSES"
    print(
        f"\nwith think time: worst page p95 {worst:.0f} ms, {failures} errors in all runs: {verdict} "
        "the target (p95 < 300 ms, no errors)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
