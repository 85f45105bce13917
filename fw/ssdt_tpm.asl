/*
 * fw/ssdt_tpm.asl - the TPM device for the OS, published (as an extra
 * SSDT) only when the firmware found a CRB TPM and measured into it.
 * Linux's tpm_crb binds to MSFT0101 and maps the control area the TPM2
 * table names inside this _CRS; QEMU's tpm-crb decodes 4 KiB at
 * 0xFED40000 (locality 0: registers, then the command/response buffer).
 */
DefinitionBlock ("ssdt_tpm.aml", "SSDT", 2, "TETD  ", "TETDTPM ", 1)
{
    Scope (\_SB)
    {
        Device (TPM)
        {
            Name (_HID, "MSFT0101")
            Name (_STR, Unicode ("TPM 2.0 Device"))
            Name (_UID, One)
            Name (_STA, 0x0F)
            Name (_CRS, ResourceTemplate ()
            {
                Memory32Fixed (ReadWrite, 0xFED40000, 0x00001000)
            })
        }
    }
}
