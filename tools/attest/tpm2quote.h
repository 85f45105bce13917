/* SPDX-License-Identifier: MIT */
/*
 * tools/attest/tpm2quote.h - TPM 2.0 quote evidence as tpm2_quote writes it
 * (tpm2-tools 5.x): the TPMS_ATTEST the TPM signed (-m), its TPMT_SIGNATURE
 * (-s, the default "tss" format) and optionally the quoted PCR values (-o,
 * "serialized" or "values" format); the attestation key's public key as
 * PEM (tpm2_createak -f pem, what tools/tpm-quote writes as ak.pub.pem).
 *
 * One home for the host side of this evidence: the strict parsers, the
 * signature check (OpenSSL: RSASSA-PKCS1-v1_5, RSASSA-PSS, ECDSA) and the
 * pcrDigest composition. Field layouts: TPM 2.0 Library Part 2 (Structures)
 * 10.12.8 TPMS_ATTEST, 10.12.2 TPMS_CLOCK_INFO, 10.12.4 TPMS_QUOTE_INFO,
 * 10.6.2 TPMS_PCR_SELECTION, 10.9.7 TPML_PCR_SELECTION, 11.3.4
 * TPMT_SIGNATURE; all integers big-endian. Strict: every length is checked
 * against what is left and against the structure's own maximum, every
 * selector against its allowed values, and nothing may follow the
 * structure. Every rejection says which field and why.
 */
#ifndef TOOLS_TPM2QUOTE_H
#define TOOLS_TPM2QUOTE_H
#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#define TPM2Q_MSG_LEN          200
#define TPM2Q_GENERATED_VALUE  0xff544347u   /* TPM_GENERATED_VALUE, "\xffTCG" */
#define TPM2Q_ST_ATTEST_QUOTE  0x8018u
#define TPM2Q_ALG_RSASSA       0x0014u
#define TPM2Q_ALG_RSAPSS       0x0016u
#define TPM2Q_ALG_ECDSA        0x0018u
#define TPM2Q_ALG_NULL         0x0010u

#define TPM2Q_MAX_HASH         64        /* sizeof(TPMU_HA): SHA-512 */
#define TPM2Q_MAX_NAME         (2 + TPM2Q_MAX_HASH)   /* sizeof(TPMU_NAME) */
#define TPM2Q_MAX_DATA         (2 + TPM2Q_MAX_HASH)   /* TPM2B_DATA: sizeof(TPMT_HA) */
#define TPM2Q_MAX_BANKS        16        /* TPM2_NUM_PCR_BANKS (tpm2-tss) */
#define TPM2Q_MAX_SELECT       4         /* sizeofSelect: 32 PCRs at most */
#define TPM2Q_MAX_PCRS         (TPM2Q_MAX_BANKS * 8 * TPM2Q_MAX_SELECT)
#define TPM2Q_MAX_RSA          512       /* TPM2B_PUBLIC_KEY_RSA: 4096-bit keys */
#define TPM2Q_MAX_ECC          66        /* TPM2B_ECC_PARAMETER: P-521 */

struct tpm2q_sel {
	uint16_t alg;                   /* a hash (tpm2q_hash_size > 0) */
	uint8_t size_of_select;         /* 1..4 */
	uint32_t pcrs;                  /* bit i: PCR i selected */
};

/* TPMS_ATTEST of type TPM_ST_ATTEST_QUOTE. */
struct tpm2q_attest {
	uint16_t signer_len;            /* qualifiedSigner (TPM2B_NAME) */
	uint8_t signer[TPM2Q_MAX_NAME];
	uint16_t extra_len;             /* extraData: the verifier's nonce */
	uint8_t extra[TPM2Q_MAX_DATA];
	uint64_t clock;                 /* clockInfo */
	uint32_t reset_count, restart_count;
	uint8_t safe;
	uint64_t firmware_version;
	unsigned nsel;                  /* attested.quote.pcrSelect */
	struct tpm2q_sel sel[TPM2Q_MAX_BANKS];
	uint16_t digest_len;            /* attested.quote.pcrDigest */
	uint8_t pcr_digest[TPM2Q_MAX_HASH];
};

/* TPMT_SIGNATURE with an RSASSA, RSAPSS or ECDSA scheme. */
struct tpm2q_sig {
	uint16_t alg;                   /* TPM2Q_ALG_RSASSA/RSAPSS/ECDSA */
	uint16_t hash;
	uint16_t len;                   /* RSA: the signature */
	uint8_t rsa[TPM2Q_MAX_RSA];
	uint16_t r_len, s_len;          /* ECDSA */
	uint8_t r[TPM2Q_MAX_ECC], s[TPM2Q_MAX_ECC];
};

/* Digest size of a TPM hash algorithm (SHA-1/256/384/512, SM3-256), or 0. */
unsigned tpm2q_hash_size(uint16_t alg);
/* "sha256", or "0x0012"-style into buf for others. */
const char *tpm2q_alg_name(uint16_t alg, char buf[16]);

/* Parse the TPMS_ATTEST of a quote. 0, or -1 with the reason in msg. */
int tpm2q_attest_parse(const uint8_t *p, size_t n, struct tpm2q_attest *a, char *msg,
		       size_t msglen);
/* Parse a TPMT_SIGNATURE. 0, or -1 with the reason. */
int tpm2q_sig_parse(const uint8_t *p, size_t n, struct tpm2q_sig *s, char *msg, size_t msglen);

/* A PEM public key (SubjectPublicKeyInfo, RSA or EC), or NULL. */
EVP_PKEY *tpm2q_key_pem(const void *pem, size_t len);
/* "RSA 2048", "EC P-256" for messages. */
const char *tpm2q_key_desc(EVP_PKEY *k, char buf[32]);
/* Does sig, by key, sign msg[0..n)? 0 yes; -1 no, with why (the scheme or
 * key mismatch, or "does not verify"). */
int tpm2q_sig_verify(const struct tpm2q_sig *sig, EVP_PKEY *key, const uint8_t *msg, size_t n,
		     char *why, size_t whylen);

/* The (bank, PCR) pairs a quote selects, in pcrDigest order: the
 * selections in order, each bank's PCRs ascending. Returns the count. */
struct tpm2q_pcr {
	uint16_t alg;
	uint8_t pcr;
};
unsigned tpm2q_selected(const struct tpm2q_attest *a, struct tpm2q_pcr out[TPM2Q_MAX_PCRS]);
/* "sha256:2,9+sha384:2,9" (tpm2-tools' spelling). */
void tpm2q_sel_str(const struct tpm2q_attest *a, char *out, size_t cap);
/* H_alg(values[0] || values[1] || ...), each values[i] of its bank's size:
 * the pcrDigest a TPM computes. 0, or -1 for a hash without OpenSSL. */
int tpm2q_pcr_digest(uint16_t alg, const struct tpm2q_pcr *sel, unsigned n,
		     const uint8_t (*values)[TPM2Q_MAX_HASH], uint8_t out[TPM2Q_MAX_HASH]);

/* The PCR values of tpm2_quote -o for this quote: its "serialized" format
 * (TPML_PCR_SELECTION and TPML_DIGESTs in little-endian memory layout, as
 * tools/tpm-quote writes it) or its "values" format (the digests
 * concatenated). Selection and sizes must be the quote's. values[i]
 * follows tpm2q_selected's order. 0, or -1 with the reason. */
int tpm2q_pcr_values_parse(const uint8_t *p, size_t n, const struct tpm2q_attest *a,
			   uint8_t (*values)[TPM2Q_MAX_HASH], char *msg, size_t msglen);
#endif
