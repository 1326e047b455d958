"""Who the load test signs in as (no Django imports: the locustfile loads this)."""

LOAD_USERS = 40  # synthetic partnerships whose police respondent the load test signs in as


def load_username(n: int) -> str:
    return f"bench-{n:04d}-police"
