# agents/agents.mk - the agent SDK and the agents, and the agent volume.
#   $(O)/agents/<name>.elf        the agent as packed and measured (stripped)
#   $(O)/agents/<name>.debug.elf  the same link with symbols and debug info
#   $(O)/agents/volume.bin        every agent of image/agents.conf, packed by
#                                 tools/tetd-agent (fw/fw.mk puts it in the CFV)
#   make agents                   all of the above
#
# Agents are position independent (-fpie, linked -pie at 0): the firmware
# relocates them into the zone, applying only R_X86_64_RELATIVE; the link
# fails if anything else is left (agents/sdk/elfcheck.sh). The SDK's crypto,
# string and format code is fw/'s own source compiled again with these
# flags, not a copy. No -DTETD_GIT_REV or paths in the packed ELF: its
# SHA-384 is the measurement, so it must be reproducible.

AGENTS_CONF  := $(TOP)/image/agents.conf
AGENT_NAMES  := $(shell sed -e 's/\#.*//' $(AGENTS_CONF))
AGENT_OUT    := $(O)/agents
AGENT_ELFS   := $(foreach a,$(AGENT_NAMES),$(AGENT_OUT)/$(a).elf)
AGENT_VOLUME := $(AGENT_OUT)/volume.bin
TETD_AGENT   := $(O)/tools/tetd-agent

AGENT_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -ffreestanding -fno-builtin-printf \
	-fpie -fvisibility=hidden -fno-stack-protector -mno-red-zone -mgeneral-regs-only \
	-fno-asynchronous-unwind-tables -fno-unwind-tables -fcf-protection=none \
	-ffile-prefix-map=$(TOP)/= \
	-I$(TOP)/include -I$(TOP)/fw -I$(TOP)/agents/sdk -MMD -MP
AGENT_LDFLAGS := -nostdlib -pie --no-dynamic-linker -z noexecstack -z text -z norelro \
	-z max-page-size=0x1000 --build-id=none --hash-style=gnu -T $(TOP)/agents/sdk/agent.ld

AGENT_SDK_SRCS := crt0.c runtime.c heap.c
AGENT_SDK_FW   := sha2.c hmac.c string.c fmt.c
AGENT_SDK_OBJS := $(addprefix $(AGENT_OUT)/sdk/,$(AGENT_SDK_SRCS:.c=.o)) \
	$(addprefix $(AGENT_OUT)/sdk/fw/,$(AGENT_SDK_FW:.c=.o))
# SDK parts only some agents call, linked from an archive: ld takes a member
# only to resolve a reference, so an agent that does not sign neither
# carries nor measures the Ed25519 code (8 KiB).
AGENT_SDK_LIB_SRCS := ed25519.c
AGENT_SDK_LIB      := $(AGENT_OUT)/sdk/libagentsdk.a

$(AGENT_SDK_LIB): $(addprefix $(AGENT_OUT)/sdk/,$(AGENT_SDK_LIB_SRCS:.c=.o))
	rm -f $@
	ar rcD $@ $^

$(AGENT_OUT)/sdk/fw/%.o: $(TOP)/fw/%.c | $(DEPS)
	@mkdir -p $(@D)
	$(CC) $(AGENT_CFLAGS) -c -o $@ $<

$(AGENT_OUT)/sdk/%.o: $(TOP)/agents/sdk/%.c | $(DEPS)
	@mkdir -p $(@D)
	$(CC) $(AGENT_CFLAGS) -c -o $@ $<

define agent_rule
AGENT_OBJS_$(1) := $$(patsubst $(TOP)/agents/%.c,$(AGENT_OUT)/%.o,$$(wildcard $(TOP)/agents/$(1)/*.c))
$$(if $$(AGENT_OBJS_$(1)),,$$(error image/agents.conf: agent '$(1)' has no sources in agents/$(1)/))

$(AGENT_OUT)/$(1)/%.o: $(TOP)/agents/$(1)/%.c | $(DEPS)
	@mkdir -p $$(@D)
	$$(CC) $$(AGENT_CFLAGS) -c -o $$@ $$<

$(AGENT_OUT)/$(1).debug.elf: $$(AGENT_OBJS_$(1)) $$(AGENT_SDK_OBJS) $(AGENT_SDK_LIB) \
		$(TOP)/agents/sdk/agent.ld $(TOP)/agents/sdk/elfcheck.sh
	ld $$(AGENT_LDFLAGS) -o $$@ $$(filter %.o %.a,$$^)
	$(TOP)/agents/sdk/elfcheck.sh $$@ $$(filter %.o %.a,$$^)

$(AGENT_OUT)/$(1).elf: $(AGENT_OUT)/$(1).debug.elf
	objcopy --strip-all $$< $$@
	$(TOP)/agents/sdk/elfcheck.sh $$@
endef
$(foreach a,$(AGENT_NAMES),$(eval $(call agent_rule,$(a))))

# Test-only agents: built by `make agents`, never packed into the image's
# volume (tests splice them into copies of it with tools/agentimg).
AGENT_TEST_NAMES := crashtest
AGENT_TEST_ELFS  := $(foreach a,$(AGENT_TEST_NAMES),$(AGENT_OUT)/$(a).elf)
$(foreach a,$(AGENT_TEST_NAMES),$(eval $(call agent_rule,$(a))))

# Packing validates every agent with the firmware's own loader rules.
$(AGENT_VOLUME): $(AGENT_ELFS) $(TETD_AGENT) $(AGENTS_CONF)
	$(TETD_AGENT) pack -o $@ $(AGENT_ELFS)

.PHONY: agents
agents: $(AGENT_ELFS) $(AGENT_VOLUME) $(AGENT_TEST_ELFS)

-include $(wildcard $(AGENT_OUT)/*/*.d $(AGENT_OUT)/sdk/fw/*.d)
