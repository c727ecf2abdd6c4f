#!/usr/bin/env python3
"""Draws ConvLab's app icons, assets/icons/icon-192.png and icon-512.png
(named in assets/manifest.webmanifest), with nothing but zlib and struct.

The picture: a 5x5 input grid on the app's blue (--accent), with a 3x3
kernel window in the app's window colour (--window) over its top-left
corner. Everything stays inside
the middle 80% so that a launcher's round or squircle mask cuts no part off.

    python3 scripts/make_icons.py      # rewrites both files
"""
import os
import struct
import zlib

BLUE = (11, 107, 203)      # --accent
CELL = (236, 242, 250)     # a light input cell
WINDOW = (212, 20, 90)     # --window, the kernel's frame
TINT = (250, 214, 226)     # cells under the kernel


def pixel(x, y):
    """The colour at (x, y) in a 1x1 square (0..1 on each axis)."""
    # The grid: 5x5 cells of 0.11 with gaps of 0.02, from 0.185 to 0.815.
    cell, gap, start = 0.11, 0.02, 0.185
    step = cell + gap
    # Kernel frame around cells (0..2, 0..2), 0.025 thick.
    k0, k1 = start - gap, start + 3 * step
    t = 0.025
    inside_frame = k0 - t <= x <= k1 + t and k0 - t <= y <= k1 + t
    in_hole = k0 <= x <= k1 and k0 <= y <= k1
    if inside_frame and not in_hole:
        return WINDOW
    i, j = int((y - start) // step), int((x - start) // step)
    if 0 <= i < 5 and 0 <= j < 5:
        cx, cy = x - start - j * step, y - start - i * step
        if cx <= cell and cy <= cell:
            return TINT if i < 3 and j < 3 else CELL
    return BLUE


def png(size):
    rows = []
    for py in range(size):
        row = bytearray([0])  # filter: none
        for px in range(size):
            # 2x2 supersampling for smooth edges.
            acc = [0, 0, 0]
            for sy in (0.25, 0.75):
                for sx in (0.25, 0.75):
                    c = pixel((px + sx) / size, (py + sy) / size)
                    acc = [a + b for a, b in zip(acc, c)]
            row += bytes(round(a / 4) for a in acc)
        rows.append(bytes(row))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)  # 8-bit RGB
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b"")


def main():
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "assets", "icons")
    os.makedirs(out, exist_ok=True)
    for size in (192, 512):
        path = os.path.join(out, f"icon-{size}.png")
        with open(path, "wb") as f:
            f.write(png(size))
        print(f"{os.path.normpath(path)}: {size}x{size}")


if __name__ == "__main__":
    main()
