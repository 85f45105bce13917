# tetdh/vmm/vmm.mk - tetdh, the KVM VMM that runs the TD image
# (docs/tetdh.md). Included from tetdh/tetdh.mk after seam/seam.mk
# (needs TOP, O, HOST_CFLAGS, DEPS, SEAM_LIB).
#   make tetdh   $(O)/tetdh/tetdh         dynamic, for hosts with real KVM
#                $(O)/tetdh/tetdh-static  static (libcrypto.a), for the
#                                         host VM's initramfs (tools/hostvm)

VMM_DIR     := $(TOP)/tetdh/vmm
VMM_SRCS    := main.c options.c kvm.c mem.c td.c hob.c cpu.c ioport.c \
	       serial.c term.c rtc.c pm.c legacy.c tdcall.c control.c
TETD_HOST_DIR  := $(TOP)/tetdh/tetd
TETD_HOST_SRCS := zone.c call.c world.c
VMM_OBJS    := $(VMM_SRCS:%.c=$(O)/tetdh/vmm/%.o) $(TETD_HOST_SRCS:%.c=$(O)/tetdh/tetd/%.o)
VMM_CFLAGS  := $(HOST_CFLAGS) -D_GNU_SOURCE -pthread -I$(VMM_DIR) -I$(TOP)/tetdh/seam -I$(TETD_HOST_DIR) -MMD -MP \
	       -DTETD_VERSION='"$(VERSION)"' -DTETD_GIT_REV='"$(GIT_REV)"'
VMM_LDLIBS  := -lcrypto -pthread
TETDH_BIN        := $(O)/tetdh/tetdh
TETDH_STATIC_BIN := $(O)/tetdh/tetdh-static
TETDH_LISTEN     := $(O)/tetdh/tetdh-listen

$(O)/tetdh/vmm/%.o: $(VMM_DIR)/%.c | $(DEPS)
	@mkdir -p $(@D)
	$(CC) $(VMM_CFLAGS) -c $< -o $@

$(O)/tetdh/tetd/%.o: $(TETD_HOST_DIR)/%.c | $(DEPS)
	@mkdir -p $(@D)
	$(CC) $(VMM_CFLAGS) -c $< -o $@

$(TETDH_BIN): $(VMM_OBJS) $(SEAM_LIB)
	$(CC) -o $@ $(VMM_OBJS) $(SEAM_LIB) $(VMM_LDLIBS)

# ld warns that libcrypto.a's dlopen/getaddrinfo need glibc's shared
# libraries at run time: expected; tetdh loads no OpenSSL engines or
# dynamic providers and opens no BIO sockets.
$(TETDH_STATIC_BIN): $(VMM_OBJS) $(SEAM_LIB)
	$(CC) -static -o $@ $(VMM_OBJS) $(SEAM_LIB) $(VMM_LDLIBS)

.PHONY: tetdh
tetdh: $(TETDH_BIN) $(TETDH_STATIC_BIN) $(TETDH_LISTEN)

-include $(VMM_OBJS:.o=.d)

# The example listener for agent-call completions (docs/tetdh.md); static,
# so it also runs inside the host VM next to tetdh-static.
$(TETDH_LISTEN): $(TOP)/tools/tetdh-listen.c | $(DEPS)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -static -o $@ $<
