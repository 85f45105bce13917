// SPDX-License-Identifier: MIT
/*
 * tests/fuzz/fuzz_attest_json.c - libFuzzer target for the verifier's
 * readers of its own inputs (tools/attest/json.c, reference.c, policy.c):
 * any bytes as JSON, as a reference-values file, as a policy file.
 *
 *   make fuzz-attest        (clang -fsanitize=fuzzer,address,undefined)
 *
 * Checked, abort() on violation: every refusal says why; an accepted
 * reference's agents fit its table, its names are valid agent names, its
 * command line (for any nonce) can be built; an accepted policy's agents
 * are valid names and its values within their limits. Seeds: a reference
 * tetd-measure wrote and tools/attest/policy-example.json.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "policy.h"
#include "reference.h"

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "violated: %s\n", #c); abort(); } } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct reference ref;
	static struct policy pol;
	char msg[512] = "";
	struct json *j = json_parse((const char *)data, size, msg, sizeof(msg));

	if (!j)
		CHECK(msg[0]);
	json_free(j);

	msg[0] = 0;
	if (reference_read((const char *)data, size, &ref, msg, sizeof(msg)) == 0) {
		CHECK(ref.nentries <= MEASURE_MAX_ENTRIES);
		for (unsigned i = 0; i < ref.nentries; i++)
			if (ref.entry[i].loaded)
				CHECK(tetd_agent_name_bad(ref.entry[i].agent.name) < 0);
		char *cl = reference_cmdline(&ref, "00");
		CHECK(cl || ref.nonce == MEASURE_NONCE_SUFFIX);
		free(cl);
		reference_free(&ref);
	} else {
		CHECK(msg[0]);
	}

	msg[0] = 0;
	if (policy_read((const char *)data, size, &pol, msg, sizeof(msg)) == 0) {
		CHECK(pol.nagents <= POLICY_MAX_AGENTS);
		for (unsigned i = 0; i < pol.nagents; i++)
			CHECK(tetd_agent_name_bad(pol.agent[i].name) < 0 &&
			      pol.agent[i].nversions <= POLICY_MAX_VALUES &&
			      pol.agent[i].nsha <= POLICY_MAX_VALUES);
	} else {
		CHECK(msg[0]);
	}
	return 0;
}
