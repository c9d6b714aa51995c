"""deskdup: read the screen a deskdup producer shares, as NumPy arrays, with no copy.

See :mod:`deskdup.ring` and ``deskdup.Ring``.
"""

from .ring import (SUPPORTED_MAJOR_VERSION, Cursor, Frame, FrameLost, Ring, RingClosed, RingError, RingFormatError,
                   RingFull, RingNotFound, ring_path)

__all__ = ["Ring", "Frame", "Cursor", "RingError", "RingNotFound", "RingFormatError", "RingFull", "RingClosed",
           "FrameLost", "ring_path", "SUPPORTED_MAJOR_VERSION"]
__version__ = "0.1.0"
