from django.contrib.auth.decorators import login_required

from pagecache import stamps
from pagecache.fragments import cached_page
from threads import selectors


@login_required
def catalogue(request):
    return cached_page(
        request,
        stamps.tokens(stamps.SHARED),
        "threads/catalogue.html",
        lambda: selectors.catalogue_overview(selectors.current_version()),
    )


@login_required
def thread(request, code: str):
    return cached_page(
        request,
        stamps.tokens(stamps.SHARED),
        "threads/thread.html",
        lambda: selectors.thread_detail(selectors.current_version(), code),
    )
