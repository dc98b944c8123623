"""`dxparse publish`: an extract's OUT folder to a CKAN catalogue.

`local.py` reads OUT and splits it into one dataset per document kind and
municipality; `plan.py` (pure) compares that with the catalogue's state and
decides what to create, update or leave; `ckan.py` reads the state and
carries the plan out through ckanapi.
"""

from __future__ import annotations


class PublishError(Exception):
    """A fault the user can act on; its text is the one line printed."""
