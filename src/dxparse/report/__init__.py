"""`dxparse report OUT -o REPORT_DIR`: a static HTML site to review what was read.

An index of the documents (status, kind, pages, coverage, issue counts, and
inline-SVG charts), and a page per document: each PDF page rendered, every
published field outlined where its provenance says it was printed, unread
text and the other placed issues outlined, the rows of each dataset beside
the page. Modules: data.py reads OUT, render.py draws the pages, html.py and
plots.py write the site, site.py puts it in place.
"""

from __future__ import annotations

from dxparse.report.site import ReportResult, build_report

__all__ = ["ReportResult", "build_report"]
