"""One lock for PDFium: the library is not thread-safe, and the app renders previews,
thumbnails and prints from several threads. Every use of pypdfium2 holds this lock."""
from __future__ import annotations

import threading

PDFIUM_LOCK = threading.RLock()
