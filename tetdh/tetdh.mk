# tetdh/tetdh.mk - the host side: each part brings its own fragment.
# seam/: the model of the TDX module (library $(O)/tetdh/libseam.a).

include $(TOP)/tetdh/seam/seam.mk

# vmm/: the KVM VMM that runs the TD image ($(O)/tetdh/tetdh).
-include $(TOP)/tetdh/vmm/vmm.mk
