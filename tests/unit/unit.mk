# tests/unit/unit.mk - cmocka unit tests of the host-testable firmware parts.
# Included by the top Makefile after TOP, O, HOST_CFLAGS and DEPS exist.
# Each test is its own binary, $(O)/tests/unit/test_<name>, built from
# tests/unit/test_<name>.c plus the fw/ sources it exercises, compiled for
# the host with -DTETD_HOSTED. The binaries are listed in UNIT_TESTS, which
# tests/tests.mk runs under prove through tests/cmocka-tap (`make unit`).
# TETD_TEST_SEED=<n> replays the randomized parts with another seed.
#
# Unit builds use ASan+UBSan by default (the parsers take untrusted input);
# `make UNIT_SAN= unit-build` builds without them.
# Optional inputs, used when present and skipped otherwise:
#   $(KERNEL_VMLINUZ)  the real Debian kernel (make kernel)   -> test_linuxboot
#   $(FW_FD)           the built flash image (make fw)        -> test_tdvf_meta
# Both paths can be overridden at run time: TETD_UNIT_KERNEL, TETD_UNIT_FD.
# The agent tests read the built agents from $(AGENT_OUT) (agents/agents.mk;
# built first, override: TETD_UNIT_AGENTS) and build tetdg-early/ and
# agents/sdk/ sources for the host like the fw/ ones.

UNIT_SRC := $(TOP)/tests/unit
UNIT_OUT := $(O)/tests/unit
UNIT_SAN ?= -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

UNIT_KERNEL_PATH := $(or $(KERNEL_VMLINUZ),$(O)/kernel/root/boot/vmlinuz)
UNIT_FD_PATH := $(or $(FW_FD),$(TOP)/image/out/tetd.fd)

UNIT_CFLAGS := $(HOST_CFLAGS) -DTETD_HOSTED -I$(TOP)/fw -I$(TOP)/tetdg-early -I$(TOP)/agents/sdk \
	$(UNIT_SAN) -MMD -MP
UNIT_TEST_CFLAGS := $(UNIT_CFLAGS) \
	-DUNIT_KERNEL_PATH=\"$(UNIT_KERNEL_PATH)\" -DUNIT_FD_PATH=\"$(UNIT_FD_PATH)\" \
	-DUNIT_AGENT_DIR=\"$(AGENT_OUT)\" -DUNIT_AGENTS_CONF=\"$(AGENTS_CONF)\"

# Flags (e.g. the sanitizer choice) are baked into every object: a stamp
# named after their hash makes a change rebuild everything.
UNIT_FLAGS_STAMP := $(UNIT_OUT)/.flags-$(shell echo '$(UNIT_TEST_CFLAGS)' | md5sum | cut -c1-12)
$(UNIT_FLAGS_STAMP):
	@mkdir -p $(@D)
	@rm -f $(UNIT_OUT)/.flags-*
	@touch $@

UNIT_NAMES := sha memmap fwcfg_dir eventlog acpi linuxboot tdvf_meta tdhob \
	agent_elf agent_vol agent_sdk agent_run ed25519 tetdg_zone tpm2 tpm_crb

# fw/ sources and extra libraries per test
unit_fw_sha       := sha2
unit_fw_memmap    := memmap
unit_fw_fwcfg_dir := fwcfg_dir
unit_fw_eventlog  := eventlog sha2
unit_fw_acpi      := acpi
unit_fw_linuxboot := linuxboot memmap
unit_fw_tdvf_meta := tdvf_meta
unit_fw_tdhob     := tdhob memmap
unit_fw_tpm2       := tpm2
unit_fw_tpm_crb    := tpm_crb
unit_fw_agent_elf  := sha2 fmt
unit_fw_agent_vol  := sha2 fmt
unit_fw_agent_sdk  := sha2 hmac fmt
unit_fw_agent_run  := sha2 hmac fmt
unit_fw_ed25519    := sha2 hmac
# objects from other folders, and files the test reads (order-only)
unit_objs_agent_elf := $(UNIT_OUT)/tetdg-early/agent_elf.o
unit_objs_agent_vol := $(UNIT_OUT)/tetdg-early/agent_elf.o $(UNIT_OUT)/tetdg-early/agent_vol.o
unit_objs_agent_sdk := $(UNIT_OUT)/agents/sdk/heap.o $(UNIT_OUT)/agents/sdk/runtime.o
unit_objs_agent_run := $(UNIT_OUT)/tetdg-early/agent_elf.o
unit_fw_tetdg_zone  := acpi sha2
unit_objs_tetdg_zone := $(UNIT_OUT)/tetdg-early/acpi_tetd.o $(UNIT_OUT)/tetdg-early/rng.o
unit_deps_agent_elf := $(AGENT_ELFS)
unit_deps_agent_vol := $(AGENT_ELFS) $(AGENT_VOLUME)
unit_deps_agent_run := $(AGENT_ELFS)
unit_libs_sha       := -lcrypto
unit_libs_eventlog  := -lcrypto
unit_libs_linuxboot := -lcrypto
unit_libs_tdvf_meta := -luuid
unit_libs_agent_vol := -lcrypto
unit_libs_agent_sdk := -lcrypto
unit_libs_agent_run := -lcrypto
unit_libs_ed25519   := -lcrypto

UNIT_BINS := $(addprefix $(UNIT_OUT)/test_,$(UNIT_NAMES))
UNIT_TESTS += $(UNIT_BINS)

$(UNIT_OUT)/fw/%.o: $(TOP)/fw/%.c $(UNIT_FLAGS_STAMP) | $(DEPS)
	@mkdir -p $(@D)
	$(CC) $(UNIT_CFLAGS) -c -o $@ $<

$(UNIT_OUT)/tetdg-early/%.o: $(TOP)/tetdg-early/%.c $(UNIT_FLAGS_STAMP) | $(DEPS)
	@mkdir -p $(@D)
	$(CC) $(UNIT_CFLAGS) -c -o $@ $<

$(UNIT_OUT)/agents/sdk/%.o: $(TOP)/agents/sdk/%.c $(UNIT_FLAGS_STAMP) | $(DEPS)
	@mkdir -p $(@D)
	$(CC) $(UNIT_CFLAGS) -c -o $@ $<

$(UNIT_OUT)/test_%.o: $(UNIT_SRC)/test_%.c $(UNIT_FLAGS_STAMP) | $(DEPS)
	@mkdir -p $(@D)
	$(CC) $(UNIT_TEST_CFLAGS) -c -o $@ $<

define unit_link_rule
$(UNIT_OUT)/test_$(1): $(UNIT_OUT)/test_$(1).o $(addprefix $(UNIT_OUT)/fw/,$(addsuffix .o,$(unit_fw_$(1)))) \
		$(unit_objs_$(1)) | $(unit_deps_$(1))
	$$(CC) $(UNIT_SAN) -o $$@ $$^ -lcmocka $(unit_libs_$(1))
endef
$(foreach t,$(UNIT_NAMES),$(eval $(call unit_link_rule,$(t))))

.PHONY: unit-build
unit-build: $(UNIT_BINS)

-include $(wildcard $(UNIT_BINS:=.d) $(UNIT_OUT)/fw/*.d $(UNIT_OUT)/tetdg-early/*.d \
	$(UNIT_OUT)/agents/sdk/*.d)
