"""The HTML report's earlier import path, kept so that code importing it keeps working.

The report lives in :mod:`dedup.report`.
"""

from __future__ import annotations

from dedup.report import render_report

__all__ = ["render_report"]
