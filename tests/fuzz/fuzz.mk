# tests/fuzz/fuzz.mk - libFuzzer targets for the firmware's parsers of
# untrusted input (clang -fsanitize=fuzzer,address,undefined).
#   make fuzz-fw          build, seed and run each target for FUZZ_TIME s
#   make fuzz-fw-build    build only
#   make fuzz-fw-replay   re-run every saved corpus input once (fast)
# Corpora grow in $(O)/tests/fuzz/corpus/<target>/ (seeded by mkseeds.py);
# a crash leaves its input in $(O)/tests/fuzz/artifacts/ and fails the run.
# Not part of UNIT_TESTS: fuzzing is open-ended and clang-only.

FUZZ_SRC := $(TOP)/tests/fuzz
FUZZ_OUT := $(O)/tests/fuzz
FUZZ_CC ?= clang
FUZZ_TIME ?= 20
FUZZ_CFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Werror -DTETD_HOSTED \
	-I$(TOP)/include -I$(TOP)/fw -I$(TOP)/tetdg-early \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

FUZZ_NAMES := bzimage fwcfg_dir memmap tdhob tpm2_rsp
fuzz_fw_bzimage   := linuxboot memmap
fuzz_fw_fwcfg_dir := fwcfg_dir
fuzz_fw_memmap    := memmap
fuzz_fw_tdhob     := tdhob memmap
fuzz_fw_tpm2_rsp  := tpm2 tpm_crb
# The agent parsers (seeds: the built agents, $(AGENT_OUT)); fuzz_src_<t>
# names sources outside fw/.
FUZZ_NAMES += agent_elf agent_vol
fuzz_fw_agent_elf  := sha2 fmt
fuzz_fw_agent_vol  := sha2 fmt
fuzz_src_agent_elf := $(TOP)/tetdg-early/agent_elf.c $(TOP)/tetdg-early/agent_elf.h \
	$(TOP)/include/tetd/agent.h
fuzz_src_agent_vol := $(fuzz_src_agent_elf) $(TOP)/tetdg-early/agent_vol.c $(TOP)/tetdg-early/agent_vol.h
# The guest driver's TETD table validator (tetdg/, also in the kernel module).
FUZZ_NAMES += tetdg_table
fuzz_src_tetdg_table := $(TOP)/tetdg/tetdg_table.c $(TOP)/tetdg/tetdg_table.h $(TOP)/include/tetd/zone.h
# The zone checks tetdh's agent world and the driver's in-guest path share.
FUZZ_NAMES += zone_check
fuzz_src_zone_check := $(TOP)/include/tetd/zone_check.h $(TOP)/include/tetd/zone.h

FUZZ_BINS := $(addprefix $(FUZZ_OUT)/fuzz_,$(FUZZ_NAMES))

define fuzz_link_rule
$(FUZZ_OUT)/fuzz_$(1): $(FUZZ_SRC)/fuzz_$(1).c $(addprefix $(TOP)/fw/,$(addsuffix .c,$(fuzz_fw_$(1)))) \
		$(fuzz_src_$(1)) $(wildcard $(TOP)/fw/*.h) | $(DEPS)
	@mkdir -p $$(@D)
	$$(FUZZ_CC) $$(FUZZ_CFLAGS) -o $$@ $$(filter %.c,$$^)
endef
$(foreach t,$(FUZZ_NAMES),$(eval $(call fuzz_link_rule,$(t))))

FUZZ_SEEDS := $(FUZZ_OUT)/.seeds-stamp
$(FUZZ_SEEDS): $(FUZZ_SRC)/mkseeds.py $(AGENT_ELFS) $(AGENT_VOLUME) | $(DEPS)
	@mkdir -p $(FUZZ_OUT)/corpus/agent_elf $(FUZZ_OUT)/corpus/agent_vol
	python3 $< $(FUZZ_OUT)/corpus
	cp $(AGENT_ELFS) $(FUZZ_OUT)/corpus/agent_elf/
	cp $(AGENT_VOLUME) $(FUZZ_OUT)/corpus/agent_vol/
	@touch $@

.PHONY: fuzz-fw fuzz-fw-build fuzz-fw-replay
fuzz-fw-build: $(FUZZ_BINS)

fuzz-fw: $(FUZZ_BINS) $(FUZZ_SEEDS)
	@mkdir -p $(FUZZ_OUT)/artifacts
	@set -e; for t in $(FUZZ_NAMES); do \
		echo "fuzz: $$t for $(FUZZ_TIME) s"; mkdir -p $(FUZZ_OUT)/corpus/$$t; \
		$(FUZZ_OUT)/fuzz_$$t -max_total_time=$(FUZZ_TIME) -print_final_stats=1 \
			-artifact_prefix=$(FUZZ_OUT)/artifacts/$$t- \
			$(FUZZ_OUT)/corpus/$$t > $(FUZZ_OUT)/$$t.log 2>&1 || \
			{ tail -40 $(FUZZ_OUT)/$$t.log; echo "fuzz: $$t FAILED (log: $(FUZZ_OUT)/$$t.log)" >&2; exit 1; }; \
		grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' $(FUZZ_OUT)/$$t.log | tr '\n' ' '; \
		echo "corpus: $$(ls $(FUZZ_OUT)/corpus/$$t | wc -l) inputs"; \
	done

fuzz-fw-replay: $(FUZZ_BINS) $(FUZZ_SEEDS)
	@set -e; for t in $(FUZZ_NAMES); do \
		mkdir -p $(FUZZ_OUT)/corpus/$$t; \
		$(FUZZ_OUT)/fuzz_$$t -runs=0 $(FUZZ_OUT)/corpus/$$t > $(FUZZ_OUT)/$$t.replay.log 2>&1 || \
			{ tail -40 $(FUZZ_OUT)/$$t.replay.log; exit 1; }; \
		echo "fuzz-replay: $$t ok ($$(ls $(FUZZ_OUT)/corpus/$$t | wc -l) inputs)"; \
	done
