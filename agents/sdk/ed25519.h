/* SPDX-License-Identifier: MIT */
/*
 * agents/sdk/ed25519.h - Ed25519 signatures (RFC 8032 section 5.1: pure
 * Ed25519, no context, no prehash) on fw/sha2.c's SHA-512. Freestanding,
 * no tables beyond the base point; signing and key generation take the
 * same time for every seed.
 */
#ifndef AGENT_SDK_ED25519_H
#define AGENT_SDK_ED25519_H
#include <stddef.h>
#include <stdint.h>

#define ED25519_SEED_SIZE 32
#define ED25519_PUBLIC_KEY_SIZE 32
#define ED25519_SIGNATURE_SIZE 64

/* The public key A of a 32-byte private key (RFC 8032 5.1.5). */
void ed25519_public_key(const uint8_t seed[32], uint8_t pub[32]);

/*
 * sig = R || S over exactly msg[0..len) (RFC 8032 5.1.6). pub must be
 * ed25519_public_key(seed): with another pub the signature does not
 * verify, and two signatures of one message under two pubs reveal the
 * private scalar. msg and sig may overlap.
 */
void ed25519_sign(const uint8_t seed[32], const uint8_t pub[32], const void *msg, size_t len,
		  uint8_t sig[64]);

/*
 * 0 when sig is a valid signature of msg under pub, -1 otherwise
 * (RFC 8032 5.1.7 without the cofactor: the encoding of [S]B - [k]A must
 * equal R, as OpenSSL checks). Refuses S >= L and a non-canonical or
 * off-curve pub. Variable time: all inputs are public.
 */
int ed25519_verify(const uint8_t pub[32], const void *msg, size_t len, const uint8_t sig[64]);
#endif
