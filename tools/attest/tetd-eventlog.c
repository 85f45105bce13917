// SPDX-License-Identifier: MIT
/*
 * tools/attest/tetd-eventlog.c - a TCG crypto-agile event log for people:
 * the CCEL log the guest prints between TETD-EVLOG-BEGIN/END (raw bytes,
 * fill and all) or a TPM's TCG2 log. Every event with its register, type,
 * every digest, and its data decoded: TETD's tagged events (TETA agent
 * loaded, TETR agent refused, TETZ zone) field by field, EV_IPL strings,
 * the TD HOB label, StartupLocality; then the replay of every bank.
 *
 *   tetd-eventlog [--json] [--tpm] LOG       decode
 *   tetd-eventlog --replay LOG               "mr <index> <alg> <hex>" lines
 *   tetd-eventlog --cut OUT LOG              the events without the fill
 *                                            (what tpm2_eventlog accepts)
 *
 * The parser is tools/attest/evlog.c, the one tetd-attest uses. Digests are
 * printed as stored, so they agree with tpm2_eventlog's on every event
 * (tests/integration/50-attest.t checks that). Exit status: 0 the log
 * parsed, 1 it is malformed (the reason names the event and offset), 2
 * usage or I/O error.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tetd/tcg.h>
#include <tetd/zone.h>

#include "cli.h"
#include "evlog.h"
#include "hex.h"
#include "json.h"

#define FILE_MAX (64u << 20)

static int tpm_names;

static void usage(FILE *f)
{
	fprintf(f,
"usage: tetd-eventlog [--json] [--tpm] LOG\n"
"       tetd-eventlog --replay LOG\n"
"       tetd-eventlog --cut OUT LOG\n"
"\n"
"Decode a TCG crypto-agile event log (the CCEL log from the guest console,\n"
"raw, or a TPM's TCG2 log): every event, its register (the CC MR index:\n"
"0 MRTD, 1..4 RTMR0..3), type, digests, data (TETD's TETA/TETR/TETZ events,\n"
"EV_IPL strings, the TD HOB), and the replay of every bank.\n"
"  --json      one JSON object (docs/attestation.md)\n"
"  --tpm       name registers PCR<n> instead of MRTD/RTMR<n>\n"
"  --replay    only the replay: one line per register with events and bank,\n"
"              \"mr <index> <alg> <hex>\"\n"
"  --cut OUT   write the log without the fill after its last event to OUT\n"
"Exit status: 0 the log parsed, 1 it is malformed (the reason is printed),\n"
"2 usage or I/O error.\n");
}

#define die cli_die

static uint8_t *read_file(const char *path, size_t *len)
{
	return cli_read_file(path, FILE_MAX, len);
}

static const char *reg_name(uint32_t pcr, char buf[16])
{
	if (tpm_names)
		snprintf(buf, 16, "PCR%u", pcr);
	else if (pcr == CC_MR_MRTD)
		snprintf(buf, 16, "MRTD");
	else if (pcr < CC_MR_COUNT)
		snprintf(buf, 16, "RTMR%u", pcr - 1);
	else
		snprintf(buf, 16, "MR%u", pcr);
	return buf;
}

static const char *alg_label(uint16_t alg, char buf[16])
{
	const char *n = evlog_alg_name(alg);

	if (n)
		return n;
	snprintf(buf, 16, "0x%04x", alg);
	return buf;
}

static void modes_str(uint32_t m, char *out, size_t n)
{
	snprintf(out, n, "%s%s%s", m & TETD_MODE_EXCLUSIVE ? "exclusive" : "",
		 (m & TETD_MODE_EXCLUSIVE) && (m & TETD_MODE_COLLABORATIVE) ? "," : "",
		 m & TETD_MODE_COLLABORATIVE ? "collaborative" : "");
	if (!*out)
		snprintf(out, n, "none");
}

/* Printable view of bytes (for text output). */
static void put_text(FILE *f, const uint8_t *p, size_t n)
{
	fputc('"', f);
	for (size_t i = 0; i < n; i++) {
		if (p[i] == 0 && i == n - 1)
			break;
		if (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '"' && p[i] != '\\')
			fputc(p[i], f);
		else
			fprintf(f, "\\x%02x", p[i]);
	}
	fputc('"', f);
}

static void put_cstr_field(FILE *f, const char *s, size_t max)
{
	put_text(f, (const uint8_t *)s, strnlen(s, max));
}

static void text_event(const struct tcg_log *l, const struct evlog_event *e)
{
	struct evlog_decoded d;
	char rn[16], an[16], h[2 * EVLOG_MAX_DIGEST + 1], v[24], m[40];
	const char *tn = evlog_type_name(e->type);
	int b384 = evlog_bank_of(l, TPM_ALG_SHA384);

	printf("event %u: %s (index %u), %s (0x%x), offset %zu, %zu bytes\n", e->index,
	       reg_name(e->pcr, rn), e->pcr, tn ? tn : "unknown type", e->type, e->offset,
	       e->size);
	for (unsigned b = 0; b < l->nbanks; b++) {
		hex_encode(e->digest[b], l->bank[b].size, h);
		printf("  %-7s %s\n", alg_label(l->bank[b].alg, an), h);
	}
	evlog_decode(e, &d);
	printf("  data:   ");
	switch (d.kind) {
	case EVLOG_DATA_TEXT:
		put_text(stdout, e->data, e->data_len);
		if (e->data_len == 11 && !memcmp(e->data, "tetd:td-hob", 11))
			printf(" (the TD HOB list the VMM built)");
		else if (e->data_len == 11 && !memcmp(e->data, "tetd:kernel", 11))
			printf(" (the bzImage, canonical form)");
		else if (e->data_len == 11 && !memcmp(e->data, "tetd:initrd", 11))
			printf(" (the initrd)");
		printf("\n");
		break;
	case EVLOG_DATA_LOCALITY:
		printf("StartupLocality %u\n", d.u.locality);
		break;
	case EVLOG_DATA_AGENT:
		{
			const struct tetd_agent_event *a = &d.u.agent;

			snprintf(v, sizeof(v), "%u.%u.%u", TETD_AGENT_VERSION_MAJOR(a->version),
				 TETD_AGENT_VERSION_MINOR(a->version),
				 TETD_AGENT_VERSION_PATCH(a->version));
			modes_str(a->modes, m, sizeof(m));
			hex_encode(a->sha384, 48, h);
			printf("TETA agent loaded: name \"%s\", id 0x%x, version %s, modes 0x%x (%s), "
			       "caps 0x%x\n          sha384 %s (%s the sha384 digest)\n", a->name, a->id,
			       v, a->modes, m, a->caps, h,
			       b384 >= 0 && !memcmp(a->sha384, e->digest[b384], 48) ? "equals" :
			       "DIFFERS from");
		}
		break;
	case EVLOG_DATA_REJECT: {
		const struct tetd_agent_reject_event *r = &d.u.reject;

		hex_encode(r->sha384, 48, h);
		printf("TETR agent refused: volume entry %u, name ", r->index);
		put_cstr_field(stdout, r->name, sizeof(r->name));
		printf("\n          reason ");
		put_cstr_field(stdout, r->reason, sizeof(r->reason));
		printf("\n          sha384 %s (of the bytes the entry held)\n", h);
		break;
	}
	case EVLOG_DATA_ZONE: {
		const struct tetd_zone_event *z = &d.u.zone;
		const char *sn = evlog_seed_name(z->seed_source);
		uint8_t zh[48];

		evlog_hash(TPM_ALG_SHA384, z, sizeof(*z), zh);
		printf("TETZ zone: 0x%llx+0x%llx, version %u, %u agents loaded, %u refused, seed "
		       "%s (%u), %llu bytes used\n          (sha384 digest %s the SHA-384 of "
		       "these 40 bytes)\n", (unsigned long long)z->zone_gpa,
		       (unsigned long long)z->zone_size, z->zone_version, z->agents_loaded,
		       z->agents_rejected, sn ? sn : "unknown", z->seed_source,
		       (unsigned long long)z->used,
		       b384 >= 0 && !memcmp(zh, e->digest[b384], 48) ? "is" : "is NOT");
		break;
	}
	case EVLOG_DATA_TAGGED: {
		char t[5];

		evlog_tag_str(d.tag, t);
		printf("tagged event '%s' (0x%08x), %u bytes\n", t, d.tag, d.tag_size);
		break;
	}
	case EVLOG_DATA_BAD:
		printf("MALFORMED: %s\n", d.why);
		break;
	case EVLOG_DATA_RAW:
		if (!e->data_len) {
			printf("(none)\n");
			break;
		}
		for (uint32_t i = 0; i < e->data_len && i < 48; i++)
			printf("%02x", e->data[i]);
		printf("%s (%u bytes)\n", e->data_len > 48 ? "..." : "", e->data_len);
		break;
	}
}

static void text_out(const char *path, const struct tcg_log *l)
{
	char an[16], rn[16], h[2 * EVLOG_MAX_DIGEST + 1];

	printf("%s: TCG crypto-agile event log, %u events, %zu of %zu bytes", path, l->nevents,
	       l->end, l->len);
	if (l->end < l->len)
		printf(" (then 0x%02x fill)", l->fill);
	printf("\nSpec ID Event03: platform class %u (%s), spec %u.%u errata %u, uintn %u bytes, "
	       "vendor info %u bytes\n", l->platform_class, l->platform_class ? "server" : "client",
	       l->spec_major, l->spec_minor, l->spec_errata, l->uintn_size == 2 ? 8 : 4,
	       l->vendor_len);
	for (unsigned b = 0; b < l->nbanks; b++)
		printf("  bank %u: %s (0x%04x), %u-byte digests%s\n", b,
		       alg_label(l->bank[b].alg, an), l->bank[b].alg, l->bank[b].size,
		       l->bank[b].replayable ? "" : ", not replayed (no hash for it here)");
	for (unsigned i = 0; i < l->nevents; i++)
		text_event(l, &l->ev[i]);
	for (unsigned b = 0; b < l->nbanks; b++) {
		struct evlog_replay rp;
		char msg[EVLOG_MSG_LEN];

		if (evlog_replay(l, b, &rp, msg, sizeof(msg))) {
			printf("replay (%s): %s\n", alg_label(l->bank[b].alg, an), msg);
			continue;
		}
		printf("replay (%s):%s\n", alg_label(l->bank[b].alg, an),
		       rp.used ? "" : " no register is extended");
		for (unsigned p = 0; p < EVLOG_MAX_PCR; p++)
			if (rp.used & (1u << p)) {
				hex_encode(rp.value[p], rp.size, h);
				printf("  %-6s %s\n", reg_name(p, rn), h);
			}
	}
}

static void json_hex(const uint8_t *p, size_t n)
{
	char h[2 * 256 + 1];

	putchar('"');
	while (n) {
		size_t k = n > 256 ? 256 : n;

		hex_encode(p, k, h);
		fputs(h, stdout);
		p += k;
		n -= k;
	}
	putchar('"');
}

static void json_decoded(const struct tcg_log *l, const struct evlog_event *e)
{
	struct evlog_decoded d;
	int b384 = evlog_bank_of(l, TPM_ALG_SHA384);
	char t[5], v[24];

	evlog_decode(e, &d);
	switch (d.kind) {
	case EVLOG_DATA_TEXT: {
		size_t n = e->data_len && !e->data[e->data_len - 1] ? e->data_len - 1 : e->data_len;

		printf("{\"kind\":\"text\",\"text\":");
		json_put_str(stdout, (const char *)e->data, n);
		printf("}");
		break;
	}
	case EVLOG_DATA_LOCALITY:
		printf("{\"kind\":\"startup-locality\",\"locality\":%u}", d.u.locality);
		break;
	case EVLOG_DATA_AGENT: {
		const struct tetd_agent_event *a = &d.u.agent;

		snprintf(v, sizeof(v), "%u.%u.%u", TETD_AGENT_VERSION_MAJOR(a->version),
			 TETD_AGENT_VERSION_MINOR(a->version), TETD_AGENT_VERSION_PATCH(a->version));
		printf("{\"kind\":\"agent\",\"tag\":\"TETA\",\"name\":\"%s\",\"id\":%u,"
		       "\"version\":\"%s\",\"modes\":%u,\"caps\":%u,\"sha384\":", a->name, a->id, v,
		       a->modes, a->caps);
		json_hex(a->sha384, 48);
		printf(",\"digest_matches\":%s}",
		       b384 >= 0 && !memcmp(a->sha384, e->digest[b384], 48) ? "true" : "false");
		break;
	}
	case EVLOG_DATA_REJECT: {
		const struct tetd_agent_reject_event *r = &d.u.reject;

		printf("{\"kind\":\"agent-refused\",\"tag\":\"TETR\",\"index\":%u,\"name\":", r->index);
		json_put_str(stdout, r->name, strnlen(r->name, sizeof(r->name)));
		printf(",\"reason\":");
		json_put_str(stdout, r->reason, strnlen(r->reason, sizeof(r->reason)));
		printf(",\"sha384\":");
		json_hex(r->sha384, 48);
		printf("}");
		break;
	}
	case EVLOG_DATA_ZONE: {
		const struct tetd_zone_event *z = &d.u.zone;
		const char *sn = evlog_seed_name(z->seed_source);
		uint8_t zh[48];

		evlog_hash(TPM_ALG_SHA384, z, sizeof(*z), zh);
		printf("{\"kind\":\"zone\",\"tag\":\"TETZ\",\"zone_gpa\":%llu,\"zone_size\":%llu,"
		       "\"version\":%u,\"agents_loaded\":%u,\"agents_rejected\":%u,"
		       "\"seed_source\":%u,\"seed\":%s%s%s,\"used\":%llu,\"digest_matches\":%s}",
		       (unsigned long long)z->zone_gpa, (unsigned long long)z->zone_size,
		       z->zone_version, z->agents_loaded, z->agents_rejected, z->seed_source,
		       sn ? "\"" : "", sn ? sn : "null", sn ? "\"" : "", (unsigned long long)z->used,
		       b384 >= 0 && !memcmp(zh, e->digest[b384], 48) ? "true" : "false");
		break;
	}
	case EVLOG_DATA_TAGGED:
		evlog_tag_str(d.tag, t);
		printf("{\"kind\":\"tagged\",\"tag\":");
		json_put_cstr(stdout, t);
		printf(",\"tag_id\":%u,\"size\":%u}", d.tag, d.tag_size);
		break;
	case EVLOG_DATA_BAD:
		printf("{\"kind\":\"malformed\",\"error\":");
		json_put_cstr(stdout, d.why);
		printf("}");
		break;
	case EVLOG_DATA_RAW:
		printf("{\"kind\":\"raw\"}");
		break;
	}
}

static void json_out(const char *path, const struct tcg_log *l)
{
	char an[16], rn[16];

	printf("{\"file\":");
	json_put_cstr(stdout, path);
	printf(",\"size\":%zu,\"end\":%zu,\"fill\":", l->len, l->end);
	if (l->end < l->len)
		printf("\"0x%02x\"", l->fill);
	else
		printf("null");
	printf(",\"spec_id\":{\"platform_class\":%u,\"spec_version\":\"%u.%u\",\"errata\":%u,"
	       "\"uintn_size\":%u,\"algorithms\":[", l->platform_class, l->spec_major,
	       l->spec_minor, l->spec_errata, l->uintn_size);
	for (unsigned b = 0; b < l->nbanks; b++)
		printf("%s{\"id\":%u,\"name\":\"%s\",\"size\":%u,\"replayable\":%s}", b ? "," : "",
		       l->bank[b].alg, alg_label(l->bank[b].alg, an), l->bank[b].size,
		       l->bank[b].replayable ? "true" : "false");
	printf("],\"vendor_info\":");
	json_hex(l->vendor, l->vendor_len);
	printf("},\"events\":[");
	for (unsigned i = 0; i < l->nevents; i++) {
		const struct evlog_event *e = &l->ev[i];
		const char *tn = evlog_type_name(e->type);

		printf("%s\n{\"index\":%u,\"offset\":%zu,\"size\":%zu,\"mr\":%u,\"register\":\"%s\","
		       "\"type\":%u,\"type_name\":%s%s%s,\"digests\":{", i ? "," : "", e->index,
		       e->offset, e->size, e->pcr, reg_name(e->pcr, rn), e->type, tn ? "\"" : "",
		       tn ? tn : "null", tn ? "\"" : "");
		for (unsigned b = 0; b < l->nbanks; b++) {
			printf("%s\"%s\":", b ? "," : "", alg_label(l->bank[b].alg, an));
			json_hex(e->digest[b], l->bank[b].size);
		}
		printf("},\"data\":");
		json_hex(e->data, e->data_len);
		printf(",\"decoded\":");
		json_decoded(l, e);
		printf("}");
	}
	printf("],\n\"replay\":{");
	for (unsigned b = 0, first = 1; b < l->nbanks; b++) {
		struct evlog_replay rp;
		char msg[EVLOG_MSG_LEN];

		if (evlog_replay(l, b, &rp, msg, sizeof(msg)))
			continue;
		printf("%s\"%s\":{", first ? "" : ",", alg_label(l->bank[b].alg, an));
		first = 0;
		for (unsigned p = 0, f2 = 1; p < EVLOG_MAX_PCR; p++)
			if (rp.used & (1u << p)) {
				printf("%s\"%u\":", f2 ? "" : ",", p);
				json_hex(rp.value[p], rp.size);
				f2 = 0;
			}
		printf("}");
	}
	printf("}}\n");
}

int main(int argc, char **argv)
{
	cli_prog = "tetd-eventlog";
	const char *path = NULL, *cut = NULL;
	int json = 0, replay = 0;
	struct tcg_log l;
	char msg[EVLOG_MSG_LEN];
	size_t len;
	uint8_t *buf;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(a, "--json")) {
			json = 1;
		} else if (!strcmp(a, "--tpm")) {
			tpm_names = 1;
		} else if (!strcmp(a, "--replay")) {
			replay = 1;
		} else if (!strcmp(a, "--cut") && i + 1 < argc) {
			cut = argv[++i];
		} else if (a[0] == '-' && a[1]) {
			die("unknown option or missing value: %s (see --help)", a);
		} else if (!path) {
			path = a;
		} else {
			die("more than one log given (see --help)");
		}
	}
	if (!path)
		die("no event log given (see --help)");
	if (json + replay + !!cut > 1)
		die("--json, --replay and --cut exclude each other");
	buf = read_file(path, &len);
	if (evlog_parse(&l, buf, len, msg, sizeof(msg))) {
		fprintf(stderr, "tetd-eventlog: %s: %s\n", path, msg);
		evlog_free(&l);
		free(buf);
		return 1;
	}
	if (cut) {
		FILE *f = fopen(cut, "wb");

		if (!f || fwrite(buf, 1, l.end, f) != l.end || fclose(f))
			die("%s: %s", cut, strerror(errno));
		fprintf(stderr, "tetd-eventlog: %zu of %zu bytes are events\n", l.end, l.len);
	} else if (replay) {
		for (unsigned b = 0; b < l.nbanks; b++) {
			struct evlog_replay rp;
			char h[2 * EVLOG_MAX_DIGEST + 1], an[16];

			if (evlog_replay(&l, b, &rp, msg, sizeof(msg)))
				continue;
			for (unsigned p = 0; p < EVLOG_MAX_PCR; p++)
				if (rp.used & (1u << p)) {
					hex_encode(rp.value[p], rp.size, h);
					printf("mr %u %s %s\n", p, alg_label(rp.alg, an), h);
				}
		}
	} else if (json) {
		json_out(path, &l);
	} else {
		text_out(path, &l);
	}
	evlog_free(&l);
	free(buf);
	return fflush(stdout) ? 2 : 0;
}
