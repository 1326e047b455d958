import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from assessments import scoring
from assessments.selectors import scoring_catalogue
from threads.models import CatalogueVersion


def _no_constant(name: str):
    raise ValueError(f"{name} is not a level")


class Command(BaseCommand):
    help = 'Score {"ratings": {"LR-4.2": 3, ...}} against the current catalogue; print JSON.'

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True, help="A JSON file, or - for standard input")

    def fail(self, message: str):
        sys.stderr.write(message.replace("\n", " ") + "\n")
        sys.exit(2)

    def handle(self, *args, input: str, **options):
        try:
            text = sys.stdin.read() if input == "-" else Path(input).read_text(encoding="utf-8")
            data = json.loads(text, parse_constant=_no_constant)
        except OSError as error:
            self.fail(f"error: cannot read {input}: {error.strerror}")
        except RecursionError:
            self.fail(f"error: {input} is nested too deeply")
        except (ValueError, UnicodeDecodeError) as error:  # JSONDecodeError is a ValueError
            self.fail(f"error: {input} is not valid JSON: {error}")
        ratings = data.get("ratings") if isinstance(data, dict) else None
        if not isinstance(ratings, dict):
            self.fail('error: the input must be an object {"ratings": {"<indicator>": <level>}}')
        for code, level in ratings.items():
            if level is not None and (isinstance(level, bool) or not isinstance(level, int)):
                shown = json.dumps(level)
                shown = shown if len(shown) <= 40 else shown[:37] + "..."
                self.fail(f"error: ratings[{json.dumps(code)[:40]}]: {shown} is not a level")
        version = CatalogueVersion.objects.filter(is_current=True).first()
        if version is None:
            self.fail("error: no catalogue version is published")
        try:
            result = scoring.score(scoring_catalogue(version), ratings)
        except scoring.UnknownIndicator as error:
            self.fail(f"error: unknown indicator code: {error}")
        except scoring.LevelOutOfRange as error:
            self.fail(f"error: level out of range: {error}")
        except ValueError as error:  # any other input scoring refuses
            self.fail(f"error: {error}")
        out = result.to_dict()
        contract = {
            "stage": {k: out["stage"][k] for k in ("code", "order", "name")},
            "key_issues": out["key_issues"],
            "recommendations": out["recommendations"],
            "unanswered": out["unanswered"],
            "next_stage": None
            if out["next_stage"] is None
            else {
                "code": out["next_stage"]["code"],
                "name": out["next_stage"]["name"],
                "order": out["next_stage"]["order"],
                "requirements": out["next_stage"]["requirements"],
                "gaps": out["next_stage"]["gaps"],
            },
        }
        self.stdout.write(json.dumps(contract, indent=2))
