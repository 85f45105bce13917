#!/usr/bin/env python3
# tests/fuzz/mkseeds_tetdh.py OUTDIR [--synthetic IMG] [--image FD]
#                             [--kernel BZIMAGE] [--initrd FILE]
# Writes the starting corpus of fuzz_tetdh_layout (its input format is
# documented in tests/fuzz/fuzz_tetdh_layout.c): tetdh's real inputs when
# they exist (image/out/tetd.fd, the guest kernel and initramfs), the
# unit tests' synthetic TDVF image (tests/fuzz/seed_tdvf.c), and TDVF
# layouts built here that neither has (Payload + PayloadParam, PAGE.AUG
# and TD_HOB above 4 GiB, a TD_HOB too small for its list, 19 sections).
# Only the last TAIL bytes of each image go into a seed - the metadata and
# footer live there; the harness pads the front with zeros - so seeds stay
# small and mutations hit the metadata.
import argparse
import os
import struct

TAIL = 4096
MiB = 1 << 20
GiB = 1 << 30

FOOTER_GUID = bytes([0xde, 0x82, 0xb5, 0x96, 0xb2, 0x1f, 0xf7, 0x45,
                     0xba, 0xea, 0xa3, 0x66, 0xc5, 0x5a, 0x08, 0x2d])
METADATA_GUID = bytes([0x35, 0x65, 0x7a, 0xe4, 0x4a, 0x98, 0x98, 0x47,
                       0x86, 0x5e, 0x46, 0x85, 0xa7, 0xbf, 0x8e, 0xc2])
ZONE_GUID = bytes([0x2a, 0x8c, 0x1f, 0x3f, 0x1e, 0x6c, 0x8b, 0x4d,
                   0x9a, 0x57, 0x2b, 0x7e, 0x4d, 0x0c, 0x9e, 0x11])

# TDVF section types and attributes (include/tetd/tdvf.h)
BFV, CFV, TD_HOB, TEMP, PERM, PAYLOAD, PARAM = range(7)
EXTEND, AUG = 1, 2


def seed(mem, image_size, tail, kernel_size, kernel_head, initrd_size=0,
         cmdline=b'console=ttyS0', smp=1):
    """One input: the fixed header, then image tail, kernel head, cmdline."""
    out = struct.pack('<QQQIH', mem, kernel_size, initrd_size, image_size, smp - 1)
    for field in (tail, kernel_head, cmdline):
        out += struct.pack('<I', len(field)) + field
    return out


def tdvf_tail(sections, zone=None, desc_from_end=0x300):
    """The last TAIL bytes of an image: descriptor desc_from_end bytes
    before the end, the 96-byte footer block 32 bytes before it (the
    layout of tests/unit/seam_testlib.h and of the real image)."""
    t = bytearray(TAIL)
    d = TAIL - desc_from_end
    struct.pack_into('<4sIII', t, d, b'TDVF', 16 + 32 * len(sections), 1, len(sections))
    for i, s in enumerate(sections):
        struct.pack_into('<IIQQII', t, d + 16 + 32 * i, *s)
    b = TAIL - 32 - 96
    tlen = 22 + 2 + 16
    if zone:
        struct.pack_into('<QQH', t, b + 22, zone[0], zone[1], 34)
        t[b + 40:b + 56] = ZONE_GUID
        tlen += 34
    struct.pack_into('<IH', t, b + 56, desc_from_end, 22)
    t[b + 62:b + 78] = METADATA_GUID
    struct.pack_into('<H', t, b + 78, tlen)
    t[b + 80:b + 96] = FOOTER_GUID
    return bytes(t)


def bzimage_head(version=0x020f, initrd_max=0x7fffffff, pref=0x1000000, init_size=0x3378000):
    """A bzImage's first 1 KiB: boot sector + setup header (boot.rst)."""
    s = bytearray(1024)
    s[0x1f1] = 4
    struct.pack_into('<H', s, 0x1fe, 0xaa55)
    s[0x200:0x202] = b'\xeb\x6a'
    s[0x202:0x206] = b'HdrS'
    struct.pack_into('<H', s, 0x206, version)
    s[0x211] = 1
    struct.pack_into('<I', s, 0x22c, initrd_max)
    struct.pack_into('<I', s, 0x230, 0x200000)
    s[0x234] = 1
    struct.pack_into('<Q', s, 0x258, pref)
    struct.pack_into('<I', s, 0x260, init_size)
    return bytes(s)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('outdir')
    ap.add_argument('--synthetic')
    ap.add_argument('--image')
    ap.add_argument('--kernel')
    ap.add_argument('--initrd')
    a = ap.parse_args()
    os.makedirs(a.outdir, exist_ok=True)

    def put(name, data):
        with open(os.path.join(a.outdir, name), 'wb') as f:
            f.write(data)

    khead, ksize = bzimage_head(), 14 * MiB
    if a.kernel and os.path.exists(a.kernel):
        with open(a.kernel, 'rb') as f:
            khead = f.read(1024)
        ksize = os.path.getsize(a.kernel)
    isize = os.path.getsize(a.initrd) if a.initrd and os.path.exists(a.initrd) else 2 * MiB

    if a.image and os.path.exists(a.image):
        with open(a.image, 'rb') as f:
            img = f.read()
        tail = img[-TAIL:]
        put('real-512M', seed(512 * MiB, len(img), tail, ksize, khead, isize, smp=2))
        put('real-4G-noinitrd', seed(4 * GiB, len(img), tail, ksize, khead, 0, smp=4))
        put('real-128M-toosmall', seed(128 * MiB, len(img), tail, ksize, khead, isize))
        put('real-cmdline-max', seed(1 * GiB, len(img), tail, ksize, khead, isize,
                                     cmdline=b'x' * 8191))
    if a.synthetic and os.path.exists(a.synthetic):
        with open(a.synthetic, 'rb') as f:
            img = f.read()
        tail = img[-TAIL:]
        put('synthetic-1G', seed(1 * GiB, len(img), tail, ksize, khead, isize))
        put('synthetic-old-kernel', seed(256 * MiB, len(img), tail, 4 * MiB,
                                         bzimage_head(version=0x0202), 0))
        put('synthetic-6G', seed(6 * GiB, len(img), tail, ksize, khead, isize, smp=8))
        # the largest -m (bit 63: unfolded; VMM_MEM_MAX = 1 TiB - 64 MiB)
        put('synthetic-max-mem', seed((1 << 63) | (1 << 40) - 64 * MiB, len(img), tail,
                                      ksize, khead, isize))
        put('synthetic-tiny-kernel', seed(1 * GiB, len(img), tail, 0x200, khead[:0x200]))
        put('synthetic-cmdline-too-long', seed(1 * GiB, len(img), tail, ksize, khead,
                                               isize, cmdline=b'y' * 8192))

    # The real image's layout, built here, plus a PayloadParam section.
    img = 2 * MiB
    base = [(0, 1 * MiB, 0xffe00000, 1 * MiB, CFV, 0),
            (1 * MiB, 1 * MiB, 0xfff00000, 1 * MiB, BFV, EXTEND),
            (0, 0, 0x800000, 0x80000, TEMP, 0),
            (0, 0, 0x880000, 0x10000, TD_HOB, 0),
            (0, 0, 0xc00000, 0x400000, TEMP, 0)]
    zone = (0xc00000, 0x400000)
    put('built-payload-param',
        seed(512 * MiB, img, tdvf_tail(base + [(0, 0, 0x5000000, 0x4000000, PAYLOAD, 0),
                                             (0, 0, 0x9000000, 0x2000, PARAM, 0)], zone),
             ksize, khead, isize, smp=2))
    put('built-payload-extend',
        seed(1 * GiB, img, tdvf_tail(base + [(0, 0, 0x5000000, 0x1000000, PAYLOAD, EXTEND)], zone),
             6 * MiB, khead, 1 * MiB))
    # TD_HOB and a PAGE.AUG PermMem above 4 GiB, a TempMem at the RAM top.
    put('built-high',
        seed(5 * GiB, img, tdvf_tail(base[:3] + [(0, 0, 0x100000000, 0x10000, TD_HOB, 0),
                                                 (0, 0, 0x100200000, 64 * MiB, PERM, AUG),
                                                 (0, 0, 0xbff00000, 0x100000, TEMP, 0)]),
             ksize, khead, isize, smp=3))
    # A 4 KiB TD_HOB: the resource list does not fit.
    many = [(0, 0, 0x10000000 + i * 0x200000, 0x1000, TEMP if i % 2 else PERM, 0 if i % 2 else AUG)
            for i in range(14)]
    put('built-hob-4k',
        seed(1 * GiB, img, tdvf_tail(base[:3] + [(0, 0, 0x880000, 0x1000, TD_HOB, 0)] + many),
             ksize, khead, isize))
    put('built-19-sections',
        seed(1 * GiB, img, tdvf_tail(base + many), ksize, khead, isize))
    # 64 sections (the most libseam takes), 59 of them small TempMem with
    # gaps: ~120 resource HOBs, over a 4 KiB TD_HOB, within a 64 KiB one.
    spread = [(0, 0, 0x10000000 + i * 0x2000, 0x1000, TEMP, 0) for i in range(59)]
    for name, hob in (('built-64-sections-hob-4k', 0x1000), ('built-64-sections', 0x10000)):
        put(name, seed(1 * GiB, img, tdvf_tail(base[:3] + [(0, 0, 0x880000, hob, TD_HOB, 0),
                                                           (0, 0, 0xc00000, 0x400000, TEMP, 0)] +
                                               spread, desc_from_end=0x900),
                       ksize, khead, isize))
    # The Payload section above the kernel's initrd_addr_max.
    put('built-payload-initrd-max',
        seed(512 * MiB, img, tdvf_tail(base + [(0, 0, 0x5000000, 0x4000000, PAYLOAD, 0)], zone),
             ksize, bzimage_head(initrd_max=0x7ffffff), isize))
    # The TD_HOB in the image region (a 4 MiB image: room below the CFV).
    put('built-hob-in-image',
        seed(1 * GiB, 4 * MiB, tdvf_tail(base[:3] + [(0, 0, 0xffc00000, 0x10000, TD_HOB, 0)]),
             ksize, khead, isize))
    # Without any TD_HOB: tetdh refuses the image.
    put('built-no-hob', seed(1 * GiB, img, tdvf_tail(base[:3]), ksize, khead, isize))


main()
