/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/test_attest_json.c - the verifier's file readers:
 * tools/attest/json.c (strict RFC 8259: every deviation refused with line
 * and column), reference.c (tetd-measure's file: written, read back field
 * for field, and refused when a digest was edited, a key is unknown or a
 * field has the wrong type), policy.c (every key, every refusal), and
 * random mutations of all three (no crash, a reason for every refusal).
 */
#include "unit_util.h"

#include "evlog.h"
#include "hex.h"
#include "json.h"
#include "policy.h"
#include "reference.h"

static void json_bad(const char *text, const char *want)
{
	char msg[JSON_MSG_LEN] = "";
	struct json *j = json_parse(text, strlen(text), msg, sizeof(msg));

	if (j) {
		json_free(j);
		fail_msg("accepted %s", text);
	}
	if (!strstr(msg, want))
		fail_msg("%s: reason \"%s\" does not say \"%s\"", text, msg, want);
}

static void test_json_valid(void **state)
{
	(void)state;
	const char *t = " {\"a\": [1, -0, 2.5e-3, true, false, null, \"x\\n\\u00e9\\ud83d\\ude00\\/\"],"
			"\n \"b\": {}, \"c\": [], \"n\": 18446744073709551615} ";
	char msg[JSON_MSG_LEN];
	struct json *j = json_parse(t, strlen(t), msg, sizeof(msg));
	uint64_t v;

	assert_non_null(j);
	assert_int_equal(j->type, JSON_OBJECT);
	const struct json *a = json_get(j, "a");
	assert_non_null(a);
	assert_int_equal(a->n, 7);
	assert_int_equal(json_u64(a->item[0], &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(json_u64(a->item[1], &v), -1);     /* -0 */
	assert_int_equal(json_u64(a->item[2], &v), -1);     /* fraction */
	assert_true(a->item[3]->boolean);
	assert_int_equal(a->item[5]->type, JSON_NULL);
	assert_string_equal(a->item[6]->text, "x\n\xc3\xa9\xf0\x9f\x98\x80/");
	assert_int_equal(json_u64(json_get(j, "n"), &v), 0);
	assert_true(v == UINT64_MAX);
	assert_null(json_get(j, "zz"));
	assert_int_equal(json_get(j, "b")->line, 2);
	json_free(j);
	j = json_parse("18446744073709551616", 20, msg, sizeof(msg));
	assert_non_null(j);
	assert_int_equal(json_u64(j, &v), -1);             /* does not fit */
	json_free(j);
}

static void test_json_strict(void **state)
{
	(void)state;
	json_bad("", "unexpected end of input");
	json_bad("{\"a\":1,}", "a trailing comma");
	json_bad("[1,]", "a trailing comma");
	json_bad("{\"a\":1,\"a\":2}", "duplicate key \"a\"");
	json_bad("01", "leading zero");
	json_bad("1.", "a fraction needs digits");
	json_bad("1e", "an exponent needs digits");
	json_bad("\"\\u0000\"", "\\u0000 in a string");
	json_bad("\"\\ud800\"", "a high surrogate without a low one");
	json_bad("\"\\udc00\"", "a low surrogate without a high one");
	json_bad("\"\\u12g4\"", "four hex digits");
	json_bad("\"\xff\"", "invalid UTF-8");
	json_bad("\"\xc0\xaf\"", "invalid UTF-8");
	json_bad("\"\xed\xa0\x80\"", "invalid UTF-8");
	json_bad("\"a\tb\"", "control character 0x09");
	json_bad("\"\\q\"", "unknown escape");
	json_bad("\"abc", "unterminated string");
	json_bad("{} x", "text after the JSON value");
	json_bad("// c\n{}", "expected a value");
	json_bad("{'a':1}", "expected a string key");
	json_bad("NaN", "expected a value");
	json_bad("tru", "expected a value");
	json_bad("{\"a\" 1}", "expected ':'");
	json_bad("[1 2]", "expected ',' or ']'");
	json_bad("{\"a\":1 \"b\":2}", "expected ',' or '}'");
	json_bad("{\"a\":\n  x}", "line 2, column 3");
	char deep[81];
	memset(deep, '[', 40);
	memset(deep + 40, ']', 40);
	deep[80] = 0;
	json_bad(deep, "nested deeper than 32");
}

/* ---- the reference file ---- */

static void fake_result(struct measure_input *in, struct measure_result *r)
{
	static char cmd[] = "console=ttyS0 panic=-1";

	memset(in, 0, sizeof(*in));
	memset(r, 0, sizeof(*r));
	in->image_path = "tetd.fd";
	in->image_len = 2097152;
	in->kernel_path = "vmlinuz";
	in->kernel_len = 1000;
	in->have_initrd = 1;
	in->initrd_path = "initrd";
	in->initrd_size = 77;
	in->cmdline = cmd;
	in->nonce = MEASURE_NONCE_SUFFIX;
	in->nonce_bytes = 32;
	in->mem = "512M";
	in->smp = "2";
	measure_sha384("mrtd", 4, r->mrtd);
	r->mem = 512ull << 20;
	r->smp = 2;
	r->hob_gpa = 0x880000;
	r->hob_len = 528;
	measure_sha384("hob", 3, r->hob_sha384);
	measure_extend(r->rtmr0, r->hob_sha384);
	measure_sha384("k", 1, r->kernel_sha384);
	measure_sha384("i", 1, r->initrd_sha384);
	r->nentries = 3;
	for (unsigned i = 0; i < 2; i++) {
		struct measure_entry *e = &r->entry[i];

		e->loaded = 1;
		snprintf(e->agent.name, sizeof(e->agent.name), "agent-%u", i);
		e->agent.id = i + 1;
		e->agent.version = TETD_AGENT_VERSION(1, i, 7);
		e->agent.modes = 3;
		measure_sha384(e->agent.name, strlen(e->agent.name), e->agent.sha384);
		e->elf_size = 1000 + i;
		e->zone_bytes = 0x10000;
	}
	r->entry[2].reject.index = 2;
	strcpy(r->entry[2].reject.name, "broken");
	strcpy(r->entry[2].reject.reason, "segment 1 overlaps \"segment\" 0");
	measure_sha384("broken", 6, r->entry[2].reject.sha384);
	r->zone = (struct tetd_zone_event){ 0xc00000, 0x400000, 1, 2, 1, 0, 0x31000 };
	for (uint32_t s = 1; s <= MEASURE_SEEDS; s++) {
		struct tetd_zone_event z = r->zone;

		z.seed_source = s;
		measure_sha384(&z, sizeof(z), r->zone_sha384[s]);
		for (unsigned i = 0; i < 3; i++)
			measure_extend(r->rtmr3[s], r->entry[i].loaded ? r->entry[i].agent.sha384
								       : r->entry[i].reject.sha384);
		measure_extend(r->rtmr3[s], r->zone_sha384[s]);
	}
}

static char *ref_text(size_t *len)
{
	struct measure_input in;
	struct measure_result r;
	uint8_t img[48] = { 1 };
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	fake_result(&in, &r);
	reference_write(f, &in, &r, img);
	fclose(f);
	return buf;
}

static void test_reference_roundtrip(void **state)
{
	(void)state;
	struct measure_input in;
	struct measure_result r;
	static struct reference ref;
	char msg[512];
	size_t len;
	char *t = ref_text(&len);

	fake_result(&in, &r);
	if (reference_read(t, len, &ref, msg, sizeof(msg)))
		fail_msg("%s", msg);
	assert_memory_equal(ref.mrtd, r.mrtd, 48);
	assert_memory_equal(ref.rtmr0, r.rtmr0, 48);
	assert_memory_equal(ref.hob_sha384, r.hob_sha384, 48);
	assert_int_equal(ref.mem, r.mem);
	assert_int_equal(ref.smp, 2);
	assert_string_equal(ref.cmdline_text, "console=ttyS0 panic=-1");
	assert_int_equal(ref.nonce, MEASURE_NONCE_SUFFIX);
	assert_int_equal(ref.nonce_bytes, 32);
	assert_int_equal(ref.nentries, 3);
	assert_memory_equal(&ref.entry[0].agent, &r.entry[0].agent, sizeof(r.entry[0].agent));
	assert_memory_equal(&ref.entry[1].agent, &r.entry[1].agent, sizeof(r.entry[1].agent));
	assert_false(ref.entry[2].loaded);
	assert_string_equal(ref.entry[2].reject.reason, r.entry[2].reject.reason);
	assert_memory_equal(ref.rtmr3, r.rtmr3, sizeof(r.rtmr3));
	char *cl = reference_cmdline(&ref, "abcd");
	assert_string_equal(cl, "console=ttyS0 panic=-1 tetd.nonce=abcd");
	free(cl);
	assert_null(reference_cmdline(&ref, NULL));
	reference_free(&ref);
	free(t);
}

/* Replace the first occurrence of from in t (same length or not). */
static char *edit(const char *t, const char *from, const char *to)
{
	const char *p = strstr(t, from);
	char *out;

	assert_non_null(p);
	out = malloc(strlen(t) + strlen(to) + 1);
	memcpy(out, t, (size_t)(p - t));
	strcpy(out + (p - t), to);
	strcat(out, p + strlen(from));
	return out;
}

static void ref_bad(const char *t, const char *want)
{
	static struct reference ref;
	char msg[512] = "";

	if (reference_read(t, strlen(t), &ref, msg, sizeof(msg)) == 0) {
		reference_free(&ref);
		fail_msg("accepted a reference that should fail with \"%s\"", want);
	}
	if (!strstr(msg, want))
		fail_msg("reason \"%s\" does not say \"%s\"", msg, want);
}

static void test_reference_refusals(void **state)
{
	(void)state;
	size_t len;
	char *t = ref_text(&len), *e, sha[97];
	struct measure_input in;
	struct measure_result r;

	fake_result(&in, &r);
	hex_encode(r.entry[1].agent.sha384, 48, sha);
	char other[97];
	memcpy(other, sha, 97);
	other[0] = other[0] == '0' ? '1' : '0';
	e = edit(t, sha, other);
	ref_bad(e, "rtmr3.value.rdseed is not the replay of the agents");
	free(e);
	hex_encode(r.hob_sha384, 48, sha);
	memcpy(other, sha, 97);
	other[5] = other[5] == 'a' ? 'b' : 'a';
	e = edit(t, sha, other);
	ref_bad(e, "rtmr0.value is not the replay");
	free(e);
	e = edit(t, "\"agents_loaded\": 2", "\"agents_loaded\": 3");
	ref_bad(e, "rtmr3.zone counts 3 loaded + 1 rejected agents, rtmr3.agents lists 3");
	free(e);
	e = edit(t, "\"used\": 200704", "\"used\": 200705");
	ref_bad(e, "rtmr3.zone.sha384.rdseed is not the SHA-384");
	free(e);
	e = edit(t, "\"platform\": \"tetdh\"", "\"platform\": \"tetdh\", \"extra\": 1");
	ref_bad(e, "unknown key \"extra\"");
	free(e);
	e = edit(t, "tetd-reference/1", "tetd-reference/2");
	ref_bad(e, "schema \"tetd-reference/2\"");
	free(e);
	e = edit(t, "\"version\": \"1.1.7\"", "\"version\": \"1.1\"");
	ref_bad(e, "rtmr3.agents[1].version \"1.1\" is not MAJOR.MINOR.PATCH");
	free(e);
	e = edit(t, "\"name\": \"agent-0\"", "\"name\": \"Agent-0\"");
	ref_bad(e, "breaks the agent name rule");
	free(e);
	e = edit(t, "\"status\": \"loaded\"", "\"status\": \"maybe\"");
	ref_bad(e, "status is \"maybe\"");
	free(e);
	e = edit(t, "\"vcpus\": 2", "\"vcpus\": \"2\"");
	ref_bad(e, "rtmr0.vm.vcpus is a string, expected a number");
	free(e);
	e = edit(t, "\"nonce_bytes\": 32, \"sha384\": null", "\"nonce_bytes\": 32, \"sha384\": \"00\"");
	ref_bad(e, "with a suffix nonce, rtmr1.cmdline.sha384 and rtmr1.value must be null");
	free(e);
	e = edit(t, "\"mrtd\": \"", "\"mrtd\": \"0");
	ref_bad(e, "mrtd is not 48 bytes of hex");
	free(e);
	e = edit(t, "\"rtmr1\": {", "\"rtmr1x\": {");
	ref_bad(e, "unknown key \"rtmr1x\"");
	free(e);
	ref_bad("[]", "the file is an array");
	ref_bad("{", "not JSON");
	free(t);
}

/* ---- the policy file ---- */

static const char policy_ok[] =
	"{\"schema\": \"tetd-policy/1\",\n"
	" \"agents\": {\"echo\": {\"required\": true, \"versions\": [\"1.0.0\", \"1.2.3\"]},\n"
	"            \"keyvault\": {\"min_version\": \"1.0.1\", \"sha384\": [\"" /* 48 bytes */
	"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f"
	"\"]},\n"
	"            \"opt\": {\"required\": false}},\n"
	" \"allow_unknown_agents\": true, \"allow_rejected_agents\": true,\n"
	" \"seed_sources\": [\"rdseed\", \"tsc-jitter\"], \"check_rtmr0\": false}";

static void pol_bad(const char *t, const char *want)
{
	static struct policy p;
	char msg[512] = "";

	if (policy_read(t, strlen(t), &p, msg, sizeof(msg)) == 0)
		fail_msg("accepted a policy that should fail with \"%s\"", want);
	if (!strstr(msg, want))
		fail_msg("reason \"%s\" does not say \"%s\"", msg, want);
}

static void test_policy(void **state)
{
	(void)state;
	static struct policy p;
	char msg[512];
	const struct policy_agent *a;

	if (policy_read(policy_ok, strlen(policy_ok), &p, msg, sizeof(msg)))
		fail_msg("%s", msg);
	assert_int_equal(p.nagents, 3);
	a = policy_agent(&p, "echo");
	assert_non_null(a);
	assert_true(a->required);
	assert_int_equal(a->nversions, 2);
	assert_int_equal(a->version[1], TETD_AGENT_VERSION(1, 2, 3));
	a = policy_agent(&p, "keyvault");
	assert_true(a->required);                         /* the default */
	assert_true(a->has_min);
	assert_int_equal(a->nsha, 1);
	assert_int_equal(a->sha384[0][47], 0x2f);
	assert_false(policy_agent(&p, "opt")->required);
	assert_true(p.allow_unknown_agents);
	assert_true(p.allow_rejected_agents);
	assert_false(p.check_rtmr0);
	assert_int_equal(p.seed_sources, 1u << TETD_SEED_RDSEED | 1u << TETD_SEED_JITTER);

	/* Defaults of a file that says little; and of no file at all. */
	assert_int_equal(policy_read("{\"schema\":\"tetd-policy/1\"}", 26, &p, msg, sizeof(msg)), 0);
	assert_false(p.allow_unknown_agents);
	assert_false(p.allow_rejected_agents);
	assert_true(p.check_rtmr0);
	assert_int_equal(p.seed_sources, 1u << TETD_SEED_RDSEED | 1u << TETD_SEED_RDRAND);
	policy_default(&p);
	assert_true(p.allow_unknown_agents);

	pol_bad("{}", "\"schema\" must be \"tetd-policy/1\"");
	pol_bad("{\"schema\":\"tetd-policy/1\",\"agent\":{}}", "unknown key \"agent\"");
	pol_bad("{\"schema\":\"tetd-policy/1\",\"agents\":[]}", "agents is an array");
	pol_bad("{\"schema\":\"tetd-policy/1\",\"agents\":{\"Echo\":{}}}", "not an agent name");
	pol_bad("{\"schema\":\"tetd-policy/1\",\"agents\":{\"echo\":{\"version\":\"1\"}}}",
		"unknown key \"version\"");
	pol_bad("{\"schema\":\"tetd-policy/1\",\"agents\":{\"echo\":{\"versions\":[\"1.0\"]}}}",
		"\"1.0\" is not MAJOR.MINOR.PATCH");
	pol_bad("{\"schema\":\"tetd-policy/1\",\"agents\":{\"echo\":{\"versions\":[]}}}",
		"versions is empty");
	pol_bad("{\"schema\":\"tetd-policy/1\",\"agents\":{\"echo\":{\"versions\":[\"256.0.0\"]}}}",
		"\"256.0.0\" is not");
	pol_bad("{\"schema\":\"tetd-policy/1\",\"agents\":{\"echo\":{\"sha384\":[\"00\"]}}}",
		"sha384[0] is not 48 bytes of hex");
	pol_bad("{\"schema\":\"tetd-policy/1\",\"agents\":{\"echo\":{\"required\":1}}}",
		"expected true or false");
	pol_bad("{\"schema\":\"tetd-policy/1\",\"seed_sources\":[\"rdrand\",\"urandom\"]}",
		"\"urandom\" is not one of rdseed, rdrand, tsc-jitter");
	pol_bad("{\"schema\":\"tetd-policy/1\",\"seed_sources\":\"rdrand\"}",
		"seed_sources is a string, expected an array");
	pol_bad("{\"schema\":\"tetd-policy/1\",\"check_rtmr0\":\"yes\"}", "check_rtmr0 is a string");
	pol_bad("{\"schema\":\"tetd-policy/1\"", "not JSON");
}

/* Mutations of the three kinds of file: no crash, every refusal explained. */
static void test_mutations(void **state)
{
	(void)state;
	static struct reference ref;
	static struct policy p;
	size_t rlen;
	char *rt = ref_text(&rlen);
	const char *src[2] = { rt, policy_ok };
	size_t slen[2] = { rlen, strlen(policy_ok) };
	unsigned ok = 0, bad = 0;
	static const char alphabet[] = "{}[],:\"\\0123456789abcdefxyz -.eE\n\x80\xff";

	unit_seed("test_attest_json mutations");
	for (unsigned it = 0; it < 6000; it++) {
		unsigned w = it & 1;
		size_t n = slen[w];
		char *b = malloc(n + 1), msg[512] = "";

		memcpy(b, src[w], n);
		for (unsigned k = 1 + (unsigned)unit_rand_below(3); k && n; k--) {
			size_t off = unit_rand_below(n);

			switch (unit_rand_below(3)) {
			case 0: b[off] = alphabet[unit_rand_below(sizeof(alphabet) - 1)]; break;
			case 1: b[off] ^= (char)(1u << unit_rand_below(8)); break;
			case 2: n = off; break;
			}
		}
		int r = w ? policy_read(b, n, &p, msg, sizeof(msg))
			  : reference_read(b, n, &ref, msg, sizeof(msg));
		if (r == 0) {
			ok++;
			if (!w)
				reference_free(&ref);
		} else {
			bad++;
			assert_true(msg[0] != 0);
		}
		free(b);
	}
	print_message("# mutations: %u accepted, %u refused\n", ok, bad);
	assert_true(bad > 1000);
	free(rt);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_valid),
		cmocka_unit_test(test_json_strict),
		cmocka_unit_test(test_reference_roundtrip),
		cmocka_unit_test(test_reference_refusals),
		cmocka_unit_test(test_policy),
		cmocka_unit_test(test_mutations),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
