"""URL converters every app may use (importing this module registers them once):

- ``<code:...>``: catalogue codes such as ``LR-4`` or ``LR-4.2``. Only letters, digits, dots and
  hyphens match, so anything else in a code (a ``%00``, a slash, a space) is a 404 from the URL
  resolver before a view or the database sees it.
- ``<fmt:...>``: a download's format, ``csv`` or ``xlsx``.
"""

from django.urls import register_converter, reverse
from django.urls.converters import get_converters

#: Stands for the code when a URL is reversed once for many codes (:func:`code_urls`).
CODE_MARKER = "CODE-0"


class CodeConverter:
    regex = r"[A-Za-z0-9][A-Za-z0-9.\-]{0,29}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class ExportFormatConverter:
    regex = "csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


for converter, name in ((CodeConverter, "code"), (ExportFormatConverter, "fmt")):
    if name not in get_converters():
        register_converter(converter, name)


def code_urls(viewname: str, args: list, codes) -> dict[str, str]:
    """``viewname``'s URL for each catalogue code, ``args`` coming before the code. Reversed once
    with a marker in the code's place: a page listing thirty sections would otherwise reverse
    the same pattern thirty times. Codes need no quoting (the converter allows only letters,
    digits, dots and hyphens)."""
    prefix, _, suffix = reverse(viewname, args=[*args, CODE_MARKER]).rpartition(CODE_MARKER)
    return {code: f"{prefix}{code}{suffix}" for code in codes}
