/* SPDX-License-Identifier: MIT */
/*
 * fw/tpm.c - the `tpm` measurement backend on the qemu platform: the CRB
 * (fw/tpm_crb.c) in the MMIO window, TPM 2.0 commands (fw/tpm2.c), and
 * the ACPI description the OS needs. Every response is parsed strictly;
 * any failure of a TPM that is present is fatal, because a boot that
 * cannot record its measurements must not look attested.
 *
 * PCR map: tetd_pcr_of_mr() in include/tetd/tcg.h (docs/measurements.md,
 * "PCR map"), the one the verifier (tools/attest) replays with.
 */
#include "tpm.h"
#include "acpi.h"
#include "console.h"
#include "fwstring.h"
#include "io.h"
#include "platform.h"
#include "tpm2.h"
#include "tpm_crb.h"
#include <tetd/tcg.h>

extern const uint8_t ssdt_tpm_aml[], ssdt_tpm_aml_end[];

unsigned tpm_pcr_of_mr(unsigned mr)
{
	unsigned pcr = tetd_pcr_of_mr(mr);
	return pcr == TETD_PCR_NONE ? EVLOG_MAX_MR : pcr;
}

/* ---- the CRB in the MMIO window ---- */

static uint32_t mmio_read32(void *ctx, uint64_t pa)
{
	(void)ctx;
	return *(volatile uint32_t *)(uintptr_t)pa;
}
static void mmio_write32(void *ctx, uint64_t pa, uint32_t v)
{
	(void)ctx;
	*(volatile uint32_t *)(uintptr_t)pa = v;
}
static uint8_t mmio_read8(void *ctx, uint64_t pa)
{
	(void)ctx;
	return *(volatile uint8_t *)(uintptr_t)pa;
}
static void mmio_write8(void *ctx, uint64_t pa, uint8_t v)
{
	(void)ctx;
	*(volatile uint8_t *)(uintptr_t)pa = v;
}
static uint64_t tsc_now(void *ctx)
{
	(void)ctx;
	return rdtsc();
}

static struct tpm_crb_io mmio = { 0, mmio_read32, mmio_write32, mmio_read8, mmio_write8, tsc_now, 0 };
static struct tpm_crb crb;
/* The largest command sent (PCR_Extend, two banks) is 115 bytes; the
 * largest answer (GetCapability, 8 banks) 75. Larger answers are refused. */
static uint8_t cmd[128], rsp[512];
static size_t rsp_len;
static int active;

/* One round trip; a transport failure is fatal (the CRB says why). */
static void xfer(const char *what, size_t len)
{
	if (!len)
		fw_fatal("tpm", "%s: command does not fit", what);
	if (tpm_crb_xfer(&crb, cmd, len, rsp, sizeof(rsp), &rsp_len) != TPM_CRB_OK)
		fw_fatal("tpm", "%s: %s", what, crb.why);
}

static void check(const char *what, int parsed, uint32_t rc, const char *why)
{
	if (parsed != 0)
		fw_fatal("tpm", "%s: malformed response: %s", what, why);
	if (rc != TPM2_RC_SUCCESS)
		fw_fatal("tpm", "%s failed: TPM response code 0x%x", what, rc);
}

/* ---- the backend ---- */

static unsigned log_index(unsigned mr)
{
	return tpm_pcr_of_mr(mr);
}

static int tpm_extend(unsigned mr, const struct measure_digests *d);

static struct measure_backend tpm_backend = { "tpm", 0, log_index, tpm_extend };

static int tpm_extend(unsigned mr, const struct measure_digests *d)
{
	struct tpm2_digest dig[2];
	unsigned n = 0;
	uint32_t rc = 0;
	const char *why = "";
	unsigned pcr = tpm_pcr_of_mr(mr);
	if (pcr >= TPM2_NUM_PCRS)
		return -1;
	/* Ascending algorithm id, as in the log. */
	if (tpm_backend.banks & MEASURE_BANK_SHA256)
		dig[n].alg = TPM2_ALG_SHA256, dig[n++].d = d->sha256;
	if (tpm_backend.banks & MEASURE_BANK_SHA384)
		dig[n].alg = TPM2_ALG_SHA384, dig[n++].d = d->sha384;
	size_t len = tpm2_cmd_pcr_extend(cmd, sizeof(cmd), pcr, dig, n);
	if (!len || tpm_crb_xfer(&crb, cmd, len, rsp, sizeof(rsp), &rsp_len) != TPM_CRB_OK) {
		cprintf("tetd: error: tpm: TPM2_PCR_Extend(pcr %u): %s\n", pcr,
			len ? crb.why : "command does not fit");
		return -1;
	}
	if (tpm2_rsp_pcr_extend(rsp, rsp_len, &rc, &why) != 0 || rc != TPM2_RC_SUCCESS) {
		cprintf("tetd: error: tpm: TPM2_PCR_Extend(pcr %u): %s (rc 0x%x)\n", pcr,
			rc ? "TPM error" : why, rc);
		return -1;
	}
	return 0;
}

/* A bank is usable when it has every PCR the map names. */
static uint32_t mapped_pcrs(void)
{
	uint32_t m = 0;
	for (unsigned mr = 0; mr < CC_MR_COUNT; mr++)
		if (tetd_pcr_of_mr(mr) < TPM2_NUM_PCRS)
			m |= 1u << tetd_pcr_of_mr(mr);
	return m;
}

const struct measure_backend *tpm_probe(void)
{
	struct tpm2_banks b;
	uint32_t rc = 0;
	const char *why = "";

	mmio.ticks_per_ms = platform_tsc_per_ms();
	if (tpm_crb_probe(&crb, &mmio, TPM_CRB_BASE) != TPM_CRB_OK) {
		cprintf("tetd: tpm: none at 0x%llx (%s)\n", (unsigned long long)TPM_CRB_BASE, crb.why);
		return 0;
	}
	cprintf("tetd: tpm: CRB at 0x%llx vid=0x%04x did=0x%04x rid=0x%02x\n",
		(unsigned long long)TPM_CRB_BASE, crb.intf_id_hi & 0xffff, crb.intf_id_hi >> 16,
		crb.intf_id >> 24);
	if (tpm_crb_open(&crb) != TPM_CRB_OK)
		fw_fatal("tpm", "%s", crb.why);

	xfer("TPM2_Startup", tpm2_cmd_startup(cmd, sizeof(cmd), TPM2_SU_CLEAR));
	int p = tpm2_rsp_startup(rsp, rsp_len, &rc, &why);
	if (p == 0 && rc == TPM2_RC_INITIALIZE)
		fw_fatal("tpm", "TPM2_Startup: TPM already started: its PCRs may hold "
			 "measurements this firmware's log does not have");
	check("TPM2_Startup(CLEAR)", p, rc, why);

	xfer("TPM2_GetCapability", tpm2_cmd_get_pcrs(cmd, sizeof(cmd)));
	check("TPM2_GetCapability(TPM_CAP_PCRS)", tpm2_rsp_get_pcrs(rsp, rsp_len, &b, &rc, &why), rc, why);

	unsigned banks = 0;
	uint32_t need = mapped_pcrs();
	for (unsigned i = 0; i < b.n; i++) {
		const struct tpm2_bank *k = &b.b[i];
		if (!k->pcrs)
			continue; /* implemented, not allocated */
		int ours = k->alg == TPM2_ALG_SHA256 || k->alg == TPM2_ALG_SHA384;
		if (ours && (k->pcrs & need) == need) {
			banks |= k->alg == TPM2_ALG_SHA256 ? MEASURE_BANK_SHA256 : MEASURE_BANK_SHA384;
			cprintf("tetd: tpm: bank %s pcrs=0x%06x\n", tpm2_alg_name(k->alg), k->pcrs);
		} else {
			/* Not extended: such a bank does not describe this boot. */
			cprintf("tetd: tpm: warning: bank %s (alg 0x%04x, pcrs=0x%06x) is allocated "
				"but not extended by this firmware: do not quote it\n",
				tpm2_alg_name(k->alg), k->alg, k->pcrs);
		}
	}
	if (!banks)
		fw_fatal("tpm", "no SHA-256 or SHA-384 PCR bank with PCRs 1, 2, 8 and 9 allocated");
	tpm_backend.banks = banks;
	active = 1;
	return &tpm_backend;
}

int tpm_active(void)
{
	return active;
}

static void readback(unsigned pcr, uint16_t alg, const uint8_t *want)
{
	uint8_t got[48];
	uint32_t rc = 0;
	const char *why = "";
	size_t n = tpm2_digest_size(alg);
	xfer("TPM2_PCR_Read", tpm2_cmd_pcr_read(cmd, sizeof(cmd), alg, pcr));
	check("TPM2_PCR_Read", tpm2_rsp_pcr_read(rsp, rsp_len, alg, pcr, got, &rc, &why), rc, why);
	if (memcmp(got, want, n) != 0) {
		cprintf("tetd: tpm: pcr=%u %s=", pcr, tpm2_alg_name(alg));
		console_hex(got, n);
		console_putc('\n');
		fw_fatal("tpm", "PCR %u (%s) differs from the event log's replay", pcr, tpm2_alg_name(alg));
	}
	cprintf("tetd: tpm: pcr=%u %s=", pcr, tpm2_alg_name(alg));
	console_hex(got, n);
	cprintf(" matches the log\n");
}

void tpm_handoff(void)
{
	if (!active)
		return;
	const struct evlog *l = measure_log();
	for (unsigned pcr = 0; pcr < TPM2_NUM_PCRS; pcr++) {
		if (!(l->mr_used & (1u << pcr)))
			continue;
		if (tpm_backend.banks & MEASURE_BANK_SHA256)
			readback(pcr, TPM2_ALG_SHA256, l->replay256[pcr]);
		if (tpm_backend.banks & MEASURE_BANK_SHA384)
			readback(pcr, TPM2_ALG_SHA384, l->replay[pcr]);
	}
	if (tpm_crb_close(&crb) != TPM_CRB_OK)
		fw_fatal("tpm", "%s", crb.why);
}

/* ---- ACPI ---- */

/* TCG ACPI Specification (Family 1.2 and 2.0, Level 00 Rev 00.37),
 * "TPM2 ACPI Table", revision 4 with the log area fields. */
struct acpi_tpm2 {
	struct acpi_header h;
	uint16_t platform_class;
	uint16_t reserved;
	uint64_t control_area;
	uint32_t start_method;
	uint8_t start_method_params[12];
	uint32_t laml;
	uint64_t lasa;
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_tpm2) == 76, "TPM2 table rev 4 is 76 bytes");

#define TPM2_START_METHOD_CRB 7u

const void *tpm_acpi_tpm2(uint64_t lasa, uint32_t laml)
{
	static struct acpi_tpm2 t;
	memset(&t, 0, sizeof(t));
	acpi_header_init(&t.h, "TPM2", sizeof(t), 4);
	t.platform_class = 0; /* client */
	t.control_area = TPM_CRB_BASE + TPM_CRB_CTRL_REQ;
	t.start_method = TPM2_START_METHOD_CRB;
	t.laml = laml;
	t.lasa = lasa;
	acpi_header_finish(&t.h);
	return &t;
}

const void *tpm_acpi_ssdt(void)
{
	return ssdt_tpm_aml;
}
