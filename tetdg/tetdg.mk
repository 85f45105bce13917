# tetdg/tetdg.mk - the guest driver: tetdg.ko (Kbuild, out of tree, against
# the pinned kernel's headers from image/kernel.mk), the guest CLI tetd-call,
# the guest-side ioctl checker of the integration test, and the host unit
# test of the TETD table validator. Included by the top Makefile after
# image/kernel.mk and before image/image.mk (it appends to INITRAMFS_EXTRA).
#
#   make tetdg        tetdg.ko + tetd-call (build/tetdg/)
#   TETDG_W=          build the module without W=1 (default: W=1, no warnings allowed)

TETDG_SRC   := $(TOP)/tetdg
TETDG_OUT   := $(O)/tetdg
TETDG_KDIR  := $(TETDG_OUT)/kmod
TETDG_KO    := $(TETDG_KDIR)/tetdg.ko
TETD_CALL   := $(TETDG_OUT)/tetd-call
TETDG_IOCHK := $(TETDG_OUT)/tetdg-ioctl-check
TETDG_W     ?= 1

# Kbuild builds in the M= folder; the sources are linked there so that
# tetdg/ holds no build output.
TETDG_KSRCS := Kbuild tetdg_main.c tetdg_tdcall.c tetdg_dev.c tetdg_proc.c tetdg_table.c \
	tetdg_inguest.c tetdg_zone_call.S
TETDG_KDEPS := $(addprefix $(TETDG_SRC)/,$(TETDG_KSRCS) tetdg.h tetdg_table.h \
	compat/stdint.h compat/stddef.h compat/stdbool.h) $(wildcard $(TOP)/include/tetd/*.h)

# O= on the command line would be Kbuild's output folder: pass it empty.
# -Werror on our sources only (KCFLAGS reaches the generated .mod.c too,
# which W=1 leaves clean).
$(TETDG_KO): $(TETDG_KDEPS) $(TETDG_SRC)/tetdg.mk $(KERNEL_HDR_STAMP) | $(DEPS)
	@mkdir -p $(TETDG_KDIR)
	@for f in $(TETDG_KSRCS); do ln -sfn $(TETDG_SRC)/$$f $(TETDG_KDIR)/$$f; done
	+$(MAKE) -C $(KERNEL_HDR_DIR) M=$(TETDG_KDIR) O= W=$(TETDG_W) KCFLAGS=-Werror \
		TETD_TOP=$(TOP) modules
	@test -f $@ && touch $@

$(TETD_CALL): $(TETDG_SRC)/tetd-call.c $(TETDG_SRC)/tetdg_table.h \
		$(wildcard $(TOP)/include/tetd/*.h) | $(DEPS)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -I$(TETDG_SRC) -static -s -o $@ $<

$(TETDG_IOCHK): $(TOP)/tests/integration/guest/tetdg-ioctl-check.c \
		$(wildcard $(TOP)/include/tetd/*.h) | $(DEPS)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -static -s -o $@ $<

TETDG_PAUSECHK := $(TETDG_OUT)/tetdg-pause-check
$(TETDG_PAUSECHK): $(TOP)/tests/integration/guest/tetdg-pause-check.c \
		$(wildcard $(TOP)/include/tetd/*.h) | $(DEPS)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -static -s -o $@ $<

TETDG_CONCHK := $(TETDG_OUT)/tetdg-concurrency
$(TETDG_CONCHK): $(TOP)/tests/integration/guest/tetdg-concurrency.c \
		$(wildcard $(TOP)/include/tetd/*.h) | $(DEPS)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -static -s -o $@ $<

# In the initramfs: the module without its debug info (kmod/tetdg.ko keeps
# it) where modprobe would look for an extra module, the CLI and the
# checker on PATH (image/initramfs/init loads the module).
TETDG_KO_STRIPPED := $(TETDG_OUT)/tetdg.ko
$(TETDG_KO_STRIPPED): $(TETDG_KO)
	objcopy --strip-debug $< $@
TETDG_GUEST_KO := lib/modules/$(KERNEL_ABI)/extra/tetdg.ko
INITRAMFS_EXTRA += $(TETDG_KO_STRIPPED):$(TETDG_GUEST_KO) $(TETD_CALL):bin/tetd-call \
	$(TETDG_IOCHK):bin/tetdg-ioctl-check $(TETDG_PAUSECHK):bin/tetdg-pause-check \
	$(TETDG_CONCHK):bin/tetdg-concurrency

# Host unit test of tetdg_table.c (the same file the module builds), fed
# with tables from the firmware's own builder (tetdg-early/acpi_tetd.c).
TETDG_UNIT := $(O)/tests/unit/test_tetdg_table
TETDG_UNIT_SRCS := $(TOP)/tests/unit/test_tetdg_table.c $(TETDG_SRC)/tetdg_table.c \
	$(TOP)/tetdg-early/acpi_tetd.c $(TOP)/fw/acpi.c
$(TETDG_UNIT): $(TETDG_UNIT_SRCS) $(TETDG_SRC)/tetdg_table.h $(TOP)/tetdg-early/acpi_tetd.h \
		$(wildcard $(TOP)/include/tetd/*.h) | $(DEPS)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -DTETD_HOSTED -I$(TETDG_SRC) -I$(TOP)/fw -I$(TOP)/tetdg-early \
		$(UNIT_SAN) -o $@ $(TETDG_UNIT_SRCS) -lcmocka
UNIT_TESTS += $(TETDG_UNIT)

.PHONY: tetdg tetdg-clean
tetdg: $(TETDG_KO_STRIPPED) $(TETD_CALL) $(TETDG_IOCHK)
tetdg-clean:
	rm -rf $(TETDG_OUT)
