/* SPDX-License-Identifier: MIT */
/*
 * tetdh/seam/seam.h - the host-side model of the TDX module ("seam").
 *
 * One library, one header; each section below belongs to one .c file:
 *   tdvf.c      TDVF metadata: footer table walk, validation, TETD zone entry
 *   mrtd.c      MRTD: TDH.MEM.PAGE.ADD / TDH.MR.EXTEND / TDH.MR.FINALIZE blocks
 *   rtmr.c      RTMR[0..3] and TDG.MR.RTMR.EXTEND semantics
 *   pagestate.c private page states (ADD/AUG/ACCEPT/BLOCK/UNBLOCK/TRACK/REMOVE)
 *   td.c        the TD (TDCS model): configuration, build from an image
 *   report.c    TDG.MR.REPORT: TDREPORT_STRUCT and its MAC
 *   quote.c     GetQuote: simulated quoting key, TDX v4 quote, verification
 *   guestmem.c  a bounds-checked flat guest-memory accessor
 *   tdcall.c    the TDCALL dispatcher a VMM calls from its exit handler
 * Status values are the architectural ones from <tetd/tdx.h>.
 */
#ifndef TETDH_SEAM_H
#define TETDH_SEAM_H

#include <stddef.h>
#include <stdint.h>

#include <tetd/tdvf.h>
#include <tetd/tdx.h>

#define SEAM_PAGE_SIZE   4096ull
#define SEAM_PAGE_2M     (512 * SEAM_PAGE_SIZE)
#define SEAM_SHA384_LEN  48
#define SEAM_MSG_LEN     160     /* room for any parser/verifier message */

/* ------------------------------------------------------------ tdvf.c */

#define SEAM_TDVF_MAX_SECTIONS 64
#define SEAM_MAX_GPA           (1ull << 52)  /* MAXPA of a GPAW-52 TD */
#define SEAM_TDVF_MAX_ADDED    (1ull << 30)  /* bytes PAGE.ADDed at build */

enum seam_tdvf_err {
	SEAM_TDVF_OK = 0,
	SEAM_TDVF_E_IMAGE_SIZE,        /* too small for a footer, or >= 4 GiB */
	SEAM_TDVF_E_FOOTER_GUID,       /* no footer GUID at end - 48 */
	SEAM_TDVF_E_TABLE_LEN,         /* table length out of bounds */
	SEAM_TDVF_E_ENTRY_LEN,         /* an entry length out of bounds */
	SEAM_TDVF_E_ENTRY_DUP,         /* a known GUID appears twice */
	SEAM_TDVF_E_NO_METADATA,       /* no TDVF metadata-offset entry */
	SEAM_TDVF_E_METADATA_LEN,      /* metadata entry data is not 4 bytes */
	SEAM_TDVF_E_DESC_OFFSET,       /* descriptor header outside the image */
	SEAM_TDVF_E_SIGNATURE,
	SEAM_TDVF_E_VERSION,
	SEAM_TDVF_E_SECTION_COUNT,     /* 0 or more than SEAM_TDVF_MAX_SECTIONS */
	SEAM_TDVF_E_DESC_LENGTH,       /* Length != 16 + 32 * count */
	SEAM_TDVF_E_DESC_BOUNDS,       /* descriptor runs past the image end */
	SEAM_TDVF_E_SEC_TYPE,          /* unknown section type */
	SEAM_TDVF_E_SEC_ATTR,          /* unknown attribute bits */
	SEAM_TDVF_E_SEC_AUG,           /* PAGE.AUG on a type that forbids it */
	SEAM_TDVF_E_SEC_EXTEND,        /* MR.EXTEND on a type that forbids it */
	SEAM_TDVF_E_SEC_ADDR_ALIGN,    /* MemoryAddress not 4 KiB aligned */
	SEAM_TDVF_E_SEC_SIZE_ALIGN,    /* MemoryDataSize not 4 KiB aligned */
	SEAM_TDVF_E_SEC_GPA_RANGE,     /* address + size wraps or passes 2^52 */
	SEAM_TDVF_E_SEC_RAW_SIZE,      /* RawDataSize > MemoryDataSize */
	SEAM_TDVF_E_SEC_RAW_MISSING,   /* BFV/CFV with RawDataSize 0 */
	SEAM_TDVF_E_SEC_RAW_FORBIDDEN, /* raw data on a VMM-filled type */
	SEAM_TDVF_E_SEC_DATA_OFFSET,   /* RawDataSize 0 but DataOffset != 0 */
	SEAM_TDVF_E_SEC_DATA_BOUNDS,   /* raw data outside the image */
	SEAM_TDVF_E_SEC_OVERLAP,       /* two sections share a GPA */
	SEAM_TDVF_E_ADDED_SIZE,        /* non-AUG sections exceed 1 GiB */
	SEAM_TDVF_E_BFV_COUNT,         /* not exactly one BFV */
	SEAM_TDVF_E_BFV_RESET,         /* BFV does not hold 0xFFFFFFF0 */
	SEAM_TDVF_E_TD_HOB_COUNT,      /* more than one TD_HOB */
	SEAM_TDVF_E_PAYLOAD_COUNT,     /* more than one Payload/PayloadParam */
	SEAM_TDVF_E_PAYLOAD_PARAM,     /* PayloadParam without Payload */
	SEAM_TDVF_E_ZONE_LEN,          /* TETD zone entry data not 16 bytes */
	SEAM_TDVF_E_ZONE_MATCH,        /* zone matches no TempMem section */
	SEAM_TDVF_E__COUNT
};

struct seam_tdvf {
	uint32_t desc_offset;          /* image offset of the descriptor */
	uint32_t nr_sections;
	struct tdvf_section sec[SEAM_TDVF_MAX_SECTIONS];
	int bfv;                       /* index of the BFV */
	int td_hob;                    /* index of the TD_HOB or -1 */
	int zone;                      /* index of the zone TempMem or -1 */
	struct tetd_zone_entry zone_entry;
};

/* Parse and validate untrusted image bytes. Returns SEAM_TDVF_OK or an
 * error code; msg (may be NULL) receives a one-line human explanation. */
int seam_tdvf_parse(const uint8_t *img, size_t len, struct seam_tdvf *out,
		    char *msg, size_t msglen);
const char *seam_tdvf_err_name(int err);
const char *seam_tdvf_type_name(uint32_t type);

/* ------------------------------------------------------------ mrtd.c */

struct seam_mrtd {
	void *ctx;                     /* EVP_MD_CTX, running SHA-384 */
	int finalized;
	uint8_t value[SEAM_SHA384_LEN];
};

int seam_mrtd_init(struct seam_mrtd *m);
void seam_mrtd_free(struct seam_mrtd *m);
int seam_mrtd_page_add(struct seam_mrtd *m, uint64_t gpa);
int seam_mrtd_extend(struct seam_mrtd *m, uint64_t gpa, const uint8_t chunk[256]);
int seam_mrtd_finalize(struct seam_mrtd *m, uint8_t out[SEAM_SHA384_LEN]);

/* Every page of every non-PAGE.AUG section, in build order (section by
 * section, page by page); page holds the image bytes zero-padded. */
typedef int (*seam_page_fn)(void *ctx, const struct tdvf_section *s,
			    uint64_t gpa, const uint8_t *page);
int seam_tdvf_walk_pages(const struct seam_tdvf *t, const uint8_t *img,
			 size_t len, seam_page_fn fn, void *ctx);

/* MRTD of an image, without a TD (tools, tests). 0 on success. */
int seam_mrtd_image(const struct seam_tdvf *t, const uint8_t *img, size_t len,
		    uint8_t out[SEAM_SHA384_LEN]);

/* ------------------------------------------------------------ rtmr.c */

struct seam_rtmr {
	uint8_t r[TDX_NUM_RTMRS][SEAM_SHA384_LEN];
};

/* new = SHA-384(old || digest). TDX_SUCCESS or TDX_OPERAND_INVALID|RDX. */
uint64_t seam_rtmr_extend(struct seam_rtmr *r, uint64_t index,
			  const uint8_t digest[SEAM_SHA384_LEN]);

/* ------------------------------------------------------- pagestate.c */

enum seam_page_state {
	SEAM_PAGE_NONE = 0,            /* SEPT FREE: no private page */
	SEAM_PAGE_PENDING,             /* AUGed, not yet accepted */
	SEAM_PAGE_MAPPED,              /* ADDed or accepted: guest-usable */
	SEAM_PAGE_BLOCKED,             /* MAPPED, then RANGE.BLOCKed */
	SEAM_PAGE_PENDING_BLOCKED,     /* PENDING, then RANGE.BLOCKed */
};

#define SEAM_PAGES_MAX_RANGES 8
#define SEAM_PAGES_MAX_BYTES  (1ull << 40)   /* sum of ranges: 1 TiB */

struct seam_chunk;
struct seam_page_range {
	uint64_t base, size;           /* 4 KiB aligned */
	uint64_t chunk0;               /* base rounded down to 2 MiB */
	uint64_t nr_chunks;
	struct seam_chunk **chunk;     /* 512 pages each, NULL = all NONE */
};

struct seam_pages {
	struct seam_page_range range[SEAM_PAGES_MAX_RANGES];
	unsigned nr_ranges;
	int runnable;                  /* TD finalized: TLB tracking enforced */
	uint64_t epoch;                /* TD epoch, advanced by TDH.MEM.TRACK */
	uint32_t refcount[2];          /* vCPUs running in epoch (parity) */
	uint64_t nr_chunks;            /* allocated 2 MiB chunks */
};

int seam_pages_init(struct seam_pages *ps);
void seam_pages_free(struct seam_pages *ps);
/* Declare a private GPA range of the TD; -1 on overlap/limit/alignment. */
int seam_pages_add_range(struct seam_pages *ps, uint64_t base, uint64_t size);
int seam_pages_in_range(const struct seam_pages *ps, uint64_t gpa, uint64_t len);
enum seam_page_state seam_pages_state(const struct seam_pages *ps, uint64_t gpa);
int seam_pages_level(const struct seam_pages *ps, uint64_t gpa);
/* Host side (SEAMCALL semantics); level: TDX_PS_4K or TDX_PS_2M. */
uint64_t seam_pages_add(struct seam_pages *ps, uint64_t gpa);
uint64_t seam_pages_aug(struct seam_pages *ps, uint64_t gpa, int level);
uint64_t seam_pages_block(struct seam_pages *ps, uint64_t gpa, int level);
uint64_t seam_pages_unblock(struct seam_pages *ps, uint64_t gpa, int level);
uint64_t seam_pages_track(struct seam_pages *ps);
uint64_t seam_pages_remove(struct seam_pages *ps, uint64_t gpa, int level);
/* Guest side: TDG.MEM.PAGE.ACCEPT. *ept_violation is set when the real
 * module would TD-exit with an EPT violation (nothing to accept yet). */
uint64_t seam_pages_accept(struct seam_pages *ps, uint64_t gpa, int level,
			   int *ept_violation);
/* TLB-epoch accounting around every TD entry/exit of a vCPU. */
uint64_t seam_pages_vcpu_enter(struct seam_pages *ps);
void seam_pages_vcpu_exit(struct seam_pages *ps, uint64_t entered_epoch);
void seam_pages_set_runnable(struct seam_pages *ps);

/* -------------------------------------------------------- guestmem.c */

/* Guest-physical accessor: 0 on success, -1 if any byte of the range is
 * not guest RAM (nothing is touched then). */
struct seam_guest_mem {
	void *opaque;
	int (*read)(void *opaque, uint64_t gpa, void *buf, size_t len);
	int (*write)(void *opaque, uint64_t gpa, const void *buf, size_t len);
};

struct seam_flat_mem {
	uint8_t *ram;
	uint64_t base, size;
};

void seam_flat_mem_init(struct seam_guest_mem *m, struct seam_flat_mem *f,
			uint8_t *ram, uint64_t base, uint64_t size);

/* -------------------------------------------------------------- td.c */

struct seam_qe;

struct seam_td_config {
	uint64_t attributes;
	uint64_t xfam;
	unsigned gpaw;                 /* 48 or 52 */
	uint32_t max_vcpus;
	uint8_t mrconfigid[SEAM_SHA384_LEN];
	uint8_t mrowner[SEAM_SHA384_LEN];
	uint8_t mrownerconfig[SEAM_SHA384_LEN];
	const char *state_dir;         /* quoting key home; NULL: no quotes */
};

struct seam_td {
	struct seam_td_config cfg;
	char *state_dir;               /* owned copy of cfg.state_dir */
	uint32_t num_vcpus;
	struct seam_mrtd mrtd;
	struct seam_rtmr rtmr;
	struct seam_pages pages;
	uint8_t report_key[32];        /* this TD's TDREPORT MAC key */
	struct seam_qe *qe;            /* opened on first GetQuote */
	char last_error[SEAM_MSG_LEN]; /* why the last GetQuote failed */
};

int seam_td_init(struct seam_td *td, const struct seam_td_config *cfg);
void seam_td_destroy(struct seam_td *td);
int seam_td_runnable(const struct seam_td *td);
/* TDH.VP.INIT: returns the new vCPU index, or -1 past max_vcpus. */
int seam_td_add_vcpu(struct seam_td *td);
/* TDH.MEM.PAGE.ADD: copy src into guest memory and measure the GPA. */
uint64_t seam_td_page_add(struct seam_td *td, const struct seam_guest_mem *mem,
			  uint64_t gpa, const uint8_t src[SEAM_PAGE_SIZE]);
/* TDH.MR.EXTEND: measure 256 bytes of an added page (gpa 256-aligned). */
uint64_t seam_td_mr_extend(struct seam_td *td, const struct seam_guest_mem *mem,
			   uint64_t gpa);
/* TDH.MR.FINALIZE: MRTD fixed, TD runnable. */
uint64_t seam_td_finalize(struct seam_td *td);
/* Lay the image out section by section (PAGE.ADD + MR.EXTEND, the order
 * seam_tdvf_walk_pages gives). PAGE.AUG sections are left to the VMM. */
uint64_t seam_td_load_image(struct seam_td *td, const struct seam_guest_mem *mem,
			    const struct seam_tdvf *t, const uint8_t *img,
			    size_t len);

/* ---------------------------------------------------------- report.c */

/* Simulated SEAM module identity placed in TEE_TCB_INFO. */
extern const uint8_t seam_tee_tcb_svn[16];

void seam_report_build(const struct seam_td *td,
		       const uint8_t reportdata[TDX_REPORTDATA_LEN],
		       struct tdx_report *out);
/* 0 if the MAC and both hashes match this TD's key; -1 otherwise. */
int seam_report_verify(const struct seam_td *td, const struct tdx_report *r);
void seam_report_mrseam(uint8_t out[SEAM_SHA384_LEN]);

/* ----------------------------------------------------------- quote.c */

/* Load the simulated quoting key + self-signed certificate from
 * state_dir/qe.pem, creating both (mode 0600) on first use. */
struct seam_qe *seam_qe_open(const char *state_dir, char *msg, size_t msglen);
void seam_qe_close(struct seam_qe *qe);
const char *seam_qe_cert_pem(const struct seam_qe *qe, size_t *len);

/* Build a signed v4 quote for a TDREPORT; *out is malloc'ed. 0 on success. */
int seam_quote_build(struct seam_qe *qe, const struct tdx_report *r,
		     uint8_t **out, size_t *out_len);

struct seam_quote_info {
	struct tdx_quote_header header;
	struct tdx_quote_body body;
	const uint8_t *cert_pem;       /* points into the quote */
	size_t cert_pem_len;
};

/* Strictly parse a quote and check its signature with the key of the
 * certificate it carries. 0 on success, -1 with msg otherwise. The caller
 * decides whether it trusts that certificate (compare cert_pem). */
int seam_quote_verify(const uint8_t *q, size_t len, struct seam_quote_info *info,
		      char *msg, size_t msglen);

/* ---------------------------------------------------------- tdcall.c */

/* Guest GPRs a TDCALL reads or writes (RAX = leaf). */
struct seam_regs {
	uint64_t rax, rcx, rdx;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
};

enum seam_exit {
	SEAM_RESUME = 0,               /* regs updated: resume the guest */
	SEAM_EXIT_VMCALL,              /* a TDG.VP.VMCALL for the VMM */
	SEAM_EXIT_EPT_VIOLATION,       /* ACCEPT found nothing to accept */
};

struct seam_exit_info {
	/* SEAM_EXIT_VMCALL: the VMM's view, unselected GPRs zeroed and RCX =
	 * GPR_SELECT, as TDX module hands it to TDH.VP.ENTER's caller. */
	struct seam_regs vmcall;
	/* SEAM_EXIT_EPT_VIOLATION: the page the guest tried to accept. The
	 * VMM may TDH.MEM.PAGE.AUG it and call seam_tdcall() again. */
	uint64_t gpa;
	int level;
};

enum seam_exit seam_tdcall(struct seam_td *td, uint32_t vcpu_index,
			   struct seam_regs *regs,
			   const struct seam_guest_mem *mem,
			   struct seam_exit_info *info);
/* Finish a SEAM_EXIT_VMCALL: copy the VMM's selected GPRs back. */
void seam_vmcall_complete(struct seam_regs *regs, const struct seam_regs *vmm);

#endif
