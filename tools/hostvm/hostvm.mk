# tools/hostvm/hostvm.mk - the host VM (tools/hostvm/README.md): its base
# initramfs (busybox-static, /init, kvm-amd and its dependencies from the
# kernel pinned in image/kernel.mk) and kvmprobe, the /dev/kvm proof and
# null port-I/O exit benchmark.

HOSTVM_DIR      := $(O)/hostvm
HOSTVM_INITRD   := $(HOSTVM_DIR)/base.cpio
HOSTVM_KVMPROBE := $(HOSTVM_DIR)/kvmprobe
HOSTVM_MODULES  := kvm-amd
HOSTVM_SRC      := $(TOP)/tools/hostvm

$(HOSTVM_INITRD): $(KERNEL_STAMP) $(HOSTVM_SRC)/init $(HOSTVM_SRC)/mkinitramfs \
		$(HOSTVM_SRC)/hostvm.mk | $(DEPS)
	@mkdir -p $(HOSTVM_DIR)
	@$(HOSTVM_SRC)/mkinitramfs $(KERNEL_MODDIR) $@ $(HOSTVM_MODULES)

# Static: it runs inside the host VM, whose initramfs has no libc.
$(HOSTVM_KVMPROBE): $(HOSTVM_SRC)/kvmprobe.c | $(DEPS)
	@mkdir -p $(HOSTVM_DIR)
	$(CC) $(HOST_CFLAGS) -static -o $@ $<

.PHONY: hostvm-base hostvm-env kvmprobe hostvm-check
hostvm-base: $(HOSTVM_INITRD)
kvmprobe: $(HOSTVM_KVMPROBE)

# Read by tools/hostvm/hostvm: where the kernel and base initramfs are.
hostvm-env: $(HOSTVM_INITRD)
	@echo "HOSTVM_KERNEL=$(KERNEL_VMLINUZ)"
	@echo "HOSTVM_INITRD=$(HOSTVM_INITRD)"

# Boot the host VM and run kvmprobe in it (tests/integration/30-hostvm.t).
hostvm-check: $(HOSTVM_INITRD) $(HOSTVM_KVMPROBE)
	prove -v $(TOP)/tests/integration/30-hostvm.t
