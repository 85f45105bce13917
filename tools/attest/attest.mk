# tools/attest/attest.mk - the attestation tools (docs/attestation.md):
#   tetd-attest    the relying party's verifier: quote, event log, reference
#                  values, policy
#   tetd-measure   reference values of an image from the files alone
#   tetd-eventlog  a TCG crypto-agile event log for people (and --json)
# Each links only what it needs: libseam for the quote format and MRTD
# (one home), libcrypto; tetd-measure also links tetdh's own pre-vCPU
# objects (the TD HOB builder), fw/'s bzImage and TD HOB code and
# tetdg-early's agent parsers, built for the host.
#   make attest        build all three
#   make reference     image/out/reference.json: the reference values of
#                      `make image` for `make run` (TETDH_MEM, SMP, APPEND)
#   make attest-test   their unit tests (also in `make unit`/`make test`)
#   make fuzz-attest   their libFuzzer targets (FUZZ_TIME seconds each)
#   make bench-attest  tetd-attest vs tpm2_checkquote + tpm2_eventlog

ATTEST         := $(O)/tools/tetd-attest
TETD_MEASURE   := $(O)/tools/tetd-measure
TETD_EVENTLOG  := $(O)/tools/tetd-eventlog
ATTEST_DIR     := $(TOP)/tools/attest
ATTEST_OUT     := $(O)/tools/attest
ATTEST_CFLAGS  := $(HOST_CFLAGS) -I$(ATTEST_DIR) -I$(TOP)/tetdh/seam -MMD -MP

# Objects by what they need: the verifier's (libcrypto, libseam), and
# measure's (fw/ and tetdg-early/ headers; tetdh/vmm's private header).
ATTEST_COMMON  := evlog json regs cli
ATTEST_VERIFY  := reference policy verify tpm2quote
ATTEST_COMMON_OBJS := $(ATTEST_COMMON:%=$(ATTEST_OUT)/%.o)
ATTEST_VERIFY_OBJS := $(ATTEST_VERIFY:%=$(ATTEST_OUT)/%.o)

$(ATTEST_OUT)/%.o: $(ATTEST_DIR)/%.c | $(DEPS)
	@mkdir -p $(@D)
	$(CC) $(ATTEST_CFLAGS) -c -o $@ $<

$(ATTEST_OUT)/measure.o: $(ATTEST_DIR)/measure.c | $(DEPS)
	@mkdir -p $(@D)
	$(CC) $(ATTEST_CFLAGS) -DTETD_HOSTED -I$(TOP)/fw -I$(TOP)/tetdg-early -c -o $@ $<

$(ATTEST_OUT)/measure_vmm.o: $(ATTEST_DIR)/measure_vmm.c | $(DEPS)
	@mkdir -p $(@D)
	$(CC) $(ATTEST_CFLAGS) -D_GNU_SOURCE -pthread -I$(TOP)/tetdh/vmm -I$(TOP)/tetdh/tetd \
		-c -o $@ $<

# fw/ sources measure.c calls (hosted build, like the unit tests').
ATTEST_FW      := linuxboot memmap tdhob
ATTEST_FW_OBJS := $(ATTEST_FW:%=$(ATTEST_OUT)/fw/%.o)
$(ATTEST_OUT)/fw/%.o: $(TOP)/fw/%.c | $(DEPS)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -DTETD_HOSTED -I$(TOP)/fw -MMD -MP -c -o $@ $<

# tetdh's own objects (tetdh/vmm/vmm.mk builds them for tetdh itself).
ATTEST_TETDH_OBJS := $(addprefix $(O)/tetdh/vmm/,options.o td.o mem.o hob.o)

MEASURE_OBJS := $(ATTEST_OUT)/measure.o $(ATTEST_OUT)/measure_vmm.o $(ATTEST_OUT)/reference.o \
	$(ATTEST_COMMON_OBJS) $(ATTEST_FW_OBJS) $(ATTEST_TETDH_OBJS) $(TETDG_EARLY_HOST_OBJS)

$(ATTEST): $(ATTEST_OUT)/tetd-attest.o $(ATTEST_VERIFY_OBJS) $(ATTEST_COMMON_OBJS) $(SEAM_LIB)
	$(CC) -o $@ $^ -lcrypto

$(TETD_EVENTLOG): $(ATTEST_OUT)/tetd-eventlog.o $(ATTEST_COMMON_OBJS)
	$(CC) -o $@ $^ -lcrypto

$(TETD_MEASURE): $(ATTEST_OUT)/tetd-measure.o $(MEASURE_OBJS) $(SEAM_LIB)
	$(CC) -o $@ $^ -lcrypto -pthread

.PHONY: attest
attest: $(ATTEST) $(TETD_MEASURE) $(TETD_EVENTLOG)

# The reference values of `make image`, for `make run`'s VM (tetdh/tetdh.mk
# TETDH_MEM, image/image.mk SMP and APPEND; tools/tetdh-run appends the
# verifier's nonce). `image` gains it as a prerequisite here, so
# image/image.mk needs no change.
IMAGE_REFERENCE := $(IMAGE_OUT)/reference.json
$(IMAGE_REFERENCE): $(TETD_MEASURE) $(TETD_FD) $(GUEST_VMLINUZ) $(INITRAMFS)
	$(TETD_MEASURE) --image $(TETD_FD) --kernel $(GUEST_VMLINUZ) --initrd $(INITRAMFS) \
		-m $(or $(TETDH_MEM),512M) -smp $(SMP) --append "$(APPEND)" -o $@
.PHONY: reference
reference: $(IMAGE_REFERENCE)
image: $(IMAGE_REFERENCE)

# `make run-qemu-tpm` (image/image.mk, tools/tpm-run) verifies its boot
# with these; TPM_RUN=boot only boots.
ifneq ($(TPM_RUN),boot)
run-qemu-tpm: $(ATTEST) $(TETD_MEASURE) $(TETD_EVENTLOG)
endif

# mkevidence: a quote and event log without a boot, for the benchmark and
# the tests (libseam's TD model and quote, fw/eventlog.c's writer).
MKEVIDENCE := $(ATTEST_OUT)/mkevidence
ATTEST_EVIDENCE_OBJS := $(ATTEST_OUT)/evidence.o $(ATTEST_OUT)/tpm2quote.o $(ATTEST_OUT)/fw/eventlog.o \
	$(O)/tetdg-early/host/fw/sha2.o
$(ATTEST_OUT)/evidence.o: $(ATTEST_DIR)/evidence.c | $(DEPS)
	@mkdir -p $(@D)
	$(CC) $(ATTEST_CFLAGS) -DTETD_HOSTED -I$(TOP)/fw -c -o $@ $<

$(MKEVIDENCE): $(ATTEST_OUT)/mkevidence.o $(ATTEST_EVIDENCE_OBJS) $(ATTEST_COMMON_OBJS) $(SEAM_LIB)
	$(CC) -o $@ $^ -lcrypto

-include $(wildcard $(ATTEST_OUT)/*.d $(ATTEST_OUT)/fw/*.d)

# ---- unit tests (cmocka; ASan + UBSan like tests/unit/unit.mk's). The
# sources are compiled again with the sanitizers; tetdh's pre-vCPU files
# too. test_attest_measure reads the pinned kernel (UNIT_KERNEL_PATH) and
# the real-boot fixture tests/unit/data/attest-boot (its image unpacked
# here). ----
ATTEST_UNIT     := $(O)/tests/unit/attest
ATTEST_UNIT_FLAGS = $(ATTEST_CFLAGS) $(UNIT_SAN) -DTETD_HOSTED -D_GNU_SOURCE -pthread \
	-I$(TOP)/fw -I$(TOP)/tetdg-early -I$(TOP)/tetdh/vmm -I$(TOP)/tetdh/tetd -I$(TOP)/tests/unit \
	-DUNIT_ATTEST_DATA=\"$(TOP)/tests/unit/data/attest-boot\" \
	-DUNIT_ATTEST_TPM_DATA=\"$(TOP)/tests/unit/data/attest-tpm\" \
	-DUNIT_ATTEST_FD=\"$(ATTEST_UNIT)/tetd.fd\" -DUNIT_KERNEL_PATH=\"$(UNIT_KERNEL_PATH)\"
ATTEST_UNIT_NAMES := evlog json measure verify tpm
ATTEST_UNIT_BINS  := $(ATTEST_UNIT_NAMES:%=$(O)/tests/unit/test_attest_%)

$(ATTEST_UNIT)/%.o: $(ATTEST_DIR)/%.c | $(DEPS)
	@mkdir -p $(@D)
	$(CC) $(ATTEST_UNIT_FLAGS) -c -o $@ $<
$(ATTEST_UNIT)/fw/%.o: $(TOP)/fw/%.c | $(DEPS)
	@mkdir -p $(@D)
	$(CC) $(ATTEST_UNIT_FLAGS) -c -o $@ $<
$(ATTEST_UNIT)/tetdg-early/%.o: $(TOP)/tetdg-early/%.c | $(DEPS)
	@mkdir -p $(@D)
	$(CC) $(ATTEST_UNIT_FLAGS) -c -o $@ $<
$(ATTEST_UNIT)/tetdh/%.o: $(TOP)/tetdh/vmm/%.c | $(DEPS)
	@mkdir -p $(@D)
	$(CC) $(ATTEST_UNIT_FLAGS) -c -o $@ $<
$(ATTEST_UNIT)/test_attest_%.o: $(TOP)/tests/unit/test_attest_%.c | $(DEPS)
	@mkdir -p $(@D)
	$(CC) $(ATTEST_UNIT_FLAGS) -c -o $@ $<
$(ATTEST_UNIT)/tetd.fd: $(TOP)/tests/unit/data/attest-boot/tetd.fd.xz | $(DEPS)
	@mkdir -p $(@D)
	xz -dc $< > $@.tmp && mv $@.tmp $@

au = $(addprefix $(ATTEST_UNIT)/,$(1))
attest_unit_evlog   := $(call au,evlog.o regs.o fw/eventlog.o fw/sha2.o)
attest_unit_json    := $(call au,json.o reference.o policy.o evlog.o regs.o)
attest_unit_verify  := $(call au,verify.o tpm2quote.o policy.o reference.o evlog.o json.o regs.o \
	evidence.o fw/eventlog.o fw/sha2.o)
attest_unit_tpm     := $(attest_unit_verify)
attest_unit_measure := $(call au,measure.o measure_vmm.o verify.o tpm2quote.o policy.o reference.o evlog.o \
	json.o regs.o fw/linuxboot.o fw/memmap.o fw/tdhob.o fw/sha2.o fw/fmt.o \
	tetdg-early/agent_elf.o tetdg-early/agent_vol.o tetdh/options.o tetdh/td.o tetdh/mem.o \
	tetdh/hob.o)

define attest_unit_rule
$(O)/tests/unit/test_attest_$(1): $(ATTEST_UNIT)/test_attest_$(1).o $(attest_unit_$(1)) $(SEAM_LIB) \
		$(if $(filter measure,$(1)),$(ATTEST_UNIT)/tetd.fd)
	$$(CC) $(UNIT_SAN) -pthread -o $$@ $$(filter %.o %.a,$$^) -lcmocka -lcrypto
endef
$(foreach t,$(ATTEST_UNIT_NAMES),$(eval $(call attest_unit_rule,$(t))))

UNIT_TESTS += $(ATTEST_UNIT_BINS)
.PHONY: attest-test
attest-test: $(ATTEST_UNIT_BINS)
	@fail=0; for t in $^; do $(TOP)/tests/cmocka-tap $$t || fail=1; done; exit $$fail

-include $(wildcard $(ATTEST_UNIT)/*.d $(ATTEST_UNIT)/*/*.d)

# ---- fuzzing (clang libFuzzer; not part of `make test`) ----
#   make fuzz-attest          build, seed, run each target FUZZ_TIME seconds
#   make fuzz-attest-replay   every saved input once
# fuzz_attest_evlog: the event-log parser, decoder, replay and the
# verifier's log checks; fuzz_attest_json: JSON, reference, policy readers;
# fuzz_attest_tpm: the TPM quote's parsers (TPMS_ATTEST, TPMT_SIGNATURE,
# PCR values) and the verifier's TPM checks on a TCG2 log.
ATTEST_FUZZ_DIR   := $(O)/fuzz
ATTEST_FUZZ_FLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Werror -DTETD_HOSTED \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer \
	-I$(TOP)/include -I$(ATTEST_DIR) -I$(TOP)/tetdh/seam -I$(TOP)/fw
ATTEST_FUZZERS    := $(ATTEST_FUZZ_DIR)/fuzz_attest_evlog $(ATTEST_FUZZ_DIR)/fuzz_attest_json \
	$(ATTEST_FUZZ_DIR)/fuzz_attest_tpm
ATTEST_FUZZ_SRC_evlog := $(addprefix $(ATTEST_DIR)/,evlog.c verify.c tpm2quote.c policy.c reference.c \
	json.c regs.c evidence.c) $(TOP)/fw/eventlog.c $(TOP)/fw/sha2.c
ATTEST_FUZZ_SRC_json  := $(addprefix $(ATTEST_DIR)/,json.c reference.c policy.c evlog.c regs.c)
ATTEST_FUZZ_SRC_tpm   := $(ATTEST_FUZZ_SRC_evlog)

$(ATTEST_FUZZ_DIR)/fuzz_attest_%: $(TOP)/tests/fuzz/fuzz_attest_%.c $(wildcard $(ATTEST_DIR)/*.[ch]) \
		$(SEAM_LIB) | $(DEPS)
	@mkdir -p $(@D)
	clang $(ATTEST_FUZZ_FLAGS) -o $@ $< $(ATTEST_FUZZ_SRC_$*) $(SEAM_LIB) -lcrypto

ATTEST_FUZZ_SEEDS := $(ATTEST_FUZZ_DIR)/.attest-seeds
$(ATTEST_FUZZ_SEEDS): $(MKEVIDENCE) $(TETD_MEASURE) $(ATTEST_UNIT)/tetd.fd \
		$(TOP)/tests/unit/data/attest-boot/evlog.raw $(ATTEST_DIR)/policy-example.json \
		$(wildcard $(TOP)/tests/unit/data/attest-tpm/*)
	@mkdir -p $(ATTEST_FUZZ_DIR)/corpus-attest_evlog $(ATTEST_FUZZ_DIR)/corpus-attest_json \
		$(ATTEST_FUZZ_DIR)/corpus-attest_tpm $(ATTEST_FUZZ_DIR)/tpmquote
	cp $(TOP)/tests/unit/data/attest-boot/evlog.raw $(ATTEST_FUZZ_DIR)/corpus-attest_evlog/tetdh-boot
	$(MKEVIDENCE) multibank $(ATTEST_FUZZ_DIR)/corpus-attest_evlog/multibank
	$(MKEVIDENCE) tpm 12 $(ATTEST_FUZZ_DIR)/corpus-attest_evlog/tpm $(ATTEST_FUZZ_DIR)/tpm.extends
	cp $(ATTEST_DIR)/policy-example.json $(ATTEST_FUZZ_DIR)/corpus-attest_json/policy
	$(MKEVIDENCE) tpmquote $(ATTEST_FUZZ_DIR)/tpmquote a1b2c3d4 10
	for f in quote.msg quote.sig quote.pcrs tcg2.bin; do \
		cp $(ATTEST_FUZZ_DIR)/tpmquote/$$f $(ATTEST_FUZZ_DIR)/corpus-attest_tpm/mk-$$f; done
	for f in quote.msg quote.sig quote.pcrs tpmlog.bin; do \
		cp $(TOP)/tests/unit/data/attest-tpm/$$f $(ATTEST_FUZZ_DIR)/corpus-attest_tpm/real-$$f; done
	-[ -f $(UNIT_KERNEL_PATH) ] && $(TETD_MEASURE) --image $(ATTEST_UNIT)/tetd.fd \
		--kernel $(UNIT_KERNEL_PATH) > $(ATTEST_FUZZ_DIR)/corpus-attest_json/reference
	@touch $@

.PHONY: fuzz-attest fuzz-attest-replay
fuzz-attest: $(ATTEST_FUZZERS) $(ATTEST_FUZZ_SEEDS)
	@for f in $(ATTEST_FUZZERS); do \
		c=$(ATTEST_FUZZ_DIR)/corpus-$${f##*/fuzz_}; mkdir -p $$c; \
		echo "fuzz-attest: $$f for $(FUZZ_TIME) s"; \
		$$f -max_total_time=$(FUZZ_TIME) -print_final_stats=1 -max_len=8192 \
			-artifact_prefix=$(ATTEST_FUZZ_DIR)/ $$c > $$f.log 2>&1 || \
			{ tail -40 $$f.log; exit 1; }; \
		grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' $$f.log | tr '\n' ' '; \
		echo "corpus: $$(ls $$c | wc -l) inputs"; \
	done

fuzz-attest-replay: $(ATTEST_FUZZERS) $(ATTEST_FUZZ_SEEDS)
	@set -e; for f in $(ATTEST_FUZZERS); do \
		c=$(ATTEST_FUZZ_DIR)/corpus-$${f##*/fuzz_}; \
		$$f -runs=0 $$c > $$f.replay.log 2>&1 || { tail -40 $$f.replay.log; exit 1; }; \
		echo "fuzz-attest-replay: $${f##*/} ok ($$(ls $$c | wc -l) inputs)"; \
	done

# `make bench-attest`: tetd-attest on a quote + 100-event log next to
# tpm2_checkquote + tpm2_eventlog on a swtpm quote + 100-event TCG2 log,
# and tetd-attest on that same TPM evidence (bench/attest --help).
# ATTEST_RUNS verifications of each (default 200).
ATTEST_RUNS ?= 200
.PHONY: bench-attest
bench-attest: $(ATTEST) $(TETD_EVENTLOG) $(MKEVIDENCE) | $(DEPS)
	O=$(O) RUNS=$(ATTEST_RUNS) $(TOP)/bench/attest
