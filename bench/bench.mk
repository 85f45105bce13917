# bench/bench.mk - `make bench`: boot time to the guest marker with this
# firmware vs qboot, SeaBIOS and OVMF (bench/boot; not part of `make test`).
# BENCH_RUNS=N boots per firmware (default 5); BENCH_FLAGS for more options
# (see bench/boot --help).

BENCH_RUNS ?= 5
BENCH_FLAGS ?=

.PHONY: bench
bench: image | $(DEPS)
	O=$(O) $(TOP)/bench/boot --runs $(BENCH_RUNS) $(BENCH_FLAGS)

# `make bench-tetdh`: TDCALL vs null exit, TD boot under tetdh, host VM cost.
.PHONY: bench-tetdh
bench-tetdh: image tetdh hostvm-base | $(DEPS)
	O=$(O) $(TOP)/bench/tetdh --runs $(or $(BENCH_RUNS),3)

# `make bench-agents`: what the pre-kernel agents cost: boot time with no,
# one, the sample and eight agents; tetdg-early's own figures; instructions
# from -icount boots (bench/agents --help).
.PHONY: bench-agents
bench-agents: image agents | $(DEPS)
	O=$(O) $(TOP)/bench/agents --runs $(BENCH_RUNS)

# `make bench-calls`: null agent call vs null TDCALL, call throughput.
.PHONY: bench-calls
bench-calls: image tetdh hostvm-base | $(DEPS)
	O=$(O) $(TOP)/bench/calls --runs $(or $(BENCH_RUNS),3)
