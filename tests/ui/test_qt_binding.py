"""Guards against Qt bindings that corrupt Python's reference counts (PySide6 6.12.0 on Python 3.11).

pyproject.toml pins PySide6 below 6.12 on Python 3.11 because of it. On Python 3.12+ True and None are immortal
(PEP 683): their reference counts never move, so the bug cannot bite there and this test cannot see it.
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel

pytestmark = pytest.mark.skipif(
    sys.version_info >= (3, 12), reason="True/None are immortal on Python 3.12+ (PEP 683): nothing to detect"
)


class Emitter(QObject):
    ticked = Signal(int)


def test_emitting_and_void_calls_keep_reference_counts(qapp):
    emitter = Emitter()
    received: list[int] = []
    emitter.ticked.connect(received.append)
    label = QLabel()
    true_before, none_before = sys.getrefcount(True), sys.getrefcount(None)
    for n in range(5000):
        emitter.ticked.emit(n)
        label.setText("督查")
        label.update()
    assert len(received) == 5000
    # a leaking binding loses one reference per call (thousands); allow for unrelated noise
    assert true_before - sys.getrefcount(True) < 100
    assert none_before - sys.getrefcount(None) < 100
