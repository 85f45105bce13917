# bootstub/bootstub.mk - assembles the reset vector and mode-switch code.
# nasm sees include/tetd/layout.h through a generated layout.inc.

BOOTSTUB_OBJ := $(O)/bootstub/reset.o
LAYOUT_INC := $(O)/bootstub/layout.inc

$(LAYOUT_INC): $(TOP)/include/tetd/layout.h | $(DEPS)
	@mkdir -p $(@D)
	@grep -E '^#define TETD_[A-Z0-9_]+ ' $< | sed -e 's/^#define/%define/' -e 's|/\*.*\*/||' > $@

$(BOOTSTUB_OBJ): $(TOP)/bootstub/reset.asm $(LAYOUT_INC) | $(DEPS)
	@mkdir -p $(@D)
	$(NASM) -f elf64 -w+all -I$(O)/bootstub/ -o $@ $<
