#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# tests/unit/seam_mrtd_ref.py - an independent MRTD of the synthetic image
# that tests/unit/seam_testlib.h builds (ti_build(1)). Rebuilds the image
# from the same description and hashes it with hashlib, following the block
# formats of REFERENCES.md. Its output is pasted into test_seam_mrtd.c.
import hashlib
import struct
import uuid

SIZE = 0x20000
BASE = (1 << 32) - SIZE
DESC_FROM_END = 0x300
ZONE = (0xC00000, 0x10000)
# data_offset, raw, gpa, size, type, attributes
SECTIONS = [
    (0x0, 0x8000, BASE, 0x8000, 1, 0),
    (0x8000, 0x18000, BASE + 0x8000, 0x18000, 0, 1),
    (0, 0, 0x880000, 0x10000, 2, 0),
    (0, 0, 0x800000, 0x80000, 3, 0),
    (0, 0, ZONE[0], ZONE[1], 3, 0),
    (0, 0, 0x1000000, 0x200000, 4, 2),
]


def image():
    img = bytearray(((i * 7 + (i >> 12)) & 0xFF) for i in range(SIZE))
    d = SIZE - DESC_FROM_END
    desc = struct.pack("<4sIII", b"TDVF", 16 + 32 * len(SECTIONS), 1, len(SECTIONS))
    for s in SECTIONS:
        desc += struct.pack("<IIQQII", *s)
    img[d:d + len(desc)] = desc
    fg = uuid.UUID("96b582de-1fb2-45f7-baea-a366c55a082d").bytes_le
    mg = uuid.UUID("e47a6535-984a-4798-865e-4685a7bf8ec2").bytes_le
    zg = uuid.UUID("3f1f8c2a-6c1e-4d8b-9a57-2b7e4d0c9e11").bytes_le
    block = (bytes(22) + struct.pack("<QQH", ZONE[0], ZONE[1], 34) + zg
             + struct.pack("<IH", DESC_FROM_END, 22) + mg
             + struct.pack("<H", 22 + 34 + 2 + 16) + fg)
    assert len(block) == 96
    img[SIZE - 32 - 96:SIZE - 32] = block
    return bytes(img)


def mrtd(img):
    h = hashlib.sha384()
    for off, raw, gpa, size, typ, attr in SECTIONS:
        if attr & 2:
            continue
        data = img[off:off + raw] + bytes(size - raw)
        for p in range(0, size, 4096):
            h.update(b"MEM.PAGE.ADD".ljust(16, b"\0") + struct.pack("<Q", gpa + p) + bytes(104))
            if attr & 1:
                for c in range(0, 4096, 256):
                    h.update(b"MR.EXTEND".ljust(16, b"\0") + struct.pack("<Q", gpa + p + c) + bytes(104))
                    h.update(data[p + c:p + c + 256])
    return h.hexdigest()


if __name__ == "__main__":
    print(mrtd(image()))
