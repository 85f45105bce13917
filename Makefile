# TETD-fw top-level Makefile: drives every part; each part's rules live in
# its own folder's fragment (<part>/<part>.mk). `make help` lists targets.

.DEFAULT_GOAL := help
SHELL := /bin/bash
TOP := $(CURDIR)
O := $(TOP)/build
IMAGE_OUT := $(TOP)/image/out

VERSION := $(shell cat $(TOP)/VERSION)
GIT_REV := $(shell git -C $(TOP) rev-parse --short HEAD 2>/dev/null || echo unknown)

CC := gcc
NASM := nasm
IASL := iasl

# Flags shared by host-side programs (tools, tests, tetdh).
HOST_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -I$(TOP)/include

include mk/deps.mk
include bootstub/bootstub.mk
include tetdg-early/tetdg-early.mk
include agents/agents.mk
include fw/fw.mk
include image/kernel.mk
include tetdg/tetdg.mk
include tests/attacks/attacks.mk
-include image/image.mk
-include tests/unit/unit.mk
-include tests/fuzz/fuzz.mk
-include tests/tests.mk
-include bench/bench.mk
-include tetdh/tetdh.mk
-include tools/tools.mk

.PHONY: help
help:
	@echo "TETD-fw $(VERSION) - targets:"
	@echo "  make image      build image/out/tetd.fd plus the guest kernel and initramfs"
	@echo "  make run        main job: boot the TD under tetdh (host VM where needed): agents,"
	@echo "                  sealed zone, agent calls, quote verified against reference values"
	@echo "  make run-qemu   boot the image under qemu-system-x86_64 -bios image/out/tetd.fd"
	@echo "  make run-qemu-tpm  the same with a TPM 2.0 (swtpm): agents measured into PCRs; a quote of"
	@echo "                  them and the TCG2 log verified against reference values, result: PASS|FAIL"
	@echo "                  (tools/tpm-run; TPM_RUN=boot only boots)"
	@echo "  make test       every test (unit, integration, bad input); ends with a count"
	@echo "  make unit       unit tests only (cmocka, host build of the firmware sources)"
	@echo "  make bench      benchmarks against the anchors (qboot, SeaBIOS, OVMF)"
	@echo "  make deps       install missing Debian packages (done automatically by targets)"
	@echo "  make integration  integration tests only (QEMU boots, host VM)"
	@echo "  make fw         build the firmware only (image/out/tetd.fd)"
	@echo "  make agents     build the agents (build/agents/*.elf) and the agent volume"
	@echo "  make bench-agents  boot cost of the pre-kernel agents (0/1/3/8 agents)"
	@echo "  make bench-tetdh   TDCALL vs null exit, TD boot under tetdh, host VM cost"
	@echo "  make bench-calls   null agent call per mode vs null TDCALL, call throughput, kintegrity overhead (PLATFORM=qemu: in-guest)"
	@echo "  make attest     tetd-attest, tetd-measure, tetd-eventlog (docs/attestation.md);"
	@echo "                  also reference, attest-test, fuzz-attest, bench-attest"
	@echo "  make kernel     fetch and unpack the pinned Debian kernel (image/kernel.mk)"
	@echo "  make tetdg      the guest driver tetdg.ko (against the pinned kernel-headers) and tetd-call"
	@echo "  make attacks    tetd_attack.ko, the hostile kernel module of the attack tests (tests/attacks/)"
	@echo "  make seam       the TDX-module model library; make seam-test runs its tests"
	@echo "  make hostvm-check  boot the host VM and probe KVM inside it"
	@echo "  make fuzz-fw / fuzz-seam  run the libFuzzer targets (FUZZ_TIME=seconds)"
	@echo "  make fuzz-fw-replay / fuzz-seam-replay  re-run every saved fuzz input once"
	@echo "  make clean      remove build/ and image/out/"
	@echo "Variables: QEMU_ACCEL=tcg|kvm (default: auto), SMP=2, MEM=1G"

.PHONY: clean
clean:
	rm -rf $(O) $(IMAGE_OUT)
