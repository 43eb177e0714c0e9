"""Plain text (.txt, .md, .tsv, a DOCX or PDF already converted to text): the text layouts apply."""
from __future__ import annotations

from zwgk.ingest.decode import decode_bytes
from zwgk.ingest.document import Document, text_lines

__all__ = ["read_text"]


def read_text(data: bytes) -> Document:
    """Decode (UTF-8, GBK, UTF-16 …) and split into lines; tables are found in the text."""
    return Document(text_lines(decode_bytes(data)), None, "text")
