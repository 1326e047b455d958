"""Closed-loop load (no think time): each simulated user signs in once as its own synthetic
partnership's police respondent (``bench-NNNN-police``, so saves never collide) and then requests
pages back to back. ``BENCH_LOAD_MODE`` picks the mix:

- ``floor``: the anonymous sign-in page only (the floor the others are compared with);
- ``reads``: your partnerships, the dashboard, the assessment overview, the catalogue and the
  section form;
- ``writes``: the same reads with one request in ten a section save.
"""

import itertools
import os
import random
import re

from locust import constant
from locust.contrib.fasthttp import FastHttpUser

from bench.accounts import LOAD_USERS, load_username
from partnerships.demo_data import PASSWORD

MODE = os.environ.get("BENCH_LOAD_MODE", "reads")
_numbers = itertools.count()
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REVISION = re.compile(r'name="revision-([A-Z]+-[\d.]+)" value="(\d+)"')
ASSESSMENT = re.compile(r'href="(/p/[\w-]+/assessments/\d+/)"')


class Person(FastHttpUser):
    wait_time = constant(0)

    def on_start(self):
        if MODE == "floor":
            return
        number = next(_numbers) % LOAD_USERS
        self.slug = f"bench-{number:04d}"
        page = self.client.get("/accounts/login/", name="sign-in page")
        self.client.post(
            "/accounts/login/",
            data={
                "username": load_username(number),
                "password": PASSWORD,
                "csrfmiddlewaretoken": CSRF.search(page.text).group(1),
            },
            name="sign in",
        )
        listing = self.client.get(f"/p/{self.slug}/assessments/", name="assessment list")
        self.assessment = ASSESSMENT.search(listing.text).group(1)
        self.reads = [
            ("/", "your partnerships"),
            (f"/p/{self.slug}/dashboard/", "dashboard"),
            (self.assessment, "assessment overview"),
            ("/catalogue/", "catalogue"),
            (f"{self.assessment}sections/LR-4/", "section form"),
        ]

    def _check(self, response, name: str) -> None:
        if response.status_code != 200:
            response.failure(f"{name}: {response.status_code}")

    def _save(self) -> None:
        url = f"{self.assessment}sections/LR-4/"
        form = self.client.get(url, name="section form").text
        data = {"csrfmiddlewaretoken": CSRF.search(form).group(1)}
        for code, revision in REVISION.findall(form):
            data[f"revision-{code}"] = revision
            data[f"level-{code}"] = str(random.choice([0, 1]))
            data[f"note-{code}"] = "Load test"
        with self.client.post(url, data=data, name="section save", catch_response=True) as r:
            if "There is a problem" in r.text or r.status_code >= 400:
                r.failure(f"save refused ({r.status_code})")

    @property
    def _writes(self) -> bool:
        return MODE == "writes" and random.random() < 0.1

    def on_request(self):
        if MODE == "floor":
            with self.client.get("/accounts/login/", name="sign-in page", catch_response=True) as r:
                self._check(r, "sign-in page")
        elif self._writes:
            self._save()
        else:
            url, name = random.choice(self.reads)
            with self.client.get(url, name=name, catch_response=True) as r:
                self._check(r, name)

    tasks = [on_request]
