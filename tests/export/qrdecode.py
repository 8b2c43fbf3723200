"""A small QR code reader for the tests, independent of the encoder the app uses.

It reads a module grid (versions 1 to 6, byte mode, any error-correction level whose blocks
are all one size): checks the two copies of the format information against the BCH code,
unmasks the data, de-interleaves the blocks, checks every block's Reed-Solomon codewords and
returns the error-correction level and the decoded bytes. Anything wrong raises ValueError.
"""
from __future__ import annotations

from collections.abc import Sequence

Grid = Sequence[Sequence[bool]]

# (blocks, data codewords per block, error-correction codewords per block), ISO/IEC 18004
BLOCKS = {
    "L": {1: (1, 19, 7), 2: (1, 34, 10), 3: (1, 55, 15), 4: (1, 80, 20), 5: (1, 108, 26),
          6: (2, 68, 18)},
    "M": {1: (1, 16, 10), 2: (1, 28, 16), 3: (1, 44, 26), 4: (2, 32, 18), 5: (2, 43, 24),
          6: (4, 27, 16)},
    "Q": {1: (1, 13, 13), 2: (1, 22, 22), 3: (2, 17, 18), 4: (2, 24, 26), 6: (4, 19, 24)},
    "H": {1: (1, 9, 17), 2: (1, 16, 28), 3: (2, 13, 22), 4: (4, 9, 16), 6: (4, 15, 28)},
}
LEVELS = {0b01: "L", 0b00: "M", 0b11: "Q", 0b10: "H"}
MASKS = [
    lambda r, c: (r + c) % 2 == 0, lambda r, c: r % 2 == 0, lambda r, c: c % 3 == 0,
    lambda r, c: (r + c) % 3 == 0, lambda r, c: (r // 2 + c // 3) % 2 == 0,
    lambda r, c: (r * c) % 2 + (r * c) % 3 == 0, lambda r, c: ((r * c) % 2 + (r * c) % 3) % 2 == 0,
    lambda r, c: ((r + c) % 2 + (r * c) % 3) % 2 == 0,
]


def _format_codes() -> dict[int, int]:
    """Every valid 15-bit format word and the 5 bits it carries."""
    out = {}
    for data in range(32):
        rem = data << 10
        for bit in range(14, 9, -1):
            if rem >> bit & 1:
                rem ^= 0x537 << (bit - 10)
        out[((data << 10) | rem) ^ 0x5412] = data
    return out


def _format(grid: Grid) -> int:
    n = len(grid)
    first = [grid[8][c] for c in (0, 1, 2, 3, 4, 5, 7, 8)] + [grid[r][8] for r in (7, 5, 4, 3,
                                                                                   2, 1, 0)]
    second = [grid[r][8] for r in range(n - 1, n - 8, -1)] + [grid[8][c]
                                                              for c in range(n - 8, n)]
    words = [sum(int(bit) << (14 - i) for i, bit in enumerate(bits)) for bits in (first, second)]
    codes = _format_codes()
    if words[0] != words[1] or words[0] not in codes:
        raise ValueError(f"bad format information {words[0]:015b} / {words[1]:015b}")
    return codes[words[0]]


def _is_function(r: int, c: int, n: int, version: int) -> bool:
    if (r <= 8 and c <= 8) or (r <= 8 and c >= n - 8) or (r >= n - 8 and c <= 8):
        return True
    if r == 6 or c == 6:
        return True
    if version >= 2:
        p = 4 * version + 10
        return abs(r - p) <= 2 and abs(c - p) <= 2
    return False


def _read_codewords(grid: Grid, version: int, mask: int) -> list[int]:
    n, bits = len(grid), []
    upward, col = True, n - 1
    while col > 0:
        if col == 6:
            col -= 1
        rows = range(n - 1, -1, -1) if upward else range(n)
        for r in rows:
            for c in (col, col - 1):
                if not _is_function(r, c, n, version):
                    bits.append(bool(grid[r][c]) != MASKS[mask](r, c))
        upward, col = not upward, col - 2
    return [sum(int(b) << (7 - i) for i, b in enumerate(bits[k:k + 8]))
            for k in range(0, len(bits) - 7, 8)]


def _gf_tables() -> tuple[list[int], list[int]]:
    exp, log, x = [0] * 512, [0] * 256, 1
    for i in range(255):
        exp[i], log[x] = x, i
        x <<= 1
        if x & 0x100:
            x ^= 0x11D
    for i in range(255, 512):
        exp[i] = exp[i - 255]
    return exp, log


def _rs_remainder(data: list[int], count: int) -> list[int]:
    exp, log = _gf_tables()
    generator = [1]
    for i in range(count):
        generator = [a ^ (exp[log[b] + i] if b else 0)
                     for a, b in zip([*generator, 0], [0, *generator], strict=True)]
    rem = list(data) + [0] * count
    for i in range(len(data)):
        factor = rem[i]
        if factor:
            for j, g in enumerate(generator):
                if g:
                    rem[i + j] ^= exp[log[g] + log[factor]]
    return rem[len(data):]


def decode(grid: Grid) -> tuple[str, bytes]:
    """The error-correction level and the data of a QR code given as rows of dark modules."""
    n = len(grid)
    version = (n - 17) // 4
    if n != 17 + 4 * version or not 1 <= version <= 6:
        raise ValueError(f"{n} modules a side is not a version 1-6 code")
    fmt = _format(grid)
    level, mask = LEVELS[fmt >> 3], fmt & 7
    count, data_len, ec_len = BLOCKS[level][version]
    words = _read_codewords(grid, version, mask)
    data_words = words[:count * data_len]
    ec_words = words[count * data_len:count * (data_len + ec_len)]
    blocks = [data_words[b::count] for b in range(count)]
    for b, block in enumerate(blocks):
        if _rs_remainder(block, ec_len) != ec_words[b::count]:
            raise ValueError(f"block {b}: error-correction codewords do not match")
    stream = "".join(f"{w:08b}" for block in blocks for w in block)
    if stream[:4] != "0100":
        raise ValueError(f"mode {stream[:4]} is not byte mode")
    length = int(stream[4:12], 2)
    payload = stream[12:12 + 8 * length]
    return level, bytes(int(payload[i:i + 8], 2) for i in range(0, len(payload), 8))
