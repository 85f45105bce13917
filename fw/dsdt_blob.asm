; fw/dsdt_blob.asm - embeds the iasl-compiled DSDT (build/fw/dsdt.aml).
section .rodata
global dsdt_aml, dsdt_aml_end
dsdt_aml:
	incbin	"dsdt.aml"
dsdt_aml_end:
