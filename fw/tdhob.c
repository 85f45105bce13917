/* SPDX-License-Identifier: MIT */
/*
 * fw/tdhob.c - TD HOB list parser (UEFI PI spec vol. 3, HOB formats). The
 * list comes from the VMM: lengths, ranges and counts are all checked, an
 * inconsistent list is rejected whole rather than used in part.
 */
#include "tdhob.h"
#include "fwstring.h"

static const uint8_t payload_guid[16] = TETD_HOB_PAYLOAD_GUID_BYTES;

size_t tdhob_list_len(const void *hob, size_t maxlen, const char **why)
{
	const uint8_t *p = hob;
	size_t off = 0;
	while (off + sizeof(struct hob_header) <= maxlen) {
		struct hob_header h;
		memcpy(&h, p + off, sizeof(h));
		if (off == 0 && h.type != HOB_TYPE_HANDOFF) {
			*why = "first HOB is not the PHIT";
			return 0;
		}
		if (h.length < sizeof(h) || (h.length & 7) || h.length > maxlen - off) {
			*why = "HOB length is not a multiple of 8 or runs past the TD HOB region";
			return 0;
		}
		off += h.length;
		if (h.type == HOB_TYPE_END_OF_HOB_LIST)
			return off;
	}
	*why = "no end-of-HOB-list inside the TD HOB region";
	return 0;
}

static int range_ok(uint64_t base, uint64_t len)
{
	return len != 0 && base + len > base && !(base & 0xfff) && !(len & 0xfff);
}

int tdhob_parse(const void *hob, size_t maxlen, uint64_t hob_gpa,
		struct tdhob_info *out, const char **why)
{
	const uint8_t *p = hob;
	memset(out, 0, sizeof(*out));
	memmap_init(&out->mm);
	out->list_len = tdhob_list_len(hob, maxlen, why);
	if (!out->list_len)
		return -1;

	struct hob_handoff phit;
	if (out->list_len < sizeof(phit)) {
		*why = "PHIT truncated";
		return -1;
	}
	memcpy(&phit, p, sizeof(phit));
	if (phit.h.length != sizeof(phit)) {
		*why = "PHIT has the wrong length";
		return -1;
	}
	if (phit.end_of_hob_list != hob_gpa + out->list_len - sizeof(struct hob_header)) {
		*why = "PHIT EfiEndOfHobList does not point at the end-of-list HOB";
		return -1;
	}

	for (size_t off = phit.h.length; off < out->list_len;) {
		struct hob_header h;
		memcpy(&h, p + off, sizeof(h));
		if (h.type == HOB_TYPE_RESOURCE_DESCRIPTOR) {
			struct hob_resource r;
			if (h.length != sizeof(r)) {
				*why = "resource descriptor HOB has the wrong length";
				return -1;
			}
			memcpy(&r, p + off, sizeof(r));
			if (!range_ok(r.start, r.length)) {
				*why = "resource HOB range is empty, wraps or is not 4 KiB aligned";
				return -1;
			}
			uint32_t type = E820_RESERVED;
			if (r.resource_type == HOB_RES_SYSTEM_MEMORY) {
				type = E820_RAM;
			} else if (r.resource_type == HOB_RES_MEMORY_UNACCEPTED) {
				type = E820_RAM;
				if (out->nunaccepted == TDHOB_MAX_UNACCEPTED) {
					*why = "too many unaccepted memory ranges";
					return -1;
				}
				out->unaccepted[out->nunaccepted].base = r.start;
				out->unaccepted[out->nunaccepted].size = r.length;
				out->nunaccepted++;
			} else if (r.resource_type == HOB_RES_MEMORY_MAPPED_IO) {
				off += h.length;
				continue; /* MMIO is not memory: not in e820 */
			}
			if (memmap_add(&out->mm, r.start, r.length, type) != 0) {
				*why = "too many memory ranges";
				return -1;
			}
		} else if (h.type == HOB_TYPE_GUID_EXTENSION) {
			if (h.length < sizeof(struct hob_guid)) {
				*why = "GUID HOB shorter than its header";
				return -1;
			}
			const struct hob_guid *g = (const void *)(p + off);
			if (memcmp(g->name, payload_guid, 16) == 0) {
				if (out->have_payload) {
					*why = "two payload HOBs";
					return -1;
				}
				if (h.length - sizeof(*g) < sizeof(out->payload)) {
					*why = "payload HOB too short";
					return -1;
				}
				memcpy(&out->payload, p + off + sizeof(*g), sizeof(out->payload));
				out->have_payload = 1;
			}
		} else if (h.type == HOB_TYPE_HANDOFF) {
			*why = "second PHIT in the list";
			return -1;
		}
		/* Other HOB types (memory allocation, CPU, FV ...) carry nothing we use. */
		off += h.length;
	}
	if (memmap_ram_bytes(&out->mm) == 0) {
		*why = "no system memory described";
		return -1;
	}
	return 0;
}
