#!/usr/bin/env bash
# tests/integration/20-bad-input.t - the firmware refuses bad payloads with
# `tetd: error: <component>: ...` + `tetd: halted` and powers the VM off
# (QEMU exits by itself, status 0, -no-reboot so a reset would also end it
# and show up as a second banner). Cases:
#   a) kernel = 2 MiB of pseudo-random bytes (no -initrd: QEMU itself
#      refuses an initrd with a non-bzImage kernel, "linux kernel too old")
#   b) kernel = first 60% of vmlinuz (QEMU accepts it)
#   c) -m 96M with a 70 MiB initrd: QEMU accepts it (its own limit is RAM
#      minus 128 KiB) but it cannot sit above a kernel whose init_size is
#      ~51 MiB loaded at 16 MiB
#   d) command line of 2100+ bytes > cmdline_size 2047 (QEMU 7.2 accepts it)
set -uo pipefail
# shellcheck source=tests/integration/lib.sh disable=SC2034
. "$(dirname "$0")/lib.sh"
if [ "${1:-}" = --help ]; then sed -n '2,14p' "$0"; exit 0; fi

[ "$TETD_FW" = none ] || [ -r "$TETD_FW" ] ||
	skip_all "no firmware at $TETD_FW (run make image)"

W=$LOGDIR/$TEST_NAME.work
mkdir -p "$W"
GRACE=${GRACE:-15}   # s QEMU may take to exit after `tetd: halted`

# boot_bad EXTRA KERNEL INITRD APPEND TIMEOUT: boot in the background until
# the firmware halts (or the guest gets further than it should), then give
# QEMU GRACE seconds to power off by itself (QEMU_RC=124 if it did not).
boot_bad() {
	boot_qemu_bg "$@"
	wait_for_line '^tetd: halted|^tetd: booting kernel|^TETD-INIT-OK' "$5"
	wait_exit "$GRACE"
}

# expect_halt CASE COMPONENT: the assertions for one refused boot.
expect_halt() {
	local c=$1 comp=$2 n
	check "$c: QEMU exited by itself (rc=$QEMU_RC, ${QEMU_SECS}s)" test "$QEMU_RC" -eq 0
	[ "$QEMU_RC" -eq 124 ] && diag "still running ${GRACE}s after the halt/timeout: the VM was not powered off"
	if has_line "^tetd: error: $comp: "; then
		ok "$c: $(first_line "^tetd: error: $comp: ")"
	else
		not_ok "$c: 'tetd: error: $comp:' seen"
		log_tail 8
		[ -s "$QEMU_ERR" ] && diag "qemu stderr: $(tail -n 3 "$QEMU_ERR")"
	fi
	check "$c: 'tetd: halted' seen" has_line '^tetd: halted$'
	n=$(count_lines '^tetd-fw ')
	check "$c: one firmware banner (saw $n)" test "$n" -eq 1
	check "$c: kernel not started" bash -c "! grep -qE '^tetd: booting kernel|^TETD-INIT-OK' '$QEMU_LOG'"
}

APPEND="console=ttyS0 quiet"
QEMU_MEM=1G QEMU_SMP=2

# a) random bytes as the kernel
make_bytes "$W/random.bin" $((2 << 20)) 20251122
BOOT_TAG=random boot_bad "" "$W/random.bin" none "$APPEND" 60
expect_halt "a) random kernel" kernel

# b) truncated bzImage
size=$(stat -c %s "$TETD_KERNEL")
head -c $((size * 60 / 100)) "$TETD_KERNEL" >"$W/truncated.bin"
BOOT_TAG=truncated boot_bad "" "$W/truncated.bin" "$TETD_INITRD" "$APPEND" 60
expect_halt "b) truncated kernel" kernel

# c) an initrd that QEMU loads but the firmware cannot place
make_bytes "$W/big-initrd.bin" $((70 << 20)) 7
QEMU_MEM=96M BOOT_TAG=big-initrd boot_bad "" "$TETD_KERNEL" "$W/big-initrd.bin" "$APPEND" 90
if grep -q 'initrd is too large' "$QEMU_ERR"; then
	skip "c) QEMU itself refused the initrd: $(head -n1 "$QEMU_ERR")"
else
	expect_halt "c) initrd does not fit" initrd
fi

# d) command line longer than the kernel's cmdline_size
long="$APPEND tetd.pad=$(printf '%*s' 2100 '' | tr ' ' x)"
BOOT_TAG=long-cmdline boot_bad "" "$TETD_KERNEL" "$TETD_INITRD" "$long" 60
if grep -qi 'command line too long' "$QEMU_ERR"; then
	skip "d) QEMU itself refused the ${#long}-byte command line"
else
	expect_halt "d) ${#long}-byte command line" cmdline
fi

done_testing
