"""What may be read at all: only regular files, text layers up to a size;
the document id; a file name fit to be written.

Apart from read.py, which reads the documents, so that the process that
runs the batch (and never reads a document) need not import pdfplumber.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

PDF_SUFFIXES = frozenset({".pdf"})
TEXT_SUFFIXES = frozenset({".txt"})
INPUT_SUFFIXES = PDF_SUFFIXES | TEXT_SUFFIXES


# The PDF engines (read.py): pdfminer (through pdfplumber) is the reference;
# pdfium (pypdfium2, read_pdfium.py) fills the same raw page, far faster, and
# is the default: equal records (tests/test_engine_equivalence.py).
ENGINES = ("pdfminer", "pdfium")
DEFAULT_ENGINE = "pdfium"


class InputError(Exception):
    """An input that cannot be read; the message is the one-line reason.

    `pages`: the document's page count when it was known before it failed
    (a PDF over the page cap), kept on its documents row.
    """

    def __init__(self, reason: str, pages: int | None = None) -> None:
        super().__init__(reason)
        self.pages = pages


# PDF readers look for the header this far into the file: a Ghostscript
# banner or a mail header may come before it.
PDF_HEADER_WINDOW = 1024


def has_pdf_header(data: bytes) -> bool:
    return b"%PDF" in data[:PDF_HEADER_WINDOW]


def document_id(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# A text layer holds a few KiB a page (the seeds: 12 and 25 KiB); one over
# this many bytes is refused before it is read: decoding and splitting it
# would take several times its size in memory.
TEXT_MAX_BYTES = 32 * 1024 * 1024

_FILE_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def file_kind(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    return next((words for test, words in _FILE_KINDS if test(mode)), "not a regular file")


def source_name(path: Path) -> str:
    """The file's name as text: bytes that are not UTF-8 (a Shift_JIS name
    unzip left as it was) as `\\xNN` escapes, so the name can be written."""
    return os.fsencode(path.name).decode("utf-8", "backslashreplace")


def load_input(path: Path) -> bytes:
    """The bytes of one input; only a regular file is read, a text layer only
    up to TEXT_MAX_BYTES. Raises InputError with a one-line reason."""
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}") from exc
    with open(fd, "rb") as file:
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise InputError(f"not a regular file ({file_kind(info.st_mode)}); not read")
            if path.suffix.lower() in TEXT_SUFFIXES and info.st_size > TEXT_MAX_BYTES:
                raise InputError(
                    f"text layer of {info.st_size:,} bytes, more than the"
                    f" {TEXT_MAX_BYTES // 2**20} MiB a text input may have; not read"
                )
            data = file.read()
        except OSError as exc:
            raise InputError(f"cannot read file: {exc.strerror or exc}") from exc
    if not data:
        raise InputError("empty file (0 bytes)")
    return data
