#!/usr/bin/env bash
# tests/integration/10-qemu-boot.t - boot the image (tetd.fd + vmlinuz +
# initramfs) under plain QEMU TCG, -smp 2 -m 1G, and check the firmware's
# console contract, the guest's view (CPUs, CCEL table) and the event log:
# tpm2_eventlog must parse the log the guest read from CCEL, every event the
# firmware announced must be in it with the same register and SHA-384, and
# the log's replay must equal the firmware's `tetd: replay` values.
# TAP on stdout; logs and extracted files under $O/tests/.
set -uo pipefail
# shellcheck source=tests/integration/lib.sh disable=SC2034
. "$(dirname "$0")/lib.sh"
if [ "${1:-}" = --help ]; then sed -n '2,8p' "$0"; exit 0; fi

[ "$TETD_FW" = none ] || [ -r "$TETD_FW" ] ||
	skip_all "no firmware at $TETD_FW (run make image)"

QEMU_MEM=1G QEMU_SMP=2
APPEND="console=ttyS0 quiet"
boot_qemu "" "$TETD_KERNEL" "$TETD_INITRD" "$APPEND" 180
L=$QEMU_LOG
hex96='[0-9a-f]{96}'

check "QEMU exited by itself (rc=$QEMU_RC, ${QEMU_SECS}s)" test "$QEMU_RC" -eq 0
banner=$(first_line '^tetd-fw ')
if [ -n "$banner" ]; then ok "firmware banner: $banner"; else not_ok "firmware banner (tetd-fw ...) seen"; log_tail 20; fi
check "banner has the documented fields" has_line \
	'^tetd-fw [^ ]+ \([^)]+\) platform=(qemu|tetdh|tdx) start=(real|td) cpus=[0-9]+$'
check "banner says platform=qemu start=real cpus=2" has_line \
	'^tetd-fw .* platform=qemu start=real cpus=2$'
check "measure backend line" has_line '^tetd: measure backend=(none|tdx|tpm)$'
check "firmware reached 'tetd: booting kernel'" has_line '^tetd: booting kernel$'
t=$(sed -n 's/^tetd: reset-to-kernel-entry \([0-9.]*\) ms$/\1/p' "$L" | head -n1)
if [ -n "$t" ]; then ok "reset-to-kernel-entry $t ms"; else not_ok "reset-to-kernel-entry figure printed"; fi
check "no 'tetd: error' lines" bash -c "! grep -q '^tetd: error' '$L'"
check "guest reached TETD-INIT-OK" has_line '^TETD-INIT-OK cpus=[0-9]+$'
check "guest sees cpus=2" has_line '^TETD-INIT-OK cpus=2$'
check "guest sees the ACPI CCEL table" has_line '^ccel: +present$'

raw=$LOGDIR/$TEST_NAME.evlog.raw
bin=$LOGDIR/$TEST_NAME.evlog.bin
yaml=$LOGDIR/$TEST_NAME.evlog.yaml
rm -f "$raw" "$bin" "$yaml"
if extract_evlog "$raw" "$L" && "$TOP/tools/evlog.py" cut "$raw" "$bin" 2>"$bin.err"; then
	ok "event log extracted ($(stat -c %s "$bin") bytes of events, $(stat -c %s "$raw") read)"
else
	not_ok "event log extracted (TETD-EVLOG-BEGIN/END, decoded length = len, Spec ID header)"
	diag "$(grep -E '^tetd-init:' "$L")"; [ -s "$bin.err" ] && diag "$(cat "$bin.err")"
fi

if [ -s "$bin" ] && tpm2_eventlog "$bin" >"$yaml" 2>"$yaml.err" && grep -q '^pcrs:' "$yaml"; then
	ok "tpm2_eventlog parses the log"
else
	not_ok "tpm2_eventlog parses the log"
	[ -s "$yaml.err" ] && diag "$(tail -n 5 "$yaml.err")"
fi

# Firmware lines vs the log, event by event, in order.
mapfile -t fw_ev < <(sed -nE "s/^tetd: event ([0-9]+) mr=([0-9]+) type=0x([0-9a-fA-F]+) desc=([^ ]+) sha384=($hex96)$/\2 \5 \4 \1/p" "$L")
mapfile -t log_ev < <([ -s "$yaml" ] && "$TOP/tools/evlog.py" yaml "$yaml" | sed -n 's/^event //p')
if [ "${#fw_ev[@]}" -gt 0 ]; then ok "firmware printed ${#fw_ev[@]} event lines"; else not_ok "firmware printed event lines"; fi
if [ "${#fw_ev[@]}" -eq "${#log_ev[@]}" ]; then
	ok "log has as many measured events as the firmware printed (${#log_ev[@]})"
else
	not_ok "log has ${#log_ev[@]} measured events, firmware printed ${#fw_ev[@]}"
fi
for i in "${!fw_ev[@]}"; do
	read -r mr dig desc seq <<<"${fw_ev[$i]}"
	read -r lmr ltype ldig <<<"${log_ev[$i]:-}"
	if [ "$mr" = "${lmr:-}" ] && [ "$dig" = "${ldig:-}" ]; then
		ok "event $seq ($desc) mr=$mr digest matches log event $((i + 1)) ($ltype)"
	else
		not_ok "event $seq ($desc) mr=$mr sha384=$dig vs log event $((i + 1)): ${log_ev[$i]:-missing}"
	fi
done

# The payload digests, recomputed on the host as docs/measurements.md says.
declare -A want=(
	[kernel]=$("$TOP/tools/evlog.py" kernel-digest "$TETD_KERNEL")
	[initrd]=$(sha384sum "$TETD_INITRD" | cut -d' ' -f1)
	[cmdline]=$(printf '%s' "$APPEND" | sha384sum | cut -d' ' -f1)
)
for desc in kernel initrd cmdline; do
	got=$(sed -nE "s/^tetd: event [0-9]+ mr=2 type=0x[0-9a-fA-F]+ desc=$desc sha384=($hex96)$/\1/p" "$L" | head -n1)
	if [ "$got" = "${want[$desc]}" ]; then ok "$desc digest (RTMR[1]) equals the host's recomputation"
	else not_ok "$desc digest (RTMR[1]): firmware ${got:-none}, host ${want[$desc]}"; fi
done

mapfile -t fw_rp < <(sed -nE "s/^tetd: replay mr=([0-9]+) sha384=($hex96)$/\1 \2/p" "$L")
mapfile -t log_rp < <([ -s "$yaml" ] && "$TOP/tools/evlog.py" yaml "$yaml" | sed -n 's/^pcr //p')
if [ "${#fw_rp[@]}" -gt 0 ]; then ok "firmware printed ${#fw_rp[@]} replay lines"; else not_ok "firmware printed replay lines"; fi
for r in "${fw_rp[@]}"; do
	read -r mr dig <<<"$r"
	got=$(printf '%s\n' "${log_rp[@]}" | awk -v m="$mr" '$1 == m { print $2 }')
	if [ "$got" = "$dig" ]; then ok "replay mr=$mr equals tpm2_eventlog's replay"
	else not_ok "replay mr=$mr: firmware $dig, tpm2_eventlog ${got:-none}"; fi
done
for r in "${log_rp[@]}"; do
	read -r idx _ <<<"$r"
	printf '%s\n' "${fw_rp[@]}" | grep -q "^$idx " ||
		not_ok "log replays index $idx but the firmware printed no replay for it"
done

done_testing
