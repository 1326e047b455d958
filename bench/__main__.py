"""``make bench``: pages at two data sizes, a load test and scoring throughput.

Writes bench/results.json and prints a table. Needs PostgreSQL: BENCH_DATABASE_URL (default
postgres://threads:threads@localhost:5432/threads_bench); the database is dropped and recreated.
"""

import json
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

BENCH_DIR = Path(__file__).resolve().parent
DEFAULT_URL = "postgres://threads:threads@localhost:5432/threads_bench"


def recreate_database(url: str) -> None:
    import psycopg2

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    if not name.endswith("_bench"):
        raise SystemExit(f"bench: refusing to drop {name!r}: the database name must end in _bench")
    admin = psycopg2.connect(
        dbname="postgres",
        user=parts.username,
        password=parts.password,
        host=parts.hostname,
        port=parts.port or 5432,
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def main() -> int:
    from bench import redis

    with redis.server() as cache_url:
        if cache_url is None:
            log("no redis-server: sessions stay in the database (apt-get install redis-server)")
        return measure_all(cache_url)


def measure_all(cache_url: str | None) -> int:
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings.bench",
        "DJANGO_DEBUG": "",
        "DJANGO_CACHE_URL": cache_url or "",
        "DJANGO_API_RATE": "1000000/minute",  # measure the API, not its throttle
    }
    os.environ.update(env)
    recreate_database(url)

    import django

    django.setup()
    from django.core.management import call_command

    from bench import data, load, pages, scoring_speed

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    log("small data (the demo: 6 partnerships)")
    data.small()
    small = pages.measure()
    log("large data (1,000 more partnerships × 5 cycles × 4 agencies)")
    data.large()
    analyze()
    large = pages.measure()
    log("load tests (floor, reads, reads with 10 % saves; 60 s each)")
    load_results = load.run(env)
    log("national data (4,000 more partnerships with approved results: 5,000 in all)")
    data.national()
    analyze()
    national = pages.measure(only=pages.NATIONAL)
    log("scoring throughput")
    per_second = scoring_speed.assessments_per_second()

    floor = large[pages.FLOOR]["median_ms"]
    floor_5000 = national[pages.FLOOR]["median_ms"]
    results = {
        "pages": [
            {
                "name": name,
                "url": small[name]["url"],
                "queries_small": small[name]["queries"],
                "queries_large": large[name]["queries"],
                "median_ms_small": small[name]["median_ms"],
                "median_ms_large": large[name]["median_ms"],
                "ratio_to_floor": round(large[name]["median_ms"] / floor, 2),
                **(
                    {
                        "queries_5000": national[name]["queries"],
                        "median_ms_5000": national[name]["median_ms"],
                        "ratio_to_floor_5000": round(national[name]["median_ms"] / floor_5000, 2),
                    }
                    if name in national
                    else {}
                ),
            }
            for name in small
        ],
        # Each page's time over the floor's in its own run, so machine noise cancels.
        "national_growth": round(
            (national[pages.NATIONAL[0]]["median_ms"] / floor_5000)
            / (large[pages.NATIONAL[0]]["median_ms"] / floor),
            3,
        ),
        "national_growth_by_page": {
            name: round(
                (national[name]["median_ms"] / floor_5000) / (large[name]["median_ms"] / floor), 3
            )
            for name in pages.NATIONAL
        },
        **load_results,
        "scoring": {"assessments_per_s": per_second},
        "sessions": "redis (cached_db)" if cache_url else "database",
    }
    (BENCH_DIR / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    print(table(results))
    log(f"done in {time.monotonic() - started:.0f} s; wrote bench/results.json")
    return 0


def analyze() -> None:
    """Statistics and visibility as a running database has them: autovacuum would do this
    within a minute of a bulk load, and until it has, index-only scans fetch every row from the
    table (the practice count per gap took 23 ms instead of 2 right after the load)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")


def table(results: dict) -> str:
    header = (
        f"{'page':28} {'q 6':>4} {'q 1000':>6} {'q 5000':>6} {'ms 6':>7} {'ms 1000':>8}"
        f" {'ratio':>6}"
    )
    lines = [header, "-" * len(header)]
    for page in results["pages"]:
        lines.append(
            f"{page['name']:28} {page['queries_small']:>4} {page['queries_large']:>6} "
            f"{page.get('queries_5000', ''):>6} {page['median_ms_small']:>7.2f} "
            f"{page['median_ms_large']:>8.2f} {page['ratio_to_floor']:>6.2f}"
        )
    lines += ["", f"national growth 1,000 → 5,000: {results['national_growth']}"]
    for key in ("load", "load_writes"):
        load = results[key]
        lines.append(
            f"{key}: {load['requests_per_s']} req/s against the floor's "
            f"{load['floor_requests_per_s']} ({load['share_of_floor']:.0%}), "
            f"p95 {load['p95_ms']:.0f} ms, {load['errors']} errors"
        )
    lines += [
        f"scoring: {results['scoring']['assessments_per_s']:,} assessments/s",
        f"sessions: {results['sessions']}",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
