# tetdh/tetdh.mk - the host side: each part brings its own fragment.
# seam/: the model of the TDX module (library $(O)/tetdh/libseam.a).

include $(TOP)/tetdh/seam/seam.mk

# vmm/: the KVM VMM that runs the TD image ($(O)/tetdh/tetdh).
-include $(TOP)/tetdh/vmm/vmm.mk

# The main job (issue 3 onward): boot the TD under tetdh, directly or in the
# host VM (tools/tetdh-run says which and why), then print MRTD, the RTMRs
# the TDX-module model reports and whether the event log replays to them.
# `make run-qemu` still boots the same image under plain QEMU. A boot that
# hits the host VM's known intermittent crash is repeated, at most
# RUN_RETRIES (2) more times, saying so (docs/tetdh.md, Limitations).
TETDH_MEM ?= 512M
RUN_RETRIES ?= 2
RUN_TARGET := run-tetdh
.PHONY: run-tetdh
run-tetdh: image tetdh attest hostvm-base | $(DEPS)
	@O=$(O) MEM=$(TETDH_MEM) SMP=$(SMP) APPEND="$(APPEND)" $(TOP)/tools/tetdh-run --summary \
		--retries $(RUN_RETRIES)
