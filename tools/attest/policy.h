/* SPDX-License-Identifier: MIT */
/*
 * tools/attest/policy.h - the relying party's agent policy (schema
 * "tetd-policy/1", docs/attestation.md): which agents must be there, which
 * versions or digests each may have, whether agents the policy does not
 * name or agents the firmware refused are acceptable, which zone seed
 * sources are, and whether RTMR[0] (the TD HOB, which depends on the VM's
 * memory size and vCPU count) must equal the reference.
 */
#ifndef TOOLS_POLICY_H
#define TOOLS_POLICY_H
#include <stddef.h>
#include <stdint.h>

#include <tetd/agent.h>

#define POLICY_SCHEMA     "tetd-policy/1"
#define POLICY_MAX_AGENTS 64
#define POLICY_MAX_VALUES 16

struct policy_agent {
	char name[TETD_AGENT_NAME_LEN];
	int required;                       /* default true */
	unsigned nversions;                 /* 0: any version */
	uint32_t version[POLICY_MAX_VALUES];
	int has_min;
	uint32_t min_version;
	unsigned nsha;                      /* 0: any digest */
	uint8_t sha384[POLICY_MAX_VALUES][48];
};

struct policy {
	unsigned nagents;
	struct policy_agent agent[POLICY_MAX_AGENTS];
	int allow_unknown_agents;
	int allow_rejected_agents;
	uint32_t seed_sources;              /* bit TETD_SEED_* */
	int check_rtmr0;
};

/* The policy in force without --policy: no agent rules, unknown agents
 * allowed, refused agents not, seeds rdseed and rdrand, RTMR[0] checked. */
void policy_default(struct policy *p);
/* A policy file: absent keys take their defaults (docs/attestation.md:
 * with a file, unknown agents are refused unless allowed). 0 or -1 (msg). */
int policy_read(const char *text, size_t len, struct policy *p, char *msg, size_t msglen);
const struct policy_agent *policy_agent(const struct policy *p, const char *name);
#endif
