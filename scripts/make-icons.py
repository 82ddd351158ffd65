#!/usr/bin/env python3
"""Renders the PWA icons (public/icons/*.png) from the same shapes as
icon.svg, with only the standard library. Run after changing the design."""
import struct, zlib, os

BLUE, WHITE, LIGHT = (0x1F, 0x5F, 0x8B), (0xFF, 0xFF, 0xFF), (0x8F, 0xB3, 0xCC)

def shapes(x, y):
    """Colour at (x, y) in the 64x64 design space, or None for transparent."""
    def rrect(x0, y0, w, h, r):
        if not (x0 <= x < x0 + w and y0 <= y < y0 + h):
            return False
        cx = min(max(x, x0 + r), x0 + w - r)
        cy = min(max(y, y0 + r), y0 + h - r)
        return (x - cx) ** 2 + (y - cy) ** 2 <= r * r
    colour = None
    if rrect(0, 0, 64, 64, 14): colour = BLUE
    if rrect(10, 16, 44, 32, 5): colour = WHITE
    if (x - 23) ** 2 + (y - 29) ** 2 <= 25: colour = BLUE
    if 35 <= y <= 42 and abs(x - 23) <= 8 - (42 - y) * 0.45: colour = BLUE
    if rrect(35, 25, 14, 3, 1.5): colour = BLUE
    if rrect(35, 31, 11, 3, 1.5): colour = LIGHT
    if rrect(35, 37, 13, 3, 1.5): colour = LIGHT
    return colour

def render(size, maskable=False):
    rows = []
    ss = 3  # supersampling per axis
    for py in range(size):
        row = bytearray([0])
        for px in range(size):
            acc = [0, 0, 0, 0]
            for sy in range(ss):
                for sx in range(ss):
                    u = (px + (sx + 0.5) / ss) / size * 64
                    v = (py + (sy + 0.5) / ss) / size * 64
                    if maskable:  # full bleed, design shrunk into the safe zone
                        u, v = (u - 32) / 0.8 + 32, (v - 32) / 0.8 + 32
                        c = shapes(u, v) if 0 <= u < 64 and 0 <= v < 64 else BLUE
                        if c is None: c = BLUE
                    else:
                        c = shapes(u, v)
                    if c is not None:
                        acc[0] += c[0]; acc[1] += c[1]; acc[2] += c[2]; acc[3] += 255
            n = ss * ss
            a = acc[3] // n
            if a:
                row += bytes([acc[0] * 255 // acc[3], acc[1] * 255 // acc[3], acc[2] * 255 // acc[3], a])
            else:
                row += bytes([0, 0, 0, 0])
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 9)
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")

out = os.path.join(os.path.dirname(__file__), "..", "public", "icons")
for name, size, mask in [("icon-192.png", 192, False), ("icon-512.png", 512, False), ("icon-maskable-512.png", 512, True)]:
    with open(os.path.join(out, name), "wb") as f:
        f.write(render(size, mask))
