# tetdh/seam/seam.mk - the TDX-module model: libseam.a, its unit tests and
# its fuzz targets.
#   make seam        build $(O)/tetdh/libseam.a
#   make seam-test   build and run the seam unit tests only
#   make fuzz-seam   libFuzzer runs of the TDVF parser and the TDCALL
#                    dispatcher (clang; FUZZ_TIME seconds each)

SEAM_DIR    := $(TOP)/tetdh/seam
SEAM_SRCS   := tdvf.c mrtd.c rtmr.c pagestate.c guestmem.c td.c report.c \
	       quote.c tdcall.c
SEAM_OBJS   := $(SEAM_SRCS:%.c=$(O)/tetdh/seam/%.o)
SEAM_LIB    := $(O)/tetdh/libseam.a
SEAM_CFLAGS := $(HOST_CFLAGS) -I$(SEAM_DIR) -MMD -MP
SEAM_LDLIBS := -lcrypto

$(O)/tetdh/seam/%.o: $(SEAM_DIR)/%.c | $(DEPS)
	@mkdir -p $(@D)
	$(CC) $(SEAM_CFLAGS) -c $< -o $@

$(SEAM_LIB): $(SEAM_OBJS)
	@rm -f $@
	ar rcs $@ $^

.PHONY: seam
seam: $(SEAM_LIB)

# Unit tests: one cmocka binary per concern, run by tests/tests.mk.
SEAM_TESTS     := tdvf mrtd rtmr report pagestate tdcall quote
SEAM_TEST_BINS := $(SEAM_TESTS:%=$(O)/tests/unit/test_seam_%)

$(SEAM_TEST_BINS): $(O)/tests/unit/test_seam_%: $(TOP)/tests/unit/test_seam_%.c \
		$(TOP)/tests/unit/seam_testlib.h $(SEAM_LIB) | $(DEPS)
	@mkdir -p $(@D)
	$(CC) $(SEAM_CFLAGS) -MF $@.d $< -o $@ $(SEAM_LIB) -lcmocka $(SEAM_LDLIBS)

# Smoke run of both fuzz harnesses: gcc ASan + UBSan over the library
# sources themselves (not libseam.a), a few seconds.
SEAM_SMOKE := $(O)/tests/unit/test_seam_fuzz_smoke
SEAM_SAN   := -fsanitize=address,undefined -fno-sanitize-recover=undefined \
	      -fno-omit-frame-pointer

$(SEAM_SMOKE): $(TOP)/tests/unit/test_seam_fuzz_smoke.c \
		$(TOP)/tests/fuzz/fuzz_tdvf.c $(TOP)/tests/fuzz/fuzz_tdcall.c \
		$(TOP)/tests/unit/seam_testlib.h $(SEAM_DIR)/seam.h \
		$(addprefix $(SEAM_DIR)/,$(SEAM_SRCS)) | $(DEPS)
	@mkdir -p $(@D)
	$(CC) $(SEAM_CFLAGS) -O1 $(SEAM_SAN) -MF $@.d $< \
		$(addprefix $(SEAM_DIR)/,$(SEAM_SRCS)) -o $@ -lcmocka $(SEAM_LDLIBS)

SEAM_TEST_BINS += $(SEAM_SMOKE)
UNIT_TESTS += $(SEAM_TEST_BINS)

.PHONY: seam-test
seam-test: $(SEAM_TEST_BINS)
	@fail=0; for t in $^; do $$t || fail=1; done; exit $$fail

# Fuzzing (not part of `make test`).
FUZZ_TIME     ?= 30
SEAM_FUZZ_CC  := clang
SEAM_FUZZ_FLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Werror \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-I$(TOP)/include -I$(SEAM_DIR)
SEAM_FUZZ_DIR := $(O)/fuzz

$(SEAM_FUZZ_DIR)/fuzz_tdvf: $(TOP)/tests/fuzz/fuzz_tdvf.c $(SEAM_DIR)/tdvf.c \
		$(SEAM_DIR)/mrtd.c $(SEAM_DIR)/seam.h | $(DEPS)
	@mkdir -p $(@D)
	$(SEAM_FUZZ_CC) $(SEAM_FUZZ_FLAGS) $(filter %.c,$^) -o $@ $(SEAM_LDLIBS)

$(SEAM_FUZZ_DIR)/fuzz_tdcall: $(TOP)/tests/fuzz/fuzz_tdcall.c \
		$(addprefix $(SEAM_DIR)/,$(SEAM_SRCS)) $(SEAM_DIR)/seam.h | $(DEPS)
	@mkdir -p $(@D)
	$(SEAM_FUZZ_CC) $(SEAM_FUZZ_FLAGS) $(filter %.c,$^) -o $@ $(SEAM_LDLIBS)

SEAM_FUZZERS := $(SEAM_FUZZ_DIR)/fuzz_tdvf $(SEAM_FUZZ_DIR)/fuzz_tdcall

# fuzz_tdvf starts from the unit tests' synthetic image.
$(SEAM_FUZZ_DIR)/corpus-fuzz_tdvf/.seeded: $(TOP)/tests/fuzz/seed_tdvf.c \
		$(TOP)/tests/unit/seam_testlib.h $(SEAM_LIB)
	@mkdir -p $(@D)
	$(CC) $(SEAM_CFLAGS) $< -o $(SEAM_FUZZ_DIR)/seed_tdvf $(SEAM_LIB) $(SEAM_LDLIBS)
	$(SEAM_FUZZ_DIR)/seed_tdvf $(@D)/synthetic.img
	@touch $@

.PHONY: fuzz-seam
fuzz-seam: $(SEAM_FUZZERS) $(SEAM_FUZZ_DIR)/corpus-fuzz_tdvf/.seeded
	@for f in $(SEAM_FUZZERS); do \
		c=$(SEAM_FUZZ_DIR)/corpus-$$(basename $$f); mkdir -p $$c; \
		echo "fuzz-seam: $$f for $(FUZZ_TIME) s"; \
		$$f -max_total_time=$(FUZZ_TIME) -print_final_stats=1 \
			-artifact_prefix=$(SEAM_FUZZ_DIR)/ $$c || exit 1; \
	done

-include $(SEAM_OBJS:.o=.d) $(SEAM_TEST_BINS:=.d)

# fuzz_tetdh_layout: tetdh's own handling of its untrusted inputs before any
# vCPU runs - TDVF metadata, memory layout, bzImage header, payload
# placement and copy, TD HOB (tests/fuzz/fuzz_tetdh_layout.c). It compiles
# tetdh/vmm's td.c, mem.c and hob.c (and the TETD host extension's zone.c
# when it exists) with libseam, over fake guest memory: no /dev/kvm.
# Seeds (tests/fuzz/mkseeds_tetdh.py): the synthetic image above, layouts
# the script builds, and image/out's tetd.fd, kernel and initramfs if built.
#   make fuzz-seam          runs it after the other two
#   make fuzz-seam-replay   every seam fuzzer once over its saved corpus
TETDH_FUZZ      := $(SEAM_FUZZ_DIR)/fuzz_tetdh_layout
TETDH_FUZZ_SRCS := $(addprefix $(TOP)/tetdh/vmm/,td.c mem.c hob.c) \
		   $(wildcard $(TOP)/tetdh/tetd/zone.c)
TETDH_FUZZ_SEED := fuzz-tetdh-seed

$(TETDH_FUZZ): $(TOP)/tests/fuzz/fuzz_tetdh_layout.c $(TETDH_FUZZ_SRCS) \
		$(addprefix $(SEAM_DIR)/,$(SEAM_SRCS)) $(SEAM_DIR)/seam.h \
		$(wildcard $(TOP)/tetdh/vmm/*.h $(TOP)/tetdh/tetd/*.h) | $(DEPS)
	@mkdir -p $(@D)
	$(SEAM_FUZZ_CC) $(SEAM_FUZZ_FLAGS) -D_GNU_SOURCE -pthread -I$(TOP)/tetdh/vmm \
		-I$(TOP)/tetdh/tetd $(filter %.c,$^) -o $@ $(SEAM_LDLIBS)

# Seeding runs every time (a fraction of a second, same names, same bytes):
# that picks up a rebuilt image/out without making image/out a prerequisite,
# which would rebuild the image for a fuzz run.
.PHONY: $(TETDH_FUZZ_SEED)
$(TETDH_FUZZ_SEED): $(SEAM_FUZZ_DIR)/corpus-fuzz_tdvf/.seeded
	@python3 $(TOP)/tests/fuzz/mkseeds_tetdh.py $(SEAM_FUZZ_DIR)/corpus-fuzz_tetdh_layout \
		--synthetic $(SEAM_FUZZ_DIR)/corpus-fuzz_tdvf/synthetic.img \
		--image $(IMAGE_OUT)/tetd.fd --kernel $(IMAGE_OUT)/vmlinuz \
		--initrd $(IMAGE_OUT)/initramfs.cpio.gz

# The fuzz-seam recipe loops over $(SEAM_FUZZERS) when it runs, so this
# target joins it; its prerequisites are added here.
SEAM_FUZZERS += $(TETDH_FUZZ)
fuzz-seam: $(TETDH_FUZZ) $(TETDH_FUZZ_SEED)

.PHONY: fuzz-seam-replay
fuzz-seam-replay: $(SEAM_FUZZERS) $(SEAM_FUZZ_DIR)/corpus-fuzz_tdvf/.seeded $(TETDH_FUZZ_SEED)
	@set -e; for f in $(SEAM_FUZZERS); do \
		c=$(SEAM_FUZZ_DIR)/corpus-$$(basename $$f); mkdir -p $$c; \
		$$f -runs=0 $$c > $$f.replay.log 2>&1 || \
			{ tail -40 $$f.replay.log; echo "fuzz-seam-replay: $$(basename $$f) FAILED (log: $$f.replay.log)" >&2; exit 1; }; \
		echo "fuzz-seam-replay: $$(basename $$f) ok ($$(ls $$c | wc -l) inputs)"; \
	done

# Its smoke run inside `make test` (gcc ASan + UBSan, like the one above):
# the synthetic image through the harness, 1500 mutations.
TETDH_SMOKE := $(O)/tests/unit/test_tetdh_layout_smoke

$(TETDH_SMOKE): $(TOP)/tests/unit/test_tetdh_layout_smoke.c \
		$(TOP)/tests/fuzz/fuzz_tetdh_layout.c $(TOP)/tests/unit/seam_testlib.h \
		$(TETDH_FUZZ_SRCS) $(addprefix $(SEAM_DIR)/,$(SEAM_SRCS)) | $(DEPS)
	@mkdir -p $(@D)
	$(CC) $(SEAM_CFLAGS) -O1 $(SEAM_SAN) -D_GNU_SOURCE -pthread -I$(TOP)/tetdh/vmm \
		-I$(TOP)/tetdh/tetd -MF $@.d $< $(TETDH_FUZZ_SRCS) \
		$(addprefix $(SEAM_DIR)/,$(SEAM_SRCS)) -o $@ -lcmocka $(SEAM_LDLIBS)

UNIT_TESTS += $(TETDH_SMOKE)
-include $(TETDH_SMOKE).d
