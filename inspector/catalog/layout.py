"""The file layout of a negative list: sheet names, column headers as written, and the aliases read back."""

from __future__ import annotations

ITEM_SHEET = "负面清单"
SITE_TYPE_SHEET = "点位类型"
CATEGORY_SHEET = "类别"

# Column headers as the writers write them; each is also the first alias of its field.
HEADERS = {
    "code": "条目编号",
    "category": "类别",
    "text": "问题描述",
    "site_types": "适用点位类型",
    "severity": "严重程度",
    "deduction": "扣分",
    "responsible_unit": "责任单位",
    "rectify_days": "整改时限（天）",
    "photo_required": "需要照片",
}
ITEM_ALIASES = {
    "code": ("条目编号", "编号", "条目编码", "code"),
    "category": ("类别", "类别编码", "分类", "category"),
    "text": ("问题描述", "问题", "问题表述", "text"),
    "site_types": ("适用点位类型", "点位类型", "适用点位", "site_types"),
    "severity": ("严重程度", "严重性", "severity"),
    "deduction": ("扣分", "扣分(分)", "扣分值", "deduction"),
    "responsible_unit": ("责任单位", "responsible_unit"),
    "rectify_days": ("整改时限(天)", "整改时限", "整改期限(天)", "整改天数", "rectify_days"),
    "photo_required": ("需要照片", "是否需要照片", "需拍照", "photo_required"),
}
DEFINITION_HEADERS = {"code": "编码", "name": "名称"}
DEFINITION_ALIASES = {"code": ("编码", "代码", "code"), "name": ("名称", "name")}
REQUIRED = ("code", "category", "text", "site_types", "severity", "responsible_unit", "rectify_days")
