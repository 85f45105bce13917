// SPDX-License-Identifier: MIT
/*
 * tools/attest/tetd-measure.c - reference values of a TD image under tetdh,
 * from the image and the payload alone (no boot): MRTD, RTMR[0] (the TD
 * HOB tetdh builds for the given -m/-smp), RTMR[1] (kernel, initrd,
 * command line), RTMR[3] (one event per agent of the image's volume, then
 * the zone event, for each seed source), and for the TPM path (the same
 * image on plain QEMU with a TPM: PCR 9 and PCR 2 in the SHA-256 and
 * SHA-384 banks) the expected PCR values, written as the reference-values
 * JSON (docs/attestation.md) that tools/tetd-attest --reference reads.
 * measure.h says where each value comes from.
 *
 * Exit status: 0 done, 1 the inputs are ones tetdh or the firmware would
 * refuse (the reason is printed; for -m/-smp, tetdh's own message), 2
 * usage or I/O error.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/evp.h>

#include "cli.h"
#include "evlog.h"
#include "hex.h"
#include "measure.h"
#include "reference.h"

#define IMAGE_MAX  (64u << 20)      /* tetdh's -bios limit (VMM_IMAGE_MAX) */
#define KERNEL_MAX (512u << 20)

/* tools/tetdh-run's defaults: the reference matches a plain tetdh-run boot. */
#define DEF_MEM    "512M"
#define DEF_SMP    "2"
#define DEF_APPEND "console=ttyS0 panic=-1"
#define DEF_NONCE  32

static void usage(FILE *f)
{
	fprintf(f,
"usage: tetd-measure --image FD --kernel BZIMAGE [--initrd FILE]\n"
"                    [--append CMDLINE] [-m SIZE] [-smp N]\n"
"                    [--nonce-bytes N | --nonce HEX | --no-nonce] [-o FILE]\n"
"\n"
"Reference values of a TD image under tetdh, from the files alone: MRTD,\n"
"RTMR0 (the TD HOB, which depends on -m and -smp), RTMR1 (kernel, initrd,\n"
"command line), RTMR3 (each agent of the image's volume, then the zone event,\n"
"once per zone seed source), and the TPM path's PCR 9 and PCR 2 (plain QEMU\n"
"with a TPM; SHA-256 and SHA-384 banks), as JSON for tetd-attest --reference\n"
"(docs/attestation.md). For a TPM boot without tools/tetdh-run's nonce on\n"
"the command line (image/run-qemu-tpm.sh) use --no-nonce.\n"
"  --image FD        the TD image (image/out/tetd.fd)\n"
"  --kernel BZIMAGE  the kernel tetdh is given (-kernel)\n"
"  --initrd FILE     the initrd (-initrd); without it, none\n"
"  --append CMDLINE  the command line before the nonce (default \"%s\")\n"
"  -m SIZE, -smp N   the VM, in tetdh's syntax (default %s, %s: tools/tetdh-run's)\n"
"  --nonce-bytes N   tools/tetdh-run appends \" tetd.nonce=HEX\" with an N-byte\n"
"                    nonce (default %d): RTMR1 is completed by the verifier's nonce\n"
"  --nonce HEX       that nonce is known now: RTMR1 is fixed\n"
"  --no-nonce        the command line is exactly --append\n"
"  -o FILE           write the JSON to FILE and a summary to stdout\n"
"                    (default: the JSON to stdout)\n"
"Exit status: 0 done, 1 inputs tetdh or the firmware would refuse, 2 usage or\n"
"I/O error.\n", DEF_APPEND, DEF_MEM, DEF_SMP, DEF_NONCE);
}

#define die cli_die

static uint8_t *read_all(const char *path, size_t max, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	uint8_t *buf;

	if (!f)
		die("%s: %s", path, strerror(errno));
	if (fstat(fileno(f), &st) || !S_ISREG(st.st_mode))
		die("%s: not a regular file", path);
	if ((uint64_t)st.st_size > max)
		die("%s: %lld bytes, more than %zu", path, (long long)st.st_size, max);
	buf = malloc(st.st_size ? (size_t)st.st_size : 1);
	if (!buf)
		die("out of memory");
	*len = fread(buf, 1, (size_t)st.st_size, f);
	if (ferror(f) || *len != (size_t)st.st_size)
		die("%s: read error", path);
	fclose(f);
	return buf;
}

/* SHA-384, SHA-256 (the TPM path's second bank) and size of a file of any
 * size, streamed. */
static void hash_file(const char *path, uint8_t out[48], uint8_t out256[32], uint64_t *size)
{
	FILE *f = fopen(path, "rb");
	EVP_MD_CTX *c = EVP_MD_CTX_new(), *c2 = EVP_MD_CTX_new();
	static uint8_t buf[1 << 16];
	struct stat st;
	unsigned n = 0;
	size_t got;

	if (!f)
		die("%s: %s", path, strerror(errno));
	if (fstat(fileno(f), &st) || !S_ISREG(st.st_mode))
		die("%s: not a regular file", path);
	if (!c || !c2 || EVP_DigestInit_ex(c, EVP_sha384(), NULL) != 1 ||
	    EVP_DigestInit_ex(c2, EVP_sha256(), NULL) != 1)
		die("SHA-384 or SHA-256 unavailable");
	*size = 0;
	while ((got = fread(buf, 1, sizeof(buf), f)) > 0) {
		EVP_DigestUpdate(c, buf, got);
		EVP_DigestUpdate(c2, buf, got);
		*size += got;
	}
	if (ferror(f))
		die("%s: read error", path);
	EVP_DigestFinal_ex(c, out, &n);
	EVP_DigestFinal_ex(c2, out256, &n);
	EVP_MD_CTX_free(c);
	EVP_MD_CTX_free(c2);
	fclose(f);
}

static void summary(FILE *f, const struct measure_input *in, const struct measure_result *r,
		    const char *out_path)
{
	char h[HEX48_LEN], v[24];

	fprintf(f, "tetd-measure: %s: %s, -m %s -smp %s, command line \"%s\"%s\n", out_path,
		in->image_path, in->mem, in->smp, in->cmdline,
		in->nonce == MEASURE_NONCE_SUFFIX ? " + tetd.nonce (the verifier's)" :
		in->nonce == MEASURE_NONCE_FIXED ? " + tetd.nonce (fixed)" : "");
	fprintf(f, "MRTD:   %s\n", hex48(r->mrtd, h));
	fprintf(f, "RTMR0:  %s (TD HOB, %zu bytes, %llu MiB, %u vCPUs)\n", hex48(r->rtmr0, h),
		r->hob_len, (unsigned long long)(r->mem >> 20), r->smp);
	if (r->cmdline_known)
		fprintf(f, "RTMR1:  %s\n", hex48(r->rtmr1, h));
	else
		fprintf(f, "RTMR1:  (completed by the verifier's nonce)\n");
	for (uint32_t s = 1; s <= MEASURE_SEEDS; s++)
		fprintf(f, "RTMR3:  %s (zone seeded by %s)\n", hex48(r->rtmr3[s], h),
			evlog_seed_name(s));
	for (unsigned i = 0; i < r->nentries; i++) {
		const struct measure_entry *e = &r->entry[i];

		if (e->loaded) {
			version_str(e->agent.version, v);
			fprintf(f, "agent:  %s v%s id 0x%x sha384 %s\n", e->agent.name, v,
				e->agent.id, hex48(e->agent.sha384, h));
		} else {
			fprintf(f, "refused: entry %u '%s': %s\n", e->reject.index, e->reject.name,
				e->reject.reason);
		}
	}
	fprintf(f, "zone:   %u loaded, %u refused, %llu bytes used\n", r->zone.agents_loaded,
		r->zone.agents_rejected, (unsigned long long)r->zone.used);
	/* The TPM path (plain QEMU with a TPM): the same events in PCR 9 and 2. */
	{
		static struct reference ref;
		struct reference_tpm t;
		char h2[65];

		reference_of_result(in, r, &ref);
		reference_tpm(&ref, NULL, &t);
		if (t.cmdline_known) {
			hex_encode(t.pcr9[REF_TPM_SHA256], 32, h2);
			fprintf(f, "PCR9:   sha256 %s\n        sha384 %s (TPM path)\n", h2,
				hex48(t.pcr9[REF_TPM_SHA384], h));
		} else {
			fprintf(f, "PCR9:   (TPM path; completed by the verifier's nonce)\n");
		}
		for (uint32_t s = 1; s <= MEASURE_SEEDS; s++) {
			hex_encode(t.pcr2[REF_TPM_SHA256][s], 32, h2);
			fprintf(f, "PCR2:   sha256 %s\n        sha384 %s (TPM path, seed %s)\n", h2,
				hex48(t.pcr2[REF_TPM_SHA384][s], h), evlog_seed_name(s));
		}
	}
}

int main(int argc, char **argv)
{
	cli_prog = "tetd-measure";
	struct measure_input in = { .cmdline = DEF_APPEND, .mem = DEF_MEM, .smp = DEF_SMP,
				    .nonce = MEASURE_NONCE_SUFFIX, .nonce_bytes = DEF_NONCE };
	const char *out_path = NULL;
	struct measure_result r;
	char msg[MEASURE_MSG_LEN];
	uint8_t img_sha[48];
	int nonce_opts = 0;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		int v = i + 1 < argc;

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(a, "--image") && v) {
			in.image_path = argv[++i];
		} else if (!strcmp(a, "--kernel") && v) {
			in.kernel_path = argv[++i];
		} else if (!strcmp(a, "--initrd") && v) {
			in.initrd_path = argv[++i];
		} else if (!strcmp(a, "--append") && v) {
			in.cmdline = argv[++i];
		} else if ((!strcmp(a, "-m") || !strcmp(a, "--m")) && v) {
			in.mem = argv[++i];
		} else if ((!strcmp(a, "-smp") || !strcmp(a, "--smp")) && v) {
			in.smp = argv[++i];
		} else if (!strcmp(a, "--nonce-bytes") && v) {
			char *end;
			unsigned long n = strtoul(argv[++i], &end, 10);

			if (*end || !*argv[i] || n < 1 || n > MEASURE_NONCE_MAX)
				die("--nonce-bytes takes 1..%d", MEASURE_NONCE_MAX);
			in.nonce = MEASURE_NONCE_SUFFIX;
			in.nonce_bytes = (unsigned)n;
			nonce_opts++;
		} else if (!strcmp(a, "--nonce") && v) {
			in.nonce = MEASURE_NONCE_FIXED;
			in.nonce_hex = argv[++i];
			nonce_opts++;
		} else if (!strcmp(a, "--no-nonce")) {
			in.nonce = MEASURE_NONCE_NONE;
			nonce_opts++;
		} else if (!strcmp(a, "-o") && v) {
			out_path = argv[++i];
		} else {
			die("unknown option or missing value: %s (see --help)", a);
		}
	}
	if (!in.image_path || !in.kernel_path)
		die("need --image FD and --kernel BZIMAGE (see --help)");
	if (nonce_opts > 1)
		die("--nonce-bytes, --nonce and --no-nonce exclude each other");
	if (in.nonce == MEASURE_NONCE_FIXED) {
		size_t n = strlen(in.nonce_hex);
		uint8_t tmp[MEASURE_NONCE_MAX];

		if (!n || n % 2 || n > 2 * MEASURE_NONCE_MAX ||
		    hex_decode(in.nonce_hex, n, tmp, n / 2))
			die("--nonce takes 1..%d bytes of hex", MEASURE_NONCE_MAX);
	}
	in.image = read_all(in.image_path, IMAGE_MAX, &in.image_len);
	in.kernel = read_all(in.kernel_path, KERNEL_MAX, &in.kernel_len);
	if (in.initrd_path) {
		in.have_initrd = 1;
		hash_file(in.initrd_path, in.initrd_sha384, in.initrd_sha256, &in.initrd_size);
	}
	measure_sha384(in.image, in.image_len, img_sha);
	if (measure_compute(&in, &r, msg, sizeof(msg))) {
		fprintf(stderr, "tetd-measure: %s\n", msg);
		return 1;
	}
	if (out_path) {
		char tmp[4096];
		FILE *f;

		snprintf(tmp, sizeof(tmp), "%s.tmp", out_path);
		f = fopen(tmp, "w");
		if (!f)
			die("%s: %s", tmp, strerror(errno));
		reference_write(f, &in, &r, img_sha);
		if (fclose(f) || rename(tmp, out_path))
			die("%s: %s", out_path, strerror(errno));
		summary(stdout, &in, &r, out_path);
	} else {
		reference_write(stdout, &in, &r, img_sha);
	}
	measure_free(&r);
	free((void *)in.image);
	free((void *)in.kernel);
	return fflush(stdout) ? 2 : 0;
}
