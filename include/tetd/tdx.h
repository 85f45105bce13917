/* SPDX-License-Identifier: MIT */
/*
 * include/tetd/tdx.h - the Intel TDX architectural ABI, shared by the guest
 * firmware (freestanding), the tetdg driver and the host (tetdh, tools).
 *
 * Owns: TDCALL leaf numbers and their operand encodings, TDG.VP.VMCALL
 * sub-functions and status codes, TDX completion/error status codes,
 * the TDREPORT_STRUCT and the TDX quote v4 header/body layouts, and the
 * GetQuote shared-buffer header.
 *
 * Sources (values were checked against each, not copied):
 *  [MOD]  Intel TDX Module ABI spec, as implemented by intel/tdx-module
 *         (branch tdx_1.5): include/tdx_api_defs.h,
 *         include/auto_gen/tdx_error_codes_defs.h.
 *  [LNX]  Linux arch/x86/include/asm/shared/tdx.h, arch/x86/coco/tdx/tdx.c,
 *         drivers/virt/coco/tdx-guest/tdx-guest.c,
 *         tools/testing/selftests/tdx/tdx_guest_test.c.
 *  [GHCI] TDX Guest-Host Communication Interface 1.0/1.5 (register use of
 *         TDG.VP.VMCALL), as Linux KVM (arch/x86/kvm/vmx/tdx.c) and QEMU
 *         (target/i386/kvm/tdx.c) implement it.
 *  [DCAP] Intel SGX/TDX DCAP quote format v4 (header 48 B, TD report body
 *         584 B), as public verifiers parse it.
 *  [REF]  /work/shared/REFERENCES.md byte-offset table.
 *
 * Only <stdint.h>/<stddef.h>: this header is compiled freestanding.
 */
#ifndef TETD_TDX_H
#define TETD_TDX_H

#include <stddef.h>
#include <stdint.h>

/* ---- presence (CPUID leaf 0x21) [LNX TDX_CPUID_LEAF_ID, TDX_IDENT] ---- */
#define TDX_CPUID_LEAF          0x21u
#define TDX_IDENT               "IntelTDX    " /* EBX, EDX, ECX */

/* TDCALL instruction bytes: 66 0F 01 CC [REF] */
#define TDX_TDCALL_BYTES        0x66, 0x0f, 0x01, 0xcc

/* ---- TDCALL leaves (RAX) [MOD tdcall_leaf_opcode_t, LNX] ---- */
#define TDG_VP_VMCALL           0
#define TDG_VP_INFO             1
#define TDG_MR_RTMR_EXTEND      2
#define TDG_VP_VEINFO_GET       3
#define TDG_MR_REPORT           4
#define TDG_VP_CPUIDVE_SET      5
#define TDG_MEM_PAGE_ACCEPT     6
#define TDG_VM_RD               7
#define TDG_VM_WR               8

/* RAX = leaf[15:0] | version[23:16]; bits 63:24 reserved, must be 0 [MOD] */
#define TDX_LEAF(rax)           ((rax) & 0xffffu)
#define TDX_LEAF_VERSION(rax)   (((rax) >> 16) & 0xffu)
#define TDX_LEAF_RESERVED_MASK  0xffffffffff000000ull

/* ---- TDG.VP.VMCALL [GHCI, LNX] ---- */
/* RCX = GPR_SELECT[15:0] (bit i exposes GPR i to the VMM), XMM_SELECT[31:16];
 * bits 0 (RAX), 1 (RCX), 4 (RSP) and 63:32 must be 0 [MOD tdg_vp_vmcall.c] */
#define TDX_GPR_RAX 0
#define TDX_GPR_RCX 1
#define TDX_GPR_RDX 2
#define TDX_GPR_RBX 3
#define TDX_GPR_RSP 4
#define TDX_GPR_RBP 5
#define TDX_GPR_RSI 6
#define TDX_GPR_RDI 7
#define TDX_GPR_R8  8
#define TDX_GPR_R9  9
#define TDX_GPR_R10 10
#define TDX_GPR_R11 11
#define TDX_GPR_R12 12
#define TDX_GPR_R13 13
#define TDX_GPR_R14 14
#define TDX_GPR_R15 15
#define TDX_VMCALL_GPR_FORBIDDEN ((1u << TDX_GPR_RAX) | (1u << TDX_GPR_RCX) | \
				  (1u << TDX_GPR_RSP))
#define TDX_VMCALL_RCX_RESERVED  0xffffffff00000000ull

/* R10 on input: 0 = GHCI standard call, else vendor-specific [LNX] */
#define TDVMCALL_STANDARD       0
/* R11 on input: sub-function. 0x10000+ are TDX-specific [REF, LNX, QEMU];
 * the instruction sub-functions equal the VMX exit reasons [LNX hcall_func]. */
#define TDVMCALL_CPUID                  10
#define TDVMCALL_HLT                    12
#define TDVMCALL_IO                     30
#define TDVMCALL_RDMSR                  31
#define TDVMCALL_WRMSR                  32
#define TDVMCALL_MMIO                   48
#define TDVMCALL_GET_TD_VM_CALL_INFO    0x10000
#define TDVMCALL_MAP_GPA                0x10001
#define TDVMCALL_GET_QUOTE              0x10002
#define TDVMCALL_REPORT_FATAL_ERROR     0x10003
#define TDVMCALL_SETUP_EVENT_NOTIFY_INTERRUPT 0x10004

/* TDG.VP.VMCALL status, returned in R10 [GHCI; LNX TDVMCALL_STATUS_*,
 * QEMU TDG_VP_VMCALL_*] */
#define TDVMCALL_STATUS_SUCCESS             0x0000000000000000ull
#define TDVMCALL_STATUS_RETRY               0x0000000000000001ull
#define TDVMCALL_STATUS_INVALID_OPERAND     0x8000000000000000ull
#define TDVMCALL_STATUS_GPA_INUSE           0x8000000000000001ull
#define TDVMCALL_STATUS_ALIGN_ERROR         0x8000000000000002ull
#define TDVMCALL_STATUS_SUBFUNC_UNSUPPORTED 0x8000000000000003ull

/* ---- TDX completion status (RAX after TDCALL/SEAMCALL) [MOD] ----
 * Bits 63:32 are the class/code (Linux TDCALL_RETURN_CODE), bit 63 = error;
 * bits 31:0 carry details, usually the operand id below. */
#define TDX_SUCCESS                         0x0000000000000000ull
#define TDX_NON_RECOVERABLE_VCPU            0x4000000100000000ull
#define TDX_NON_RECOVERABLE_TD              0x6000000200000000ull
#define TDX_INTERRUPTED_RESUMABLE           0x8000000300000000ull
#define TDX_OPERAND_INVALID                 0xC000010000000000ull
#define TDX_OPERAND_ADDR_RANGE_ERROR        0xC000010100000000ull
#define TDX_OPERAND_BUSY                    0x8000020000000000ull
#define TDX_PREVIOUS_TLB_EPOCH_BUSY         0x8000020100000000ull
#define TDX_PAGE_METADATA_INCORRECT         0xC000030000000000ull
#define TDX_PAGE_ALREADY_FREE               0x0000030100000000ull
#define TDX_OP_STATE_INCORRECT              0xC000060800000000ull
#define TDX_VCPU_STATE_INCORRECT            0xC000070000000000ull
#define TDX_NO_VALID_VE_INFO                0xC000070400000000ull
#define TDX_MAX_VCPUS_EXCEEDED              0xC000070500000000ull
#define TDX_EPT_WALK_FAILED                 0xC0000B0000000000ull
#define TDX_EPT_ENTRY_FREE                  0xC0000B0100000000ull
#define TDX_EPT_ENTRY_NOT_FREE              0xC0000B0200000000ull
#define TDX_GPA_RANGE_NOT_BLOCKED           0xC0000B0600000000ull
#define TDX_GPA_RANGE_ALREADY_BLOCKED       0x00000B0700000000ull
#define TDX_TLB_TRACKING_NOT_DONE           0xC0000B0800000000ull
#define TDX_PAGE_ALREADY_ACCEPTED           0x00000B0A00000000ull
#define TDX_PAGE_SIZE_MISMATCH              0xC0000B0B00000000ull
#define TDX_GPA_RANGE_BLOCKED               0xC0000B0C00000000ull
#define TDX_EPT_ENTRY_STATE_INCORRECT       0xC0000B0D00000000ull
#define TDX_METADATA_FIELD_ID_INCORRECT     0xC0000C0000000000ull

#define TDX_STATUS_CODE(st)     ((uint32_t)((st) >> 32))
#define TDX_STATUS_DETAILS(st)  ((uint32_t)(st))
#define TDX_STATUS_IS_ERROR(st) (((st) >> 63) & 1)

/* Operand ids added to an error status (api_error_with_operand_id) [MOD] */
#define TDX_OPERAND_ID_RAX      0ull
#define TDX_OPERAND_ID_RCX      1ull
#define TDX_OPERAND_ID_RDX      2ull
#define TDX_OPERAND_ID_R8       8ull
#define TDX_OPERAND_ID_R9       9ull
#define TDX_OPERAND_ID_SEPT_TREE 146ull
#define TDX_OPERAND_ID_RTMR     168ull
#define TDX_OPERAND_ID_TD_EPOCH 169ull

/* ---- page info operand (RCX of TDG.MEM.PAGE.ACCEPT, TDH.MEM.*) [MOD
 * page_info_api_input_t]: level[2:0], reserved[11:3], GPA[51:12],
 * reserved[63:52]. Level 0 = 4 KiB, 1 = 2 MiB, 2 = 1 GiB. ---- */
#define TDX_PS_4K               0
#define TDX_PS_2M               1
#define TDX_PS_1G               2
#define TDX_PAGE_INFO_LEVEL(x)  ((x) & 7u)
#define TDX_PAGE_INFO_GPA(x)    ((x) & 0x000ffffffffff000ull)
#define TDX_PAGE_INFO_RESERVED  0xfff0000000000ff8ull

/* GPA width reported by TDG.VP.INFO: 52 if TDCS.GPAW else 48 [MOD
 * MAX_PA_FOR_GPAW / MAX_PA_FOR_GPA_NOT_WIDE]. The shared bit is GPAW-1. */
#define TDX_GPAW_48             48
#define TDX_GPAW_52             52
#define TDX_SHARED_BIT(gpaw)    (1ull << ((gpaw) - 1))

/* TD ATTRIBUTES bits [LNX ATTR_DEBUG, ATTR_SEPT_VE_DISABLE] */
#define TDX_ATTR_DEBUG            (1ull << 0)
#define TDX_ATTR_SEPT_VE_DISABLE  (1ull << 28)
#define TDX_ATTR_PKS              (1ull << 30)
#define TDX_ATTR_KL               (1ull << 31)
#define TDX_ATTR_PERFMON          (1ull << 63)

/* TDG.VP.INFO outputs [MOD tdg_vp_info.c]: RCX = GPAW[5:0], RDX = ATTRIBUTES,
 * R8 = NUM_VCPUS[31:0] | MAX_VCPUS[63:32], R9 = VCPU_INDEX[31:0],
 * R10 = bit0 TDG.SYS.RD available (TDX 1.5), R11 = 0. */
#define TDX_VP_INFO_R8(num, max) ((uint64_t)(uint32_t)(num) | \
				  ((uint64_t)(uint32_t)(max) << 32))

/* ---- sizes and alignments of TDCALL memory operands [MOD, LNX] ---- */
#define TDX_SHA384_LEN          48
#define TDX_NUM_RTMRS           4
#define TDX_REPORT_LEN          1024   /* TDG.MR.REPORT out: 1024-aligned */
#define TDX_REPORTDATA_LEN      64     /* TDG.MR.REPORT in: 64-aligned */
#define TDX_RTMR_EXTEND_LEN     48     /* TDG.MR.RTMR.EXTEND in: 64-aligned */
#define TDX_RTMR_EXTEND_ALIGN   64
#define TDX_REPORT_SUBTYPE_0    0      /* R8 of TDG.MR.REPORT [LNX] */

/* REPORTTYPE [MOD td_report_type_t] */
#define TDX_REPORT_TYPE_TDX     0x81
#define TDX_REPORT_VERSION_1_0  0      /* no service TDs */
#define TDX_REPORT_VERSION_1_5  1      /* with service TD hash */

/* ---- TDREPORT_STRUCT (1024 bytes) [MOD td_report_t, LNX selftest
 * struct tdreport; offsets: REF table] ---- */
struct tdx_report_type {
	uint8_t type;
	uint8_t subtype;
	uint8_t version;
	uint8_t reserved;
} __attribute__((packed));

struct tdx_reportmac {
	struct tdx_report_type type;
	uint8_t reserved1[12];
	uint8_t cpusvn[16];
	uint8_t tee_tcb_info_hash[TDX_SHA384_LEN];
	uint8_t tdinfo_hash[TDX_SHA384_LEN];
	uint8_t reportdata[TDX_REPORTDATA_LEN];
	uint8_t reserved2[32];
	uint8_t mac[32];
} __attribute__((packed));

/* The architectural TEE_TCB_INFO of TDX 1.0 is 239 bytes (Linux selftest
 * tee_tcb_info[239]); the TDREPORT reserves 17 bytes after it. */
struct tdx_tee_tcb_info {
	uint64_t valid;
	uint8_t tee_tcb_svn[16];
	uint8_t mrseam[TDX_SHA384_LEN];
	uint8_t mrsignerseam[TDX_SHA384_LEN];
	uint64_t attributes;
	uint8_t reserved[111];
} __attribute__((packed));

struct tdx_tdinfo {
	uint64_t attributes;
	uint64_t xfam;
	uint8_t mrtd[TDX_SHA384_LEN];
	uint8_t mrconfigid[TDX_SHA384_LEN];
	uint8_t mrowner[TDX_SHA384_LEN];
	uint8_t mrownerconfig[TDX_SHA384_LEN];
	uint8_t rtmr[TDX_NUM_RTMRS][TDX_SHA384_LEN];
	uint8_t servtd_hash[TDX_SHA384_LEN]; /* TDX 1.5 */
	uint8_t reserved[64];
} __attribute__((packed));

struct tdx_report {
	struct tdx_reportmac reportmac;
	struct tdx_tee_tcb_info tee_tcb_info;
	uint8_t reserved[17];
	struct tdx_tdinfo tdinfo;
} __attribute__((packed));

/* Sizes: [MOD] SIZE_OF_REPORTMAC_STRUCT_IN_BYTES 256, TD_INFO 512,
 * TD_REPORT 1024; [LNX] tee_tcb_info[239] + reserved[17]. */
_Static_assert(sizeof(struct tdx_report_type) == 4, "REPORTTYPE");
_Static_assert(sizeof(struct tdx_reportmac) == 256, "REPORTMACSTRUCT");
_Static_assert(sizeof(struct tdx_tee_tcb_info) == 239, "TEE_TCB_INFO");
_Static_assert(sizeof(struct tdx_tdinfo) == 512, "TDINFO_STRUCT");
_Static_assert(sizeof(struct tdx_report) == 1024, "TDREPORT_STRUCT");
/* REPORTMACSTRUCT offsets [REF: type 0..3, CPUSVN 16..31, TEE_TCB_INFO hash
 * 32..79, TDINFO hash 80..127, REPORTDATA 128..191, MAC 224..255; LNX
 * selftest struct reportmac field order and sizes agree] */
_Static_assert(offsetof(struct tdx_report, reportmac.type) == 0, "type");
_Static_assert(offsetof(struct tdx_report, reportmac.cpusvn) == 16, "cpusvn");
_Static_assert(offsetof(struct tdx_report, reportmac.tee_tcb_info_hash) == 32,
	       "tee_tcb_info_hash");
_Static_assert(offsetof(struct tdx_report, reportmac.tdinfo_hash) == 80,
	       "tdinfo_hash");
_Static_assert(offsetof(struct tdx_report, reportmac.reportdata) == 128,
	       "reportdata");
_Static_assert(offsetof(struct tdx_report, reportmac.mac) == 224, "mac");
/* [REF: TEE_TCB_INFO 256..494, reserved 495..511, TDINFO 512..1023] */
_Static_assert(offsetof(struct tdx_report, tee_tcb_info) == 256, "tee_tcb_info");
_Static_assert(offsetof(struct tdx_report, reserved) == 495, "reserved");
_Static_assert(offsetof(struct tdx_report, tdinfo) == 512, "tdinfo");
/* TEE_TCB_INFO inner offsets [MOD tee_tcb_info_t field order: VALID 8,
 * TEE_TCB_SVN 16, MRSEAM 48, MRSIGNERSEAM 48, ATTRIBUTES 8] */
_Static_assert(offsetof(struct tdx_tee_tcb_info, tee_tcb_svn) == 8, "svn");
_Static_assert(offsetof(struct tdx_tee_tcb_info, mrseam) == 24, "mrseam");
_Static_assert(offsetof(struct tdx_tee_tcb_info, mrsignerseam) == 72,
	       "mrsignerseam");
_Static_assert(offsetof(struct tdx_tee_tcb_info, attributes) == 120,
	       "seam attributes");
/* TDINFO [REF: ATTRIBUTES 512, XFAM 520, MRTD 528, MRCONFIGID 576,
 * MROWNER 624, MROWNERCONFIG 672, RTMR0..3 720/768/816/864, SERVTD_HASH 912;
 * LNX selftest struct td_info agrees: attr[8], xfam, mrtd[6] ... rtmr[24]] */
_Static_assert(offsetof(struct tdx_report, tdinfo.attributes) == 512, "attr");
_Static_assert(offsetof(struct tdx_report, tdinfo.xfam) == 520, "xfam");
_Static_assert(offsetof(struct tdx_report, tdinfo.mrtd) == 528, "mrtd");
_Static_assert(offsetof(struct tdx_report, tdinfo.mrconfigid) == 576,
	       "mrconfigid");
_Static_assert(offsetof(struct tdx_report, tdinfo.mrowner) == 624, "mrowner");
_Static_assert(offsetof(struct tdx_report, tdinfo.mrownerconfig) == 672,
	       "mrownerconfig");
_Static_assert(offsetof(struct tdx_report, tdinfo.rtmr[0]) == 720, "rtmr0");
_Static_assert(offsetof(struct tdx_report, tdinfo.rtmr[1]) == 768, "rtmr1");
_Static_assert(offsetof(struct tdx_report, tdinfo.rtmr[2]) == 816, "rtmr2");
_Static_assert(offsetof(struct tdx_report, tdinfo.rtmr[3]) == 864, "rtmr3");
_Static_assert(offsetof(struct tdx_report, tdinfo.servtd_hash) == 912,
	       "servtd_hash");

/* The MAC covers REPORTMACSTRUCT bytes 0..223 (everything before MAC). */
#define TDX_REPORTMAC_MACED_LEN offsetof(struct tdx_reportmac, mac)

/* ---- TDX quote v4 [DCAP] ---- */
#define TDX_QUOTE_VERSION_4         4
#define TDX_QUOTE_ATT_KEY_ECDSA_P256 2
#define TDX_QUOTE_TEE_TYPE_TDX      0x00000081u
#define TDX_QUOTE_CERT_PCK_CHAIN    5   /* PEM certificate chain */
/* Intel QE vendor id 939A7233-F79C-4CA9-940A-0DB3957F0607, raw byte order
 * as it appears in quotes (public DCAP verifiers agree). */
#define TDX_QUOTE_INTEL_QE_VENDOR_ID                                           \
	{ 0x93, 0x9a, 0x72, 0x33, 0xf7, 0x9c, 0x4c, 0xa9,                      \
	  0x94, 0x0a, 0x0d, 0xb3, 0x95, 0x7f, 0x06, 0x07 }

struct tdx_quote_header {
	uint16_t version;
	uint16_t att_key_type;
	uint32_t tee_type;
	uint16_t reserved1;
	uint16_t reserved2;
	uint8_t qe_vendor_id[16];
	uint8_t user_data[20];
} __attribute__((packed));

/* TD report body 1.0 (584 bytes); field values copied from TDREPORT. */
struct tdx_quote_body {
	uint8_t tee_tcb_svn[16];
	uint8_t mrseam[TDX_SHA384_LEN];
	uint8_t mrsignerseam[TDX_SHA384_LEN];
	uint64_t seam_attributes;
	uint64_t td_attributes;
	uint64_t xfam;
	uint8_t mrtd[TDX_SHA384_LEN];
	uint8_t mrconfigid[TDX_SHA384_LEN];
	uint8_t mrowner[TDX_SHA384_LEN];
	uint8_t mrownerconfig[TDX_SHA384_LEN];
	uint8_t rtmr[TDX_NUM_RTMRS][TDX_SHA384_LEN];
	uint8_t reportdata[TDX_REPORTDATA_LEN];
} __attribute__((packed));

/* After the body: u32 signature-data length, then the signature data:
 * ECDSA r||s (64), attestation public key x||y (64), certification data
 * { u16 type, u32 size, data }. */
struct tdx_quote_sig_data {
	uint8_t signature[64];
	uint8_t att_pubkey[64];
	uint16_t cert_type;
	uint32_t cert_size;
	uint8_t cert_data[];
} __attribute__((packed));

/* [DCAP: header 48 bytes; DCAP TD10_REPORT_LEN 584] */
_Static_assert(sizeof(struct tdx_quote_header) == 48, "quote header");
_Static_assert(offsetof(struct tdx_quote_header, tee_type) == 4, "tee_type");
_Static_assert(offsetof(struct tdx_quote_header, qe_vendor_id) == 12,
	       "qe_vendor_id");
_Static_assert(offsetof(struct tdx_quote_header, user_data) == 28, "user_data");
_Static_assert(sizeof(struct tdx_quote_body) == 584, "TD report body");
/* [REF: TEE_TCB_SVN 0, MRSEAM 16, MRSIGNERSEAM 64, SEAMATTRIBUTES 112,
 * TDATTRIBUTES 120, XFAM 128, MRTD 136, MRCONFIGID 184, MROWNER 232,
 * MROWNERCONFIG 280, RTMR0..3 328/376/424/472, REPORTDATA 520..583] */
_Static_assert(offsetof(struct tdx_quote_body, mrseam) == 16, "q mrseam");
_Static_assert(offsetof(struct tdx_quote_body, mrsignerseam) == 64,
	       "q mrsignerseam");
_Static_assert(offsetof(struct tdx_quote_body, seam_attributes) == 112,
	       "q seamattributes");
_Static_assert(offsetof(struct tdx_quote_body, td_attributes) == 120,
	       "q tdattributes");
_Static_assert(offsetof(struct tdx_quote_body, xfam) == 128, "q xfam");
_Static_assert(offsetof(struct tdx_quote_body, mrtd) == 136, "q mrtd");
_Static_assert(offsetof(struct tdx_quote_body, mrconfigid) == 184,
	       "q mrconfigid");
_Static_assert(offsetof(struct tdx_quote_body, mrowner) == 232, "q mrowner");
_Static_assert(offsetof(struct tdx_quote_body, mrownerconfig) == 280,
	       "q mrownerconfig");
_Static_assert(offsetof(struct tdx_quote_body, rtmr[0]) == 328, "q rtmr0");
_Static_assert(offsetof(struct tdx_quote_body, rtmr[1]) == 376, "q rtmr1");
_Static_assert(offsetof(struct tdx_quote_body, rtmr[2]) == 424, "q rtmr2");
_Static_assert(offsetof(struct tdx_quote_body, rtmr[3]) == 472, "q rtmr3");
_Static_assert(offsetof(struct tdx_quote_body, reportdata) == 520,
	       "q reportdata");
_Static_assert(sizeof(struct tdx_quote_sig_data) == 134, "sig data head");

#define TDX_QUOTE_SIGNED_LEN (sizeof(struct tdx_quote_header) + \
			      sizeof(struct tdx_quote_body))       /* 632 */

/* ---- GetQuote shared buffer (R12 = shared GPA, R13 = size, both 4 KiB
 * aligned) [GHCI "TDG.VP.VMCALL<GetQuote>"; LNX tdx-guest.c struct
 * tdx_quote_buf: version, status, in_len, out_len, data] ---- */
struct tdx_quote_buf {
	uint64_t version;    /* filled by TD: 1 */
	uint64_t status;     /* filled by VMM */
	uint32_t in_len;     /* TDREPORT length, filled by TD */
	uint32_t out_len;    /* quote length, filled by VMM */
	uint8_t data[];      /* TDREPORT in, quote out */
} __attribute__((packed));
/* [LNX: u64, u64, u32, u32 then data -> 24-byte header] */
_Static_assert(sizeof(struct tdx_quote_buf) == 24, "GetQuote header");
_Static_assert(offsetof(struct tdx_quote_buf, in_len) == 16, "in_len");
_Static_assert(offsetof(struct tdx_quote_buf, out_len) == 20, "out_len");

#define TDX_QUOTE_BUF_VERSION               1   /* LNX GET_QUOTE_CMD_VER */
#define TDX_GET_QUOTE_SUCCESS               0x0000000000000000ull
#define TDX_GET_QUOTE_IN_FLIGHT             0xffffffffffffffffull
#define TDX_GET_QUOTE_ERROR                 0x8000000000000000ull
#define TDX_GET_QUOTE_SERVICE_UNAVAILABLE   0x8000000000000001ull

#endif
