from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from threads import selectors


@login_required
def catalogue(request):
    context = selectors.catalogue_overview(selectors.current_version())
    return render(request, "threads/catalogue.html", context)


@login_required
def thread(request, code: str):
    context = selectors.thread_detail(selectors.current_version(), code)
    return render(request, "threads/thread.html", context)
