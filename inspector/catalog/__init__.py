"""The negative list (负面清单): reading it from YAML/XLSX/CSV, validating, versioning and storing it.

One concept per module: `model` (the data, canonical form and version), `values` (cell values),
`validate` (checks shared by every format, new definitions proposed), `messages` (what can be wrong,
as message codes), `layout` (sheet names and headers), `tables` and `readers` (loading files through
the bounded spreadsheet reader), `writers` (writing them), `store` (versions in the workspace database).
PyYAML and openpyxl are imported only by the readers and writers that use them.
"""

from __future__ import annotations

from inspector.catalog.messages import CatalogValidationError, NewDefinitionsError
from inspector.catalog.model import (
    FORMAT,
    SEVERITIES,
    SEVERITY_LABELS,
    Catalog,
    Category,
    Item,
    SiteType,
    format_deduction,
)
from inspector.catalog.readers import (
    CatalogCheck,
    check_catalog_file,
    load_catalog,
    read_catalog_file,
    validate_catalog_file,
)
from inspector.catalog.store import (
    current_version,
    get_catalog,
    import_catalog,
    import_catalog_file,
    list_versions,
    set_current_version,
)
from inspector.catalog.values import parse_severity
from inspector.catalog.writers import write_catalog_csv, write_catalog_xlsx, write_catalog_yaml

__all__ = [
    "FORMAT",
    "SEVERITIES",
    "SEVERITY_LABELS",
    "Catalog",
    "CatalogCheck",
    "CatalogValidationError",
    "Category",
    "Item",
    "NewDefinitionsError",
    "SiteType",
    "check_catalog_file",
    "current_version",
    "format_deduction",
    "get_catalog",
    "import_catalog",
    "import_catalog_file",
    "list_versions",
    "load_catalog",
    "parse_severity",
    "read_catalog_file",
    "set_current_version",
    "validate_catalog_file",
    "write_catalog_csv",
    "write_catalog_xlsx",
    "write_catalog_yaml",
]
