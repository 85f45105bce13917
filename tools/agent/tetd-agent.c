// SPDX-License-Identifier: MIT
/*
 * tools/agent/tetd-agent.c - the agent packer and inspector.
 *
 *   tetd-agent pack -o VOL AGENT.elf...   build an agent volume
 *   tetd-agent list [--json] VOL          the volume's table
 *   tetd-agent inspect [--json] FILE      an agent ELF, or every agent of a
 *                                         volume: descriptor, segments, and
 *                                         the SHA-384 the firmware measures
 *
 * Every check is the firmware's own: tetdg-early/agent_elf.c and
 * agent_vol.c (one home for the formats), so an agent this tool accepts is
 * one the firmware loads, and the digest it prints is the one in the event
 * log. Exit status: 0 all good, 1 an input is invalid (every reason is
 * printed), 2 usage or I/O error.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <tetd/agent.h>
#include <tetd/layout.h>

#include "agent_elf.h"
#include "agent_vol.h"
#include "sha2.h"

#define FILE_MAX TETD_CFV_SIZE /* nothing larger fits the CFV */
#define BUDGET   TETD_ZONE_SIZE /* the firmware applies what is left of the zone */

static void usage(FILE *f)
{
	fprintf(f,
"usage: tetd-agent pack -o VOL AGENT.elf...\n"
"       tetd-agent list [--json] VOL\n"
"       tetd-agent inspect [--json] AGENT.elf|VOL\n"
"       tetd-agent --help\n"
"\n"
"pack     validate each agent ELF with the firmware loader's rules and write\n"
"         an agent volume (at most %u agents, at most %u bytes: the CFV)\n"
"list     the volume's entries: name, offset, size, SHA-384, and whether the\n"
"         entry and its ELF are valid\n"
"inspect  an agent ELF (or each agent of a volume): descriptor, segments,\n"
"         relocations and the SHA-384 of the ELF file, which is the digest\n"
"         the firmware measures into the event log\n"
"--json   one JSON object instead of text\n"
"Exit status: 0 all valid, 1 an input is invalid, 2 usage or I/O error.\n",
		TETD_AVOL_MAX_AGENTS, TETD_CFV_SIZE);
}

static void __attribute__((noreturn, format(printf, 1, 2))) die(const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "tetd-agent: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

static uint8_t *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		die("%s: %s", path, strerror(errno));
	uint8_t *buf = malloc(FILE_MAX + 1);
	if (!buf)
		die("out of memory");
	*len = fread(buf, 1, FILE_MAX + 1, f);
	if (ferror(f))
		die("%s: read error", path);
	fclose(f);
	if (*len > FILE_MAX)
		die("%s: larger than %u bytes (the CFV)", path, FILE_MAX);
	return buf;
}

static void hex(const uint8_t *p, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
}

/* A JSON string literal (names are [a-z0-9_-]; error texts may hold quotes). */
static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static const char *modes_str(uint32_t m)
{
	switch (m) {
	case TETD_MODE_EXCLUSIVE: return "exclusive";
	case TETD_MODE_COLLABORATIVE: return "collaborative";
	case TETD_MODE_EXCLUSIVE | TETD_MODE_COLLABORATIVE: return "exclusive,collaborative";
	default: return "?";
	}
}

static void caps_str(uint32_t c, char *out, size_t n)
{
	snprintf(out, n, "%s%s%s", c & TETD_CAP_INTROSPECT ? "introspect" : "",
		 (c & TETD_CAP_INTROSPECT) && (c & TETD_CAP_ADMIN) ? "," : "",
		 c & TETD_CAP_ADMIN ? "admin" : "");
	if (!c)
		snprintf(out, n, "none");
}

/* ---- inspect one ELF ---- */

static int inspect_elf(const char *label, const uint8_t *buf, size_t len, int json)
{
	struct agent_elf_info info;
	char err[256], digest[2 * SHA384_DIGEST_SIZE + 1], caps[32];
	uint8_t md[SHA384_DIGEST_SIZE];
	int ok = agent_elf_check(buf, len, BUDGET, &info, err, sizeof(err)) == 0;

	sha384(buf, len, md);
	hex(md, sizeof(md), digest);
	if (json) {
		printf("{\"file\": ");
		json_str(label);
		printf(", \"size\": %zu, \"sha384\": \"%s\", \"valid\": %s", len, digest,
		       ok ? "true" : "false");
		if (!ok) {
			printf(", \"error\": ");
			json_str(err);
			printf("}");
			return 1;
		}
		const struct tetd_agent_desc *d = &info.desc;
		caps_str(d->caps, caps, sizeof(caps));
		printf(", \"name\": ");
		json_str(d->name);
		printf(", \"id\": %u, \"version\": \"%u.%u.%u\", \"modes\": \"%s\", \"caps\": \"%s\", "
		       "\"stack_size\": %u, \"heap_size\": %u, \"mem_size\": %llu, \"entry\": %llu, "
		       "\"relocations\": %llu, \"segments\": [",
		       d->id, TETD_AGENT_VERSION_MAJOR(d->version), TETD_AGENT_VERSION_MINOR(d->version),
		       TETD_AGENT_VERSION_PATCH(d->version), modes_str(d->modes), caps, d->stack_size,
		       d->heap_size, (unsigned long long)info.mem_size, (unsigned long long)info.entry,
		       (unsigned long long)info.nrelative);
		for (uint32_t k = 0; k < info.nseg; k++) {
			const struct agent_elf_seg *s = &info.seg[k];
			printf("%s{\"vaddr\": %llu, \"memsz\": %llu, \"offset\": %llu, \"filesz\": %llu, "
			       "\"flags\": \"%c%c%c\"}",
			       k ? ", " : "", (unsigned long long)s->vaddr, (unsigned long long)s->memsz,
			       (unsigned long long)s->offset, (unsigned long long)s->filesz,
			       s->flags & AGENT_SEG_R ? 'r' : '-', s->flags & AGENT_SEG_W ? 'w' : '-',
			       s->flags & AGENT_SEG_X ? 'x' : '-');
		}
		printf("]}");
		return 0;
	}
	printf("%s: %zu bytes\n  sha384   %s  (the measurement)\n", label, len, digest);
	if (!ok) {
		printf("  INVALID  %s\n", err);
		return 1;
	}
	const struct tetd_agent_desc *d = &info.desc;
	caps_str(d->caps, caps, sizeof(caps));
	printf("  agent    %s  id %u  version %u.%u.%u\n", d->name, d->id,
	       TETD_AGENT_VERSION_MAJOR(d->version), TETD_AGENT_VERSION_MINOR(d->version),
	       TETD_AGENT_VERSION_PATCH(d->version));
	printf("  modes    %s\n  caps     %s\n", modes_str(d->modes), caps);
	printf("  stack    0x%x  heap 0x%x  image 0x%llx  entry +0x%llx  relocations %llu\n",
	       d->stack_size, d->heap_size, (unsigned long long)info.mem_size,
	       (unsigned long long)info.entry, (unsigned long long)info.nrelative);
	for (uint32_t k = 0; k < info.nseg; k++) {
		const struct agent_elf_seg *s = &info.seg[k];
		printf("  segment  %u  %c%c%c  vaddr 0x%06llx  memsz 0x%06llx  file 0x%06llx+0x%llx\n",
		       s->phdr, s->flags & AGENT_SEG_R ? 'r' : '-', s->flags & AGENT_SEG_W ? 'w' : '-',
		       s->flags & AGENT_SEG_X ? 'x' : '-', (unsigned long long)s->vaddr,
		       (unsigned long long)s->memsz, (unsigned long long)s->offset,
		       (unsigned long long)s->filesz);
	}
	return 0;
}

/* ---- volumes ---- */

static int open_vol(const char *path, const uint8_t *buf, size_t len, struct agent_vol *v)
{
	char err[256];
	int r = agent_vol_open(v, buf, len, err, sizeof(err));
	if (r == AGENT_VOL_OK)
		return 0;
	fprintf(stderr, "tetd-agent: %s: %s\n", path, err);
	return -1;
}

static int cmd_list(const char *path, int json)
{
	size_t len;
	uint8_t *buf = read_file(path, &len);
	struct agent_vol v;
	int bad = 0;

	if (open_vol(path, buf, len, &v)) {
		free(buf);
		return 1;
	}
	if (json) {
		printf("{\"volume\": {\"file\": ");
		json_str(path);
		printf(", \"version\": %u, \"count\": %u, \"total_size\": %u}, \"agents\": [",
		       v.hdr.version, v.hdr.count, v.hdr.total_size);
	}
	else
		printf("%s: agent volume v%u, %u agents, %u bytes\n", path, v.hdr.version, v.hdr.count,
		       v.hdr.total_size);
	for (uint32_t i = 0; i < v.hdr.count; i++) {
		struct agent_vol_entry e;
		struct agent_elf_info info;
		char err[256], digest[2 * SHA384_DIGEST_SIZE + 1] = "";
		int ok = agent_vol_entry(&v, i, &e, err, sizeof(err)) == 0;
		if (ok && agent_elf_check(e.elf, e.size, BUDGET, &info, err, sizeof(err)) != 0) {
			char tmp[256];
			snprintf(tmp, sizeof(tmp), "entry %u (%s): %.200s", i, e.name, err);
			strcpy(err, tmp);
			ok = 0;
		}
		if (ok && strcmp(info.desc.name, e.name) != 0) {
			snprintf(err, sizeof(err), "entry %u (%s): the ELF's descriptor says '%s'", i, e.name,
				 info.desc.name);
			ok = 0;
		}
		if (e.size)
			hex(e.sha384, sizeof(e.sha384), digest);
		bad |= !ok;
		if (json) {
			printf("%s{\"index\": %u, \"name\": ", i ? ", " : "", i);
			json_str(e.name);
			printf(", \"offset\": %u, \"size\": %u, \"sha384\": \"%s\", \"valid\": %s", e.offset,
			       e.size, digest, ok ? "true" : "false");
			if (ok)
				printf(", \"id\": %u, \"version\": \"%u.%u.%u\"", info.desc.id,
				       TETD_AGENT_VERSION_MAJOR(info.desc.version),
				       TETD_AGENT_VERSION_MINOR(info.desc.version),
				       TETD_AGENT_VERSION_PATCH(info.desc.version));
			else {
				printf(", \"error\": ");
				json_str(err);
			}
			printf("}");
		} else if (ok) {
			printf("  %2u  %-16s id %-4u v%u.%u.%u  offset 0x%06x  size %7u  sha384 %s\n", i,
			       e.name, info.desc.id, TETD_AGENT_VERSION_MAJOR(info.desc.version),
			       TETD_AGENT_VERSION_MINOR(info.desc.version),
			       TETD_AGENT_VERSION_PATCH(info.desc.version), e.offset, e.size, digest);
		} else {
			printf("  %2u  INVALID  %s\n", i, err);
		}
	}
	if (json)
		printf("], \"valid\": %s}\n", bad ? "false" : "true");
	free(buf);
	return bad;
}

static int cmd_inspect(const char *path, int json)
{
	size_t len;
	uint8_t *buf = read_file(path, &len);
	int bad = 0;

	if (len >= 4 && memcmp(buf, "\177ELF", 4) == 0) {
		bad = inspect_elf(path, buf, len, json);
		if (json)
			putchar('\n');
		free(buf);
		return bad;
	}
	struct agent_vol v;
	if (len < 8 || memcmp(buf, TETD_AVOL_MAGIC, 8) != 0) {
		if (len >= 8 && agent_vol_open(&v, buf, len, NULL, 0) == AGENT_VOL_ERASED)
			fprintf(stderr, "tetd-agent: %s: erased flash, no agent volume\n", path);
		else
			fprintf(stderr, "tetd-agent: %s: neither an ELF file nor an agent volume\n", path);
		free(buf);
		return 1;
	}
	if (open_vol(path, buf, len, &v)) {
		free(buf);
		return 1;
	}
	if (json) {
		printf("{\"volume\": ");
		json_str(path);
		printf(", \"agents\": [");
	}
	for (uint32_t i = 0; i < v.hdr.count; i++) {
		struct agent_vol_entry e;
		char err[256], label[96];
		if (json && i)
			printf(", ");
		if (agent_vol_entry(&v, i, &e, err, sizeof(err)) != 0) {
			bad = 1;
			if (json) {
				printf("{\"index\": %u, \"valid\": false, \"error\": ", i);
				json_str(err);
				printf("}");
			} else {
				printf("entry %u: INVALID %s\n", i, err);
			}
			continue;
		}
		snprintf(label, sizeof(label), "%s[%u:%s]", path, i, e.name);
		bad |= inspect_elf(label, e.elf, e.size, json);
	}
	if (json)
		printf("], \"valid\": %s}\n", bad ? "false" : "true");
	free(buf);
	return bad;
}

static int cmd_pack(const char *out, int n, char **files)
{
	const void *elfs[TETD_AVOL_MAX_AGENTS];
	uint32_t sizes[TETD_AVOL_MAX_AGENTS];
	const char *names[TETD_AVOL_MAX_AGENTS];
	struct agent_elf_info info[TETD_AVOL_MAX_AGENTS];
	char err[256];
	int bad = 0;

	if (n > (int)TETD_AVOL_MAX_AGENTS)
		die("%d agents, a volume holds at most %u", n, TETD_AVOL_MAX_AGENTS);
	for (int i = 0; i < n; i++) {
		size_t len;
		uint8_t *b = read_file(files[i], &len);
		elfs[i] = b;
		sizes[i] = (uint32_t)len;
		if (agent_elf_check(b, len, BUDGET, &info[i], err, sizeof(err)) != 0) {
			fprintf(stderr, "tetd-agent: %s: %s\n", files[i], err);
			bad = 1;
			continue;
		}
		names[i] = info[i].desc.name;
		for (int j = 0; j < i; j++) {
			if (!names[j])
				continue;
			if (strcmp(names[j], names[i]) == 0) {
				fprintf(stderr, "tetd-agent: %s: agent name '%s' already used by %s\n", files[i],
					names[i], files[j]);
				bad = 1;
			}
			if (info[j].desc.id == info[i].desc.id) {
				fprintf(stderr, "tetd-agent: %s: agent id %u already used by %s\n", files[i],
					info[i].desc.id, files[j]);
				bad = 1;
			}
		}
	}
	if (bad)
		return 1;

	uint8_t *vol = malloc(TETD_CFV_SIZE);
	if (!vol)
		die("out of memory");
	size_t total = agent_vol_build(vol, TETD_CFV_SIZE, (uint32_t)n, elfs, sizes, names, err,
				       sizeof(err));
	if (!total) {
		fprintf(stderr, "tetd-agent: %s: %s\n", out, err);
		return 1;
	}
	/* Read back with the firmware's parser before anything is written. */
	struct agent_vol v;
	if (agent_vol_open(&v, vol, total, err, sizeof(err)) != AGENT_VOL_OK)
		die("internal error: packed volume does not parse: %s", err);
	for (uint32_t i = 0; i < v.hdr.count; i++) {
		struct agent_vol_entry e;
		if (agent_vol_entry(&v, i, &e, err, sizeof(err)) != 0)
			die("internal error: packed entry does not parse: %s", err);
	}

	char tmp[4096];
	snprintf(tmp, sizeof(tmp), "%s.tmp", out);
	FILE *f = fopen(tmp, "wb");
	if (!f)
		die("%s: %s", tmp, strerror(errno));
	if (fwrite(vol, 1, total, f) != total || fclose(f) != 0)
		die("%s: write error", tmp);
	if (rename(tmp, out) != 0)
		die("%s: %s", out, strerror(errno));
	printf("tetd-agent: %s: %d agents, %zu bytes (CFV holds %u)\n", out, n, total, TETD_CFV_SIZE);
	for (int i = 0; i < n; i++) {
		char digest[2 * SHA384_DIGEST_SIZE + 1];
		uint8_t md[SHA384_DIGEST_SIZE];
		sha384(elfs[i], sizes[i], md);
		hex(md, sizeof(md), digest);
		printf("  %-16s sha384 %s\n", names[i], digest);
		free((void *)elfs[i]);
	}
	free(vol);
	return 0;
}

int main(int argc, char **argv)
{
	int json = 0;
	const char *out = NULL;

	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	const char *cmd = argv[1];
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
		usage(stdout);
		return 0;
	}
	char *args[TETD_AVOL_MAX_AGENTS + 1];
	int nargs = 0;
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--json")) {
			json = 1;
		} else if (!strcmp(argv[i], "-o")) {
			if (++i == argc)
				die("-o needs a file name");
			out = argv[i];
		} else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return 0;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			die("unknown option '%s' (see --help)", argv[i]);
		} else {
			if (nargs == (int)TETD_AVOL_MAX_AGENTS + 1)
				die("too many files (a volume holds at most %u agents)", TETD_AVOL_MAX_AGENTS);
			args[nargs++] = argv[i];
		}
	}
	if (!strcmp(cmd, "pack")) {
		if (!out)
			die("pack: -o VOL is required");
		if (json)
			die("pack: --json is not supported");
		if (nargs == 0)
			die("pack: no agent ELF files given");
		return cmd_pack(out, nargs, args);
	}
	if (out)
		die("%s: -o applies to pack only", cmd);
	if (!strcmp(cmd, "list") || !strcmp(cmd, "inspect")) {
		if (nargs != 1)
			die("%s: exactly one file expected", cmd);
		return !strcmp(cmd, "list") ? cmd_list(args[0], json) : cmd_inspect(args[0], json);
	}
	usage(stderr);
	die("unknown command '%s'", cmd);
}
