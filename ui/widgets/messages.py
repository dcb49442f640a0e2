"""What to tell a user about an exception: the core's own sentence, or a translated one, never a class name or an
operating system's English text."""

from __future__ import annotations

import logging

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from inspector import faults
from inspector.errors import InspectorError

log = logging.getLogger(__name__)
CONTEXT = "Messages"
FILE_FAILED = QT_TRANSLATE_NOOP(
    "Messages", "The file could not be read or written. Check that it is still there and that its disk is connected."
)
UNEXPECTED = QT_TRANSLATE_NOOP(
    "Messages", "Something unexpected went wrong; the details were written to the log. Please try again."
)


def error_sentence(exc: BaseException) -> str:
    """The sentence a user reads for a failure: the core's message, a machine fault explained, or a plain note."""
    if isinstance(exc, InspectorError):
        return str(exc)
    fault = faults.explain(exc)
    if fault is not None:
        return str(fault)
    if isinstance(exc, OSError):
        log.info("file error: %r", exc)
        return QCoreApplication.translate(CONTEXT, FILE_FAILED)
    log.error("unexpected error: %s", getattr(exc, "__traceback_text__", repr(exc)))
    return QCoreApplication.translate(CONTEXT, UNEXPECTED)
