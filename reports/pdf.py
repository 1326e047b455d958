"""HTML to PDF with WeasyPrint, fetching nothing over the network; tagged (``pdf_tags``), so a
screen reader finds the headings, lists and tables."""

from django.contrib.staticfiles import finders

REPORT_STYLESHEET = "css/report-pdf.css"


def refuse_fetch(url: str, *args, **kwargs):
    """WeasyPrint URL fetcher: the report needs no images or links resolved (no SSRF)."""
    raise ValueError(f"PDF rendering does not fetch {url}")


def html_to_pdf(html: str) -> bytes:
    from weasyprint import CSS, HTML  # imported late: it loads native libraries

    stylesheet = CSS(filename=finders.find(REPORT_STYLESHEET), url_fetcher=refuse_fetch)
    return HTML(string=html, url_fetcher=refuse_fetch, base_url="/").write_pdf(
        stylesheets=[stylesheet],
        pdf_tags=True,  # tagged PDF: headings, lists and tables for screen readers
    )
