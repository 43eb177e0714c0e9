"""Presentation: what people look at: terminal tables, task tables (CSV/xlsx), calendars, charts, the HTML report.

Everything here renders records it is given; nothing here queries the store.
"""
from __future__ import annotations

__all__ = ["cells", "charts", "display", "ics", "report", "tables", "workbook"]
