# image/kernel.mk - the one place the guest kernel version is pinned.
# The same ABI is used for the guest kernel, the host VM (tools/hostvm: its
# kvm.ko/kvm-amd.ko/irqbypass.ko come from this package) and, later, the
# linux-headers package the tetdg driver builds against.
# Packages are fetched with `apt-get download` and unpacked under build/;
# nothing is installed on the build host.

KERNEL_ABI      := 6.1.0-50-cloud-amd64
KERNEL_DEB_VER  := 6.1.176-1
KERNEL_IMG_PKG  := linux-image-$(KERNEL_ABI)
KERNEL_HDR_PKG  := linux-headers-$(KERNEL_ABI)

KERNEL_DL       := $(O)/kernel/debs
KERNEL_ROOT     := $(O)/kernel/root
KERNEL_VMLINUZ  := $(KERNEL_ROOT)/boot/vmlinuz-$(KERNEL_ABI)
KERNEL_MODDIR   := $(KERNEL_ROOT)/lib/modules/$(KERNEL_ABI)
KERNEL_STAMP    := $(O)/kernel/.unpacked-$(KERNEL_ABI)

$(KERNEL_STAMP): $(TOP)/image/kernel.mk | $(DEPS)
	@mkdir -p $(KERNEL_DL) $(KERNEL_ROOT)
	@echo "kernel: apt-get download $(KERNEL_IMG_PKG)=$(KERNEL_DEB_VER)"
	@cd $(KERNEL_DL) && { ls $(KERNEL_IMG_PKG)_*.deb >/dev/null 2>&1 || \
		apt-get download -q $(KERNEL_IMG_PKG)=$(KERNEL_DEB_VER) || \
		{ apt-get update -qq && apt-get download -q $(KERNEL_IMG_PKG)=$(KERNEL_DEB_VER); }; }
	@dpkg-deb -x $(KERNEL_DL)/$(KERNEL_IMG_PKG)_*.deb $(KERNEL_ROOT)
	@test -f $(KERNEL_VMLINUZ) || { echo "kernel: $(KERNEL_VMLINUZ) missing after unpack" >&2; exit 1; }
	@touch $@

.PHONY: kernel
kernel: $(KERNEL_STAMP)
