"""Text typed or pasted into a form, made safe to store and to export.

Word and other programs paste control characters: a vertical tab for a manual line break, a form
feed for a page break, now and then a NUL. PostgreSQL refuses NUL in text, and spreadsheet files
(XLSX is XML) cannot hold most C0 control characters at all. Forms clean every text field with
:class:`CleanTextMixin`; exports clean again with :func:`clean_text`, because text may also arrive
from the admin, an import or an older version.

This module lives in ``pages``, the bottom layer that imports nothing of Threads' own, so every
app's forms may use it.
"""

import re

#: Line and page breaks from word processors become line breaks.
_BREAKS = str.maketrans({"\v": "\n", "\f": "\n", "\u2028": "\n", "\u2029": "\n"})
#: Every other C0 control character except tab, line feed and carriage return, and DEL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: str) -> str:
    """``value`` with word-processor breaks as newlines and other control characters removed."""
    return _CONTROL.sub("", value.translate(_BREAKS))


class CleanTextMixin:
    """A form mixin: every submitted text value is cleaned (:func:`clean_text`) before the
    fields see it, so what is stored, and shown again when the form comes back, is clean."""

    def full_clean(self):
        if self.is_bound and self.data:
            data = self.data.copy()
            if hasattr(data, "setlist"):
                for key in list(data.keys()):
                    data.setlist(
                        key,
                        [clean_text(v) if isinstance(v, str) else v for v in data.getlist(key)],
                    )
            else:
                data = {k: clean_text(v) if isinstance(v, str) else v for k, v in data.items()}
            self.data = data
        super().full_clean()
