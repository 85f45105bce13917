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
