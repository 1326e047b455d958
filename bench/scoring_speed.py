"""Scoring throughput in pure Python: assessments scored per second on random ratings."""

import random
import time

from assessments import scoring, selectors
from threads.models import CatalogueVersion


def assessments_per_second(count: int = 20_000, seed: int = 1) -> float:
    catalogue = selectors.scoring_catalogue(CatalogueVersion.objects.get(is_current=True))
    codes = [indicator.code for indicator in catalogue.indicators]
    rng = random.Random(seed)
    inputs = [{code: rng.choice([0, 1, 2, 3, 4, None]) for code in codes} for _ in range(count)]
    start = time.perf_counter()
    for ratings in inputs:
        scoring.score(catalogue, ratings)
    return round(count / (time.perf_counter() - start))
