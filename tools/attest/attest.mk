# tools/attest/attest.mk - tetd-attest, the relying party's verifier.
# It links libseam for the quote format (one home) and libcrypto.
#   make attest    build $(O)/tools/tetd-attest

ATTEST := $(O)/tools/tetd-attest

$(ATTEST): $(TOP)/tools/attest/tetd-attest.c $(SEAM_LIB) | $(DEPS)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -I$(TOP)/tetdh/seam -o $@ $< $(SEAM_LIB) -lcrypto

.PHONY: attest
attest: $(ATTEST)
