; fw/ssdt_tpm_blob.asm - embeds the iasl-compiled TPM SSDT (build/fw/ssdt_tpm.aml).
section .rodata
global ssdt_tpm_aml, ssdt_tpm_aml_end
ssdt_tpm_aml:
	incbin	"ssdt_tpm.aml"
ssdt_tpm_aml_end:
