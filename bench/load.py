"""The load test: gunicorn (2 workers) on the benchmark database, locust on loopback."""

import csv
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
PORT = 8765
USERS = 20
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


def run(env: dict[str, str], users: int = USERS, duration: int = DURATION_S) -> dict:
    bin_dir = Path(sys.executable).parent
    out_dir = BENCH_DIR / ".locust"
    out_dir.mkdir(exist_ok=True)
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
                str(out_dir / "load"),
                "--only-summary",
                "--exit-code-on-error",
                "0",
            ],
            cwd=ROOT,
            env={**env, "PYTHONPATH": str(ROOT)},
            check=True,
            timeout=duration + 120,
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    with open(out_dir / "load_stats.csv", newline="") as stats:
        total = next(row for row in csv.DictReader(stats) if row["Name"] == "Aggregated")
    return {
        "users": users,
        "requests_per_s": round(float(total["Requests/s"]), 1),
        "p95_ms": float(total["95%"]),
        "errors": int(total["Failure Count"]),
        "requests": int(total["Request Count"]),
    }
