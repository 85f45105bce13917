#!/usr/bin/env bash
# tests/integration/57-inguest-qemu.t - agent calls without a TETD host:
# the tetdg driver's in-guest call path (tetdg/tetdg_inguest.c) under plain
# QEMU, where the platform says `isolation: none`.
# Boot 1, the image as built: init's demo runs through the driver - echo
# answers in both modes, keyvault and admin answer, and kintegrity takes
# its text baseline through a grant of the kernel's code (TETD_AGENT_ACCESS
# via TETDG_IOC_GRANT), says intact, says "modified at" the 64 KiB chunk
# holding the byte tests/attacks/tetd_ktext_patch.ko patched, and intact
# again once the module restored it; 25 concurrent calls from each CPU all
# come back, none lost or crossed.
# Boot 2, an image with echo, admin and copies of agents/crashtest: an
# agent that divides by zero, reads the unmapped zone header or writes
# read-only TD memory is disabled (the call fails, dmesg names the
# exception), echo keeps answering, a disabled agent refuses calls, and an
# exclusive call holds the other CPU (stop_machine) while a collaborative
# one does not. No oops in either boot. TAP on stdout.
set -uo pipefail
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
if [ "${1:-}" = --help ]; then sed -n '2,16p' "$0"; exit 0; fi

[ -r "$TETD_FW" ] || skip_all "no firmware at $TETD_FW (run make image)"
[ -r "$TETD_INITRD" ] || skip_all "no initramfs at $TETD_INITRD (run make image)"
zcat "$TETD_INITRD" | cpio -t 2>/dev/null | grep -q '/extra/tetd_ktext_patch\.ko$' ||
	skip_all "the initramfs has no tetd_ktext_patch.ko (run make image)"
# The crashtest agent and tetd-agent are not part of `make image`: build
# them (as 75-agent-faults-tetdh.t does); a build failure fails the test.
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s --no-print-directory -C "$TOP" agents \
	>"$LOGDIR/57-build.log" 2>&1
t $? "the agents (crashtest included) and tools/tetd-agent build"
QEMU_MEM=512M QEMU_SMP=2
hello=$(echo -n "hello, agent" | od -A n -t x1 | tr -d ' \n')
hexs() { printf '%s' "$1" | od -A n -t x1 | tr -d ' \n'; }
call() { grep -m1 "^TETD-CALL $1 " "$QEMU_LOG"; }
# call_is NAME ERE: the call's line matches (after "TETD-CALL NAME ")
call_is() { call "$1" | grep -qE -- "^TETD-CALL $1 $2"; }
no_oops() { ! grep -qE 'BUG:|Oops|Call Trace|WARNING: CPU|general protection' "$QEMU_LOG"; }

# ---- 1. the image as built ----
boot_qemu "" "$TETD_KERNEL" "$TETD_INITRD" "console=ttyS0 quiet tetd.test=calls" 180
check "QEMU exited by itself (rc=$QEMU_RC)" test "$QEMU_RC" -eq 0
check "table: platform qemu, isolation none" has_line '^TETD-TABLE platform=qemu isolation=none '
check "echo, exclusive (stop_machine), in-guest" call_is echo-exclusive "rc=0 status=0 out=$hello$"
check "echo, collaborative, in-guest" call_is echo-collaborative "rc=0 status=0 out=$hello$"
check "keyvault: its 32-byte id" call_is keyvault-id 'rc=0 status=0 out=[0-9a-f]{64}$'
check "keyvault: a 32-byte MAC" call_is keyvault-mac 'rc=0 status=0 out=[0-9a-f]{64}$'
check "admin lists the agents, all ready" call_is admin-list "rc=0 status=0 out=$(hexs "0 echo 1.0.0 ready
1 kintegrity ")"
grant=$(first_line '^TETD-GRANT kintegrity ')
read -r tgpa tlen < <(sed -n 's/.* may read \(0x[0-9a-f]*\)+\(0x[0-9a-f]*\)$/\1 \2/p' <<<"$grant")
check "kintegrity granted the kernel's code (${tgpa:-?}+${tlen:-?})" test -n "${tlen:-}"
check "kintegrity: text baseline, 48 bytes" call_is kintegrity-baseline 'rc=0 status=0 out=[0-9a-f]{96}$'
check "kintegrity: intact after the baseline" call_is kintegrity-check "rc=0 status=0 out=$(hexs intact)$"
patched=$(sed -n 's/^tetd-init: tetd_ktext_patch: patched kernel text at phys \(0x[0-9a-f]*\) .*/\1/p' "$QEMU_LOG" | head -n1)
check "the test module patched one byte of kernel text (${patched:-none})" test -n "$patched"
chunk=none
[ -n "$patched" ] && [ -n "${tgpa:-}" ] &&
	chunk=$(printf '0x%x' $((tgpa + (patched - tgpa) / 65536 * 65536)))
check "kintegrity: modified at $chunk, the chunk holding the patched byte" \
	call_is kintegrity-check-patched "rc=0 status=0 out=$(hexs "modified at $chunk")$"
check "the test module restored the byte" has_line '^tetd-init: tetd_ktext_patch: restored kernel text'
check "kintegrity: intact again" call_is kintegrity-check-restored "rc=0 status=0 out=$(hexs intact)$"
conc=$(sed -n 's/^TETD-CONCURRENCY concurrency //p' "$QEMU_LOG")
diag "concurrent echo calls: ${conc:-none}"
check "25 echo calls from each CPU at once: none lost, none crossed" \
	grep -qE '^cpus=2 calls=25 ok=50 mismatched=0 errors=0$' <<<"$conc"
check "dmesg: the in-guest call path announced itself" has_line \
	'^TETD-DMESG tetdg: in-guest call path: zone 0xc00000\+0x400000, [0-9]+ agents, dispatcher 0xc01000'
check "no kernel oops, BUG or WARNING" no_oops
[ "$QEMU_RC" = 0 ] || log_tail 30

# ---- 2. fault containment without a host ----
d=$O/tests/57-inguest
crashtest_image "$TETD_FW" "$d"
t $? "an image with echo, admin and crashtest agents"
TETD_FW=$d/tetd.fd boot_qemu "" "$TETD_KERNEL" "$TETD_INITRD" \
	"console=ttyS0 quiet tetd.test=faults" 180
check "QEMU exited by itself (rc=$QEMU_RC)" test "$QEMU_RC" -eq 0
check "crash-div answers before it breaks" call_is crash-div-before "rc=0 status=0 out=$hello$"
check "divide by zero: exception 0, agent disabled" has_line \
	'^TETD-DMESG tetdg: agent crash-div \([0-9]+\) disabled: exception 0 at rip'
check "unmapped read: exception 14 at the zone header (cr2 0xc00000)" has_line \
	'^TETD-DMESG tetdg: agent crash-pf \([0-9]+\) disabled: exception 14 at rip .*cr2 0xc00000\)'
check "write to read-only TD memory: exception 14 (cr2 0x200000)" has_line \
	'^TETD-DMESG tetdg: agent crash-ro \([0-9]+\) disabled: exception 14 at rip 0x[0-9a-f]+ \(error 0x[37], cr2 0x200000\)'
for c in crash-div crash-pf crash-ro; do
	check "the $c call fails in the guest (EIO)" call_is "$c" 'rc=4 status=none'
done
check "echo still answers after three agent faults" call_is echo-after "rc=0 status=0 out=$hello$"
check "a disabled agent refuses further calls (ESHUTDOWN)" bash -c \
	"grep -A3 '^TETD-CALL crash-div-again rc=4 ' '$QEMU_LOG' | grep -q 'is disabled'"
read -r ex co < <(sed -n 's/^TETD-PAUSE pause-check: exclusive moved \([0-9]*\), collaborative moved \([0-9]*\)$/\1 \2/p' "$QEMU_LOG")
diag "another CPU's counter during a call, read by the agent: exclusive moved ${ex:-?}, collaborative moved ${co:-?}"
t "$([ "${ex:-x}" = 0 ] && [ "${co:-0}" -gt 0 ]; echo $?)" \
	"exclusive calls hold the other CPU (stop_machine); collaborative ones do not"
check "no kernel oops, BUG or WARNING" no_oops
[ "$QEMU_RC" = 0 ] || log_tail 30
done_testing
