#!/usr/bin/env bash
# 30-hostvm.t - the host VM (tools/hostvm) gives a command a working
# /dev/kvm: boot it once, run kvmprobe there (M port-I/O exits), and check
# what comes back: stdout, exit status (the command ends with a chosen
# status), and the result file written under /out. TAP output for prove.
set -uo pipefail

TOP=$(cd "$(dirname "$0")/../.." && pwd)
M=2000          # port-I/O exits kvmprobe is asked for
STATUS=42       # exit status the in-VM command ends with
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
diag() { sed 's/^/# /'; }

if ! command -v qemu-system-x86_64 >/dev/null; then
	echo "1..0 # SKIP qemu-system-x86_64 not installed"
	exit 0
fi
echo "1..7"

env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
	make -s --no-print-directory -C "$TOP" kvmprobe hostvm-base 2>&1 | diag
ok "${PIPESTATUS[0]}" "kvmprobe and the host VM initramfs build"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$TOP/tools/hostvm/hostvm" --timeout 300 --out "$tmp/out" \
	--file "$TOP/build/hostvm/kvmprobe" -- sh -c '
	[ -c /dev/kvm ] && echo "kvm-device=present"
	kvmprobe -m "$1" -o /out/kvmprobe.txt
	echo "kvmprobe-rc=$?"
	exit "$2"' sh "$M" "$STATUS" >"$tmp/stdout" 2>"$tmp/stderr"
rc=$?
diag <"$tmp/stdout"
diag <"$tmp/stderr"

[ "$rc" = "$STATUS" ]
ok $? "hostvm returns the command's exit status ($rc, want $STATUS)"
grep -qx 'kvm-device=present' "$tmp/stdout"
ok $? "/dev/kvm present in the host VM"
grep -qx 'kvmprobe-rc=0' "$tmp/stdout" && grep -qx 'result=ok' "$tmp/stdout"
ok $? "kvmprobe ran to completion"
[ "$(sed -n 's/^pio_exits=//p' "$tmp/stdout")" = "$M" ]
ok $? "kvmprobe reports $M port-I/O exits"
[ -f "$tmp/out/kvmprobe.txt" ] && grep -qx "pio_exits=$M" "$tmp/out/kvmprobe.txt"
ok $? "result file came back through /out"
grep -qx 'kvm_backend=kvm_amd' "$tmp/out/kvmprobe.txt" 2>/dev/null
ok $? "kvmprobe ran on kvm_amd (nested SVM), not the build machine's KVM"
