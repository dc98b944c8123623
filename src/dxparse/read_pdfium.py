"""The pdfium PDF engine: the raw pages of read.py from pypdfium2's C API.

pdfminer (through pdfplumber) stays the reference; this engine fills the
same RawPage with the numbers pdfminer would give, several times faster
(tests/test_engine_equivalence.py holds the two side by side):

- Char boxes are not pdfium's char boxes (the ink box, or font-file
  metrics): each is pdfminer's box, from the char's origin, its text
  matrix, the font size set by Tf, the glyph's advance width and the
  font's /Descent (read, with the subset-tagged font name, from the font
  dictionaries by pdfminer's own font classes, once per document: pdfium
  puts font-file metrics in place of a /Descent of 0 and drops subset tags).
- pdfium's text page leaves out text objects that print no ink (a lone
  space between two names) and may drop a repeated one; such an object's
  chars are rebuilt from the object itself. Chars come in content-stream
  order (page objects in order), not in the text page's order.
- Lines, rectangles and curves from path objects, segment by segment,
  classified as pdfminer classifies them.
- Coordinates go through pdfminer's page matrix for /Rotate and
  pdfplumber's MediaBox offset, as read.py's pdfminer path does.
"""

from __future__ import annotations

import contextlib
import ctypes
import io
import math
import re
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pypdfium2  # type: ignore[import-untyped]  # noqa: F401  (initialises the library)
import pypdfium2.raw as pdfium  # type: ignore[import-untyped]
from pypdfium2_raw.bindings import _libs  # type: ignore[import-untyped]

from dxparse.document import UNMAPPED
from dxparse.inputs import InputError
from dxparse.normalise import radical_table
from dxparse.read import Glyph, RawPage, check_page_cap


class _Functions:
    """pdfium's functions with every handle an int (ctypes' c_void_p): the
    calls are made hundreds of thousands of times a batch, and pypdfium2's
    typed handles cost a conversion each. Own function objects, so that
    pypdfium2's (pdfplumber's) are left as they are."""

    def __getattr__(self, name: str) -> Any:
        typed = getattr(pdfium, name)
        function = _LIBRARY[name]
        function.argtypes = [_untyped(t) for t in typed.argtypes or ()]
        function.restype = _untyped(typed.restype)
        setattr(self, name, function)
        return function


def _untyped(kind: Any) -> Any:
    target = getattr(kind, "_type_", None)
    if isinstance(target, type) and target.__name__.startswith("struct_fpdf_"):
        return ctypes.c_void_p
    return kind


_LIBRARY = _libs["pdfium"]
_c = _Functions()


def _bare(name: str, restype: Any) -> Any:
    """pdfium's `name` without argtypes, for the calls made once or more a
    char: ctypes then passes ints and ctypes objects as they are, with no
    conversion per argument (about 40% of the cost of a call). Only for
    functions whose arguments are handles (passed as c_void_p), ints and
    pointers: a Python float would go as a double."""
    function = _LIBRARY[name]
    function.argtypes = None
    function.restype = restype
    return function


class _Handle(ctypes.c_void_p):
    """A handle a bare call returns as a ctypes object (a c_void_p subclass
    is not turned into an int), to be passed to the next bare call as is."""


_unicode_of = _bare("FPDFText_GetUnicode", ctypes.c_uint)
_is_generated = _bare("FPDFText_IsGenerated", ctypes.c_int)
_text_object_of = _bare("FPDFText_GetTextObject", ctypes.c_void_p)
_origin_of = _bare("FPDFText_GetCharOrigin", ctypes.c_int)
_map_error_of = _bare("FPDFText_HasUnicodeMapError", ctypes.c_int)
_path_segment = _bare("FPDFPath_GetPathSegment", _Handle)
_segment_type = _bare("FPDFPathSegment_GetType", ctypes.c_int)
_segment_point = _bare("FPDFPathSegment_GetPoint", ctypes.c_int)
_segment_closes = _bare("FPDFPathSegment_GetClose", ctypes.c_int)
_draw_mode_of = _bare("FPDFPath_GetDrawMode", ctypes.c_int)
_segment_count = _bare("FPDFPath_CountSegments", ctypes.c_int)
# Once or more a page object.
_matrix_of = _bare("FPDFPageObj_GetMatrix", ctypes.c_int)
_font_size_of = _bare("FPDFTextObj_GetFontSize", ctypes.c_int)
_font_of_object = _bare("FPDFTextObj_GetFont", ctypes.c_void_p)

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)

_ERRORS = {
    pdfium.FPDF_ERR_FORMAT: "truncated or damaged PDF (pdfium cannot parse it)",
    pdfium.FPDF_ERR_PASSWORD: "encrypted PDF: a password is needed to read it",
    pdfium.FPDF_ERR_SECURITY: "encrypted PDF: its security handler is not supported",
    pdfium.FPDF_ERR_FILE: "cannot read file",
    pdfium.FPDF_ERR_PAGE: "damaged PDF: a page cannot be read",
}

_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")


_FLOAT32 = struct.Struct("f")
_snapped: dict[float, float] = {}


def _snap(value: float) -> float:
    """The shortest decimal that pdfium's single-precision `value` stands
    for (32.598 for 32.597999572753906): the number the content stream
    wrote, which pdfminer reads as a double. A value that is not a
    single-precision one (a sum pdfium made) is kept as it is."""
    found = _snapped.get(value)
    if found is None:
        found = value
        if value == value and value not in (0.0, float("inf"), float("-inf")):
            for digits in range(1, 10):
                candidate = float(f"{value:.{digits}g}")
                if _FLOAT32.unpack(_FLOAT32.pack(candidate))[0] == value:
                    found = candidate
                    break
        if len(_snapped) > 1 << 20:
            _snapped.clear()
        _snapped[value] = found
    return found


def _mult(m1: Matrix, m0: Matrix) -> Matrix:
    """m1 then m0 (pdfminer's mult_matrix)."""
    a1, b1, c1, d1, e1, f1 = m1
    a0, b0, c0, d0, e0, f0 = m0
    return (
        a0 * a1 + c0 * b1,
        b0 * a1 + d0 * b1,
        a0 * c1 + c0 * d1,
        b0 * c1 + d0 * d1,
        a0 * e1 + c0 * f1 + e0,
        b0 * e1 + d0 * f1 + f0,
    )


def _page_ctm(rotate: int, box: tuple[float, float, float, float]) -> Matrix:
    """pdfminer's device matrix of a page (PDFPageInterpreter.process_page)."""
    x0, y0, x1, y1 = box
    if rotate == 90:
        return (0, -1, 1, 0, -y0, x1)
    if rotate == 180:
        return (-1, 0, 0, -1, x1, y1)
    if rotate == 270:
        return (0, 1, -1, 0, y1, -x0)
    return (1, 0, 0, 1, -x0, -y0)


@dataclass(frozen=True, slots=True)
class _Font:
    """What a char's box needs from its font, as pdfminer reads the font."""

    fontname: str
    descent: float  # per unit of font size
    vertical: bool


class _Fonts:
    """The document's fonts as pdfminer reads them, by base name without the
    subset tag (pdfium's font name); read once per document, as pdfium's
    font handles are reused from one document to the next."""

    def __init__(self, data: bytes) -> None:
        self._by_name: dict[str, _Font] = {}
        # The pages' MediaBoxes as written (pdfium has them in single precision).
        self.boxes: list[tuple[float, float, float, float]] = []
        self._handles: dict[tuple[int, int], _Font] = {}
        # Advances by font handle and size, then by char (_TextStyle.advances).
        self._sized: dict[tuple[int, float], dict[str, tuple[str, float]]] = {}
        self._widths: dict[tuple[int, str], tuple[str, float]] = {}
        # Text styles by font handle, size and matrices (read_pdfium._text_style).
        self.styles: dict[tuple[Any, ...], _TextStyle] = {}
        # A damaged font dictionary or page tree: pdfium's own values then.
        with contextlib.suppress(Exception):
            self._read(data)

    def _read(self, data: bytes) -> None:
        from pdfminer.pdfdocument import PDFDocument
        from pdfminer.pdfpage import PDFPage
        from pdfminer.pdfparser import PDFParser
        from pdfminer.pdftypes import PDFObjRef, dict_value, resolve1

        document = PDFDocument(PDFParser(io.BytesIO(data)))
        seen: set[int] = set()
        seen_forms: set[int] = set()

        def fonts_of(resources: Any, depth: int) -> None:
            resources = dict_value(resources)
            for spec in dict_value(resources.get("Font")).values():
                objid = spec.objid if isinstance(spec, PDFObjRef) else None
                if objid is not None and objid in seen:
                    continue
                if objid is not None:
                    seen.add(objid)
                with contextlib.suppress(Exception):
                    basefont, font = _font_of(dict_value(spec))
                    self._by_name.setdefault(_SUBSET_TAG.sub("", basefont), font)
            if depth < 4:
                for ref in dict_value(resources.get("XObject")).values():
                    if isinstance(ref, PDFObjRef):
                        if ref.objid in seen_forms:
                            continue
                        seen_forms.add(ref.objid)
                    xobject = resolve1(ref)
                    attrs = getattr(xobject, "attrs", None)
                    if isinstance(attrs, dict) and attrs.get("Resources") is not None:
                        fonts_of(attrs.get("Resources"), depth + 1)

        for page in PDFPage.create_pages(document):
            fonts_of(page.resources, 0)
            box = page.mediabox
            if box is not None and len(box) == 4:
                self.boxes.append(tuple(float(v) for v in box))  # type: ignore[arg-type]

    def advance(self, handle: Any, text: str, size: float) -> tuple[str, float]:
        """The char's text as the font maps it, and its advance width at `size`.

        pdfium's text page gives some ideographs as the Kangxi radical that
        looks the same, or the other way round (pdfminer gives what the
        font's ToUnicode map says), and finds no width for them: the width
        is that of the form the font maps, and that form is the text."""
        sized = self.sized(handle, size)
        found = sized.get(text)
        if found is None:
            form, width = self._width(handle, text)
            # Scaled as pdfminer scales the font's /Widths: width * 0.001 * size.
            found = (form, width * 0.001 * size) if width else (text, 0.0)
            sized[text] = found
        return found

    def sized(self, handle: Any, size: float) -> dict[str, tuple[str, float]]:
        """The advances of one font at one size by char (filled by advance):
        a text object's chars are looked up in it by char alone."""
        key = (handle or 0, size)
        found = self._sized.get(key)
        if found is None:
            found = self._sized[key] = {}
        return found

    def _width(self, handle: Any, text: str) -> tuple[str, float]:
        """The form of `text` the font has a glyph for and that glyph's width
        in text space units (0.0: none), asked of pdfium once per font and
        char: the glyph is loaded from the font file for it, and a
        document prints one char in several sizes."""
        key = (handle or 0, text)
        found = self._widths.get(key)
        if found is None:
            found = text, 0.0
            width = ctypes.c_float()
            for form in _forms(text):
                if _c.FPDFFont_GetGlyphWidth(handle, ord(form), 1000.0, width) and width.value:
                    found = form, _snap(width.value)
                    break
            self._widths[key] = found
        return found

    def get(self, handle: Any, size: float) -> _Font:
        key = (handle or 0, 0)
        found = self._handles.get(key)
        if found is None:
            name = _font_name(handle)
            found = self._by_name.get(name)
            if found is None:
                descent = ctypes.c_float()
                _c.FPDFFont_GetDescent(handle, 1000.0, descent)
                found = _Font(name, -abs(descent.value) / 1000, False)
            self._handles[key] = found
        return found


def _font_of(spec: dict[str, Any]) -> tuple[str, _Font]:
    """A font's base name and what a char box needs of it, as pdfminer's font
    classes read them (pdffont.py: PDFFont, PDFType1Font, PDFType3Font,
    PDFCIDFont), without their ToUnicode and CMap parsing."""
    from pdfminer.fontmetrics import FONT_METRICS
    from pdfminer.pdftypes import PDFStream, dict_value, list_value, num_value, resolve1
    from pdfminer.psparser import PSLiteral, literal_name
    from pdfplumber.page import fix_fontname_bytes

    def name_of(value: Any) -> str:
        value = resolve1(value)
        if isinstance(value, PSLiteral):
            value = literal_name(value)
        if isinstance(value, bytes):
            value = fix_fontname_bytes(value)
        return str(value)

    subtype = name_of(spec.get("Subtype", "Type1"))
    basefont = name_of(spec.get("BaseFont", "unknown"))
    vertical = False
    if subtype == "Type0":
        descendants = list_value(spec.get("DescendantFonts", []))
        cid_font = dict_value(descendants[0]) if descendants else {}
        descriptor = dict_value(cid_font.get("FontDescriptor", {}))
        encoding = resolve1(spec.get("Encoding"))
        if isinstance(encoding, PSLiteral):
            vertical = literal_name(encoding).endswith("-V")
        elif isinstance(encoding, PDFStream):
            vertical = resolve1(encoding.get("WMode", 0)) == 1
    elif subtype == "Type3":
        descriptor = dict_value(spec.get("FontDescriptor", {})) or {
            "FontBBox": spec.get("FontBBox", [0, 0, 0, 0])
        }
        bbox = [num_value(v) for v in list_value(resolve1(descriptor.get("FontBBox", [0] * 4)))]
        matrix = [num_value(v) for v in list_value(spec.get("FontMatrix", [0.001, 0, 0, 0.001]))]
        vscale = matrix[1] + matrix[3]
        fontname = name_of(descriptor.get("FontName", "unknown"))
        return basefont, _Font(fontname, float(bbox[1]) * vscale, False)
    elif basefont in FONT_METRICS:
        descriptor = FONT_METRICS[basefont][0]
    else:
        descriptor = dict_value(spec.get("FontDescriptor", {}))
    descent = float(num_value(descriptor.get("Descent", 0)))
    # pdfminer: "/Descent should always be a negative number".
    descent = -descent if descent > 0 else descent
    fontname = name_of(descriptor.get("FontName", "unknown"))
    return basefont, _Font(fontname, descent * 0.001, vertical)


@lru_cache(maxsize=1)
def _radicals_of() -> dict[str, list[str]]:
    """Unified ideograph → the radicals that look the same."""
    found: dict[str, list[str]] = {}
    for code, ideograph in radical_table().items():
        found.setdefault(ideograph, []).append(chr(code))
    return found


# pdfium's text page puts U+0002 for a hyphen that ends a line.
_PDFIUM_HYPHEN = "\x02"
_HYPHENS = ["-", "\u00ad", "\u2010", "\u2011", "\u2012", "\u2013", "\u2212"]


def _forms(text: str) -> list[str]:
    """The char, then the other code points that print the same ideograph
    (or, for pdfium's line-end hyphen marker, the hyphens)."""
    if text == _PDFIUM_HYPHEN:
        return _HYPHENS
    if len(text) != 1:
        return [text[:1]] if text else []
    unified = radical_table().get(ord(text))
    if unified is not None:
        return [text, unified, *(r for r in _radicals_of()[unified] if r != text)]
    return [text, *_radicals_of().get(text, ())]


def _font_name(handle: Any) -> str:
    length = _c.FPDFFont_GetBaseFontName(handle, None, 0)
    if length <= 0:
        return ""
    buffer = ctypes.create_string_buffer(length)
    _c.FPDFFont_GetBaseFontName(handle, buffer, length)
    return buffer.value.decode("utf-8", "replace")


def read_pdf_pages(data: bytes, max_pages: int | None) -> tuple[int, Iterator[RawPage]]:
    """The page count and the raw pages of a PDF, read one at a time as the
    iterator is drawn on (memory stays flat on long files). Raises
    InputError with a one-line reason (pdfium's error mapped to read.py's
    reasons), the iterator too for a page that cannot be read."""
    buffer = ctypes.create_string_buffer(data, len(data))
    document = _c.FPDF_LoadMemDocument64(buffer, len(data), None)
    if not document:
        code = _c.FPDF_GetLastError()
        raise InputError(_ERRORS.get(code, f"unreadable PDF: pdfium error {code}"))
    try:
        total = _c.FPDF_GetPageCount(document)
        check_page_cap(total, max_pages)
    except BaseException:
        _c.FPDF_CloseDocument(document)
        raise
    return total, _pages(document, buffer, total, _Fonts(data))


def _pages(document: int, buffer: Any, total: int, fonts: _Fonts) -> Iterator[RawPage]:
    # `buffer` holds the bytes pdfium reads from until the document is closed.
    try:
        doctop = 0.0
        for index in range(total):
            page = _read_page(document, index, fonts)
            if doctop:
                for kind in page.graphics.values():
                    for obj in kind:
                        obj["doctop"] += doctop  # pdfplumber's: from the first page's top
            doctop += page.height
            yield page
    finally:
        _c.FPDF_CloseDocument(document)
        del buffer


class _Page:
    """Coordinates of one page: pdfminer's device space, then pdfplumber's."""

    def __init__(self, handle: Any, written: tuple[float, float, float, float] | None) -> None:
        left, bottom, right, top = (ctypes.c_float() for _ in range(4))
        _c.FPDFPage_GetMediaBox(handle, left, bottom, right, top)
        box = (_snap(left.value), _snap(bottom.value), _snap(right.value), _snap(top.value))
        if written is not None and all(
            abs(a - b) < 0.01 for a, b in zip(box, written, strict=True)
        ):
            box = written
        self.rotate = (_c.FPDFPage_GetRotation(handle) * 90) % 360
        self.ctm = _page_ctm(self.rotate, box)
        x0, x1 = sorted((box[0], box[2]))
        y0, y1 = sorted((box[1], box[3]))
        if self.rotate in (90, 270):
            x0, y0, x1, y1 = y0, x0, y1, x1
        self.width = x1 - x0
        self.height = y1 - y0
        self.mb_x0 = x0
        self.mb_top = -y0
        self.bbox = (x0, -y0, x1, self.height - y0)

    def geometry(self, x0: float, y0: float, x1: float, y1: float) -> dict[str, Any]:
        """pdfplumber's keys of an object whose device box is (x0, y0, x1, y1)."""
        top = (self.height - y1) + self.mb_top
        bottom = (self.height - y0) + self.mb_top
        if self.mb_x0 != 0:
            px0, px1 = x0 + self.mb_x0, x1 + self.mb_x0
        else:
            px0, px1 = x0, x1
        return {
            "x0": px0,
            "x1": px1,
            "top": top,
            "bottom": bottom,
            "doctop": top,
            "width": x1 - x0,
            "height": y1 - y0,
        }


_FS_MATRIX = pdfium.FS_MATRIX()
_AT_MATRIX = ctypes.byref(_FS_MATRIX)
# FS_MATRIX's six floats a to f, read in one call (not a ctypes field access each).
_SIX_FLOATS = struct.Struct("6f")
_matrices: dict[tuple[float, ...], Matrix] = {}


def _matrix(handle: Any) -> Matrix:
    if not _matrix_of(ctypes.c_void_p(handle), _AT_MATRIX):
        return IDENTITY
    written = _SIX_FLOATS.unpack_from(_FS_MATRIX)
    found = _matrices.get(written)
    if found is None:
        a, b, c, d, e, f = written
        found = (_snap(a), _snap(b), _snap(c), _snap(d), _snap(e), _snap(f))
        if len(_matrices) > 1 << 16:
            _matrices.clear()
        _matrices[written] = found
    return found


def _objects(container: Any, count: int, get: Any, form: Matrix | None) -> Iterator[Any]:
    """Page objects in content-stream order with the matrix of the form
    they sit in (None on the page), forms flattened as pdfminer walks them."""
    for index in range(count):
        obj = get(container, index)
        kind = _c.FPDFPageObj_GetType(obj)
        if kind == pdfium.FPDF_PAGEOBJ_FORM:
            inner = _mult(_matrix(obj), form) if form is not None else _matrix(obj)
            yield from _objects(
                obj, _c.FPDFFormObj_CountObjects(obj), _c.FPDFFormObj_GetObject, inner
            )
        else:
            yield obj, kind, form


def _read_page(document: Any, index: int, fonts: _Fonts) -> RawPage:
    handle = _c.FPDF_LoadPage(document, index)
    if not handle:
        raise InputError(f"damaged PDF: page {index + 1} cannot be read")
    text_page = _c.FPDFText_LoadPage(handle)
    try:
        page = _Page(handle, fonts.boxes[index] if index < len(fonts.boxes) else None)
        objects = list(
            _objects(handle, _c.FPDFPage_CountObjects(handle), _c.FPDFPage_GetObject, None)
        )
        by_object = _text_page_chars(text_page)
        glyphs: list[Glyph] = []
        graphics: dict[str, list[dict[str, Any]]] = {"line": [], "rect": [], "curve": []}
        line = _Line()
        texts = [
            (obj, by_object.get(obj), form)
            for obj, kind, form in objects
            if kind == pdfium.FPDF_PAGEOBJ_TEXT
        ]
        for i, (obj, chars, form) in enumerate(texts):
            if not chars:
                after = next((c[0] for _, c, _ in texts[i + 1 :] if c), None)
                chars = _inkless_chars(obj, form, fonts, after)
            style = _text_style(obj, form, fonts, page.ctm)
            _glyphs(page, style, fonts, chars, page.ctm, line, glyphs)
        for obj, kind, form in objects:
            if kind == pdfium.FPDF_PAGEOBJ_PATH:
                _paths(page, obj, form, graphics)
        return RawPage(
            number=index + 1,
            width=page.width,
            height=page.height,
            bbox=page.bbox,
            glyphs=glyphs,
            graphics=graphics,
            blank=not objects,
        )
    finally:
        if text_page:
            _c.FPDFText_ClosePage(text_page)
        _c.FPDF_ClosePage(handle)


# Points: a pdfium char origin this close to pdfminer's sum of advances is that sum.
_SAME_ORIGIN = 1e-3

# What pdfium's text page generates: spaces and line breaks.
_GENERATED = frozenset((0x20, 0x0A, 0x0D))

# One char of a text object: text, origin (page space), unmapped.
_Char = tuple[str, float, float, bool]


def _text_page_chars(text_page: Any) -> dict[int, list[_Char]]:
    """The text page's chars by the text object they belong to, pdfium's
    generated spaces and line breaks left out."""
    found: dict[int, list[_Char]] = {}
    x, y = ctypes.c_double(), ctypes.c_double()
    at_x, at_y = ctypes.byref(x), ctypes.byref(y)
    # Bound once: five calls a char, hundreds of chars a page.
    is_generated = _is_generated
    text_object = _text_object_of
    unicode_of = _unicode_of
    origin_of = _origin_of
    map_error = _map_error_of
    snapped = _snapped
    generated = _GENERATED
    pending_high = ""
    # A text object's chars mostly come one after another: its list is
    # looked up when the object changes.
    last_obj = 0
    chars: list[_Char] = []
    count = _c.FPDFText_CountChars(text_page)
    text_page = ctypes.c_void_p(text_page)  # for the bare calls
    for i in range(count):
        code = unicode_of(text_page, i)
        # pdfium generates spaces and line breaks only (CPDF_TextPage): the
        # one call a char saved on every other char.
        if code in generated and is_generated(text_page, i) == 1:
            continue
        obj = text_object(text_page, i)
        if not obj:
            continue
        if code < 0xD800 or code >= 0xE000:  # not a surrogate: one test for most chars
            text = chr(code)
        elif code < 0xDC00:
            pending_high = chr(code)
            continue
        elif pending_high:
            text = (pending_high + chr(code)).encode("utf-16", "surrogatepass").decode("utf-16")
        else:
            text = chr(code)
        pending_high = ""
        origin_of(text_page, i, at_x, at_y)
        value = x.value
        ox = snapped.get(value)
        if ox is None:
            ox = _snap(value)
        value = y.value
        oy = snapped.get(value)
        if oy is None:
            oy = _snap(value)
        unmapped = code in (0, 0xFFFE) or map_error(text_page, i) == 1
        if obj != last_obj:
            last_obj = obj
            chars = found.setdefault(obj, [])
        chars.append((text, ox, oy, unmapped))
    return found


# What an ink-less text object prints, most likely first.
_SPACES = (" ", "\u3000", "\xa0")


def _inkless_chars(
    obj: Any, form: Matrix | None, fonts: _Fonts, after: _Char | None
) -> list[_Char]:
    """The chars of a text object the text page left out: one that prints
    no ink (a lone space between two names). pdfium gives neither its text
    nor an extent: it is taken for one space at the object's origin, of the
    spaces its font has a glyph for the one whose advance reaches the next
    char on its line (`after`), else the first. (An object of several
    spaces comes out as one: a known difference from pdfminer.)"""
    matrix = _matrix(obj)
    if form is not None:
        matrix = _mult(matrix, form)
    a, b, _, _, e, f = matrix
    handle = _c.FPDFTextObj_GetFont(obj)
    size = ctypes.c_float()
    _c.FPDFTextObj_GetFontSize(obj, size)
    widths = [(s, fonts.advance(handle, s, _snap(size.value))[1]) for s in _SPACES]
    candidates = [(s, w) for s, w in widths if w] or [(" ", 0.0)]
    space = candidates[0][0]
    if after is not None and len(candidates) > 1:
        gap = math.hypot(after[1] - e, after[2] - f)
        scale = math.hypot(a, b)
        if gap <= 1.5 * scale * max(w for _, w in candidates):
            space = min(candidates, key=lambda sw: abs(sw[1] * scale - gap))[0]
    return [(space, e, f, False)]


@dataclass(frozen=True, slots=True)
class _TextStyle:
    """What every char of one text object shares, worked out once: the
    font, and the terms of pdfminer's LTChar box (layout.LTChar.__init__)
    that do not depend on the char's origin or advance, each computed as
    pdfminer computes it, so that the sums come out the same to the bit."""

    fontsize: float  # set by Tf
    handle: int  # pdfium's font
    font: _Font
    # The char's matrix in pdfminer's device space, less its origin.
    ma: float
    mb: float
    mc: float
    md: float
    upright: bool
    # The text's x direction on the page (the object's matrix, a and b).
    pa: float
    pb: float
    # Horizontal: the box's corners (0, descent) and (advance, descent + size);
    # x0 = ma * 0 + mc * descent + e, x1 = ma * advance + mc * (descent + size) + e.
    # Vertical: both corners fixed, the sums up to e (f) whole.
    x_low: float
    y_low: float
    x_high: float
    y_high: float
    # The font's advances at this size by char (_Fonts.sized), shared.
    advances: dict[str, tuple[str, float]] = field(compare=False)


_FONT_SIZE = ctypes.c_float()
_AT_FONT_SIZE = ctypes.byref(_FONT_SIZE)


def _text_style(obj: Any, form: Matrix | None, fonts: _Fonts, ctm: Matrix) -> _TextStyle:
    text_object = ctypes.c_void_p(obj)  # for the bare calls
    # Not written when the call fails: 0.0 then, as a fresh c_float would be.
    size = _FONT_SIZE.value if _font_size_of(text_object, _AT_FONT_SIZE) else 0.0
    handle = _font_of_object(text_object) or 0
    a, b, c, d, _, _ = _matrix(obj)
    # Most of a page's text objects share font, size and matrix but for the origin.
    key = (handle, size, a, b, c, d, form, ctm)
    found = fonts.styles.get(key)
    if found is None:
        found = fonts.styles[key] = _new_style(handle, _snap(size), (a, b, c, d), form, fonts, ctm)
    return found


def _new_style(
    handle: int,
    fontsize: float,
    linear: tuple[float, float, float, float],
    form: Matrix | None,
    fonts: _Fonts,
    ctm: Matrix,
) -> _TextStyle:
    a, b, c, d = linear
    if form is not None:
        a, b, c, d, _, _ = _mult((a, b, c, d, 0.0, 0.0), form)
    font = fonts.get(handle, fontsize)
    # _mult((a, b, c, d, e, f), ctm), the origin's terms left for the char.
    a0, b0, c0, d0, _, _ = ctm
    ma, mb, mc, md = a0 * a + c0 * b, b0 * a + d0 * b, a0 * c + c0 * d, b0 * c + d0 * d
    if font.vertical:
        vx = fontsize * 0.5
        vy = (1000 - 880) * fontsize * 0.001
        low, high = (-vx, vy - fontsize), (-vx + fontsize, vy)
        x_low, y_low = ma * low[0] + mc * low[1], mb * low[0] + md * low[1]
        x_high, y_high = ma * high[0] + mc * high[1], mb * high[0] + md * high[1]
    else:
        descent = font.descent * fontsize
        x_low, y_low = ma * 0.0 + mc * descent, mb * 0.0 + md * descent
        x_high, y_high = mc * (descent + fontsize), md * (descent + fontsize)
    upright = ma * md > 0 and mb * mc <= 0
    return _TextStyle(
        fontsize,
        handle,
        font,
        ma,
        mb,
        mc,
        md,
        upright,
        a,
        b,
        x_low,
        y_low,
        x_high,
        y_high,
        fonts.sized(handle, fontsize),
    )


class _Line:
    """Where pdfminer's text line stands (its line matrix): the device
    origin (e, f) and page origin (x, y) it started at, the text's
    direction there, and the sum of the advances since (`run`)."""

    __slots__ = ("direction", "e", "f", "run", "x", "y")

    def __init__(self) -> None:
        self.direction: tuple[float, float, float, float] | None = None
        self.x = self.y = self.e = self.f = self.run = 0.0


def _kerned_run(
    lx: float,
    ly: float,
    run: float,
    pa: float,
    pb: float,
    dx: float,
    dy: float,
    ox: float,
    oy: float,
    size: float,
) -> float | None:
    """pdfminer's x for a char at pdfium's origin (ox, oy), (dx, dy) off
    the sum of the advances `run` along the line from (lx, ly) (in the
    char's direction): that sum
    less a TJ adjustment (a whole number of 1/1000 of the size) if one is
    between; None when it is not on the line."""
    scale = pa * pa + pb * pb
    if not scale or not size:
        return None
    # pdfminer: x -= adjustment * dxscale, dxscale = 0.001 * size * scaling (100 %).
    dxscale = 0.001 * size * 1.0
    adjustment = round((dx * pa + dy * pb) / scale / dxscale)
    if not adjustment:
        return None
    kerned = run - adjustment * dxscale
    if abs(lx + kerned * pa - ox) < _SAME_ORIGIN and abs(ly + kerned * pb - oy) < _SAME_ORIGIN:
        return kerned
    return None


def _glyphs(
    page: _Page,
    style: _TextStyle,
    fonts: _Fonts,
    chars: list[_Char],
    ctm: Matrix,
    line: _Line,
    out: list[Glyph],
) -> None:
    """pdfminer's LTChar box for each char of one text object, in
    pdfplumber's coordinates (read.py's pdfminer path), added to `out`."""
    fontsize, font, handle = style.fontsize, style.font, style.handle
    ma, mb = style.ma, style.mb
    x_low, y_low, x_high, y_high = style.x_low, style.y_low, style.x_high, style.y_high
    vertical, upright, fontname = font.vertical, style.upright, font.fontname
    a0, b0, c0, d0, e0, f0 = ctm
    height, mb_top, mb_x0 = page.height, page.mb_top, page.mb_x0
    advances, advance = style.advances, fonts.advance
    same_origin = _SAME_ORIGIN
    append = out.append
    # pdfminer places a char at x * (A, B) + (E, F) of its text line's start
    # (the last Td or Tm, over text objects: its line matrix), x the sum of
    # the advances before it (in double precision); pdfium's origins are the
    # same sums in single precision, off by a few 1e-5 pt (enough to turn a
    # rounding to 0.01 pt). Where pdfium's origin is that sum (no kerning,
    # char spacing or move between), the sum is taken.
    pa, pb = style.pa, style.pb
    direction = None if vertical else (pa, pb, ma, mb)
    # The line's state in locals over the chars (one attribute write each at
    # the end, not five a char); `on_line`: the line runs in this direction.
    on_line = direction is not None and direction == line.direction
    lx, ly, le, lf, run = line.x, line.y, line.e, line.f, line.run
    for text, ox, oy, unmapped in chars:
        found = advances.get(text)
        text, adv = found if found is not None else advance(handle, text, fontsize)
        at: float | None = None
        if on_line:
            dx, dy = lx + run * pa - ox, ly + run * pb - oy
            if abs(dx) < same_origin and abs(dy) < same_origin:
                at = run
            else:
                at = _kerned_run(lx, ly, run, pa, pb, dx, dy, ox, oy, fontsize)
        if at is not None:
            me = at * ma + le
            mf = at * mb + lf
            run = at + adv
        else:
            me = a0 * ox + c0 * oy + e0
            mf = b0 * ox + d0 * oy + f0
            lx, ly, le, lf, run = ox, oy, me, mf, 0.0 + adv
            line.direction = direction
            on_line = direction is not None
        x0 = x_low + me
        y0 = y_low + mf
        if vertical:
            x1 = x_high + me
            y1 = y_high + mf
        else:
            x1 = ma * adv + x_high + me
            y1 = mb * adv + y_high + mf
        if x1 < x0:
            x0, x1 = x1, x0
        if y1 < y0:
            y0, y1 = y1, y0
        append(
            (
                x0 + mb_x0 if mb_x0 != 0 else x0,
                (height - y1) + mb_top,
                x1 + mb_x0 if mb_x0 != 0 else x1,
                (height - y0) + mb_top,
                UNMAPPED if unmapped else text,
                upright,
                x1 - x0 if vertical or ma == 0 else y1 - y0,
                fontname,
            )
        )
    line.x, line.y, line.e, line.f, line.run = lx, ly, le, lf, run


# Out-parameters of the path calls, made once (a fresh ctypes object and
# byref a call cost more than the call).
_FILL, _STROKE = ctypes.c_int(), ctypes.c_int()
_AT_FILL, _AT_STROKE = ctypes.byref(_FILL), ctypes.byref(_STROKE)
_POINT_X, _POINT_Y = ctypes.c_float(), ctypes.c_float()
_AT_POINT_X, _AT_POINT_Y = ctypes.byref(_POINT_X), ctypes.byref(_POINT_Y)


def _paths(
    page: _Page, obj: Any, form: Matrix | None, graphics: dict[str, list[dict[str, Any]]]
) -> None:
    """A path object's subpaths as pdfminer's lines, rectangles and curves
    (converter.PDFLayoutAnalyzer.paint_path)."""
    path = ctypes.c_void_p(obj)  # for the bare calls
    # Not written when the call fails: 0 then, as fresh c_ints would be.
    if not _draw_mode_of(path, _AT_FILL, _AT_STROKE):
        _FILL.value = _STROKE.value = 0
    if not _FILL.value and not _STROKE.value:
        return  # a clipping path: pdfminer paints nothing either
    matrix = _matrix(obj)
    if form is not None:
        matrix = _mult(matrix, form)
    matrix = _mult(matrix, page.ctm)
    a, b, c, d, e, f = matrix
    x, y = _POINT_X, _POINT_Y
    at_x, at_y = _AT_POINT_X, _AT_POINT_Y
    # A call that fails writes nothing: the last point then, or 0.0 (fresh floats).
    x.value = y.value = 0.0
    snapped = _snapped
    subpaths: list[tuple[str, list[tuple[float, float]]]] = []
    shape: str = ""
    points: list[tuple[float, float]] = []
    bezier = 0
    for i in range(_segment_count(path)):
        segment = _path_segment(path, i)
        kind = _segment_type(segment)
        _segment_point(segment, at_x, at_y)
        px = snapped.get(x.value)
        if px is None:
            px = _snap(x.value)
        py = snapped.get(y.value)
        if py is None:
            py = _snap(y.value)
        point = (a * px + c * py + e, b * px + d * py + f)
        if kind == pdfium.FPDF_SEGMENT_MOVETO:
            if shape:
                subpaths.append((shape, points))
            shape, points, bezier = "m", [point], 0
        elif kind == pdfium.FPDF_SEGMENT_BEZIERTO:
            bezier += 1
            if bezier < 3:
                continue  # control points: pdfminer keeps a curve's end points only
            bezier = 0
            shape += "c"
            points.append(point)
        else:
            shape += "l"
            points.append(point)
        if _segment_closes(segment) and shape:
            shape += "h"
            points.append(points[0])
    if shape:
        subpaths.append((shape, points))
    for sub_shape, sub_points in subpaths:
        _classify(page, sub_shape, sub_points, graphics)


def _classify(
    page: _Page,
    shape: str,
    pts: list[tuple[float, float]],
    graphics: dict[str, list[dict[str, Any]]],
) -> None:
    if shape[:1] != "m" or len(pts) < 2:
        return
    # pdfminer drops a redundant "l" on a path closed with "h".
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-1]
        pts = pts[:-1]
    if shape in ("ml", "mlh"):
        kind = "line"
        pts = pts[:2]
    elif shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts[:5]
        closed = pts[0] == pts[4]
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
            y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
        )
        kind = "rect" if closed and square else "curve"
    else:
        kind = "curve"
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    geometry = page.geometry(min(xs), min(ys), max(xs), max(ys))
    geometry.update(object_type=kind, y0=min(ys), y1=max(ys))
    if kind == "curve":
        geometry["pts"] = [(page.mb_x0 + px, page.mb_top + page.height - py) for px, py in pts]
    graphics[kind].append(geometry)
