"""Problems of an imported file worded in the UI's language: message codes from the core, templates translated here.

The core words each coded problem in Chinese for the CLI; the UI words the same code from the English
template below, which `ui/i18n/pages_zh_CN.ts` translates back to exactly the core's Chinese (a test
checks that). Problems without a code (older messages) are shown as the core wrote them.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from inspector.errors import Problem
from inspector.tabular.messages import CodedProblem

CONTEXT = "ProblemText"


KINDS = {
    "category": QT_TRANSLATE_NOOP("ProblemText", "category"),
    "site_type": QT_TRANSLATE_NOOP("ProblemText", "site type"),
}
ACCEPTED = QT_TRANSLATE_NOOP("ProblemText", " (accepted: {accepted})")
ROW_SEPARATOR = QT_TRANSLATE_NOOP("ProblemText", ", ")
LETTER_AND_HEADER = QT_TRANSLATE_NOOP("ProblemText", "{letter} ({header})")

TEMPLATES = {
    "file.unsupported": QT_TRANSLATE_NOOP(
        "ProblemText", "Unsupported file type “{suffix}”: use an Excel (.xlsx) or CSV file"
    ),
    "file.xls": QT_TRANSLATE_NOOP(
        "ProblemText", "Old Excel (.xls) files are not supported: save it in Excel as .xlsx or CSV"
    ),
    "file.missing": QT_TRANSLATE_NOOP("ProblemText", "The file cannot be found"),
    "file.directory": QT_TRANSLATE_NOOP("ProblemText", "This is a folder, not a file"),
    "file.not_regular": QT_TRANSLATE_NOOP(
        "ProblemText", "This is not a regular file (perhaps a pipe or a device) and cannot be read as a table"
    ),
    "file.unreadable": QT_TRANSLATE_NOOP("ProblemText", "The file cannot be read: {error}"),
    "file.too_large": QT_TRANSLATE_NOOP("ProblemText", "The file is too large ({size}); the limit is {limit}"),
    "file.empty": QT_TRANSLATE_NOOP("ProblemText", "The file is empty"),
    "csv.binary": QT_TRANSLATE_NOOP(
        "ProblemText", "This is not a text table (CSV): check that you chose the right file"
    ),
    "csv.encoding": QT_TRANSLATE_NOOP(
        "ProblemText", "The file's encoding is not recognised: save it in Excel as “CSV UTF-8 (comma delimited)”"
    ),
    "csv.format": QT_TRANSLATE_NOOP("ProblemText", "The CSV format is broken: {error}"),
    "csv.line_too_long": QT_TRANSLATE_NOOP(
        "ProblemText", "This line is longer than {limit} characters; it does not look like a table"
    ),
    "table.too_many_rows": QT_TRANSLATE_NOOP(
        "ProblemText",
        "The table has more than {limit} rows, over the import limit: delete extra rows or split the file",
    ),
    "table.too_many_columns": QT_TRANSLATE_NOOP(
        "ProblemText", "The table has more than {limit} columns, over the import limit: delete extra columns"
    ),
    "table.too_many_cells": QT_TRANSLATE_NOOP(
        "ProblemText", "The table is too big (more than {limit} cells), over the import limit: split the file"
    ),
    "table.no_header": QT_TRANSLATE_NOOP("ProblemText", "Row 1 should hold the headers (column names) but is empty"),
    "table.no_content": QT_TRANSLATE_NOOP("ProblemText", "The file has no content"),
    "table.missing_column": QT_TRANSLATE_NOOP("ProblemText", "The column “{header}” is missing"),
    "xlsx.invalid": QT_TRANSLATE_NOOP(
        "ProblemText", "This is not a valid Excel (.xlsx) file: it may be damaged or the wrong file"
    ),
    "xlsx.encrypted": QT_TRANSLATE_NOOP(
        "ProblemText",
        "This is a password-protected Excel file or an old .xls file: remove the password in Excel and save as .xlsx",
    ),
    "xlsx.too_many_parts": QT_TRANSLATE_NOOP(
        "ProblemText",
        "The Excel file holds {count} parts, more than the limit of {limit}; it may have been crafted. Not read",
    ),
    "xlsx.unpacked_too_large": QT_TRANSLATE_NOOP(
        "ProblemText",
        "The Excel file unpacks to about {size}, more than the limit of {limit}; it may have been crafted"
        " (a “zip bomb”). Not read",
    ),
    "xlsx.part_too_large": QT_TRANSLATE_NOOP(
        "ProblemText", "“{part}” in the Excel file unpacks to about {size}, more than the limit of {limit}. Not read"
    ),
    "xlsx.ratio": QT_TRANSLATE_NOOP(
        "ProblemText",
        "“{part}” in the Excel file is compressed implausibly well ({ratio}:1); it may have been crafted. Not read",
    ),
    "xlsx.dtd": QT_TRANSLATE_NOOP(
        "ProblemText",
        "“{part}” in the Excel file contains a DTD declaration; Excel never saves one. Not read",
    ),
    "xlsx.corrupt": QT_TRANSLATE_NOOP("ProblemText", "“{part}” in the Excel file is damaged and cannot be read"),
    "xlsx.no_sheets": QT_TRANSLATE_NOOP("ProblemText", "The workbook has no worksheets"),
    "xlsx.sheet_missing": QT_TRANSLATE_NOOP(
        "ProblemText", "There is no worksheet “{sheet}”; the worksheets are: {names}"
    ),
    "xlsx.dimension_excel": QT_TRANSLATE_NOOP(
        "ProblemText",
        "The worksheet “{sheet}” declares the range {ref} with {rows} rows, more than Excel's maximum of"
        " 1,048,576; Excel did not save this file",
    ),
    "xlsx.dimension_rows": QT_TRANSLATE_NOOP(
        "ProblemText",
        "The worksheet “{sheet}” declares the range {ref} with {rows} rows, over the import limit of {limit}:"
        " delete extra rows or split the file",
    ),
    "xlsx.dimension_columns": QT_TRANSLATE_NOOP(
        "ProblemText",
        "The worksheet “{sheet}” declares the range {ref} with {columns} columns, over the import limit of"
        " {limit}: delete extra columns",
    ),
    "catalog.unsupported": QT_TRANSLATE_NOOP(
        "ProblemText", "Unsupported file type “{suffix}”: use .yaml, .xlsx or .csv"
    ),
    "catalog.not_text": QT_TRANSLATE_NOOP(
        "ProblemText",
        "Not a text file (the content is binary: was a picture or an Excel file renamed?)",
    ),
    "catalog.encoding": QT_TRANSLATE_NOOP("ProblemText", "The file's encoding is not recognised: save it as UTF-8"),
    "catalog.yaml_syntax": QT_TRANSLATE_NOOP("ProblemText", "YAML syntax error: {reason}"),
    "catalog.yaml_alias": QT_TRANSLATE_NOOP(
        "ProblemText", "YAML anchors and aliases (& and *) are not allowed: write the content out"
    ),
    "catalog.yaml_depth": QT_TRANSLATE_NOOP(
        "ProblemText", "The YAML nests deeper than {limit} levels; a negative list is not shaped like that"
    ),
    "catalog.yaml_not_catalog": QT_TRANSLATE_NOOP(
        "ProblemText", "Not a negative-list YAML file (the top level should hold site_types, categories and items)"
    ),
    "catalog.yaml_definitions_missing": QT_TRANSLATE_NOOP("ProblemText", "The {kind} definitions ({key}) are missing"),
    "catalog.definitions_not_list": QT_TRANSLATE_NOOP(
        "ProblemText", "The {kind} definitions should be a list (each with code and name)"
    ),
    "catalog.definition_not_mapping": QT_TRANSLATE_NOOP("ProblemText", "A {kind} definition needs a code and a name"),
    "catalog.items_not_list": QT_TRANSLATE_NOOP("ProblemText", "items should be a list of items"),
    "catalog.item_not_mapping": QT_TRANSLATE_NOOP(
        "ProblemText", "An item should be a mapping of keys (code, text, site_types …)"
    ),
    "catalog.no_item_sheet": QT_TRANSLATE_NOOP("ProblemText", "The workbook has no worksheet “{sheet}”"),
    "catalog.sheet_definitions_missing": QT_TRANSLATE_NOOP(
        "ProblemText", "The worksheet “{sheet}” ({kind} definitions) is missing and no base list was given"
    ),
    "catalog.csv_needs_base": QT_TRANSLATE_NOOP(
        "ProblemText", "A CSV file holds no site types or categories: give a base list"
    ),
    "catalog.sheet_empty": QT_TRANSLATE_NOOP("ProblemText", "The worksheet “{sheet}” is empty"),
    "catalog.duplicate_column": QT_TRANSLATE_NOOP("ProblemText", "Duplicate column name: keep only one"),
    "catalog.sheet_missing_column": QT_TRANSLATE_NOOP(
        "ProblemText", "The worksheet “{sheet}” has no column “{header}” (is it the right worksheet?)"
    ),
    "catalog.csv_missing_column": QT_TRANSLATE_NOOP(
        "ProblemText", "The CSV file has no column “{header}” (is it the right file?)"
    ),
    "catalog.definition_sheet_missing_column": QT_TRANSLATE_NOOP(
        "ProblemText", "The worksheet “{sheet}” has no column “{header}”"
    ),
    "catalog.definition_code_empty": QT_TRANSLATE_NOOP("ProblemText", "The {kind} code is empty"),
    "catalog.definition_code_duplicate": QT_TRANSLATE_NOOP(
        "ProblemText", "The {kind} code “{value}” is repeated (already on row {first})"
    ),
    "catalog.site_type_code_separator": QT_TRANSLATE_NOOP(
        "ProblemText", "The site type code “{value}” must not contain spaces or separators (、,，;；)"
    ),
    "catalog.definition_name_empty": QT_TRANSLATE_NOOP("ProblemText", "The {kind} name is empty"),
    "catalog.definition_name_duplicate": QT_TRANSLATE_NOOP(
        "ProblemText", "The {kind} name “{name}” is repeated (already on row {first})"
    ),
    "catalog.item_code_empty": QT_TRANSLATE_NOOP("ProblemText", "The item code is empty"),
    "catalog.item_code_duplicate": QT_TRANSLATE_NOOP(
        "ProblemText", "The item code “{value}” is repeated (first on row {first})"
    ),
    "catalog.category_empty": QT_TRANSLATE_NOOP("ProblemText", "The category is empty"),
    "catalog.category_unknown": QT_TRANSLATE_NOOP("ProblemText", "Unknown category “{value}”"),
    "catalog.text_empty": QT_TRANSLATE_NOOP("ProblemText", "The problem description is empty"),
    "catalog.site_types_empty": QT_TRANSLATE_NOOP("ProblemText", "No site types given"),
    "catalog.site_type_unknown": QT_TRANSLATE_NOOP("ProblemText", "Unknown site type “{value}”"),
    "catalog.severity_unknown": QT_TRANSLATE_NOOP("ProblemText", "Unknown severity “{value}”"),
    "catalog.severity_empty": QT_TRANSLATE_NOOP("ProblemText", "The severity is empty"),
    "catalog.deduction_not_number": QT_TRANSLATE_NOOP("ProblemText", "The deduction “{value}” is not a number"),
    "catalog.deduction_invalid": QT_TRANSLATE_NOOP("ProblemText", "The deduction “{value}” is not a valid number"),
    "catalog.deduction_negative": QT_TRANSLATE_NOOP("ProblemText", "The deduction cannot be negative ({value})"),
    "catalog.deduction_range": QT_TRANSLATE_NOOP("ProblemText", "The deduction “{value}” is out of range"),
    "catalog.deduction_missing": QT_TRANSLATE_NOOP(
        "ProblemText", "The deduction is empty and this severity has no default deduction"
    ),
    "catalog.unit_empty": QT_TRANSLATE_NOOP("ProblemText", "The responsible unit is empty"),
    "catalog.days_invalid": QT_TRANSLATE_NOOP(
        "ProblemText", "The rectification deadline “{value}” is not a whole number of days"
    ),
    "catalog.days_empty": QT_TRANSLATE_NOOP("ProblemText", "The rectification deadline is empty"),
    "catalog.photo_flag_invalid": QT_TRANSLATE_NOOP(
        "ProblemText", "“Photo required” should be 是 (yes) or 否 (no), not “{value}”"
    ),
    "catalog.control_characters": QT_TRANSLATE_NOOP("ProblemText", "Contains invisible control characters"),
    "catalog.no_items": QT_TRANSLATE_NOOP("ProblemText", "The list has no items"),
    "catalog.new_definition": QT_TRANSLATE_NOOP("ProblemText", "New {kind} “{name}”, code {new_code}"),
}


def tr(text: str) -> str:
    """Translate a template of this module."""
    return QCoreApplication.translate(CONTEXT, text)


def problem_message(problem: Problem) -> str:
    """What is wrong, in the UI's language (the core's Chinese when the problem has no known code)."""
    template = TEMPLATES.get(problem.code) if isinstance(problem, CodedProblem) else None
    if template is None:
        return problem.message
    params = problem.arguments
    if "kind" in params:
        params["kind"] = tr(KINDS.get(params["kind"], params["kind"]))
    text = tr(template).format(**params)
    return text + tr(ACCEPTED).format(accepted=problem.accepted) if problem.accepted else text


def problem_rows(problem: Problem) -> str:
    """The rows a problem covers: 4–23、25 (4–23, 25 in English); "" for the whole file."""
    if isinstance(problem, CodedProblem) and problem.rows:
        return tr(ROW_SEPARATOR).join(str(a) if a == b else f"{a}–{b}" for a, b in problem.rows)
    return "" if problem.row is None else str(problem.row)


def problem_column(problem: Problem) -> str:
    """The column: its letter and header, C列（类别） (C (类别) in English), or just the header."""
    if isinstance(problem, CodedProblem) and problem.letter:
        return tr(LETTER_AND_HEADER).format(letter=problem.letter, header=problem.column or "")
    return problem.column or ""
