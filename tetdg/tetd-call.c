// SPDX-License-Identifier: MIT
/*
 * tetdg/tetd-call.c - the guest CLI of the tetdg driver: lists the agents
 * the firmware installed, shows the platform and zone, fetches a TDREPORT
 * and calls agents, all through the ioctls of /dev/tetd
 * (include/tetd/tetdg_ioctl.h). Built static for the initramfs.
 *
 *   tetd-call list [--json]
 *   tetd-call info [--json]
 *   tetd-call report --reportdata HEX [--raw FILE]
 *   tetd-call call AGENT FN [--in HEX | --in-file FILE] [--mode exclusive|collaborative]
 *   tetd-call grant AGENT (--kernel-text | --gpa GPA --len LEN)
 *
 * Exit status: 0 success; 1 usage (bad arguments, unknown agent or
 * function); 2 system error (no driver, I/O, an unexpected errno);
 * 3 not available here (no TDX module or tetdh for a report; no way to
 * run agents); 4 refused by the other side (the agent's status was not
 * TETD_OK, it is disabled or faulted; the TDX module rejected the
 * report; the grant was refused).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <tetd/tdx.h>
#include <tetd/tetdcall.h>
#include <tetd/tetdg_ioctl.h>
#include "tetdg_table.h"

enum { EX_OK = 0, EX_USAGE = 1, EX_SYS = 2, EX_UNAVAILABLE = 3, EX_REFUSED = 4 };

static const char usage_text[] =
	"usage: tetd-call COMMAND [options]\n"
	"  list [--json]                 the agents the firmware installed (TETD table)\n"
	"  info [--json]                 platform, zone isolation, TDCALL transport, host\n"
	"  report --reportdata HEX [--raw FILE]\n"
	"                                TDREPORT (TDG.MR.REPORT) with up to 64 bytes of\n"
	"                                REPORTDATA (zero-padded); --raw writes its 1024 bytes\n"
	"  quote --nonce HEX --out FILE  a TDX quote (GetQuote) whose REPORTDATA is\n"
	"                                the verifier's nonce, for tools/tetd-attest\n"
	"  call AGENT FN [--in HEX | --in-file FILE] [--mode exclusive|collaborative]\n"
	"                                call function FN of AGENT (name or index); default\n"
	"                                mode: exclusive if the agent accepts it\n"
	"  grant AGENT (--kernel-text | --gpa GPA --len LEN)\n"
	"                                let AGENT read TD memory (TETD_AGENT_ACCESS);\n"
	"                                --kernel-text: the kernel's code (/proc/iomem)\n"
	"  --help                        this text\n"
	"Talks to the tetdg driver through " TETDG_DEV_PATH ". Exit status: 0 ok, 1 usage,\n"
	"2 system error, 3 not available here, 4 refused (agent status, TDX module).\n";

__attribute__((format(printf, 1, 2)))
static void errx(const char *fmt, ...)
{
	va_list ap;
	fputs("tetd-call: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static int usage(int rc)
{
	fputs(usage_text, rc ? stderr : stdout);
	return rc;
}

/* Opens the device; on failure prints why and returns -1. */
static int open_dev(void)
{
	int fd = open(TETDG_DEV_PATH, O_RDWR | O_CLOEXEC);
	if (fd >= 0)
		return fd;
	if (errno == ENOENT && access(TETDG_PROC_PATH, F_OK) != 0)
		errx("%s: tetdg module not loaded", TETDG_DEV_PATH);
	else if (errno == ENOENT)
		errx("%s: missing although tetdg is loaded (is devtmpfs mounted on /dev?)",
		     TETDG_DEV_PATH);
	else
		errx("%s: %s", TETDG_DEV_PATH, strerror(errno));
	return -1;
}

static void print_hex(FILE *f, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%02x", p[i]);
}

/* Even-length hex into out (at most cap bytes); returns bytes or -1. */
static long parse_hex(const char *s, uint8_t *out, size_t cap)
{
	size_t n = strlen(s);
	if (n % 2 || n / 2 > cap)
		return -1;
	for (size_t i = 0; i < n / 2; i++) {
		unsigned v = 0;
		for (int k = 0; k < 2; k++) {
			char c = s[2 * i + k];
			v <<= 4;
			if (c >= '0' && c <= '9')
				v |= (unsigned)(c - '0');
			else if (c >= 'a' && c <= 'f')
				v |= (unsigned)(c - 'a' + 10);
			else if (c >= 'A' && c <= 'F')
				v |= (unsigned)(c - 'A' + 10);
			else
				return -1;
		}
		out[i] = (uint8_t)v;
	}
	return (long)(n / 2);
}

static int get_list(int fd, struct tetdg_list *l)
{
	memset(l, 0, sizeof(*l));
	if (ioctl(fd, TETDG_IOC_LIST, l) != 0) {
		errx("TETDG_IOC_LIST: %s", strerror(errno));
		return -1;
	}
	if (l->count > TETDG_MAX_AGENTS) {
		errx("TETDG_IOC_LIST: driver says %u agents (at most %u)", l->count,
		     TETDG_MAX_AGENTS);
		return -1;
	}
	return 0;
}

static void version_str(char *buf, size_t n, uint32_t v)
{
	snprintf(buf, n, "%u.%u.%u", TETD_AGENT_VERSION_MAJOR(v), TETD_AGENT_VERSION_MINOR(v),
		 TETD_AGENT_VERSION_PATCH(v));
}

static void print_agent_text(const struct tetdg_agent *a)
{
	char ver[24];
	version_str(ver, sizeof(ver), a->version);
	printf("index=%u name=%s id=0x%x version=%s state=%s modes=%s caps=%s functions=%u fn_ids=",
	       a->index, a->name, a->id, ver, tetdg_state_name(a->state),
	       tetdg_modes_name(a->modes), tetdg_caps_name(a->caps), a->fn_count);
	if (!a->fn_count)
		putchar('-');
	for (uint32_t j = 0; j < a->fn_count && j < TETD_AGENT_MAX_CALLS; j++)
		printf("%s%u", j ? "," : "", a->fn_ids[j]);
	printf(" call_buf=0x%llx calls=%llu errors=%llu last_ns=%llu sha384=",
	       (unsigned long long)a->call_buf_gpa, (unsigned long long)a->calls,
	       (unsigned long long)a->errors, (unsigned long long)a->last_ns);
	print_hex(stdout, a->sha384, sizeof(a->sha384));
	putchar('\n');
}

/* A comma-separated name list as a JSON array: "a,b" -> ["a","b"], "-" -> []. */
static void print_json_names(const char *names)
{
	putchar('[');
	if (strcmp(names, "-") != 0) {
		putchar('"');
		for (const char *p = names; *p; p++) {
			if (*p == ',')
				fputs("\",\"", stdout);
			else
				putchar(*p);
		}
		putchar('"');
	}
	putchar(']');
}

static void print_agent_json(const struct tetdg_agent *a)
{
	char ver[24];
	version_str(ver, sizeof(ver), a->version);
	/* names are [a-z0-9_-] (the driver validated them): no JSON escaping needed */
	printf("{\"index\":%u,\"name\":\"%s\",\"id\":%u,\"version\":\"%s\",\"state\":\"%s\","
	       "\"modes\":", a->index, a->name, a->id, ver, tetdg_state_name(a->state));
	print_json_names(tetdg_modes_name(a->modes));
	fputs(",\"caps\":", stdout);
	print_json_names(tetdg_caps_name(a->caps));
	fputs(",\"functions\":[", stdout);
	for (uint32_t j = 0; j < a->fn_count && j < TETD_AGENT_MAX_CALLS; j++)
		printf("%s%u", j ? "," : "", a->fn_ids[j]);
	printf("],\"call_buf_gpa\":%llu,\"calls\":%llu,\"errors\":%llu,\"last_ns\":%llu,"
	       "\"sha384\":\"", (unsigned long long)a->call_buf_gpa,
	       (unsigned long long)a->calls, (unsigned long long)a->errors,
	       (unsigned long long)a->last_ns);
	print_hex(stdout, a->sha384, sizeof(a->sha384));
	fputs("\"}", stdout);
}

static int cmd_list(int argc, char **argv)
{
	int json = 0;
	struct tetdg_list l;
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			json = 1;
		else
			return usage(EX_USAGE);
	}
	int fd = open_dev();
	if (fd < 0)
		return EX_SYS;
	int bad = get_list(fd, &l);
	close(fd);
	if (bad)
		return EX_SYS;
	if (json) {
		fputs("{\"agents\":[", stdout);
		for (uint32_t i = 0; i < l.count; i++) {
			if (i)
				putchar(',');
			print_agent_json(&l.agents[i]);
		}
		fputs("]}\n", stdout);
	} else {
		for (uint32_t i = 0; i < l.count; i++)
			print_agent_text(&l.agents[i]);
	}
	return EX_OK;
}

static const char *transport_name(uint32_t t)
{
	switch (t) {
	case TETDG_TRANSPORT_SIM: return "sim";
	case TETDG_TRANSPORT_TDX: return "tdx";
	case TETDG_TRANSPORT_NONE: return "none";
	}
	return "unknown";
}

static int cmd_info(int argc, char **argv)
{
	int json = 0;
	struct tetdg_info in;
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			json = 1;
		else
			return usage(EX_USAGE);
	}
	int fd = open_dev();
	if (fd < 0)
		return EX_SYS;
	memset(&in, 0, sizeof(in));
	int r = ioctl(fd, TETDG_IOC_INFO, &in);
	int e = errno;
	close(fd);
	if (r != 0) {
		errx("TETDG_IOC_INFO: %s", strerror(e));
		return EX_SYS;
	}
	if (json) {
		printf("{\"abi\":%u,\"table_revision\":%u,\"platform\":\"%s\",\"isolation\":\"%s\","
		       "\"zone_gpa\":%llu,\"zone_size\":%llu,\"agents\":%u,\"rejected\":%u,"
		       "\"transport\":\"%s\",\"host\":",
		       in.abi_version, in.table_revision, tetdg_platform_name(in.platform),
		       tetdg_isolation_name(in.isolation), (unsigned long long)in.zone_gpa,
		       (unsigned long long)in.zone_size, in.agent_count, in.agents_rejected,
		       transport_name(in.transport));
		if (!in.host_valid)
			fputs("null}\n", stdout);
		else
			printf("{\"status\":%llu,\"flags\":%llu,\"zone_gpa\":%llu,\"zone_size\":%llu,"
			       "\"violations\":%llu}}\n", (unsigned long long)in.host_status,
			       (unsigned long long)in.host_flags,
			       (unsigned long long)in.host_zone_gpa,
			       (unsigned long long)in.host_zone_size,
			       (unsigned long long)in.host_violations);
		return EX_OK;
	}
	printf("abi: %u\ntable-revision: %u\nplatform: %s\nisolation: %s\nzone: 0x%llx+0x%llx\n"
	       "agents: %u\nrejected: %u\ntransport: %s\n",
	       in.abi_version, in.table_revision, tetdg_platform_name(in.platform),
	       tetdg_isolation_name(in.isolation), (unsigned long long)in.zone_gpa,
	       (unsigned long long)in.zone_size, in.agent_count, in.agents_rejected,
	       transport_name(in.transport));
	if (!in.host_valid) {
		printf("host: none (no TDX module or tetdh to ask)\n");
	} else if (in.host_status != 0) {
		printf("host: no TETD extension (TETD_INFO status 0x%016llx)\n",
		       (unsigned long long)in.host_status);
	} else {
		printf("host: TETD extension, flags 0x%llx%s%s%s, zone 0x%llx+0x%llx, "
		       "violations %llu\n", (unsigned long long)in.host_flags,
		       in.host_flags & TETD_INFO_HOST ? " host" : "",
		       in.host_flags & TETD_INFO_ZONE ? " zone" : "",
		       in.host_flags & TETD_INFO_SEALED ? " sealed" : "",
		       (unsigned long long)in.host_zone_gpa,
		       (unsigned long long)in.host_zone_size,
		       (unsigned long long)in.host_violations);
	}
	return EX_OK;
}

static int write_file(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(p, 1, n, f) != n || fclose(f) != 0) {
		errx("%s: %s", path, strerror(errno));
		if (f)
			fclose(f);
		return -1;
	}
	return 0;
}

/* report/quote: REPORTDATA from HEX, then one evidence ioctl on /dev/tetd.
 * Returns 0, or an EX_* status after saying why (usage, no device);
 * *err is the ioctl's errno (0 on success). */
static int evidence_ioctl(const char *what, const char *opt, const char *hex,
			  uint8_t reportdata[64], unsigned long req, void *arg, int *err)
{
	*err = 0;
	if (parse_hex(hex, reportdata, 64) < 0) {
		errx("%s: %s takes an even number of hex digits, at most 128", what, opt);
		return EX_USAGE;
	}
	int fd = open_dev();
	if (fd < 0)
		return EX_SYS;
	if (ioctl(fd, req, arg) != 0)
		*err = errno;
	close(fd);
	return 0;
}

/* quote: REPORTDATA = the verifier's nonce; the quote to --out FILE (and
 * its size on stdout), for tools/tetd-attest on the verifier's side. */
static int cmd_quote(int argc, char **argv)
{
	const char *hex = NULL, *outf = NULL;
	static struct tetdg_quote q;
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--nonce") && i + 1 < argc)
			hex = argv[++i];
		else if (!strcmp(argv[i], "--out") && i + 1 < argc)
			outf = argv[++i];
		else
			return usage(EX_USAGE);
	}
	if (!hex || !outf) {
		errx("quote: --nonce HEX and --out FILE are required");
		return EX_USAGE;
	}
	int e, rc = evidence_ioctl("quote", "--nonce", hex, q.reportdata, TETDG_IOC_QUOTE, &q, &e);
	if (rc)
		return rc;
	if (e) {
		errx("quote: TETDG_IOC_QUOTE: %s%s", strerror(e),
		     e == ENODEV ? " (no TDX module or tetdh here)" :
		     e == EPROTO ? " (the host's GetQuote failed; see dmesg)" : "");
		return e == ENODEV || e == EOPNOTSUPP ? EX_UNAVAILABLE : EX_REFUSED;
	}
	FILE *f = fopen(outf, "wb");
	if (!f || fwrite(q.quote, 1, q.quote_len, f) != q.quote_len || fclose(f)) {
		errx("quote: %s: %s", outf, strerror(errno));
		return EX_SYS;
	}
	printf("quote: %u bytes\n", q.quote_len);
	return EX_OK;
}

static int cmd_report(int argc, char **argv)
{
	const char *hex = NULL, *raw = NULL;
	static struct tetdg_report rep;
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--reportdata") && i + 1 < argc)
			hex = argv[++i];
		else if (!strcmp(argv[i], "--raw") && i + 1 < argc)
			raw = argv[++i];
		else
			return usage(EX_USAGE);
	}
	if (!hex) {
		errx("report: --reportdata HEX is required (the verifier's nonce)");
		return EX_USAGE;
	}
	int e, rc = evidence_ioctl("report", "--reportdata", hex, rep.reportdata,
				   TETDG_IOC_REPORT, &rep, &e);
	if (rc)
		return rc;
	if (e) {
		if (e == ENODEV) {
			errx("report: no TDX module or tetdh answers TDCALLs here (plain QEMU?): %s",
			     strerror(e));
			return EX_UNAVAILABLE;
		}
		if (e == EINVAL || e == EIO) {
			errx("report: the TDX module refused TDG.MR.REPORT (see dmesg): %s",
			     strerror(e));
			return EX_REFUSED;
		}
		errx("report: TETDG_IOC_REPORT: %s", strerror(e));
		return EX_SYS;
	}
	const struct tdx_report *t = (const void *)rep.tdreport;
	printf("mrtd: ");
	print_hex(stdout, t->tdinfo.mrtd, sizeof(t->tdinfo.mrtd));
	for (int i = 0; i < TDX_NUM_RTMRS; i++) {
		printf("\nrtmr%d: ", i);
		print_hex(stdout, t->tdinfo.rtmr[i], sizeof(t->tdinfo.rtmr[i]));
	}
	printf("\nreportdata: ");
	print_hex(stdout, t->reportmac.reportdata, sizeof(t->reportmac.reportdata));
	putchar('\n');
	if (raw && write_file(raw, rep.tdreport, sizeof(rep.tdreport)))
		return EX_SYS;
	return EX_OK;
}

static const char *status_name(int32_t s)
{
	switch (s) {
	case TETD_OK: return "ok";
	case TETD_E_NOFN: return "no such function";
	case TETD_E_INVAL: return "invalid input";
	case TETD_E_NOSPC: return "output capacity too small";
	case TETD_E_ACCESS: return "GPA not granted";
	case TETD_E_NOMEM: return "agent heap exhausted";
	case TETD_E_STATE: return "agent not ready";
	case TETD_E_FAULT: return "agent faulted or disabled";
	}
	return "unknown status";
}

/* AGENT is a name or a decimal index; returns the entry or NULL (message printed). */
static const struct tetdg_agent *find_agent(const struct tetdg_list *l, const char *arg)
{
	char *end;
	for (uint32_t i = 0; i < l->count; i++)
		if (!strcmp(l->agents[i].name, arg))
			return &l->agents[i];
	unsigned long idx = strtoul(arg, &end, 10);
	if (*arg && !*end && idx < l->count)
		return &l->agents[idx];
	fprintf(stderr, "tetd-call: call: no agent '%s' (agents:", arg);
	for (uint32_t i = 0; i < l->count; i++)
		fprintf(stderr, " %u=%s", l->agents[i].index, l->agents[i].name);
	fprintf(stderr, "%s)\n", l->count ? "" : " none");
	return NULL;
}

static long read_in_file(const char *path, uint8_t *buf, size_t cap)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		errx("%s: %s", path, strerror(errno));
		return -1;
	}
	size_t n = fread(buf, 1, cap, f);
	int err = ferror(f), more = fgetc(f) != EOF;
	fclose(f);
	if (err) {
		errx("%s: read error", path);
		return -1;
	}
	if (more) {
		errx("call: %s is larger than the %u-byte call input", path, TETD_CALL_MAX_IN);
		return -1;
	}
	return (long)n;
}

static int cmd_call(int argc, char **argv)
{
	const char *agent_arg = NULL, *fn_arg = NULL, *in_hex = NULL, *in_file = NULL;
	const char *mode_arg = NULL;
	static uint8_t in[TETD_CALL_MAX_IN], out[TETD_CALL_MAX_OUT];
	struct tetdg_list l;
	long in_len = 0;

	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--in") && i + 1 < argc)
			in_hex = argv[++i];
		else if (!strcmp(argv[i], "--in-file") && i + 1 < argc)
			in_file = argv[++i];
		else if (!strcmp(argv[i], "--mode") && i + 1 < argc)
			mode_arg = argv[++i];
		else if (argv[i][0] == '-' && argv[i][1])
			return usage(EX_USAGE);
		else if (!agent_arg)
			agent_arg = argv[i];
		else if (!fn_arg)
			fn_arg = argv[i];
		else
			return usage(EX_USAGE);
	}
	if (!agent_arg || !fn_arg) {
		errx("call: AGENT and FN are required");
		return EX_USAGE;
	}
	if (in_hex && in_file) {
		errx("call: --in and --in-file exclude each other");
		return EX_USAGE;
	}
	char *end;
	unsigned long fn = strtoul(fn_arg, &end, 0);
	if (!*fn_arg || *end || fn == 0 || fn > UINT32_MAX) {
		errx("call: FN must be a non-zero function id, not '%s'", fn_arg);
		return EX_USAGE;
	}
	uint32_t mode = 0;
	if (mode_arg && !strcmp(mode_arg, "exclusive"))
		mode = TETD_MODE_EXCLUSIVE;
	else if (mode_arg && !strcmp(mode_arg, "collaborative"))
		mode = TETD_MODE_COLLABORATIVE;
	else if (mode_arg) {
		errx("call: --mode is exclusive or collaborative, not '%s'", mode_arg);
		return EX_USAGE;
	}
	if (in_hex && (in_len = parse_hex(in_hex, in, sizeof(in))) < 0) {
		errx("call: --in takes an even number of hex digits, at most %u bytes",
		     TETD_CALL_MAX_IN);
		return EX_USAGE;
	}
	if (in_file && (in_len = read_in_file(in_file, in, sizeof(in))) < 0)
		return EX_USAGE;

	int fd = open_dev();
	if (fd < 0)
		return EX_SYS;
	if (get_list(fd, &l)) {
		close(fd);
		return EX_SYS;
	}
	const struct tetdg_agent *a = find_agent(&l, agent_arg);
	if (!a) {
		close(fd);
		return EX_USAGE;
	}
	if (!mode)
		mode = (a->modes & TETD_MODE_EXCLUSIVE) ? TETD_MODE_EXCLUSIVE
							: TETD_MODE_COLLABORATIVE;
	if (!(a->modes & mode)) {
		errx("call: agent %s accepts %s calls only", a->name, tetdg_modes_name(a->modes));
		close(fd);
		return EX_USAGE;
	}
	struct tetdg_call c = {
		.agent_index = a->index, .fn_id = (uint32_t)fn, .mode = mode,
		.in_len = (uint32_t)in_len, .in = (uintptr_t)in,
		.out = (uintptr_t)out, .out_cap = sizeof(out),
	};
	int r = ioctl(fd, TETDG_IOC_CALL, &c);
	int e = errno;
	close(fd);
	if (r != 0) {
		switch (e) {
		case EOPNOTSUPP:
			errx("call: agent calls are not available here: no TETD host, and the "
			     "in-guest call path is off (dmesg says why) (%s)", strerror(e));
			return EX_UNAVAILABLE;
		case ESHUTDOWN:
			errx("call: agent %s is disabled (%s)", a->name, strerror(e));
			return EX_REFUSED;
		case EACCES:
			errx("call: agent %s refused a %s call (%s)", a->name,
			     mode == TETD_MODE_EXCLUSIVE ? "exclusive" : "collaborative",
			     strerror(e));
			return EX_REFUSED;
		case ENOENT:
			errx("call: agent %s has no function %lu (%s)", a->name, fn, strerror(e));
			return EX_USAGE;
		case EIO:
			if (a->state == TETD_ZONE_AGENT_READY)
				errx("call: agent %s faulted during the call and is disabled now (%s)",
				     a->name, strerror(e));
			else
				errx("call: agent %s is %s: it failed its init (%s)", a->name,
				     tetdg_state_name(a->state), strerror(e));
			return EX_REFUSED;
		default:
			errx("call: TETDG_IOC_CALL: %s", strerror(e));
			return EX_SYS;
		}
	}
	printf("status: %d (%s)\nout_len: %u\nout: ", c.status, status_name(c.status),
	       c.out_len);
	print_hex(stdout, out, c.out_len <= sizeof(out) ? c.out_len : sizeof(out));
	putchar('\n');
	return c.status == TETD_OK ? EX_OK : EX_REFUSED;
}

/* The kernel's code range from /proc/iomem ("Kernel code", real addresses
 * for root only); 0 or -1 with a message. */
static int kernel_text(uint64_t *gpa, uint64_t *len)
{
	FILE *f = fopen("/proc/iomem", "r");
	char line[256];
	unsigned long long lo, hi;
	int found = 0;

	if (!f) {
		errx("grant: /proc/iomem: %s", strerror(errno));
		return -1;
	}
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, " : Kernel code\n") && sscanf(line, " %llx-%llx", &lo, &hi) == 2;
	fclose(f);
	if (!found || hi <= lo) {
		errx("grant: no \"Kernel code\" range in /proc/iomem (or addresses hidden: "
		     "run as root)");
		return -1;
	}
	*gpa = lo;
	*len = hi - lo + 1;
	return 0;
}

static int cmd_grant(int argc, char **argv)
{
	const char *agent_arg = NULL, *gpa_arg = NULL, *len_arg = NULL;
	int ktext = 0;
	uint64_t gpa = 0, len = 0;
	struct tetdg_list l;

	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--gpa") && i + 1 < argc)
			gpa_arg = argv[++i];
		else if (!strcmp(argv[i], "--len") && i + 1 < argc)
			len_arg = argv[++i];
		else if (!strcmp(argv[i], "--kernel-text"))
			ktext = 1;
		else if (argv[i][0] == '-' || agent_arg)
			return usage(EX_USAGE);
		else
			agent_arg = argv[i];
	}
	if (!agent_arg || ktext == !!(gpa_arg || len_arg) || (!ktext && !(gpa_arg && len_arg))) {
		errx("grant: AGENT and either --kernel-text or both --gpa and --len are required");
		return EX_USAGE;
	}
	if (ktext && kernel_text(&gpa, &len))
		return EX_SYS;
	if (!ktext) {
		char *e1, *e2;
		gpa = strtoull(gpa_arg, &e1, 0);
		len = strtoull(len_arg, &e2, 0);
		if (!*gpa_arg || *e1 || !*len_arg || *e2 || !len) {
			errx("grant: --gpa and --len take numbers (0x... for hex), --len > 0");
			return EX_USAGE;
		}
	}
	int fd = open_dev();
	if (fd < 0)
		return EX_SYS;
	if (get_list(fd, &l)) {
		close(fd);
		return EX_SYS;
	}
	const struct tetdg_agent *a = find_agent(&l, agent_arg);
	if (!a) {
		close(fd);
		return EX_USAGE;
	}
	struct tetdg_grant g = { .agent_index = a->index, .flags = TETD_GPA_READ,
				 .gpa = gpa, .len = len };
	int r = ioctl(fd, TETDG_IOC_GRANT, &g);
	int e = errno;
	close(fd);
	if (r == 0) {
		printf("granted: %s may read 0x%llx+0x%llx\n", a->name, (unsigned long long)gpa,
		       (unsigned long long)len);
		return EX_OK;
	}
	errx("grant: %s 0x%llx+0x%llx: %s%s", a->name, (unsigned long long)gpa,
	     (unsigned long long)len, strerror(e),
	     e == EFAULT ? " (the range touches the zone)" :
	     e == ENOSPC ? " (every grant slot of the agent is used)" :
	     e == EINVAL ? " (not RAM, or a bad range)" : "");
	return e == EOPNOTSUPP ? EX_UNAVAILABLE : e == EPERM || e == ENOTTY ? EX_SYS : EX_REFUSED;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage(EX_USAGE);
	const char *cmd = argv[1];
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return usage(EX_OK);
	if (!strcmp(cmd, "help"))
		return usage(EX_OK);
	if (!strcmp(cmd, "list"))
		return cmd_list(argc - 2, argv + 2);
	if (!strcmp(cmd, "info"))
		return cmd_info(argc - 2, argv + 2);
	if (!strcmp(cmd, "report"))
		return cmd_report(argc - 2, argv + 2);
	if (!strcmp(cmd, "call"))
		return cmd_call(argc - 2, argv + 2);
	if (!strcmp(argv[1], "quote"))
		return cmd_quote(argc - 2, argv + 2);
	if (!strcmp(cmd, "grant"))
		return cmd_grant(argc - 2, argv + 2);
	errx("unknown command '%s'", cmd);
	return usage(EX_USAGE);
}
