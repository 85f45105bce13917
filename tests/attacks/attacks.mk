# tests/attacks/attacks.mk - tetd_attack.ko, the hostile guest kernel module
# of the attack tests (tests/attacks/tetd_attack.c; run by
# tests/integration/70-attacks-tetdh.t through `tetd.test=attacks`, see
# image/initramfs/init). Built exactly like tetdg.ko (tetdg/tetdg.mk): Kbuild,
# out of tree, against the pinned kernel's headers, W=1 and -Werror on our
# source. Included by the top Makefile after tetdg/tetdg.mk (it uses
# TETDG_SRC/TETDG_W) and before image/image.mk (it appends to
# INITRAMFS_EXTRA: the module sits in the initramfs next to tetdg.ko, and
# only `tetd.test=attacks` loads it).
#
#   make attacks      build/tests/attacks/tetd_attack.ko

ATTACKS_SRC   := $(TOP)/tests/attacks
ATTACKS_OUT   := $(O)/tests/attacks
ATTACKS_KDIR  := $(ATTACKS_OUT)/kmod
ATTACKS_KO    := $(ATTACKS_KDIR)/tetd_attack.ko
ATTACKS_KSRCS := Kbuild tetd_attack.c tetd_ktext_patch.c

$(ATTACKS_KO): $(addprefix $(ATTACKS_SRC)/,$(ATTACKS_KSRCS)) $(ATTACKS_SRC)/attacks.mk \
		$(TETDG_SRC)/compat/stdint.h $(TETDG_SRC)/compat/stddef.h \
		$(wildcard $(TOP)/include/tetd/*.h) $(KERNEL_HDR_STAMP) | $(DEPS)
	@mkdir -p $(ATTACKS_KDIR)
	@for f in $(ATTACKS_KSRCS); do ln -sfn $(ATTACKS_SRC)/$$f $(ATTACKS_KDIR)/$$f; done
	+$(MAKE) -C $(KERNEL_HDR_DIR) M=$(ATTACKS_KDIR) O= W=$(TETDG_W) KCFLAGS=-Werror \
		TETD_TOP=$(TOP) modules
	@test -f $@ && touch $@

ATTACKS_KO_STRIPPED := $(ATTACKS_OUT)/tetd_attack.ko
$(ATTACKS_KO_STRIPPED): $(ATTACKS_KO)
	objcopy --strip-debug $< $@
INITRAMFS_EXTRA += $(ATTACKS_KO_STRIPPED):lib/modules/$(KERNEL_ABI)/extra/tetd_attack.ko

# The kernel-text patch of kintegrity's demo (init loads it in every boot
# that runs agent calls, then unloads it).
KTEXT_KO := $(ATTACKS_KDIR)/tetd_ktext_patch.ko
KTEXT_KO_STRIPPED := $(ATTACKS_OUT)/tetd_ktext_patch.ko
$(KTEXT_KO): $(ATTACKS_KO)
	@test -f $@ && touch $@
$(KTEXT_KO_STRIPPED): $(KTEXT_KO)
	objcopy --strip-debug $< $@
INITRAMFS_EXTRA += $(KTEXT_KO_STRIPPED):lib/modules/$(KERNEL_ABI)/extra/tetd_ktext_patch.ko

.PHONY: attacks attacks-clean
attacks: $(ATTACKS_KO_STRIPPED) $(KTEXT_KO_STRIPPED)
attacks-clean:
	rm -rf $(ATTACKS_OUT)
