from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from threads import selectors


@login_required
def catalogue(request):
    version = selectors.current_version()
    return render(request, "threads/catalogue.html", selectors.catalogue_overview(version))


@login_required
def thread(request, code: str):
    version = selectors.current_version()
    return render(request, "threads/thread.html", selectors.thread_detail(version, code))
