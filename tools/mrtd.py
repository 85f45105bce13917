#!/usr/bin/env python3
"""tools/mrtd.py IMAGE - MRTD of a TD image, from the image alone.

Independent of tetdh's C code: finds the TDVF descriptor through the GUIDed
footer table (footer GUID 48 bytes before the end, entries walked
backwards), then replays the TDX module's build over the sections in
descriptor order: per 4 KiB page, TDH.MEM.PAGE.ADD (128-byte block
"MEM.PAGE.ADD", zero padded to 16, the GPA at bytes 16..23) unless the
section is PAGE.AUG, then 16 TDH.MR.EXTEND (block "MR.EXTEND" + GPA of the
256-byte chunk, followed by the chunk) if the section has MR.EXTEND.
MRTD = SHA-384 at TDH.MR.FINALIZE. Prints the hex digest.
"""
import hashlib
import struct
import sys
import uuid

FOOTER = uuid.UUID("96b582de-1fb2-45f7-baea-a366c55a082d").bytes_le
METADATA = uuid.UUID("e47a6535-984a-4798-865e-4685a7bf8ec2").bytes_le
ATTR_MR_EXTEND, ATTR_PAGE_AUG = 1, 2


def descriptor_offset(img):
    end = len(img) - 32
    if img[end - 16:end] != FOOTER:
        raise ValueError("no TDVF footer GUID 48 bytes before the image end")
    (table_len,) = struct.unpack_from("<H", img, end - 18)
    start, p = end - table_len, end - 18
    while p > start:
        guid = img[p - 16:p]
        (elen,) = struct.unpack_from("<H", img, p - 18)
        if elen < 18 or p - elen < start:
            raise ValueError("malformed GUIDed table entry")
        if guid == METADATA:
            (off,) = struct.unpack_from("<I", img, p - 18 - 4)
            return len(img) - off
        p -= elen
    raise ValueError("no TDVF metadata entry in the footer table")


def sections(img):
    d = descriptor_offset(img)
    sig, length, version, count = struct.unpack_from("<4sIII", img, d)
    if sig != b"TDVF" or version != 1 or length != 16 + 32 * count:
        raise ValueError("bad TDVF descriptor")
    return [struct.unpack_from("<IIQQII", img, d + 16 + 32 * i) for i in range(count)]


def block(tag, gpa):
    b = bytearray(128)
    b[:len(tag)] = tag
    struct.pack_into("<Q", b, 16, gpa)
    return bytes(b)


def mrtd(img):
    h = hashlib.sha384()
    for off, raw, gpa, size, _type, attr in sections(img):
        data = img[off:off + raw] + bytes(size - raw)
        for pg in range(0, size, 4096):
            if not attr & ATTR_PAGE_AUG:
                h.update(block(b"MEM.PAGE.ADD", gpa + pg))
            if attr & ATTR_MR_EXTEND:
                for c in range(pg, pg + 4096, 256):
                    h.update(block(b"MR.EXTEND", gpa + c))
                    h.update(data[c:c + 256])
    return h.hexdigest()


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        sys.exit(0 if len(sys.argv) == 2 else 2)
    try:
        print(mrtd(open(sys.argv[1], "rb").read()))
    except (OSError, ValueError, struct.error) as e:
        print("mrtd: %s" % e, file=sys.stderr)
        sys.exit(1)
