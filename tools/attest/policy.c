// SPDX-License-Identifier: MIT
/*
 * tools/attest/policy.c - reading the policy file (policy.h) strictly:
 * unknown keys, wrong types, bad names, versions or digests are errors
 * that name the key and line.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <tetd/zone.h>

#include "evlog.h"
#include "hex.h"
#include "json.h"
#include "policy.h"
#include "reference.h"

void policy_default(struct policy *p)
{
	memset(p, 0, sizeof(*p));
	p->allow_unknown_agents = 1;
	p->allow_rejected_agents = 0;
	p->seed_sources = 1u << TETD_SEED_RDSEED | 1u << TETD_SEED_RDRAND;
	p->check_rtmr0 = 1;
}

const struct policy_agent *policy_agent(const struct policy *p, const char *name)
{
	for (unsigned i = 0; i < p->nagents; i++)
		if (!strcmp(p->agent[i].name, name))
			return &p->agent[i];
	return NULL;
}

__attribute__((format(printf, 3, 4)))
static int pfail(char *msg, size_t msglen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, msglen, fmt, ap);
	va_end(ap);
	return -1;
}

static int want_bool(const struct json *j, const char *what, int *out, char *msg, size_t msglen)
{
	if (!j)
		return 0;
	if (j->type != JSON_BOOL)
		return pfail(msg, msglen, "policy: %s is %s, expected true or false (line %u)", what,
			     json_type_name(j->type), j->line);
	*out = j->boolean;
	return 0;
}

static int want_strings(const struct json *j, const char *what, char *msg, size_t msglen)
{
	if (j->type != JSON_ARRAY)
		return pfail(msg, msglen, "policy: %s is %s, expected an array of strings (line %u)",
			     what, json_type_name(j->type), j->line);
	if (j->n > POLICY_MAX_VALUES)
		return pfail(msg, msglen, "policy: %s has %zu values, at most %d (line %u)", what,
			     j->n, POLICY_MAX_VALUES, j->line);
	for (size_t i = 0; i < j->n; i++)
		if (j->item[i]->type != JSON_STRING)
			return pfail(msg, msglen, "policy: %s[%zu] is %s, expected a string (line %u)",
				     what, i, json_type_name(j->item[i]->type), j->item[i]->line);
	return 0;
}

static int read_agent(const char *name, const struct json *o, struct policy_agent *a,
		      char *msg, size_t msglen)
{
	static const char *const k[] = { "required", "versions", "min_version", "sha384", NULL };
	char what[80], key[96];
	const struct json *j;

	snprintf(what, sizeof(what), "policy: agents.%.40s", name);
	memset(a, 0, sizeof(*a));
	if (strlen(name) >= TETD_AGENT_NAME_LEN)
		return pfail(msg, msglen, "%s: the name is longer than %u bytes", what,
			     TETD_AGENT_NAME_LEN - 1);
	memcpy(a->name, name, strlen(name));
	if (tetd_agent_name_bad(a->name) >= 0)
		return pfail(msg, msglen, "%s: not an agent name ([a-z0-9_-], 1..31 bytes)", what);
	if (o->type != JSON_OBJECT)
		return pfail(msg, msglen, "%s is %s, expected an object (line %u)", what,
			     json_type_name(o->type), o->line);
	if (json_only_keys(o, k, what, msg, msglen))
		return -1;
	a->required = 1;
	snprintf(key, sizeof(key), "%s.required", what + 8);
	if (want_bool(json_get(o, "required"), key, &a->required, msg, msglen))
		return -1;
	if ((j = json_get(o, "versions"))) {
		snprintf(key, sizeof(key), "%s.versions", what + 8);
		if (want_strings(j, key, msg, msglen))
			return -1;
		for (size_t i = 0; i < j->n; i++)
			if (version_parse(j->item[i]->text, &a->version[i]))
				return pfail(msg, msglen, "%s.versions[%zu]: \"%.40s\" is not "
					     "MAJOR.MINOR.PATCH (line %u)", what, i, j->item[i]->text,
					     j->item[i]->line);
		a->nversions = (unsigned)j->n;
		if (!a->nversions)
			return pfail(msg, msglen, "%s.versions is empty: no version would pass "
				     "(line %u)", what, j->line);
	}
	if ((j = json_get(o, "min_version"))) {
		if (j->type != JSON_STRING || version_parse(j->text, &a->min_version))
			return pfail(msg, msglen, "%s.min_version is not a MAJOR.MINOR.PATCH string "
				     "(line %u)", what, j->line);
		a->has_min = 1;
	}
	if ((j = json_get(o, "sha384"))) {
		snprintf(key, sizeof(key), "%s.sha384", what + 8);
		if (want_strings(j, key, msg, msglen))
			return -1;
		for (size_t i = 0; i < j->n; i++)
			if (hex_decode(j->item[i]->text, j->item[i]->len, a->sha384[i], 48))
				return pfail(msg, msglen, "%s.sha384[%zu] is not 48 bytes of hex "
					     "(line %u)", what, i, j->item[i]->line);
		a->nsha = (unsigned)j->n;
		if (!a->nsha)
			return pfail(msg, msglen, "%s.sha384 is empty: no digest would pass "
				     "(line %u)", what, j->line);
	}
	return 0;
}

int policy_read(const char *text, size_t len, struct policy *p, char *msg, size_t msglen)
{
	static const char *const k[] = { "schema", "agents", "allow_unknown_agents",
					 "allow_rejected_agents", "seed_sources", "check_rtmr0",
					 NULL };
	struct json *root = json_parse(text, len, msg, msglen);
	const struct json *j;
	int ret = -1;

	policy_default(p);
	p->allow_unknown_agents = 0;
	if (!root) {
		char m[JSON_MSG_LEN];

		snprintf(m, sizeof(m), "%s", msg);
		return pfail(msg, msglen, "policy: not JSON: %s", m);
	}
	if (root->type != JSON_OBJECT) {
		pfail(msg, msglen, "policy: the file is %s, expected an object",
		      json_type_name(root->type));
		goto out;
	}
	if (json_only_keys(root, k, "policy", msg, msglen))
		goto out;
	j = json_get(root, "schema");
	if (!j || j->type != JSON_STRING || strcmp(j->text, POLICY_SCHEMA)) {
		pfail(msg, msglen, "policy: \"schema\" must be \"%s\"", POLICY_SCHEMA);
		goto out;
	}
	if ((j = json_get(root, "agents"))) {
		if (j->type != JSON_OBJECT) {
			pfail(msg, msglen, "policy: agents is %s, expected an object keyed by agent "
			      "name (line %u)", json_type_name(j->type), j->line);
			goto out;
		}
		if (j->n > POLICY_MAX_AGENTS) {
			pfail(msg, msglen, "policy: %zu agents, at most %d", j->n, POLICY_MAX_AGENTS);
			goto out;
		}
		for (size_t i = 0; i < j->n; i++)
			if (read_agent(j->key[i], j->item[i], &p->agent[i], msg, msglen))
				goto out;
		p->nagents = (unsigned)j->n;
	}
	if (want_bool(json_get(root, "allow_unknown_agents"), "allow_unknown_agents",
		      &p->allow_unknown_agents, msg, msglen) ||
	    want_bool(json_get(root, "allow_rejected_agents"), "allow_rejected_agents",
		      &p->allow_rejected_agents, msg, msglen) ||
	    want_bool(json_get(root, "check_rtmr0"), "check_rtmr0", &p->check_rtmr0, msg, msglen))
		goto out;
	if ((j = json_get(root, "seed_sources"))) {
		if (want_strings(j, "seed_sources", msg, msglen))
			goto out;
		p->seed_sources = 0;
		for (size_t i = 0; i < j->n; i++) {
			uint32_t s = evlog_seed_from_name(j->item[i]->text);

			if (!s) {
				pfail(msg, msglen, "policy: seed_sources[%zu]: \"%.40s\" is not one of "
				      "rdseed, rdrand, tsc-jitter (line %u)", i, j->item[i]->text,
				      j->item[i]->line);
				goto out;
			}
			p->seed_sources |= 1u << s;
		}
	}
	ret = 0;
out:
	json_free(root);
	return ret;
}
