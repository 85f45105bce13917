/* SPDX-License-Identifier: MIT */
/*
 * tools/attest/measure.h - the reference values of a TD image under tetdh,
 * computed from the image and the payload alone (no boot): what
 * tools/tetd-measure prints and tools/tetd-attest checks a boot against.
 *
 * Every value comes from the code that produces it at boot, run on the
 * host (one home per computation):
 *   MRTD     libseam (tetdh/seam: seam_tdvf_parse, seam_mrtd_image)
 *   RTMR[0]  the TD HOB: tetdh's own td.c/mem.c/hob.c steps with the given
 *            -m/-smp (measure_vmm.c), hashed over the length the
 *            firmware's fw/tdhob.c tdhob_list_len measures
 *   RTMR[1]  the kernel in fw/linuxboot.c's canonical form, the initrd, the
 *            command line (docs/measurements.md)
 *   RTMR[3]  the agent volume through tetdg-early's own parsers
 *            (agent_vol.c, agent_elf.c), with the loader's decisions and
 *            zone allocation of tetdg-early/load.c, then the TETZ event
 * On plain QEMU with a TPM the same RTMR[1] and RTMR[3] events go to PCR 9
 * and PCR 2, in a SHA-256 bank too: the kernel's and initrd's SHA-256 are
 * computed here; the rest follows from the values above (reference.c
 * reference_tpm).
 * What depends on the boot rather than the image: the TETZ seed_source
 * (the CPU decides: RDSEED, RDRAND or TSC jitter), so RTMR[3] is given for
 * each source; the nonce tools/tetdh-run appends to the command line
 * ("tetd.nonce=HEX"), so the command-line digest and RTMR[1] need the
 * verifier's nonce unless it was fixed here (docs/attestation.md).
 */
#ifndef TOOLS_MEASURE_H
#define TOOLS_MEASURE_H
#include <stddef.h>
#include <stdint.h>

#include <tetd/agent.h>
#include <tetd/zone.h>

#include "regs.h"

#define MEASURE_MSG_LEN     256
#define MEASURE_SEEDS       3             /* TETD_SEED_RDSEED..JITTER */
#define MEASURE_MAX_ENTRIES (TETD_AVOL_MAX_AGENTS + 1)

enum measure_nonce {
	MEASURE_NONCE_NONE = 0,   /* the command line is exactly cmdline */
	MEASURE_NONCE_SUFFIX,     /* cmdline + " tetd.nonce=" + the verifier's hex */
	MEASURE_NONCE_FIXED,      /* cmdline + " tetd.nonce=" + nonce_hex (known now) */
};

struct measure_input {
	const uint8_t *image;     /* the -bios file */
	size_t image_len;
	const char *image_path;
	const uint8_t *kernel;    /* the -kernel bzImage */
	size_t kernel_len;
	const char *kernel_path;
	int have_initrd;
	uint64_t initrd_size;
	uint8_t initrd_sha384[48];
	uint8_t initrd_sha256[32];    /* the TPM path's SHA-256 bank */
	const char *initrd_path;
	const char *cmdline;      /* -append before any nonce */
	enum measure_nonce nonce;
	unsigned nonce_bytes;     /* SUFFIX: the nonce's length in bytes */
	const char *nonce_hex;    /* FIXED */
	const char *mem;          /* -m and -smp as tetdh reads them */
	const char *smp;
};

/* One volume entry as the loader treats it: loaded (a TETA event) or
 * refused (TETR); or the whole volume refused (index 0, name "volume"). */
struct measure_entry {
	int loaded;
	struct tetd_agent_event agent;          /* loaded */
	struct tetd_agent_reject_event reject;  /* refused */
	uint64_t elf_size;
	uint64_t zone_bytes;                    /* loaded: zone bytes it takes */
};

struct measure_result {
	uint8_t mrtd[48];
	/* RTMR[0] */
	uint64_t mem;
	unsigned smp;
	uint64_t hob_gpa;
	size_t hob_len;                         /* measured bytes of the HOB list */
	uint8_t *hob;                           /* malloc'ed */
	uint8_t hob_sha384[48];
	uint64_t kernel_gpa, initrd_gpa, cmdline_gpa;
	uint8_t rtmr0[48];
	/* RTMR[1] */
	uint8_t kernel_sha384[48];
	uint8_t initrd_sha384[48];
	uint8_t kernel_sha256[32];              /* the TPM path's SHA-256 bank */
	uint8_t initrd_sha256[32];
	uint64_t cmdline_size;                  /* the HOB's: with the NUL */
	char *cmdline;                          /* full text when known (NONE/FIXED) */
	int cmdline_known;
	uint8_t cmdline_sha384[48];             /* when known */
	uint8_t rtmr1[48];                      /* when known */
	/* RTMR[3] */
	int volume_erased;
	unsigned nentries;
	struct measure_entry entry[MEASURE_MAX_ENTRIES];
	struct tetd_zone_event zone;            /* seed_source 0: filled per source */
	uint8_t zone_sha384[MEASURE_SEEDS + 1][48];  /* by TETD_SEED_* */
	uint8_t rtmr3[MEASURE_SEEDS + 1][48];
};

/* Compute everything. 0, or -1 with the reason in msg (the same words
 * tetdh or the firmware would use to refuse the input). */
int measure_compute(const struct measure_input *in, struct measure_result *out,
		    char *msg, size_t msglen);
void measure_free(struct measure_result *r);

/* The kernel digest of docs/measurements.md: SHA-384 (and SHA-256, for the
 * TPM path's second bank, into out256 unless NULL) over the bzImage with
 * the boot-loader-written header fields zeroed (fw/linuxboot.c). 0 or -1
 * with the firmware's reason. */
int measure_kernel(const uint8_t *k, size_t len, uint8_t out[48], uint8_t *out256, char *msg,
		   size_t msglen);

/* ---- measure_vmm.c: tetdh's pre-vCPU steps without KVM ---- */

struct measure_hob {
	uint8_t *hob;                           /* malloc'ed, the HOB list bytes */
	size_t len;                             /* bytes hob_build wrote */
	uint64_t hob_gpa;
	uint64_t kernel_gpa, initrd_gpa, cmdline_gpa, cmdline_size;
	uint64_t mem;
	unsigned smp;
	uint8_t mrtd[48];
	uint64_t zone_gpa, zone_size;
	int has_zone;
};

/* Run tetdh's td_read_image, mem_layout, hob_place_payload, td_check_layout and hob_build over these inputs
 * (cmdline is the full command line, or one of the same length), and
 * libseam's MRTD of the parsed image. 0, or -1 with tetdh's message. */
int measure_vmm_hob(const struct measure_input *in, const char *cmdline,
		    struct measure_hob *out, char *msg, size_t msglen);
#endif
