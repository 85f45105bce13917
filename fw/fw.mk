# fw/fw.mk - the freestanding firmware core and the flash image.
#   build/fw/bfv.bin   boot firmware volume (1 MiB: C firmware + bootstub)
#   build/fw/cfv.bin   configuration firmware volume (1 MiB): the agent
#                      volume (agents/agents.mk), then 0xFF (erased flash)
#   image/out/tetd.fd  the flash image: CFV + BFV

FW_SRCS := main.c console.c fmt.c string.c sha2.c hmac.c fwcfg.c fwcfg_dir.c memmap.c \
	eventlog.c measure.c acpi.c linuxboot.c payload.c platform.c tdvf_meta.c \
	tdhob.c td.c tpm_crb.c tpm2.c tpm.c
FW_OBJS := $(addprefix $(O)/fw/,$(FW_SRCS:.c=.o)) $(O)/fw/dsdt_blob.o $(O)/fw/ssdt_tpm_blob.o

# Freestanding: no libc, no SSE (no FPU state to set up), no red zone.
FW_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -ffreestanding -fno-builtin-printf \
	-fno-stack-protector -fno-pic -fno-pie -mno-red-zone -mgeneral-regs-only \
	-mcmodel=small -fno-asynchronous-unwind-tables -fcf-protection=none \
	-I$(TOP)/include -DTETD_VERSION=\"$(VERSION)\" -DTETD_GIT_REV=\"$(GIT_REV)\" -MMD -MP

FW_OBJS += $(TETDG_FW_OBJS)          # tetdg-early/tetdg-early.mk

FW_ELF := $(O)/fw/tetd-fw.elf
FW_BFV := $(O)/fw/bfv.bin
FW_CFV := $(O)/fw/cfv.bin
FW_FD  := $(IMAGE_OUT)/tetd.fd

$(O)/fw/%.o: $(TOP)/fw/%.c | $(DEPS)
	@mkdir -p $(@D)
	$(CC) $(FW_CFLAGS) -I$(TOP)/fw -I$(TOP)/tetdg-early -c -o $@ $<

# AML: fw/dsdt.asl, and fw/ssdt_tpm.asl (published only with a TPM).
$(O)/fw/%.aml: $(TOP)/fw/%.asl | $(DEPS)
	@mkdir -p $(@D)
	@$(IASL) -vs -p $(O)/fw/$* $< >$(O)/fw/$*.log 2>&1 || { cat $(O)/fw/$*.log; exit 1; }
	@grep -q ' 0 Warnings' $(O)/fw/$*.log || { cat $(O)/fw/$*.log; echo "$*.asl: iasl warnings" >&2; exit 1; }

$(O)/fw/%_blob.o: $(TOP)/fw/%_blob.asm $(O)/fw/%.aml
	$(NASM) -f elf64 -I$(O)/fw/ -o $@ $<
.PRECIOUS: $(O)/fw/%.aml

$(O)/fw/fw.ld: $(TOP)/fw/fw.ld.S $(TOP)/include/tetd/layout.h | $(DEPS)
	@mkdir -p $(@D)
	$(CC) -E -P -x c -I$(TOP)/include -o $@ $<

$(FW_ELF): $(FW_OBJS) $(BOOTSTUB_OBJ) $(O)/fw/fw.ld
	ld -nostdlib -static -z noexecstack --no-warn-rwx-segments -T $(O)/fw/fw.ld -o $@ $(FW_OBJS) $(BOOTSTUB_OBJ)

$(FW_BFV): $(FW_ELF)
	objcopy -O binary --gap-fill=0xff $< $@
	@test $$(stat -c %s $@) -eq $$((0x100000)) || { echo "bfv.bin is $$(stat -c %s $@) bytes, expected 1 MiB" >&2; exit 1; }

# The CFV is not MR.EXTENDed (tdvf_meta.c): the firmware measures each agent
# itself, one event per agent, so changing agents leaves MRTD alone.
$(FW_CFV): $(AGENT_VOLUME)
	@mkdir -p $(@D)
	@sz=$$(stat -c %s $<); max=$$((0x100000)); \
	if [ $$sz -gt $$max ]; then \
		echo "fw: agent volume $< is $$sz bytes, the CFV holds $$max" >&2; exit 1; fi; \
	{ cat $<; head -c $$((max - sz)) /dev/zero | tr '\0' '\377'; } > $@.tmp && mv $@.tmp $@
	@echo "fw: CFV = agent volume ($$(stat -c %s $<) bytes) + 0xFF padding"

$(FW_FD): $(FW_CFV) $(FW_BFV)
	@mkdir -p $(@D)
	cat $(FW_CFV) $(FW_BFV) > $@.tmp && mv $@.tmp $@
	@echo "image: $@ ($$(stat -c %s $@) bytes)"

.PHONY: fw
fw: $(FW_FD)

-include $(FW_OBJS:.o=.d)
