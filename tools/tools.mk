# tools/tools.mk - host-side helper tools; each tool's rules live in its
# own folder's fragment.

include $(TOP)/tools/hostvm/hostvm.mk
include $(TOP)/tools/attest/attest.mk
include $(TOP)/tools/agent/agent.mk
