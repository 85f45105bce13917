/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/test_attest_measure.c - tetd-measure's computation
 * (tools/attest/measure.c) against the evidence of a real tetdh boot
 * (tests/unit/data/attest-boot: the image that booted, the CCEL log the
 * guest printed, the TDREPORT registers, the quote): from the image, the
 * pinned kernel and the initrd's size and digest alone, MRTD, RTMR0..3 and
 * every event must be what that boot measured; tetd-attest's checks pass on
 * that evidence with the computed reference, and fail with the right
 * reason when the nonce is stale. Then what the values depend on (-m,
 * -smp, the command line) and the refusals (a broken image or kernel, an
 * agent whose bytes changed, an erased volume).
 *
 * Needs the pinned kernel (make kernel): skipped without it, as
 * test_linuxboot is. If the kernel pin or the loader's zone layout
 * changes, this fails until the fixture is refreshed
 * (tests/unit/data/attest-boot/refresh).
 */
#include "unit_util.h"

#include <tetd/layout.h>

#include "evlog.h"
#include "hex.h"
#include "measure.h"
#include "reference.h"
#include "verify.h"

struct boot {
	char nonce[160], cmdline[512], mem[32], smp[16], seed[32];
	uint64_t initrd_size;
	uint8_t initrd_sha384[48];
	uint8_t mrtd[48], rtmr[4][48];
	uint8_t *fd, *kernel, *log, *quote;
	size_t fd_len, kernel_len, log_len, quote_len;
	char *cert;
	size_t cert_len;
};

static struct boot B;

static int setup(void **state)
{
	char path[1024], line[1024];
	FILE *f;
	const char *kpath = getenv("TETD_UNIT_KERNEL") ? getenv("TETD_UNIT_KERNEL") : UNIT_KERNEL_PATH;

	(void)state;
	snprintf(path, sizeof(path), "%s/boot.txt", UNIT_ATTEST_DATA);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char key[32], *val;
		unsigned i;

		line[strcspn(line, "\n")] = 0;
		if (line[0] == '#' || sscanf(line, "%31s", key) != 1)
			continue;
		val = line + strlen(key) + 1;
		if (!strcmp(key, "nonce"))
			snprintf(B.nonce, sizeof(B.nonce), "%s", val);
		else if (!strcmp(key, "cmdline"))
			snprintf(B.cmdline, sizeof(B.cmdline), "%s", val);
		else if (!strcmp(key, "mem"))
			snprintf(B.mem, sizeof(B.mem), "%s", val);
		else if (!strcmp(key, "smp"))
			snprintf(B.smp, sizeof(B.smp), "%s", val);
		else if (!strcmp(key, "seed"))
			snprintf(B.seed, sizeof(B.seed), "%s", val);
		else if (!strcmp(key, "initrd_size"))
			B.initrd_size = strtoull(val, NULL, 10);
		else if (!strcmp(key, "initrd_sha384"))
			unit_unhex(val, B.initrd_sha384, 48);
		else if (!strcmp(key, "mrtd"))
			unit_unhex(val, B.mrtd, 48);
		else if (sscanf(key, "rtmr%u", &i) == 1 && i < 4)
			unit_unhex(val, B.rtmr[i], 48);
	}
	fclose(f);
	B.fd = unit_read_file(UNIT_ATTEST_FD, &B.fd_len);
	snprintf(path, sizeof(path), "%s/evlog.raw", UNIT_ATTEST_DATA);
	B.log = unit_read_file(path, &B.log_len);
	snprintf(path, sizeof(path), "%s/quote.bin", UNIT_ATTEST_DATA);
	B.quote = unit_read_file(path, &B.quote_len);
	snprintf(path, sizeof(path), "%s/qe-cert.pem", UNIT_ATTEST_DATA);
	B.cert = (char *)unit_read_file(path, &B.cert_len);
	B.kernel = unit_read_file(kpath, &B.kernel_len);     /* NULL: tests skip */
	return B.fd && B.log && B.quote && B.cert && B.nonce[0] ? 0 : -1;
}

static void input(struct measure_input *in, enum measure_nonce mode)
{
	if (!B.kernel)
		skip();
	memset(in, 0, sizeof(*in));
	in->image = B.fd;
	in->image_len = B.fd_len;
	in->image_path = "tetd.fd";
	in->kernel = B.kernel;
	in->kernel_len = B.kernel_len;
	in->kernel_path = "vmlinuz";
	in->have_initrd = 1;
	in->initrd_path = "initrd";
	in->initrd_size = B.initrd_size;
	memcpy(in->initrd_sha384, B.initrd_sha384, 48);
	in->cmdline = B.cmdline;
	in->nonce = mode;
	in->nonce_hex = B.nonce;
	in->nonce_bytes = (unsigned)strlen(B.nonce) / 2;
	in->mem = B.mem;
	in->smp = B.smp;
}

static void compute(const struct measure_input *in, struct measure_result *r)
{
	char msg[MEASURE_MSG_LEN];

	if (measure_compute(in, r, msg, sizeof(msg)))
		fail_msg("measure_compute: %s", msg);
}

static void test_registers(void **state)
{
	(void)state;
	struct measure_input in;
	static struct measure_result r;
	uint32_t seed = evlog_seed_from_name(B.seed);
	static const uint8_t zero[48];

	input(&in, MEASURE_NONCE_FIXED);
	compute(&in, &r);
	assert_true(seed);
	assert_memory_equal(r.mrtd, B.mrtd, 48);
	assert_memory_equal(r.rtmr0, B.rtmr[0], 48);
	assert_memory_equal(r.rtmr1, B.rtmr[1], 48);
	assert_memory_equal(zero, B.rtmr[2], 48);
	assert_memory_equal(r.rtmr3[seed], B.rtmr[3], 48);
	for (uint32_t s = 1; s <= MEASURE_SEEDS; s++)
		if (s != seed)
			assert_memory_not_equal(r.rtmr3[s], B.rtmr[3], 48);
	assert_int_equal(r.hob_gpa, TETD_TDHOB_GPA);
	measure_free(&r);
}

/* Event by event, data and digest, in the log's order. */
static void test_events(void **state)
{
	(void)state;
	struct measure_input in;
	static struct measure_result r;
	struct tcg_log l;
	char msg[EVLOG_MSG_LEN];
	uint32_t seed = evlog_seed_from_name(B.seed);

	input(&in, MEASURE_NONCE_FIXED);
	compute(&in, &r);
	assert_int_equal(evlog_parse(&l, B.log, B.log_len, msg, sizeof(msg)), 0);
	assert_int_equal(l.nevents, 4 + r.nentries + 1);
	const uint8_t *want[4] = { r.hob_sha384, r.kernel_sha384, r.initrd_sha384, r.cmdline_sha384 };
	for (unsigned i = 0; i < 4; i++)
		assert_memory_equal(l.ev[i].digest[0], want[i], 48);
	assert_int_equal(l.ev[3].data_len, strlen(r.cmdline));
	assert_memory_equal(l.ev[3].data, r.cmdline, strlen(r.cmdline));
	for (unsigned i = 0; i < r.nentries; i++) {
		struct evlog_decoded d;

		evlog_decode(&l.ev[4 + i], &d);
		assert_int_equal(d.kind, r.entry[i].loaded ? EVLOG_DATA_AGENT : EVLOG_DATA_REJECT);
		assert_memory_equal(&d.u.agent, &r.entry[i].agent, sizeof(d.u.agent));
	}
	struct evlog_decoded d;
	struct tetd_zone_event z = r.zone;
	evlog_decode(&l.ev[4 + r.nentries], &d);
	assert_int_equal(d.kind, EVLOG_DATA_ZONE);
	z.seed_source = seed;
	assert_memory_equal(&d.u.zone, &z, sizeof(z));       /* used, counts: the loader's */
	assert_memory_equal(l.ev[4 + r.nentries].digest[0], r.zone_sha384[seed], 48);
	evlog_free(&l);
	measure_free(&r);
}

static void reference_of(const struct measure_input *in, const struct measure_result *r,
			 struct reference *ref)
{
	char *buf = NULL, msg[512];
	size_t len;
	uint8_t img[48] = { 0 };
	FILE *f = open_memstream(&buf, &len);

	reference_write(f, in, r, img);
	fclose(f);
	if (reference_read(buf, len, ref, msg, sizeof(msg)))
		fail_msg("reference_read: %s", msg);
	free(buf);
}

static unsigned attest(const struct reference *ref, const char *nonce_hex,
		       struct verify_result *res)
{
	struct verify_input vi = { 0 };
	static uint8_t nonce[64];
	size_t n = strlen(nonce_hex) / 2;

	assert_int_equal(hex_decode(nonce_hex, 2 * n, nonce, n), 0);
	vi.quote = B.quote;
	vi.quote_len = B.quote_len;
	vi.cert_pem = B.cert;
	vi.cert_pem_len = B.cert_len;
	vi.nonce = nonce;
	vi.nonce_len = n;
	vi.nonce_hex = nonce_hex;
	vi.evlog = B.log;
	vi.evlog_len = B.log_len;
	vi.ref = ref;
	vi.ref_name = "computed";
	return verify_run(&vi, res);
}

static int has_reason(const struct verify_result *r, const char *want)
{
	for (unsigned i = 0; i < r->nreasons; i++)
		if (strstr(r->reason[i], want))
			return 1;
	return 0;
}

/* The verifier, offline, on the real evidence: the reference computed with
 * the nonce left to the verifier (what `make image` writes) passes. */
static void test_attest_real_boot(void **state)
{
	(void)state;
	struct measure_input in;
	static struct measure_result r;
	static struct reference ref;
	static struct verify_result res;

	input(&in, MEASURE_NONCE_SUFFIX);
	compute(&in, &r);
	assert_false(r.cmdline_known);
	reference_of(&in, &r, &ref);
	if (attest(&ref, B.nonce, &res))
		fail_msg("the real boot fails: %s", res.reason[0]);
	assert_int_equal(res.nagents, 3);
	assert_true(res.have_zone);
	assert_true(res.did_ref);

	/* Another nonce: REPORTDATA, and the command line that carried it. */
	char stale[160];
	snprintf(stale, sizeof(stale), "%s", B.nonce);
	stale[0] = stale[0] == '0' ? '1' : '0';
	assert_true(attest(&ref, stale, &res) >= 2);
	assert_true(has_reason(&res, "REPORTDATA does not bind the nonce"));
	assert_true(has_reason(&res, "RTMR1 event 3 (log event 4): expected EV_IPL"));
	reference_free(&ref);
	measure_free(&r);
}

/* RTMR0 is the TD HOB: it depends on -m, -smp and the command line's
 * length, nothing else of the VM; RTMR3 and MRTD depend on none of them. */
static void test_vm_config(void **state)
{
	(void)state;
	struct measure_input in;
	static struct measure_result base, r;

	input(&in, MEASURE_NONCE_FIXED);
	compute(&in, &base);
	in.mem = "1G";
	compute(&in, &r);
	assert_memory_not_equal(r.rtmr0, base.rtmr0, 48);
	assert_memory_equal(r.mrtd, base.mrtd, 48);
	assert_memory_equal(r.rtmr1, base.rtmr1, 48);
	assert_memory_equal(r.rtmr3, base.rtmr3, sizeof(r.rtmr3));
	measure_free(&r);
	in.mem = B.mem;
	in.smp = "3";
	compute(&in, &r);
	assert_memory_not_equal(r.rtmr0, base.rtmr0, 48);
	measure_free(&r);
	in.smp = B.smp;
	in.cmdline = "console=ttyS0 quiet";
	compute(&in, &r);
	assert_memory_not_equal(r.rtmr1, base.rtmr1, 48);
	assert_memory_not_equal(r.rtmr0, base.rtmr0, 48);     /* its length moved */
	measure_free(&r);
	/* The same length, another text: only RTMR1 moves. */
	char same[512];
	snprintf(same, sizeof(same), "%s", B.cmdline);
	same[0] = same[0] == 'x' ? 'y' : 'x';
	in.cmdline = same;
	compute(&in, &r);
	assert_memory_not_equal(r.rtmr1, base.rtmr1, 48);
	assert_memory_equal(r.rtmr0, base.rtmr0, 48);
	measure_free(&r);
	measure_free(&base);
}

static void measure_fails(const struct measure_input *in, const char *want)
{
	static struct measure_result r;
	char msg[MEASURE_MSG_LEN] = "";

	if (measure_compute(in, &r, msg, sizeof(msg)) == 0) {
		measure_free(&r);
		fail_msg("accepted inputs that should fail with \"%s\"", want);
	}
	if (!strstr(msg, want))
		fail_msg("reason \"%s\" does not say \"%s\"", msg, want);
}

static void test_refusals(void **state)
{
	(void)state;
	struct measure_input in;
	uint8_t *img = malloc(B.fd_len), *k;

	input(&in, MEASURE_NONCE_NONE);
	memcpy(img, B.fd, B.fd_len);
	in.image = img;
	memset(img + B.fd_len - 48, 0, 16);                 /* the footer GUID */
	measure_fails(&in, "not a usable TD image");
	in.image = B.fd;
	in.image_len = 4096 * 3 + 1;
	measure_fails(&in, "a TD image is a multiple of 4 KiB");
	in.image_len = B.fd_len;
	k = malloc(B.kernel_len);
	memcpy(k, B.kernel, B.kernel_len);
	in.kernel = k;
	memset(k + 0x202, 'X', 4);                          /* "HdrS" */
	measure_fails(&in, "not a Linux bzImage");
	memcpy(k, B.kernel, B.kernel_len);
	k[0x1fe] = 0;                                       /* boot_flag */
	measure_fails(&in, "kernel: not a bzImage (boot_flag");
	in.kernel = B.kernel;
	in.cmdline = "caf\xc3\xa9";
	measure_fails(&in, "outside ASCII");
	in.cmdline = B.cmdline;
	in.nonce = MEASURE_NONCE_FIXED;
	in.nonce_hex = "xyz";
	measure_fails(&in, "the nonce must be 1..64 bytes of hex");
	free(k);
	free(img);
}

/* The agent volume: one byte of an agent changed (the volume repacked the
 * way tetd-agent does is another digest; left as is, the loader refuses
 * the entry and says why), and an erased volume. */
static void test_agents(void **state)
{
	(void)state;
	struct measure_input in;
	static struct measure_result base, r;
	uint8_t *img = malloc(B.fd_len);
	struct tetd_avol_entry e;

	input(&in, MEASURE_NONCE_NONE);
	compute(&in, &base);
	assert_true(base.nentries >= 2);
	memcpy(img, B.fd, B.fd_len);
	in.image = img;
	/* The CFV is the image's first MiB (layout.h); entry 1's ELF, mid-file. */
	memcpy(&e, img + TETD_CFV_OFFSET + sizeof(struct tetd_avol_header) + sizeof(e), sizeof(e));
	img[TETD_CFV_OFFSET + e.offset + e.size / 2] ^= 1;
	compute(&in, &r);
	assert_true(r.entry[0].loaded);
	assert_false(r.entry[1].loaded);
	assert_int_equal(r.entry[1].reject.index, 1);
	assert_non_null(strstr(r.entry[1].reject.reason, "SHA-384"));
	assert_memory_not_equal(r.rtmr3, base.rtmr3, sizeof(r.rtmr3));
	assert_memory_equal(r.mrtd, base.mrtd, 48);          /* the CFV is not in MRTD */
	assert_int_equal(r.zone.agents_rejected, 1);
	assert_true(r.zone.used < base.zone.used);
	measure_free(&r);
	memset(img + TETD_CFV_OFFSET, 0xff, TETD_CFV_SIZE);
	compute(&in, &r);
	assert_true(r.volume_erased);
	assert_int_equal(r.nentries, 0);
	assert_int_equal(r.zone.used, TETD_ZONE_AGENTS_OFF);
	measure_free(&r);
	memset(img + TETD_CFV_OFFSET, 0, 64);               /* not a volume at all */
	compute(&in, &r);
	assert_int_equal(r.nentries, 1);
	assert_string_equal(r.entry[0].reject.name, "volume");
	measure_free(&r);
	measure_free(&base);
	free(img);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registers),
		cmocka_unit_test(test_events),
		cmocka_unit_test(test_attest_real_boot),
		cmocka_unit_test(test_vm_config),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_agents),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
