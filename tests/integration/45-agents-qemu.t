#!/usr/bin/env bash
# tests/integration/45-agents-qemu.t - pre-kernel agents under plain QEMU:
# every agent of image/agents.conf runs its init (its log lines appear
# before the kernel's first line), is measured into RTMR[3] with the
# SHA-384 tools/tetd-agent computes, and is listed in the ACPI TETD table
# the guest reads (isolation: none on plain QEMU). Then two broken images
# built from the real one: one agent's bytes corrupted in the volume (it is
# rejected with a reason and a TETR event, the others load), and one agent
# whose init raises #UD (the zone dispatcher catches it: that agent is
# marked failed, the boot goes on). TAP on stdout.
set -uo pipefail
# shellcheck source=tests/integration/lib.sh disable=SC2034
. "$(dirname "$0")/lib.sh"
if [ "${1:-}" = --help ]; then sed -n '2,10p' "$0"; exit 0; fi

[ -r "$TETD_FW" ] || skip_all "no firmware at $TETD_FW (run make image)"
TOOL=$O/tools/tetd-agent
[ -x "$TOOL" ] || skip_all "no $TOOL (make agents)"
mapfile -t AGENTS < <(sed -e 's/#.*//' "$TOP/image/agents.conf" | tr -s ' \t' '\n' | grep .)
QEMU_MEM=512M QEMU_SMP=2
APPEND="console=ttyS0 quiet"

# ---- 1. the image as built ----
boot_qemu "" "$TETD_KERNEL" "$TETD_INITRD" "$APPEND" 180
L=$QEMU_LOG
check "QEMU exited by itself (rc=$QEMU_RC)" test "$QEMU_RC" -eq 0
check "firmware found ${#AGENTS[@]} agents in the volume" has_line "^tetd: agent volume: ${#AGENTS[@]} agents$"
kernel_line=$(grep -n -m1 -E '^\[ *[0-9]+\.[0-9]+\]|^Linux version' "$L" | cut -d: -f1)
boot_line=$(grep -n -m1 '^tetd: booting kernel$' "$L" | cut -d: -f1)
for a in "${AGENTS[@]}"; do
	want=$(sha384sum "$O/agents/$a.elf" | cut -d' ' -f1)
	tool=$("$TOOL" inspect "$O/agents/$a.elf" | sed -n 's/^  sha384 *\([0-9a-f]\{96\}\).*/\1/p')
	check "$a: tetd-agent's digest is the ELF's SHA-384" test "$tool" = "$want"
	init_line=$(grep -n -m1 "^agent $a: " "$L" | cut -d: -f1)
	check "$a: init output on the console before the kernel" \
		test -n "$init_line" -a "${init_line:-0}" -lt "${boot_line:-0}" -a "${init_line:-0}" -lt "${kernel_line:-99999}"
	check "$a: loaded and ready" has_line "^tetd: agent [0-9]+ '$a' v[0-9.]+ id=0x[0-9a-f]+ ready: "
	check "$a: measured into RTMR[3] with that digest" has_line \
		"^tetd: event [0-9]+ mr=4 type=0x6 desc=agent sha384=$want$"
	check "$a: in the guest's TETD table, ready, same digest" has_line \
		"^TETD-AGENT index=[0-9]+ name=$a id=0x[0-9a-f]+ version=[0-9.]+ state=ready functions=[1-9][0-9]* sha384=$want$"
done
check "zone configuration measured last (TETZ)" has_line '^tetd: event [0-9]+ mr=4 type=0x6 desc=zone sha384='
check "guest's TETD table: platform=qemu isolation=none, all agents" has_line \
	"^TETD-TABLE platform=qemu isolation=none zone=0xc00000\+0x400000 agents=${#AGENTS[@]} rejected=0$"
check "firmware says isolation: none" has_line '^tetd: zone: plain QEMU, no host enforces it; isolation: none$'
check "no 'tetd: error' lines" bash -c "! grep -q '^tetd: error' '$L'"
check "guest reached init" has_line '^TETD-INIT-OK cpus=2$'

# ---- 2. one agent corrupted inside the volume ----
bad=$LOGDIR/$TEST_NAME.corrupt.fd
victim=$("$TOP/tools/agentimg" corrupt "$TETD_FW" "$bad" --entry 1)
TETD_FW=$bad boot_qemu "" "$TETD_KERNEL" "$TETD_INITRD" "$APPEND" 180
L=$QEMU_LOG
check "corrupt agent: the image still boots to init" has_line '^TETD-INIT-OK cpus=2$'
check "corrupt agent: '$victim' rejected with a reason" has_line \
	"^tetd: agent [0-9]+ '$victim' rejected: .*(SHA-384|sha384|digest)"
diag "$(grep -m1 "rejected:" "$L")"
check "corrupt agent: refusal measured (TETR event)" has_line \
	'^tetd: event [0-9]+ mr=4 type=0x6 desc=agent-rejected sha384='
for a in "${AGENTS[@]}"; do
	[ "$a" = "$victim" ] && continue
	check "corrupt agent: $a still loads" has_line "^tetd: agent [0-9]+ '$a' .* ready: "
done
check "corrupt agent: TETD table lists $(( ${#AGENTS[@]} - 1 )) agents, 1 rejected" has_line \
	"^TETD-TABLE .* agents=$(( ${#AGENTS[@]} - 1 )) rejected=1$"

# ---- 3. an agent whose init faults (#UD at its entry point) ----
fault_elf=$LOGDIR/$TEST_NAME.${AGENTS[0]}-ud2.elf
python3 - "$O/agents/${AGENTS[0]}.elf" "$fault_elf" <<'PY'
import struct, sys
e = bytearray(open(sys.argv[1], 'rb').read())
entry, phoff = struct.unpack_from('<QQ', e, 24)
phentsize, phnum = struct.unpack_from('<HH', e, 54)
for i in range(phnum):
    p_type, _, p_off, p_vaddr, _, p_filesz = struct.unpack_from('<IIQQQQ', e, phoff + i * phentsize)
    if p_type == 1 and p_vaddr <= entry < p_vaddr + p_filesz:
        e[p_off + entry - p_vaddr:p_off + entry - p_vaddr + 2] = b'\x0f\x0b'   # ud2
open(sys.argv[2], 'wb').write(e)
PY
vol=$LOGDIR/$TEST_NAME.fault.vol
others=()
for a in "${AGENTS[@]:1}"; do others+=("$O/agents/$a.elf"); done
if "$TOOL" pack -o "$vol" "$fault_elf" "${others[@]}" >/dev/null; then
	ffd=$LOGDIR/$TEST_NAME.fault.fd
	"$TOP/tools/agentimg" splice "$TETD_FW" "$vol" "$ffd"
	TETD_FW=$ffd boot_qemu "" "$TETD_KERNEL" "$TETD_INITRD" "$APPEND" 180
	L=$QEMU_LOG
	check "faulting agent: caught as #UD (vector 6), agent disabled" has_line \
		"^tetd: agent 0 '${AGENTS[0]}' faulted in init: vector 6 .*; disabled$"
	check "faulting agent: the boot goes on to init" has_line '^TETD-INIT-OK cpus=2$'
	check "faulting agent: the others are ready" has_line "^tetd: agent 1 '${AGENTS[1]}' .* ready: "
	check "faulting agent: the TETD table marks it failed" has_line \
		"^TETD-AGENT index=0 name=${AGENTS[0]} .* state=failed "
else
	not_ok "tetd-agent packs the faulting agent (it is a valid ELF)"
fi
done_testing
