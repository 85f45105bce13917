// SPDX-License-Identifier: MIT
/*
 * tetdh/seam/quote.c - GetQuote: a simulated quoting enclave (QE).
 *
 * Quote format: TDX quote v4 (Intel DCAP): 48-byte header {version 4,
 * attestation key type 2 (ECDSA-256 with P-256), TEE type 0x81, Intel QE
 * vendor id}, the 584-byte TD report body taken from the TDREPORT, then
 * u32 signature-data length and the signature data: ECDSA r||s over
 * SHA-256(header || body), the raw attestation public key x||y, and
 * certification data of type 5 (PEM certificate chain).
 *
 * Model choices: there is no PCK, no QE report and no Intel root. The
 * attestation key is one P-256 key per host state directory with a
 * self-signed X.509 certificate; the chain is that single certificate.
 * Key and certificate live together in STATE_DIR/qe.pem (mode 0600, the
 * directory 0700), created on first use and never placed in an image.
 * A verifier decides trust by pinning that certificate.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "seam.h"

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "quote fields are written in host order: little-endian hosts only"
#endif

#define QE_FILE        "qe.pem"
#define QE_FILE_MAX    (64 * 1024)
#define CERT_PEM_MAX   (16 * 1024)
#define CERT_DAYS      3650

struct seam_qe {
	EVP_PKEY *key;
	char *cert_pem;
	size_t cert_pem_len;
	uint8_t pub[64];               /* x || y */
};

static const uint8_t intel_qe_vendor_id[16] = TDX_QUOTE_INTEL_QE_VENDOR_ID;

__attribute__((format(printf, 3, 4)))
static int fail(char *msg, size_t msglen, const char *fmt, ...)
{
	va_list ap;

	if (msg && msglen) {
		va_start(ap, fmt);
		vsnprintf(msg, msglen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* Raw uncompressed point of a P-256 key, without the 0x04 prefix. */
static int pub_raw(EVP_PKEY *key, uint8_t out[64])
{
	uint8_t pt[65];
	char group[32];
	size_t n = 0;

	if (!EVP_PKEY_is_a(key, "EC") ||
	    EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME,
					   group, sizeof(group), NULL) != 1 ||
	    strcmp(group, "prime256v1") ||
	    EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_PUB_KEY, pt,
					    sizeof(pt), &n) != 1 ||
	    n != sizeof(pt) || pt[0] != 0x04)
		return -1;
	memcpy(out, pt + 1, 64);
	return 0;
}

static X509 *make_cert(EVP_PKEY *key)
{
	X509 *x = X509_new();
	X509_NAME *name;

	if (!x)
		return NULL;
	name = X509_get_subject_name(x);
	if (X509_set_version(x, 2) != 1 ||
	    ASN1_INTEGER_set(X509_get_serialNumber(x), 1) != 1 ||
	    !X509_gmtime_adj(X509_getm_notBefore(x), 0) ||
	    !X509_gmtime_adj(X509_getm_notAfter(x), 86400L * CERT_DAYS) ||
	    X509_set_pubkey(x, key) != 1 ||
	    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
				       (const unsigned char *)"TETD-fw", -1, -1, 0) != 1 ||
	    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
				       (const unsigned char *)"tetdh simulated TDX quoting key",
				       -1, -1, 0) != 1 ||
	    X509_set_issuer_name(x, name) != 1 ||
	    !X509_sign(x, key, EVP_sha256())) {
		X509_free(x);
		return NULL;
	}
	return x;
}

/* mkdir -p with mode 0700 for the directories it creates. */
static int mkdir_p(const char *dir)
{
	char *p, *tmp = strdup(dir);
	int ret = 0;

	if (!tmp)
		return -1;
	for (p = tmp + 1; ; p++) {
		if (*p && *p != '/')
			continue;
		char c = *p;
		*p = 0;
		if (mkdir(tmp, 0700) && errno != EEXIST)
			ret = -1;
		*p = c;
		if (!c || ret)
			break;
	}
	free(tmp);
	return ret;
}

/* Create key + certificate and publish them atomically: the file appears
 * with both or not at all, and a concurrent creator's file wins. */
static int create_qe_file(const char *path, char *msg, size_t msglen)
{
	EVP_PKEY *key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	X509 *cert = key ? make_cert(key) : NULL;
	BIO *bio = BIO_new(BIO_s_secmem()); /* wiped on free: holds the key */
	char tmp[4096 + 32];
	char *data;
	long n;
	int fd, ret = -1;

	if (!key || !cert || !bio ||
	    PEM_write_bio_PrivateKey(bio, key, NULL, NULL, 0, NULL, NULL) != 1 ||
	    PEM_write_bio_X509(bio, cert) != 1) {
		ret = fail(msg, msglen, "cannot create the quoting key");
		goto out;
	}
	n = BIO_get_mem_data(bio, &data);
	snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		ret = fail(msg, msglen, "%s: %s", tmp, strerror(errno));
		goto out;
	}
	if (write(fd, data, (size_t)n) != n || fsync(fd)) {
		close(fd);
		unlink(tmp);
		ret = fail(msg, msglen, "%s: write failed", tmp);
		goto out;
	}
	close(fd);
	if (link(tmp, path) && errno != EEXIST)
		ret = fail(msg, msglen, "%s: %s", path, strerror(errno));
	else
		ret = 0;
	unlink(tmp);
out:
	BIO_free(bio);
	X509_free(cert);
	EVP_PKEY_free(key);
	return ret;
}

static int read_qe_file(const char *path, char *buf, size_t *len, char *msg,
			size_t msglen)
{
	struct stat st;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0)
		return fail(msg, msglen, "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
	    (st.st_mode & 077) || st.st_size <= 0 || st.st_size > QE_FILE_MAX) {
		close(fd);
		return fail(msg, msglen,
			    "%s: must be a regular file of ours, mode 0600, under 64 KiB",
			    path);
	}
	n = read(fd, buf, (size_t)st.st_size);
	close(fd);
	if (n != st.st_size)
		return fail(msg, msglen, "%s: short read", path);
	*len = (size_t)n;
	return 0;
}

static int load_qe(struct seam_qe *qe, const char *buf, size_t len, char *msg,
		   size_t msglen)
{
	BIO *b1 = BIO_new_mem_buf(buf, (int)len), *b2 = BIO_new_mem_buf(buf, (int)len);
	BIO *out = BIO_new(BIO_s_mem());
	X509 *cert = NULL;
	char *pem;
	long n;
	int ret = -1;

	if (!b1 || !b2 || !out)
		goto done;
	qe->key = PEM_read_bio_PrivateKey(b1, NULL, NULL, NULL);
	cert = PEM_read_bio_X509(b2, NULL, NULL, NULL);
	if (!qe->key || !cert || pub_raw(qe->key, qe->pub) ||
	    EVP_PKEY_eq(X509_get0_pubkey(cert), qe->key) != 1) {
		ret = fail(msg, msglen,
			   "quoting key file: no matching P-256 key and certificate");
		goto done;
	}
	if (PEM_write_bio_X509(out, cert) != 1)
		goto done;
	n = BIO_get_mem_data(out, &pem);
	qe->cert_pem = malloc((size_t)n + 1);
	if (!qe->cert_pem)
		goto done;
	memcpy(qe->cert_pem, pem, (size_t)n);
	qe->cert_pem[n] = 0;
	qe->cert_pem_len = (size_t)n;
	ret = 0;
done:
	if (ret && msg && msglen && !msg[0])
		fail(msg, msglen, "quoting key file: out of memory");
	X509_free(cert);
	BIO_free(b1);
	BIO_free(b2);
	BIO_free(out);
	return ret;
}

struct seam_qe *seam_qe_open(const char *state_dir, char *msg, size_t msglen)
{
	struct seam_qe *qe;
	char path[4096], *buf;
	size_t len = 0;

	if (msg && msglen)
		msg[0] = 0;
	if (!state_dir || !state_dir[0] ||
	    snprintf(path, sizeof(path), "%s/%s", state_dir, QE_FILE) >= (int)sizeof(path)) {
		fail(msg, msglen, "no usable state directory for the quoting key");
		return NULL;
	}
	if (mkdir_p(state_dir)) {
		fail(msg, msglen, "%s: cannot create: %s", state_dir, strerror(errno));
		return NULL;
	}
	if (access(path, F_OK) && create_qe_file(path, msg, msglen))
		return NULL;
	buf = malloc(QE_FILE_MAX);
	qe = calloc(1, sizeof(*qe));
	if (!buf || !qe || read_qe_file(path, buf, &len, msg, msglen) ||
	    load_qe(qe, buf, len, msg, msglen)) {
		if (msg && msglen && !msg[0])
			fail(msg, msglen, "out of memory");
		free(buf);
		seam_qe_close(qe);
		return NULL;
	}
	OPENSSL_cleanse(buf, len);
	free(buf);
	return qe;
}

void seam_qe_close(struct seam_qe *qe)
{
	if (!qe)
		return;
	EVP_PKEY_free(qe->key);
	free(qe->cert_pem);
	free(qe);
}

const char *seam_qe_cert_pem(const struct seam_qe *qe, size_t *len)
{
	*len = qe->cert_pem_len;
	return qe->cert_pem;
}

static void fill_body(struct tdx_quote_body *b, const struct tdx_report *r)
{
	memcpy(b->tee_tcb_svn, r->tee_tcb_info.tee_tcb_svn, 16);
	memcpy(b->mrseam, r->tee_tcb_info.mrseam, SEAM_SHA384_LEN);
	memcpy(b->mrsignerseam, r->tee_tcb_info.mrsignerseam, SEAM_SHA384_LEN);
	b->seam_attributes = r->tee_tcb_info.attributes;
	b->td_attributes = r->tdinfo.attributes;
	b->xfam = r->tdinfo.xfam;
	memcpy(b->mrtd, r->tdinfo.mrtd, SEAM_SHA384_LEN);
	memcpy(b->mrconfigid, r->tdinfo.mrconfigid, SEAM_SHA384_LEN);
	memcpy(b->mrowner, r->tdinfo.mrowner, SEAM_SHA384_LEN);
	memcpy(b->mrownerconfig, r->tdinfo.mrownerconfig, SEAM_SHA384_LEN);
	memcpy(b->rtmr, r->tdinfo.rtmr, sizeof(b->rtmr));
	memcpy(b->reportdata, r->reportmac.reportdata, TDX_REPORTDATA_LEN);
}

/* ECDSA-P256-SHA256 over msg; signature as raw r || s. */
static int sign_raw(EVP_PKEY *key, const uint8_t *m, size_t mlen, uint8_t rs[64])
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	uint8_t der[80];
	const uint8_t *p = der;
	size_t dlen = sizeof(der);
	ECDSA_SIG *sig = NULL;
	const BIGNUM *r, *s;
	int ret = -1;

	if (!ctx || EVP_DigestSignInit(ctx, NULL, EVP_sha256(), NULL, key) != 1 ||
	    EVP_DigestSign(ctx, der, &dlen, m, mlen) != 1)
		goto out;
	sig = d2i_ECDSA_SIG(NULL, &p, (long)dlen);
	if (!sig)
		goto out;
	ECDSA_SIG_get0(sig, &r, &s);
	if (BN_bn2binpad(r, rs, 32) == 32 && BN_bn2binpad(s, rs + 32, 32) == 32)
		ret = 0;
out:
	ECDSA_SIG_free(sig);
	EVP_MD_CTX_free(ctx);
	return ret;
}

int seam_quote_build(struct seam_qe *qe, const struct tdx_report *r,
		     uint8_t **out, size_t *out_len)
{
	size_t sig_len = sizeof(struct tdx_quote_sig_data) + qe->cert_pem_len;
	size_t len = TDX_QUOTE_SIGNED_LEN + 4 + sig_len;
	uint8_t *q = calloc(1, len);
	struct tdx_quote_header *h = (struct tdx_quote_header *)q;
	struct tdx_quote_sig_data *sd;
	uint32_t sl = (uint32_t)sig_len;

	if (!q)
		return -1;
	h->version = TDX_QUOTE_VERSION_4;
	h->att_key_type = TDX_QUOTE_ATT_KEY_ECDSA_P256;
	h->tee_type = TDX_QUOTE_TEE_TYPE_TDX;
	memcpy(h->qe_vendor_id, intel_qe_vendor_id, 16);
	fill_body((struct tdx_quote_body *)(q + sizeof(*h)), r);
	memcpy(q + TDX_QUOTE_SIGNED_LEN, &sl, 4);
	sd = (struct tdx_quote_sig_data *)(q + TDX_QUOTE_SIGNED_LEN + 4);
	memcpy(sd->att_pubkey, qe->pub, 64);
	sd->cert_type = TDX_QUOTE_CERT_PCK_CHAIN;
	sd->cert_size = (uint32_t)qe->cert_pem_len;
	memcpy(sd->cert_data, qe->cert_pem, qe->cert_pem_len);
	if (sign_raw(qe->key, q, TDX_QUOTE_SIGNED_LEN, sd->signature)) {
		free(q);
		return -1;
	}
	*out = q;
	*out_len = len;
	return 0;
}

/* 1 if the raw r || s signature verifies over m with key, else 0. */
static int verify_raw(EVP_PKEY *key, const uint8_t *m, size_t mlen,
		      const uint8_t rs[64])
{
	ECDSA_SIG *sig = ECDSA_SIG_new();
	BIGNUM *r = BN_bin2bn(rs, 32, NULL), *s = BN_bin2bn(rs + 32, 32, NULL);
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned char *der = NULL;
	int dlen, ok = 0;

	if (!sig || !r || !s || !ctx || ECDSA_SIG_set0(sig, r, s) != 1)
		goto out;
	r = s = NULL; /* owned by sig now */
	dlen = i2d_ECDSA_SIG(sig, &der);
	if (dlen > 0 &&
	    EVP_DigestVerifyInit(ctx, NULL, EVP_sha256(), NULL, key) == 1 &&
	    EVP_DigestVerify(ctx, der, (size_t)dlen, m, mlen) == 1)
		ok = 1;
out:
	OPENSSL_free(der);
	BN_free(r);
	BN_free(s);
	ECDSA_SIG_free(sig);
	EVP_MD_CTX_free(ctx);
	return ok;
}

int seam_quote_verify(const uint8_t *q, size_t len, struct seam_quote_info *info,
		      char *msg, size_t msglen)
{
	const size_t head = TDX_QUOTE_SIGNED_LEN + 4;
	const struct tdx_quote_sig_data *sd;
	struct tdx_quote_header h;
	uint32_t sig_len, cert_size;
	uint16_t cert_type;
	uint8_t pub[64];
	EVP_PKEY *key;
	X509 *cert;
	BIO *bio;
	int ok;

	if (len < head + sizeof(*sd) || len > head + sizeof(*sd) + CERT_PEM_MAX)
		return fail(msg, msglen, "quote is %zu bytes, expected %zu..%zu",
			    len, head + sizeof(*sd), head + sizeof(*sd) + CERT_PEM_MAX);
	memcpy(&h, q, sizeof(h));
	if (h.version != TDX_QUOTE_VERSION_4)
		return fail(msg, msglen, "quote version %u, expected 4", h.version);
	if (h.att_key_type != TDX_QUOTE_ATT_KEY_ECDSA_P256)
		return fail(msg, msglen, "attestation key type %u, expected 2 (ECDSA P-256)",
			    h.att_key_type);
	if (h.tee_type != TDX_QUOTE_TEE_TYPE_TDX)
		return fail(msg, msglen, "TEE type 0x%x, expected 0x81 (TDX)", h.tee_type);
	if (memcmp(h.qe_vendor_id, intel_qe_vendor_id, 16))
		return fail(msg, msglen, "QE vendor id is not Intel's");
	memcpy(&sig_len, q + TDX_QUOTE_SIGNED_LEN, 4);
	if (sig_len != len - head)
		return fail(msg, msglen, "signature data length %u, but %zu bytes follow",
			    sig_len, len - head);
	sd = (const struct tdx_quote_sig_data *)(q + head);
	memcpy(&cert_type, &sd->cert_type, 2);
	memcpy(&cert_size, &sd->cert_size, 4);
	if (cert_type != TDX_QUOTE_CERT_PCK_CHAIN)
		return fail(msg, msglen, "certification data type %u, expected 5",
			    cert_type);
	if (cert_size != sig_len - sizeof(*sd) || cert_size == 0)
		return fail(msg, msglen, "certification data size %u, but %zu bytes follow",
			    cert_size, (size_t)sig_len - sizeof(*sd));
	bio = BIO_new_mem_buf(sd->cert_data, (int)cert_size);
	cert = bio ? PEM_read_bio_X509(bio, NULL, NULL, NULL) : NULL;
	BIO_free(bio);
	key = cert ? X509_get0_pubkey(cert) : NULL;
	if (!key || pub_raw(key, pub) || X509_verify(cert, key) != 1) {
		X509_free(cert);
		return fail(msg, msglen,
			    "certification data holds no self-signed P-256 certificate");
	}
	if (memcmp(pub, sd->att_pubkey, 64)) {
		X509_free(cert);
		return fail(msg, msglen, "attestation key differs from the certificate's key");
	}
	ok = verify_raw(key, q, TDX_QUOTE_SIGNED_LEN, sd->signature);
	X509_free(cert);
	if (!ok)
		return fail(msg, msglen, "quote signature does not verify");
	if (info) {
		info->header = h;
		memcpy(&info->body, q + sizeof(h), sizeof(info->body));
		info->cert_pem = sd->cert_data;
		info->cert_pem_len = cert_size;
	}
	return 0;
}
