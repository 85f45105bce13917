# tests/tests.mk - `make test`, `make unit`, `make integration`.
#
# Owns the test runner: every test speaks TAP and one `prove` run reports
# them (its summary is the last thing `make test` prints). prove runs each
# file through tests/tap-exec: *.t scripts with bash, anything else as a
# cmocka binary through tests/cmocka-tap (which merges cmocka's per-group
# TAP plans into one). Tests run one at a time (no -j): each integration
# test boots QEMU, and the machines have 2 cores.
#
# Unit tests: fragments (tests/unit/unit.mk, tetdh/..., included by the
# top Makefile) append their binaries:
#   UNIT_TESTS += $(O)/tests/unit/test_sha
# Integration tests: tests/integration/*.t (bash, executable, TAP),
# helpers in tests/integration/lib.sh; logs go to $(O)/tests/.
# PROVE_FLAGS: extra prove flags (e.g. PROVE_FLAGS=-v).

UNIT_TESTS ?=
INTEGRATION_TESTS = $(sort $(wildcard $(TOP)/tests/integration/*.t))
PROVE_FLAGS ?=
PROVE = O=$(O) prove --exec $(TOP)/tests/tap-exec $(PROVE_FLAGS)

# $$(UNIT_TESTS): expanded when make runs rules, so fragments included after
# this one (tools/, tetdh/) can still append unit tests.
.SECONDEXPANSION:
.PHONY: test unit integration
test: $$(UNIT_TESTS) image | $(DEPS)
	@mkdir -p $(O)/tests
	$(PROVE) $(UNIT_TESTS) $(INTEGRATION_TESTS)

unit: $$(UNIT_TESTS) | $(DEPS)
	$(if $(strip $(UNIT_TESTS)),$(PROVE) $(UNIT_TESTS),@echo "unit: no unit tests defined (UNIT_TESTS is empty)")

integration: image | $(DEPS)
	@mkdir -p $(O)/tests
	$(PROVE) $(INTEGRATION_TESTS)
