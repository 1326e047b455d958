from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse

from threads import selectors


@login_required
def catalogue(request):
    context = selectors.catalogue_overview(selectors.current_version())
    # Each recommendation's address, reversed once for the page (codes hold only URL-safe
    # characters: the <code:...> converter refuses anything else).
    before, after = reverse("threads:thread", args=["CODE"]).rsplit("CODE", 1)
    for issue in (*context["key_local_issues"], *context["key_national_issues"]):
        for rec in issue.child_list:
            rec.url = f"{before}{rec.code}{after}"
    return render(request, "threads/catalogue.html", context)


@login_required
def thread(request, code: str):
    context = selectors.thread_detail(selectors.current_version(), code)
    return render(request, "threads/thread.html", context)
