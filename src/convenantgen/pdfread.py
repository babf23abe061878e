"""A pyHanko PDF reader that reads each object stream's index once.

pyHanko 0.38 parses an object stream's whole header for every object it takes from it:
quadratic in the objects per stream. WeasyPrint puts a covenant's ~1,700 objects in one
object stream, so reading every object of one revision (as ``verify`` and pyHanko's own
difference analysis do) took 20-50 s here. The header is parsed once per stream instead;
anything unusual is left to pyHanko's own code, so malformed files behave as before.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from pyhanko.pdf_utils import generic, misc
from pyhanko.pdf_utils.decode_limits import DecodePurpose
from pyhanko.pdf_utils.reader import PdfFileReader

# decoded stream, offset of its first object, object count, object number -> (index, offset)
_Index = tuple[bytes, int, int, dict[int, tuple[int, int]]]


class Reader(PdfFileReader):
    """:class:`PdfFileReader` with a per-stream index of object offsets."""

    def __init__(self, stream: Any, strict: bool = False) -> None:
        # set before pyHanko's constructor, which already reads objects
        self._stream_index: dict[int, _Index | None] = {}
        super().__init__(stream, strict=strict)

    def _index(self, stmnum: int) -> _Index | None:
        if stmnum in self._stream_index:
            return self._stream_index[stmnum]
        entry = None
        try:
            stream = generic.Reference(stmnum, 0, self).get_object()
            if isinstance(stream, generic.StreamObject) and stream.get("/Type") == "/ObjStm":
                count, first = int(stream["/N"]), int(stream["/First"])
                data = stream.read_data(DecodePurpose.OBJECT_STREAM)
                header = BytesIO(data)
                offsets: dict[int, tuple[int, int]] = {}
                for position in range(count):
                    misc.read_non_whitespace(header, seek_back=True)  # type: ignore[no-untyped-call]
                    objnum = generic.NumberObject.read_from_stream(header)  # type: ignore[no-untyped-call]
                    misc.read_non_whitespace(header, seek_back=True)  # type: ignore[no-untyped-call]
                    offset = generic.NumberObject.read_from_stream(header)  # type: ignore[no-untyped-call]
                    offsets.setdefault(int(objnum), (position, int(offset)))  # pyHanko takes the first
                entry = (data, first, count, offsets)
        except Exception:  # let pyHanko's own code meet (and report) whatever is wrong
            entry = None
        self._stream_index[stmnum] = entry
        return entry

    def _get_object_from_stream(self, idnum: int, stmnum: int, idx: int) -> Any:
        entry = self._index(stmnum)
        found = entry[3].get(idnum) if entry else None
        if entry is None or found is None or (self.strict and found[0] != idx) or not 0 <= idx < entry[2]:
            return super()._get_object_from_stream(idnum, stmnum, idx)  # type: ignore[no-untyped-call]
        data, first, _count, _offsets = entry
        body = BytesIO(data)
        body.seek(first + found[1])
        try:
            obj = generic.read_object(body, generic.Reference(idnum, 0, self))
        except (misc.PdfStreamError, misc.PdfReadError):
            return super()._get_object_from_stream(idnum, stmnum, idx)  # type: ignore[no-untyped-call]
        if isinstance(obj, generic.StreamObject | generic.IndirectObject):
            return super()._get_object_from_stream(idnum, stmnum, idx)  # type: ignore[no-untyped-call]
        return obj
