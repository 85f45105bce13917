#!/usr/bin/env bash
# 70-attacks-tetdh.t - issue 5's attack tests: a hostile guest kernel
# module (tests/attacks/tetd_attack.ko, loaded by image/initramfs/init with
# `tetd.test=attacks` after the normal boot output) attacks the sealed zone
# and the TETD leaves under tetdh, in one TD boot:
#   - reads the zone through memremap(WB), ioremap, the direct map (if the
#     kernel maps it at all) and a vmap of the zone's pages: only 0xff;
#   - writes it through the same mappings: the read-back is 0xff and agent
#     calls keep working (the stores hit the dispatcher, the agent-world
#     page tables and echo's registrations), keyvault's key id is unchanged;
#   - puts TDCALL memory operands in the zone (TDREPORT, REPORTDATA, RTMR
#     data, GetQuote buffer, PAGE.ACCEPT target, AGENT_ACCESS grant): each
#     fails with an error status; converts the zone to shared and back
#     (MapGPA) and ACCEPTs it: refused, still unreadable;
#   - forges TETD calls (agent index, function id, lengths, mode, a second
#     seal, unknown leaves, agent-world-only leaves): each returns its
#     TETD_ST_* code;
#   - races echo's call buffer from the other CPU during calls: replies are
#     what the host copied, the handler's view never changes mid-call.
# Every TETD-ATTACK line must PASS (the direct map may be SKIP: the kernel
# does not map the e820-reserved zone), not one zone byte may show
# (nonff=0), tetdh's exit line must count at least the module's zone
# accesses and the operand attacks that reach its memory accessor, and the
# TD must carry on: agent calls, the zone probes, power-off.
# Only the known intermittent host-VM crash is retried (lib.sh). TAP output.
# ATTACKS_LOG=FILE re-checks the console log of an earlier run, no boot.
set -uo pipefail

TOP=$(cd "$(dirname "$0")/../.." && pwd)
O=${O:-$TOP/build}
. "$TOP/tests/integration/lib.sh"

if ! command -v qemu-system-x86_64 >/dev/null; then
	skip_all "qemu-system-x86_64 not installed"
fi

env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s --no-print-directory -C "$TOP" \
	tetdh image attacks hostvm-base >"$O/tests/70-build.log" 2>&1
check "tetdh, the image with tetd_attack.ko and the host VM build" [ $? = 0 ]

d=$O/tests/70-attacks
mkdir -p "$d"
log=$d/tetdh.log
if [ -n "${ATTACKS_LOG:-}" ]; then      # re-check an earlier run's console log
	cp "$ATTACKS_LOG" "$log"
	rc=reused
else
	APPEND="console=ttyS0 panic=-1 tetd.test=attacks" \
		tetdh_run_retry "$log" "$d/run.txt" --timeout 180
	rc=$TETDH_RC
fi
L=$log.clean
tr -d '\r' <"$log" >"$L" 2>/dev/null
diag "tetdh-run exit status $rc; log $log"
grep -E '^TETD-ATTACK ' "$L" | diag "$(cat)"

# ---- the boot itself, and what the rest of the tests rely on ----
check "tetdh ran and the guest powered off (ACPI S5), exit status 0" \
	grep -q '^tetdh: guest powered off (ACPI S5) (exit status 0;' "$L"
check "guest reached init with 2 CPUs" grep -q '^TETD-INIT-OK cpus=2$' "$L"
check "tetdh sealed the zone (TETD_ZONE_SEAL)" \
	grep -q '^tetdh: vCPU 0 sealed the zone 0xc00000+0x400000' "$L"
check "firmware's read of the sealed zone sees no zone data (tetd: zone probe)" \
	grep -q '^tetd: zone probe after seal: ffffffffffffffff (no zone data)$' "$L"
check "the firmware's probe is still the first violation" \
	grep -q '^tetdh: zone violation 1: vCPU 0 access read 0xc00000+8 ' "$L"
check "guest's /dev/mem read of the zone before the attacks sees no zone data" \
	grep -q '^TETD-ZONE-PROBE ffffffffffffffff$' "$L"
hello=$(echo -n "hello, agent" | od -A n -t x1 | tr -d ' \n')
check "init's echo calls before the attacks work" \
	grep -q "^TETD-CALL echo-collaborative rc=0 status=0 out=$hello$" "$L"

# ---- the module ----
check "tetd_attack.ko loaded and its init returned" \
	grep -q '^tetd-init: tetd_attack loaded, its init returned$' "$L"
check "the module found the sealed zone and echo" \
	grep -qE '^TETD-ATTACK begin zone=0xc00000\+0x400000 agents=[0-9]+ echo=[0-9]+ ' "$L"

# ck DESC CONDITION: ok if the shell condition (evaluated here) holds.
ck() { local d=$1; shift; if eval "$*"; then ok "$d"; else not_ok "$d"; fi; }
res() { sed -n "s/^TETD-ATTACK $1 \([A-Z]*\) .*/\1/p" "$L" | head -n1; }
expect_pass() {
	local name=$1 what=$2
	check "$name: $what" [ "$(res "$name")" = PASS ]
}
# a. reads
expect_pass read-memremap-wb "memremap(MEMREMAP_WB) reads of 8 zone regions (header page whole) see only 0xff"
expect_pass read-ioremap "ioremap reads see only 0xff"
expect_pass read-vmap "reads through a vmap of the zone's struct pages see only 0xff"
r=$(res read-directmap)
if [ "$r" = SKIP ]; then
	check "read-directmap: SKIP because the kernel's direct map does not cover the zone (said so)" \
		grep -qE '^TETD-ATTACK read-directmap SKIP .*(direct map has no PTE|no struct page)' "$L"
else
	check "read-directmap: direct-map / kmap reads see only 0xff" [ "$r" = PASS ]
fi
r=$(res read-shared-alias)
ck "read-shared-alias: the zone's shared-bit GPA alias reads only 0xff (or SKIP: beyond the CPU's physical bits)" \
	'[ "$r" = PASS ] || grep -qE "^TETD-ATTACK read-shared-alias SKIP .*physical address bits" "$L"'
# b. writes
expect_pass write-memremap-wb "stores through memremap(WB) change nothing (read-back 0xff)"
expect_pass write-ioremap "stores through ioremap change nothing"
expect_pass write-vmap "stores through the vmap change nothing"
r=$(res write-directmap)
ck "write-directmap: PASS, or SKIP for the reason read-directmap gave" \
	'[ "$r" = PASS ] || [ "$r" = SKIP ]'
expect_pass calls-after-writes "agent calls work after the stores (dispatcher, page tables, echo's registrations intact; keyvault's key id unchanged)"
# c. TDCALL operands in the zone
for a in tdreport-out-in-zone tdreport-out-in-zone-shared tdreport-data-in-zone \
	tdreport-data-in-zone-shared rtmr-extend-from-zone getquote-buf-in-zone \
	getquote-buf-straddles-zone getquote-buf-in-zone-private accept-zone-page-4k \
	accept-zone-page-2m agent-access-zone agent-access-straddles-zone; do
	expect_pass "$a" "TDCALL operand in the zone refused with an error status"
done
expect_pass convert-zone-shared-private "MapGPA the zone to shared and back, ACCEPT a page: refused, the zone still reads 0xff"
# d. forged calls: each with its TETD_ST_* code (include/tetd/tetdcall.h)
expect_pass enter-bad-agent-index "TETD_VMM_ENTER, agent index out of range: TETD_ST_NO_AGENT"
expect_pass enter-unknown-fn "TETD_VMM_ENTER, fn_id 0xdead/0/0xffffffff: TETD_ST_NO_AGENT"
expect_pass enter-bad-length "TETD_VMM_ENTER, in_len/out_len > 2032: TETD_ST_BAD_LEN"
expect_pass enter-bad-mode "TETD_VMM_ENTER, mode not one TETD_MODE_*: TETD_ST_BAD_LEN"
expect_pass enter-mode-not-accepted "collaborative call of an exclusive-only agent: TETD_ST_DENIED"
expect_pass zone-seal-again "TETD_ZONE_SEAL again (same, wrong GPA, wrong size): TETD_ST_SEALED"
expect_pass zone-still-sealed "TETD_INFO: still sealed, same zone"
expect_pass unknown-leaf "unknown TETD leaves: TETD_ST_UNKNOWN_LEAF"
expect_pass agent-world-leaves-from-td "VMM_RESUME, AGENT_DISABLE, write grants from the TD: TETD_ST_DENIED"
expect_pass agent-access-bad-agent "TETD_AGENT_ACCESS for a missing agent: TETD_ST_NO_AGENT"
expect_pass agent-access-bad-length "TETD_AGENT_ACCESS, empty or wrapping range: TETD_ST_BAD_LEN"
expect_pass calls-after-forged "agent calls work after the forged calls"
# e. races on the call buffer
expect_pass race-args-during-call "arguments rewritten from CPU 1 during a collaborative call: the reply is the input the call started with"
expect_pass race-args-exclusive "exclusive calls under a racing writer: each reply is the buffer frozen at one instant"
expect_pass race-args-collaborative "collaborative calls under a racing writer: replies hold only bytes written there, never a foreign one"
expect_pass race-lengths "in_len/out_len flipped during calls: TETD_ST_BAD_LEN or the right reply, never a fault"
expect_pass calls-after-races "agent calls work after the races"

# Totals and zero disclosure.
sum=$(grep -m1 '^TETD-ATTACK summary ' "$L")
diag "${sum:-no summary line}"
num() { echo "$sum" | sed -n "s/.* $1=\([0-9]*\).*/\1/p"; }
attacks=$(num attacks) fails=$(num fail) nonff=$(num nonff) accesses=$(num zone_accesses)
op_all=$(num operand_attacks) op_counted=$(num operand_counted)
vfrom=$(echo "$sum" | sed -n 's/.* violations=\([0-9]*\)->\([0-9]*\).*/\1/p')
vto=$(echo "$sum" | sed -n 's/.* violations=\([0-9]*\)->\([0-9]*\).*/\2/p')
ck "summary: PASS, no attack failed" '[ -n "$sum" ] && [ "$(res summary)" = PASS ] && [ "${fails:-1}" = 0 ]'
nlines=$(grep -cE '^TETD-ATTACK [a-z0-9-]+ (PASS|FAIL|SKIP) ' "$L")
ck "one line per attack: $((nlines - 1)) result lines, the summary counts ${attacks:-?}" \
	'[ -n "$attacks" ] && [ "$((nlines - 1))" = "$attacks" ]'
ck "no TETD-ATTACK line failed" "! grep -qE '^TETD-ATTACK [a-z0-9-]+ FAIL ' \"\$L\""
check "zero zone bytes disclosed: every byte the module read from the zone was 0xff (nonff=0)" \
	[ "${nonff:-x}" = 0 ]
check "the module made its zone accesses (${accesses:-?} 8-byte loads and stores)" \
	[ "${accesses:-0}" -gt 1000 ]
ck "TETD_INFO during the module: every zone access and reaching operand counted (${vfrom:-?} -> ${vto:-?})" \
	'[ -n "$vto" ] && [ "$((vto - vfrom))" -ge "$((accesses + op_counted))" ]'

read -r v_all v_acc v_op < <(sed -n 's/^tetdh: zone 0xc00000+0x400000: sealed, \([0-9]*\) violations (\([0-9]*\) accesses, \([0-9]*\) TDCALL operands)$/\1 \2 \3/p' "$L")
diag "tetdh's exit line: ${v_all:-?} violations (${v_acc:-?} accesses, ${v_op:-?} TDCALL operands);" \
	"module: $accesses zone accesses, $op_all operand attacks, $op_counted of them reach tetdh's memory accessor"
ck "tetdh counted at least the module's zone accesses (${v_acc:-?} >= ${accesses:-?})" \
	'[ -n "${v_acc:-}" ] && [ "$v_acc" -ge "${accesses:-999999999}" ]'
ck "tetdh counted at least the operand attacks that reach its memory accessor (${v_op:-?} >= ${op_counted:-?})" \
	'[ -n "${v_op:-}" ] && [ "$v_op" -ge "${op_counted:-999999999}" ]'
ck "tetdh's total is accesses + operands" '[ -n "${v_all:-}" ] && [ "$v_all" = "$((v_acc + v_op))" ]'
# Known gap (docs/threat-model.md): a private-GPA operand in the zone
# (TDREPORT, REPORTDATA, RTMR data, GetQuote without the shared bit,
# PAGE.ACCEPT) is refused by the page-state model - the zone's pages are
# BLOCKED - before tetdh's accessor sees it, so it is not counted.
if [ -n "${v_op:-}" ] && [ "$v_op" -ge "${op_all:-999999999}" ]; then
	ok "every zone operand attack counted as a violation ($v_op >= $op_all)"
else
	echo "not ok $((_tap_n + 1)) - every zone operand attack counted as a violation (${v_op:-?} >= ${op_all:-?}) # TODO private-GPA operands are refused uncounted"
	_tap_n=$((_tap_n + 1))
fi

# ---- f. the TD after the attacks ----
after=$(echo -n "after the attacks" | od -A n -t x1 | tr -d ' \n')
check "echo call after the attacks, exclusive mode, from user space (/dev/tetd)" \
	grep -q "^TETD-CALL echo-after-attacks-exclusive rc=0 status=0 out=$after$" "$L"
check "echo call after the attacks, collaborative mode" \
	grep -q "^TETD-CALL echo-after-attacks-collaborative rc=0 status=0 out=$after$" "$L"
kv0=$(sed -n 's/^TETD-CALL keyvault-id rc=0 status=0 out=\([0-9a-f]\{64\}\)$/\1/p' "$L")
kv1=$(sed -n 's/^TETD-CALL keyvault-id-after-attacks rc=0 status=0 out=\([0-9a-f]\{64\}\)$/\1/p' "$L")
ck "keyvault's key id (derived from its zone seed) is the same before and after" \
	'[ -n "$kv0" ] && [ "$kv0" = "$kv1" ]'
check "guest's /dev/mem read of the zone after the attacks sees no zone data" \
	grep -q '^TETD-ZONE-PROBE-AFTER-ATTACKS ffffffffffffffff$' "$L"
hv=$(sed -n 's/^TETD-ATTACKS-HOST status=0x0 flags=0x7 zone=0xc00000+0x400000 violations=\([0-9]*\)$/\1/p' "$L")
ck "TETD_INFO after the attacks: still sealed (flags 0x7), ${hv:-?} violations, as many as tetdh's exit line says" \
	'[ -n "$hv" ] && [ "$hv" = "${v_all:-x}" ]'
ck "no agent faulted or was disabled" \
	"! grep -qE '^tetdh: agent .* (faulted|disabled)' \"\$L\""
ck "no kernel oops, BUG or warning while the module ran" \
	"! sed -n '/^TETD-ATTACKS-BEGIN\$/,/^TETD-ATTACKS-END\$/p' \"\$L\" |
		grep -qE 'BUG:|Oops|WARNING:|Call Trace|general protection|Kernel panic'"
ck "init carried on after the module and powered off" \
	"grep -q '^TETD-ATTACKS-END\$' \"\$L\" &&
		sed -n '/^TETD-ATTACKS-END\$/,\$p' \"\$L\" | grep -q '^tetd-init: powering off\$'"
done_testing
