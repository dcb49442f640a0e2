"""Accessible names for controls without visible text of their own (screen readers read them; tests find by them).

A page names its controls explicitly with `name()` where no label says what they are; `name_unnamed()` then gives
every remaining control the translated text that already labels it on screen: its label (a buddy or the form row),
its placeholder, the heading above a list, or the title of the group it fills.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QBoxLayout,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

CONTROLS = (QLineEdit, QComboBox, QAbstractItemView, QAbstractSpinBox, QPlainTextEdit, QTextEdit)


def clean(text: str) -> str:
    """A label's text as a name: no mnemonic ampersands, no trailing colon or ellipsis, one line."""
    text = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    text = " ".join(text.split())
    return text.rstrip(":：…. ").strip()


def name(widget: QWidget, text: str) -> QWidget:
    """Give a control its accessible name (the translated words a sighted user reads next to it)."""
    widget.setAccessibleName(clean(text))
    return widget


def needs_name(widget: QWidget) -> bool:
    """Whether a widget is a control that a screen reader cannot name from its own text."""
    if isinstance(widget, QHeaderView):
        return False
    if isinstance(widget, QAbstractButton):
        return not widget.text().strip() and not widget.accessibleName()
    if isinstance(widget, QLineEdit) and isinstance(widget.parent(), (QComboBox, QAbstractSpinBox)):
        return False  # the editor inside a combo box or spin box: the outer control carries the name
    return isinstance(widget, CONTROLS) and not widget.accessibleName()


def _form_label(widget: QWidget) -> str:
    parent = widget.parentWidget()
    if parent is None:
        return ""
    for form in parent.findChildren(QFormLayout):
        for row in range(form.rowCount()):
            label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if label is None or field is None or not isinstance(label.widget(), QLabel):
                continue
            inside = field.layout() is not None and _containing_layout(field.layout(), widget) is not None
            if (field.widget() is widget or inside) and label.widget().text().strip():
                return label.widget().text()
    return ""


def _buddy_label(widget: QWidget) -> str:
    window = widget.window()
    for label in window.findChildren(QLabel):
        if label.buddy() is widget and label.text().strip():
            return label.text()
    return ""


def _containing_layout(layout: QLayout, widget: QWidget) -> tuple[QLayout, int] | None:
    for n in range(layout.count()):
        item = layout.itemAt(n)
        if item.widget() is widget:
            return layout, n
        child = item.layout()
        if child is not None:
            found = _containing_layout(child, widget)
            if found is not None:
                return found
    return None


def _label_before(widget: QWidget) -> str:
    """The text of a label placed right before the widget in its box layout (a list's heading, a field's label)."""
    parent = widget.parentWidget()
    if parent is None or parent.layout() is None:
        return ""
    found = _containing_layout(parent.layout(), widget)
    if found is None:
        return ""
    layout, index = found
    before = None
    if isinstance(layout, QBoxLayout) and index > 0:
        before = layout.itemAt(index - 1).widget()
    elif isinstance(layout, QGridLayout):
        row, column, _rows, _columns = layout.getItemPosition(index)
        item = layout.itemAtPosition(row, column - 1) if column > 0 else None
        before = item.widget() if item is not None else None
    return before.text() if isinstance(before, QLabel) and before.text().strip() else ""


def _group_title(widget: QWidget) -> str:
    group = widget.parentWidget()
    if not isinstance(group, QGroupBox):
        return ""
    controls = [w for w in group.findChildren(QWidget) if isinstance(w, CONTROLS) and needs_name(w)]
    return group.title() if controls == [widget] else ""


def label_text(widget: QWidget) -> str:
    """The text that labels a control on screen, if any."""
    for find in (_buddy_label, _form_label):
        text = find(widget)
        if text:
            return text
    before = _label_before(widget)
    if before:
        return before
    placeholder = getattr(widget, "placeholderText", None)
    if callable(placeholder) and placeholder():
        return placeholder()
    return _group_title(widget) or widget.toolTip()


def name_unnamed(root: QWidget) -> None:
    """Name every control under root that has no accessible name yet after the text that labels it."""
    for widget in root.findChildren(QWidget):
        if needs_name(widget) and not isinstance(widget, QAbstractButton):
            text = label_text(widget)
            if text:
                name(widget, text)


def unnamed(root: QWidget) -> list[QWidget]:
    """The visible controls under root that still have no accessible name."""
    return [w for w in root.findChildren(QWidget) if w.isVisibleTo(root) and needs_name(w)]
