"""Guards against Qt bindings that corrupt Python's reference counts (PySide6 6.11/6.12 on Python 3.11)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel


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
