"""pages/converters.py: one reversal gives the URL of every code."""

from django.urls import reverse

from pages.converters import code_urls


def test_code_urls_are_what_reverse_gives_for_each_code():
    codes = ["LR-1", "LR-4", "LR-4.2", "KLI-10"]
    urls = code_urls("assessments:assessment_section", ["east-ayrshire", 13], codes)
    assert urls == {
        code: reverse("assessments:assessment_section", args=["east-ayrshire", 13, code])
        for code in codes
    }
    assert code_urls("threads:thread", [], ["CODE-0"]) == {
        "CODE-0": reverse("threads:thread", args=["CODE-0"])
    }
