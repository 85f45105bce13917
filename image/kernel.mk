# image/kernel.mk - the one place the guest kernel version is pinned.
# The same ABI is used for the guest kernel, the host VM (tools/hostvm: its
# kvm.ko/kvm-amd.ko/irqbypass.ko come from this package) and the
# linux-headers packages the tetdg driver builds against (same version).
# Packages are fetched with `apt-get download` and unpacked under build/;
# nothing is installed on the build host.

KERNEL_ABI      := 6.1.0-50-cloud-amd64
KERNEL_DEB_VER  := 6.1.176-1
KERNEL_IMG_PKG  := linux-image-$(KERNEL_ABI)
KERNEL_HDR_PKG  := linux-headers-$(KERNEL_ABI)
# The headers package needs its -common sibling (the source-side headers
# and Makefile) and linux-kbuild-6.1 (fixdep, modpost, objtool), all from
# the same source upload; its Makefile calls gcc-12 (mk/deps.mk).
KERNEL_HDR_PKGS := $(KERNEL_HDR_PKG) linux-headers-$(KERNEL_ABI:%-cloud-amd64=%)-common \
	linux-kbuild-$(basename $(KERNEL_DEB_VER))

KERNEL_DL       := $(O)/kernel/debs
KERNEL_ROOT     := $(O)/kernel/root
KERNEL_VMLINUZ  := $(KERNEL_ROOT)/boot/vmlinuz-$(KERNEL_ABI)
KERNEL_MODDIR   := $(KERNEL_ROOT)/lib/modules/$(KERNEL_ABI)
KERNEL_STAMP    := $(O)/kernel/.unpacked-$(KERNEL_ABI)
KERNEL_HDR_ROOT := $(O)/kernel/headers
KERNEL_HDR_DIR  := $(KERNEL_HDR_ROOT)/usr/src/linux-headers-$(KERNEL_ABI)
KERNEL_HDR_STAMP := $(O)/kernel/.headers-$(KERNEL_ABI)

$(KERNEL_STAMP): $(TOP)/image/kernel.mk | $(DEPS)
	@mkdir -p $(KERNEL_DL) $(KERNEL_ROOT)
	@echo "kernel: apt-get download $(KERNEL_IMG_PKG)=$(KERNEL_DEB_VER)"
	@cd $(KERNEL_DL) && { ls $(KERNEL_IMG_PKG)_*.deb >/dev/null 2>&1 || \
		apt-get download -q $(KERNEL_IMG_PKG)=$(KERNEL_DEB_VER) || \
		{ apt-get update -qq && apt-get download -q $(KERNEL_IMG_PKG)=$(KERNEL_DEB_VER); }; }
	@dpkg-deb -x $(KERNEL_DL)/$(KERNEL_IMG_PKG)_*.deb $(KERNEL_ROOT)
	@test -f $(KERNEL_VMLINUZ) || { echo "kernel: $(KERNEL_VMLINUZ) missing after unpack" >&2; exit 1; }
	@touch $@

# The headers' Makefile includes /usr/src/linux-headers-*-common/Makefile
# by absolute path; it is pointed at the unpacked copy instead (the
# scripts/ and tools/ symlinks into linux-kbuild are relative already).
$(KERNEL_HDR_STAMP): $(TOP)/image/kernel.mk | $(DEPS)
	@mkdir -p $(KERNEL_DL)
	@rm -rf $(KERNEL_HDR_ROOT) && mkdir -p $(KERNEL_HDR_ROOT)
	@cd $(KERNEL_DL) && for p in $(KERNEL_HDR_PKGS); do \
		ls $${p}_$(KERNEL_DEB_VER)_*.deb >/dev/null 2>&1 && continue; \
		echo "kernel: apt-get download $$p=$(KERNEL_DEB_VER)"; \
		apt-get download -q $$p=$(KERNEL_DEB_VER) || \
		{ apt-get update -qq && apt-get download -q $$p=$(KERNEL_DEB_VER); } || exit 1; \
	done
	@for p in $(KERNEL_HDR_PKGS); do \
		dpkg-deb -x $(KERNEL_DL)/$${p}_$(KERNEL_DEB_VER)_*.deb $(KERNEL_HDR_ROOT) || exit 1; done
	@sed -i 's|^include /usr/src/|include $(KERNEL_HDR_ROOT)/usr/src/|' $(KERNEL_HDR_DIR)/Makefile
	@grep -q '^include $(KERNEL_HDR_ROOT)/' $(KERNEL_HDR_DIR)/Makefile && \
		test -x $(KERNEL_HDR_DIR)/scripts/mod/modpost || \
		{ echo "kernel: $(KERNEL_HDR_DIR) incomplete after unpack" >&2; exit 1; }
	@touch $@

.PHONY: kernel kernel-headers
kernel: $(KERNEL_STAMP)
kernel-headers: $(KERNEL_HDR_STAMP)
