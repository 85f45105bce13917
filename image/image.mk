# image/image.mk - the guest payload and the `image`, `run`, `run-qemu` targets.
#
# Owns: $(IMAGE_OUT)/vmlinuz (copy of the pinned Debian cloud kernel, see
# image/kernel.mk), $(IMAGE_OUT)/initramfs.cpio.gz (busybox-static plus
# image/initramfs/init, reproducible cpio) and the QEMU launcher
# image/run-qemu.sh. The firmware rule $(IMAGE_OUT)/tetd.fd lives in fw/fw.mk.
#
# INITRAMFS_EXTRA: other fragments may append `host-file:guest-path` pairs
# (e.g. a kernel module) to be copied into the initramfs.

SMP ?= 2
MEM ?= 1G
QEMU_ACCEL ?=
APPEND ?= console=ttyS0

INITRAMFS_EXTRA ?=

# Guest tools built here (static: the initramfs has no libc).
GUEST_TDREPORT := $(O)/image/guest/tdreport
$(GUEST_TDREPORT): $(TOP)/image/guest/tdreport.c $(TOP)/include/tetd/tdcall.h $(TOP)/include/tetd/tdx.h | $(DEPS)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -static -o $@ $<
GUEST_TDCALL_BENCH := $(O)/image/guest/tdcall-bench
$(GUEST_TDCALL_BENCH): $(TOP)/image/guest/tdcall-bench.c $(TOP)/image/guest/bench.h $(TOP)/include/tetd/tdcall.h | $(DEPS)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -static -o $@ $<
GUEST_CALLBENCH := $(O)/image/guest/callbench
$(GUEST_CALLBENCH): $(TOP)/image/guest/callbench.c $(TOP)/image/guest/bench.h $(wildcard $(TOP)/include/tetd/*.h) | $(DEPS)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -static -o $@ $<
GUEST_KIBENCH := $(O)/image/guest/kibench
$(GUEST_KIBENCH): $(TOP)/image/guest/kibench.c $(TOP)/image/guest/bench.h $(wildcard $(TOP)/include/tetd/*.h) | $(DEPS)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -static -o $@ $<
GUEST_PHYSREAD := $(O)/image/guest/physread
$(GUEST_PHYSREAD): $(TOP)/image/guest/physread.c | $(DEPS)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -static -o $@ $<
INITRAMFS_EXTRA += $(GUEST_TDREPORT):bin/tdreport $(GUEST_TDCALL_BENCH):bin/tdcall-bench \
	$(GUEST_PHYSREAD):bin/physread $(GUEST_CALLBENCH):bin/callbench $(GUEST_KIBENCH):bin/kibench
INITRAMFS_ROOT  := $(O)/image/initramfs-root
INITRAMFS       := $(IMAGE_OUT)/initramfs.cpio.gz
GUEST_VMLINUZ   := $(IMAGE_OUT)/vmlinuz
TETD_FD         := $(IMAGE_OUT)/tetd.fd
BUSYBOX         := /bin/busybox
# Fixed timestamp for every initramfs entry (reproducible output).
INITRAMFS_EPOCH := 1700000000

$(GUEST_VMLINUZ): $(KERNEL_STAMP)
	@mkdir -p $(@D)
	cp $(KERNEL_VMLINUZ) $@

$(INITRAMFS): $(TOP)/image/initramfs/init $(TOP)/image/image.mk \
		$(foreach e,$(INITRAMFS_EXTRA),$(firstword $(subst :, ,$(e)))) | $(DEPS)
	@mkdir -p $(@D)
	@rm -rf $(INITRAMFS_ROOT) && mkdir -p $(INITRAMFS_ROOT)
	@cd $(INITRAMFS_ROOT) && mkdir -p bin dev proc sys tmp root etc && \
		ln -s bin sbin && mkdir -p usr && ln -s ../bin usr/bin && ln -s ../bin usr/sbin
	@cp $(BUSYBOX) $(INITRAMFS_ROOT)/bin/busybox
	@for a in $$($(BUSYBOX) --list); do \
		[ "$$a" = busybox ] || ln -sf busybox $(INITRAMFS_ROOT)/bin/$$a; done
	@install -m 0755 $(TOP)/image/initramfs/init $(INITRAMFS_ROOT)/init
	@for e in $(INITRAMFS_EXTRA); do \
		install -D -m 0755 "$${e%%:*}" "$(INITRAMFS_ROOT)/$${e#*:}" || exit 1; done
	@cd $(INITRAMFS_ROOT) && find . -exec touch -h -d @$(INITRAMFS_EPOCH) {} + && \
		find . -mindepth 1 -printf '%P\n' | LC_ALL=C sort | \
		cpio -o -H newc --reproducible -R 0:0 --quiet | gzip -9 -n > $@.tmp
	@mv $@.tmp $@
	@echo "image: $@ ($$(stat -c %s $@) bytes)"

.PHONY: image payload run run-qemu
payload: $(GUEST_VMLINUZ) $(INITRAMFS)
image: $(TETD_FD) $(GUEST_VMLINUZ) $(INITRAMFS)

# `make run-qemu` boots the image with this firmware under plain QEMU.
# Variables: SMP, MEM, QEMU_ACCEL=tcg|kvm, APPEND (kernel command line),
# QEMU_CPU (e.g. max), BIOS=none to use QEMU's default SeaBIOS instead.
BIOS ?= $(TETD_FD)
run-qemu: $(GUEST_VMLINUZ) $(INITRAMFS) $(if $(filter none,$(BIOS)),,$(BIOS)) | $(DEPS)
	SMP=$(SMP) MEM=$(MEM) QEMU_ACCEL=$(QEMU_ACCEL) \
		$(TOP)/image/run-qemu.sh --bios $(BIOS) --kernel $(GUEST_VMLINUZ) \
		--initrd $(INITRAMFS) --append "$(APPEND)"

# `make run-qemu-tpm`: the TPM path end to end (tools/tpm-run), as `make run`
# is for the TD path: the same boot with a TPM 2.0 (swtpm behind QEMU's
# tpm-crb; state in $(O)/run/swtpm, made on first use with the SHA-256 and
# SHA-384 banks and EK certificates by a local test CA in
# $(O)/run/swtpm-localca; the firmware measures into PCRs, the guest prints the TCG2
# log), then a fresh nonce, a TPM2 quote of the PCRs the firmware extended,
# this boot's reference values and tetd-attest; a summary ending in
# `result: PASS|FAIL` (docs/attestation.md, "TPM evidence"). Console in
# $(O)/run/tpm.log, evidence in $(O)/run/tpm/. tools/attest/attest.mk adds
# the attestation tools as prerequisites.
# TPM_RUN=boot: only the boot with the TPM (image/run-qemu-tpm.sh), nothing
# verified; Ctrl-A X quits.
TPM_RUN ?=
.PHONY: run-qemu-tpm
run-qemu-tpm: $(GUEST_VMLINUZ) $(INITRAMFS) $(TETD_FD) | $(DEPS)
ifeq ($(TPM_RUN),boot)
	SMP=$(SMP) MEM=$(MEM) QEMU_ACCEL=$(QEMU_ACCEL) SWTPM_STATE=$(O)/run/swtpm \
		$(TOP)/image/run-qemu-tpm.sh --bios $(TETD_FD) --kernel $(GUEST_VMLINUZ) \
		--initrd $(INITRAMFS) --append "$(APPEND)"
else
	O=$(O) FD=$(TETD_FD) KERNEL=$(GUEST_VMLINUZ) INITRD=$(INITRAMFS) APPEND="$(APPEND)" \
		SMP=$(SMP) MEM=$(MEM) QEMU_ACCEL=$(QEMU_ACCEL) SWTPM_STATE=$(O)/run/swtpm \
		$(TOP)/tools/tpm-run --log $(O)/run/tpm.log --out $(O)/run/tpm
endif

# The main job. Until tetdh exists it is the plain QEMU boot; tetdh/tetdh.mk
# (included later) may set RUN_TARGET to its own target.
RUN_TARGET ?= run-qemu
run:
	@$(MAKE) --no-print-directory -f $(firstword $(MAKEFILE_LIST)) $(RUN_TARGET)
