"""A minimal PDF writer for tests: ASCII text pages in Helvetica.

Enough to make well-formed PDFs that are not one of our document kinds, or
that have many pages, without LibreOffice on the test machine.
"""

from __future__ import annotations


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(
    pages: list[list[str]],
    *,
    width: int = 595,
    height: int = 842,
    origin: tuple[int, int] = (0, 0),
    drawing: str = "",
) -> bytes:
    """A PDF with one page per list of lines (empty list = page with no text).

    `origin` moves the MediaBox's lower-left corner off (0, 0); `drawing` is
    raw content-stream path operators painted on every page (rulings).
    """
    left, bottom = origin
    objects: list[bytes] = []
    n_pages = len(pages)
    # 1 catalog, 2 pages, 3 font, then per page: page object + content stream.
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(n_pages))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {n_pages} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for i, lines in enumerate(pages):
        content = f"{drawing} BT /F1 12 Tf 14 TL {left + 50} {bottom + height - 60} Td "
        content += " ".join(f"({_escape(line)}) Tj T*" for line in lines)
        content += " ET"
        data = content.encode("latin-1")
        objects.append(
            (
                f"<< /Type /Page /Parent 2 0 R"
                f" /MediaBox [{left} {bottom} {left + width} {bottom + height}]"
                f" /Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>"
            ).encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream")
    return pdf_of_objects(objects)


def pdf_of_objects(objects: list[bytes]) -> bytes:
    """A PDF of the given objects (1 = catalog), with a correct xref."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
