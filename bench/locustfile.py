"""Load test: respondents of the synthetic partnerships read pages and save a section.

Each simulated user signs in once as its own partnership's police respondent (``bench-NNNN-police``)
so saves never collide, then mixes page views with section saves into the open draft.
"""

import itertools
import random
import re

from locust import HttpUser, between, task

from bench.accounts import LOAD_USERS, load_username
from partnerships.demo_data import PASSWORD

_numbers = itertools.count()
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REVISION = re.compile(r'name="revision-([A-Z]+-[\d.]+)" value="(\d+)"')
ASSESSMENT = re.compile(r'href="(/p/[\w-]+/assessments/\d+/)"')


class Respondent(HttpUser):
    wait_time = between(0.5, 1.5)

    def on_start(self):
        number = next(_numbers) % LOAD_USERS
        self.slug = f"bench-{number:04d}"
        page = self.client.get("/accounts/login/", name="sign-in page")
        self.client.post(
            "/accounts/login/",
            {
                "username": load_username(number),
                "password": PASSWORD,
                "csrfmiddlewaretoken": CSRF.search(page.text).group(1),
            },
            name="sign in",
        )
        listing = self.client.get(f"/p/{self.slug}/assessments/", name="assessment list")
        self.assessment = ASSESSMENT.search(listing.text).group(1)

    @task(3)
    def home(self):
        self.client.get("/", name="your partnerships")

    @task(3)
    def dashboard(self):
        self.client.get(f"/p/{self.slug}/dashboard/", name="dashboard")

    @task(2)
    def overview(self):
        self.client.get(self.assessment, name="assessment overview")

    @task(1)
    def catalogue(self):
        self.client.get("/catalogue/", name="catalogue")

    @task(2)
    def save_section(self):
        url = f"{self.assessment}sections/LR-4/"
        form = self.client.get(url, name="section form").text
        data = {"csrfmiddlewaretoken": CSRF.search(form).group(1)}
        for code, revision in REVISION.findall(form):
            data[f"revision-{code}"] = revision
            data[f"level-{code}"] = str(random.choice([0, 1]))
            data[f"note-{code}"] = "Load test"
        with self.client.post(url, data, name="section save", catch_response=True) as response:
            if "There is a problem" in response.text or response.status_code >= 400:
                response.failure(f"save refused ({response.status_code})")
