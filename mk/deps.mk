# mk/deps.mk - the Debian packages the project needs, installed on demand.
# Every target that runs a packaged tool depends (order-only) on $(DEPS),
# so a fresh machine needs no manual step: `make test` installs what is
# missing (apt-get as root, sudo otherwise).

DEPS_PKGS := build-essential nasm acpica-tools uuid-dev libssl-dev openssl \
	libcmocka-dev qemu-system-x86 qemu-system-data qemu-utils seabios ovmf \
	busybox-static cpio xz-utils zstd kmod tpm2-tools swtpm swtpm-tools \
	clang llvm lld binutils python3 \
	gcc-12 libelf1 zlib1g
# openssl: the CLI that checks keyvault's Ed25519 signatures (tools/ed25519-verify).
# gcc-12, libelf1, zlib1g: the guest kernel's headers (image/kernel.mk) build
# tetdg.ko with gcc-12, as Debian built 6.1; linux-kbuild's objtool links
# libelf and zlib.

DEPS := $(O)/.deps-stamp

$(DEPS): $(TOP)/mk/deps.mk $(TOP)/mk/install-deps.sh
	@mkdir -p $(O)
	@$(TOP)/mk/install-deps.sh $(DEPS_PKGS)
	@touch $@

.PHONY: deps
deps: $(DEPS)
