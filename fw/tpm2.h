/* SPDX-License-Identifier: MIT */
/*
 * fw/tpm2.h - the few TPM 2.0 commands the firmware sends (TPM2_Startup,
 * TPM2_GetCapability(TPM_CAP_PCRS), TPM2_PCR_Extend, TPM2_PCR_Read):
 * marshalling into a caller's buffer and strictly bounded parsing of the
 * responses. Pure (no I/O), host-testable and fuzzed
 * (tests/fuzz/fuzz_tpm2_rsp.c). Numbers: TPM 2.0 Library, Part 2
 * (structures) and Part 3 (commands). All fields are big-endian.
 */
#ifndef FW_TPM2_H
#define FW_TPM2_H
#include <stddef.h>
#include <stdint.h>

#define TPM2_ST_NO_SESSIONS    0x8001u
#define TPM2_ST_SESSIONS       0x8002u
#define TPM2_CC_STARTUP        0x00000144u
#define TPM2_CC_GET_CAPABILITY 0x0000017Au
#define TPM2_CC_PCR_READ       0x0000017Eu
#define TPM2_CC_PCR_EXTEND     0x00000182u
#define TPM2_SU_CLEAR          0x0000u
#define TPM2_CAP_PCRS          0x00000005u
#define TPM2_RS_PW             0x40000009u /* the password authorization session */
#define TPM2_RC_SUCCESS        0x000u
#define TPM2_RC_INITIALIZE     0x100u      /* TPM2_Startup: already started */

#define TPM2_ALG_SHA1   0x0004u
#define TPM2_ALG_SHA256 0x000Bu
#define TPM2_ALG_SHA384 0x000Cu
#define TPM2_ALG_SHA512 0x000Du
#define TPM2_ALG_SM3    0x0012u

#define TPM2_HDR_SIZE 10u
/* PC Client TPMs have 24 PCRs; a selection bitmap of up to 4 octets is
 * accepted (PCR 0..31), more is refused as malformed. */
#define TPM2_NUM_PCRS 24u
#define TPM2_PCR_SELECT_MAX 4u
/* PCR banks a TPM may report (TPML_PCR_SELECTION.count); more is refused. */
#define TPM2_MAX_BANKS 8u
/* Session nonces and HMACs in a response: at most a SHA-512 digest. */
#define TPM2_MAX_AUTH 64u

struct tpm2_bank {
	uint16_t alg;
	uint32_t pcrs; /* bit i: PCR i allocated in this bank */
};

struct tpm2_banks {
	unsigned n;
	struct tpm2_bank b[TPM2_MAX_BANKS];
};

struct tpm2_digest {
	uint16_t alg;
	const uint8_t *d; /* tpm2_digest_size(alg) bytes */
};

/* Digest size of a hash algorithm; 0 if unknown. */
size_t tpm2_digest_size(uint16_t alg);
/* "sha256", ...; "alg-0x...." is not produced: unknown ones give "unknown". */
const char *tpm2_alg_name(uint16_t alg);

/* Commands: the length written to buf, or 0 if cap is too small or an
 * argument is out of range (PCR >= TPM2_NUM_PCRS, unknown algorithm). */
size_t tpm2_cmd_startup(uint8_t *buf, size_t cap, uint16_t su);
size_t tpm2_cmd_get_pcrs(uint8_t *buf, size_t cap);
size_t tpm2_cmd_pcr_extend(uint8_t *buf, size_t cap, uint32_t pcr, const struct tpm2_digest *d,
			   unsigned n);
size_t tpm2_cmd_pcr_read(uint8_t *buf, size_t cap, uint16_t alg, uint32_t pcr);

/*
 * Responses (rsp holds exactly len bytes, as received). Each returns 0 if
 * the response is well-formed; then *rc is the TPM's response code, and
 * the outputs are valid only when *rc == 0. -1: malformed (*why says how;
 * outputs untouched). An error response must be the bare 10-byte header
 * with tag TPM_ST_NO_SESSIONS; a successful one must be exactly as long
 * as its contents (no trailing bytes) and carry the command's tag.
 */
int tpm2_rsp_header(const uint8_t *rsp, size_t len, uint16_t tag, uint32_t *rc, const char **why);
int tpm2_rsp_startup(const uint8_t *rsp, size_t len, uint32_t *rc, const char **why);
int tpm2_rsp_get_pcrs(const uint8_t *rsp, size_t len, struct tpm2_banks *banks, uint32_t *rc,
		      const char **why);
int tpm2_rsp_pcr_extend(const uint8_t *rsp, size_t len, uint32_t *rc, const char **why);
/* The digest of PCR pcr in bank alg (out: tpm2_digest_size(alg) bytes). */
int tpm2_rsp_pcr_read(const uint8_t *rsp, size_t len, uint16_t alg, uint32_t pcr, uint8_t *out,
		      uint32_t *rc, const char **why);
#endif
