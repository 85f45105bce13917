# tetdg-early/tetdg-early.mk - the boot-time stage, built two ways:
#   - freestanding, for the firmware link: $(TETDG_FW_OBJS), which fw/fw.mk
#     adds to FW_OBJS (compiled with its FW_CFLAGS). zone_entry.asm is a
#     flat two-page blob (nasm -f bin) that zone_blob.asm incbins, so the
#     dispatcher can be copied into the zone as is;
#   - for the host: the pure parsers (agent ELF loader, agent volume) for
#     tools/tetd-agent. Unit and fuzz tests compile them with sanitizers
#     themselves.
#   $(TETDG_EARLY_HOST_OBJS)  agent_elf.o agent_vol.o plus the fw/ code they
#                             call (SHA-2, formatting); libc supplies string.h

TETDG_EARLY_HOST_SRCS := agent_elf.c agent_vol.c
TETDG_EARLY_HOST_FW   := sha2.c fmt.c

TETDG_EARLY_HOST_OBJS := $(addprefix $(O)/tetdg-early/host/,$(TETDG_EARLY_HOST_SRCS:.c=.o)) \
	$(addprefix $(O)/tetdg-early/host/fw/,$(TETDG_EARLY_HOST_FW:.c=.o))
TETDG_EARLY_HOST_CFLAGS = $(HOST_CFLAGS) -DTETD_HOSTED -I$(TOP)/fw -I$(TOP)/tetdg-early -MMD -MP

$(O)/tetdg-early/host/fw/%.o: $(TOP)/fw/%.c | $(DEPS)
	@mkdir -p $(@D)
	$(CC) $(TETDG_EARLY_HOST_CFLAGS) -c -o $@ $<

$(O)/tetdg-early/host/%.o: $(TOP)/tetdg-early/%.c | $(DEPS)
	@mkdir -p $(@D)
	$(CC) $(TETDG_EARLY_HOST_CFLAGS) -c -o $@ $<

-include $(wildcard $(O)/tetdg-early/host/*.d $(O)/tetdg-early/host/fw/*.d)

# ---- the firmware's objects ----

TETDG_DIR     := $(TOP)/tetdg-early
TETDG_FW_SRCS := load.c zone.c zone_pt.c rng.c acpi_tetd.c agent_elf.c agent_vol.c
TETDG_FW_OBJS := $(addprefix $(O)/fw/tetdg-early/,$(TETDG_FW_SRCS:.c=.o)) \
	$(O)/fw/tetdg-early/zone_blob.o

$(O)/fw/tetdg-early/%.o: $(TETDG_DIR)/%.c | $(DEPS)
	@mkdir -p $(@D)
	$(CC) $(FW_CFLAGS) -I$(TOP)/fw -I$(TETDG_DIR) -c -o $@ $<

$(O)/fw/tetdg-early/zone_entry.bin: $(TETDG_DIR)/zone_entry.asm | $(DEPS)
	@mkdir -p $(@D)
	$(NASM) -f bin -o $@ $<
	@test $$(stat -c %s $@) -eq 8192 || { echo "zone_entry.bin must be two pages" >&2; exit 1; }

$(O)/fw/tetdg-early/zone_blob.o: $(TETDG_DIR)/zone_blob.asm $(O)/fw/tetdg-early/zone_entry.bin
	$(NASM) -f elf64 -I$(O)/fw/tetdg-early/ -o $@ $<

-include $(TETDG_FW_OBJS:.o=.d)
