"""The load test: gunicorn (2 workers) on the benchmark database, locust on loopback, closed loop
(no think time) at a fixed concurrency, for each mix of ``bench/locustfile.py``."""

import csv
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
PORT = 8765
USERS = 16
DURATION_S = 60


def _wait_until_up(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer {url} within {timeout} s")


def _locust(env: dict[str, str], mode: str, users: int, duration: int) -> dict:
    bin_dir = Path(sys.executable).parent
    out_dir = BENCH_DIR / ".locust"
    out_dir.mkdir(exist_ok=True)
    subprocess.run(
        [
            str(bin_dir / "locust"),
            "-f",
            str(BENCH_DIR / "locustfile.py"),
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            str(users),
            "--run-time",
            f"{duration}s",
            "--stop-timeout",
            "5",
            "--host",
            f"http://127.0.0.1:{PORT}",
            "--csv",
            str(out_dir / mode),
            "--only-summary",
            "--exit-code-on-error",
            "0",
        ],
        cwd=ROOT,
        env={**env, "PYTHONPATH": str(ROOT), "BENCH_LOAD_MODE": mode},
        check=True,
        timeout=duration + 120,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    with open(out_dir / f"{mode}_stats.csv", newline="") as stats:
        rows = list(csv.DictReader(stats))
    # Sign-in requests made once per user on start are not part of the mix.
    mix = [r for r in rows if r["Name"] not in ("Aggregated", "sign in", "assessment list")]
    if mode != "floor":
        mix = [r for r in mix if r["Name"] != "sign-in page"]
    total = next(r for r in rows if r["Name"] == "Aggregated")
    requests = sum(int(r["Request Count"]) for r in mix)
    seconds = int(total["Request Count"]) / max(float(total["Requests/s"]), 1e-9)
    return {
        "users": users,
        "requests": requests,
        "requests_per_s": round(requests / seconds, 1),
        "p95_ms": float(total["95%"]),
        "errors": int(total["Failure Count"]),
    }


def run(env: dict[str, str], users: int = USERS, duration: int = DURATION_S) -> dict:
    """The floor, mixed signed-in reads, and reads with 10 % saves, against one gunicorn."""
    bin_dir = Path(sys.executable).parent
    server = subprocess.Popen(
        [
            str(bin_dir / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        _wait_until_up(f"http://127.0.0.1:{PORT}/healthz")
        floor = _locust(env, "floor", users, duration)
        reads = _locust(env, "reads", users, duration)
        writes = _locust(env, "writes", users, duration)
    finally:
        server.terminate()
        server.wait(timeout=30)
    out = {}
    for key, result in (("load", reads), ("load_writes", writes)):
        out[key] = {
            **result,
            "floor_requests_per_s": floor["requests_per_s"],
            "share_of_floor": round(result["requests_per_s"] / floor["requests_per_s"], 3),
        }
    out["load_floor"] = floor
    return out
