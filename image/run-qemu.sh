#!/usr/bin/env bash
# image/run-qemu.sh - boot a kernel+initrd under qemu-system-x86_64 (pc machine).
#
# Owns the one QEMU command line that `make run-qemu` and the integration
# tests use, and the accelerator choice: KVM only when /dev/kvm exists, the
# kvm module is not kvm_pvm (page-table based KVM, ~1000x slower for guests)
# and the CPU flags show vmx or svm; otherwise TCG. QEMU_ACCEL=tcg|kvm
# overrides. The serial console is on stdio (-nographic; Ctrl-A X quits).
set -euo pipefail

usage() {
	cat <<EOF
usage: $0 [options] [-- extra qemu args...]
  --bios FILE|none   firmware image for -bios (none: QEMU's default SeaBIOS)
                     default: image/out/tetd.fd
  --kernel FILE      default: image/out/vmlinuz
  --initrd FILE      default: image/out/initramfs.cpio.gz (none: no -initrd)
  --append STRING    kernel command line (default: "console=ttyS0")
  --smp N            default: \$SMP or 2
  --mem SIZE         default: \$MEM or 1G
  --accel tcg|kvm    default: \$QEMU_ACCEL or auto
  --cpu MODEL        -cpu model, e.g. max (default: \$QEMU_CPU; KVM: host)
  --dry-run          print the command, do not run it
Environment: SMP, MEM, QEMU_ACCEL, QEMU_CPU, QEMU (binary).
EOF
}

here=$(cd "$(dirname "$0")" && pwd)
out=$here/out
bios=$out/tetd.fd kernel=$out/vmlinuz initrd=$out/initramfs.cpio.gz
append="console=ttyS0"
smp=${SMP:-2} mem=${MEM:-1G} accel=${QEMU_ACCEL:-} cpu=${QEMU_CPU:-}
dry=0
while [ $# -gt 0 ]; do
	case $1 in
	--bios) bios=$2; shift 2 ;;
	--kernel) kernel=$2; shift 2 ;;
	--initrd) initrd=$2; shift 2 ;;
	--append) append=$2; shift 2 ;;
	--smp) smp=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--accel) accel=$2; shift 2 ;;
	--cpu) cpu=$2; shift 2 ;;
	--dry-run) dry=1; shift ;;
	-h|--help) usage; exit 0 ;;
	--) shift; break ;;
	*) echo "run-qemu: unknown option $1 (see --help)" >&2; exit 2 ;;
	esac
done

# pick_accel: echo "kvm" or "tcg" and, on stderr, why.
pick_accel() {
	if [ ! -e /dev/kvm ]; then
		echo "run-qemu: accel=tcg (no /dev/kvm)" >&2
	elif [ -d /sys/module/kvm_pvm ]; then
		echo "run-qemu: accel=tcg (/dev/kvm is kvm_pvm, no hardware virtualization)" >&2
	elif ! grep -qwE 'vmx|svm' /proc/cpuinfo; then
		echo "run-qemu: accel=tcg (CPU flags show neither vmx nor svm)" >&2
	else
		echo "run-qemu: accel=kvm (/dev/kvm with vmx/svm)" >&2
		echo kvm
		return
	fi
	echo tcg
}

case $accel in
"") accel=$(pick_accel) ;;
tcg|kvm) echo "run-qemu: accel=$accel (QEMU_ACCEL)" >&2 ;;
*) echo "run-qemu: QEMU_ACCEL must be tcg or kvm, not '$accel'" >&2; exit 2 ;;
esac
[ "$accel" = kvm ] && [ -z "$cpu" ] && cpu=host

cmd=("${QEMU:-qemu-system-x86_64}" -machine pc -accel "$accel"
	-m "$mem" -smp "$smp" -nographic -no-reboot)
[ -n "$cpu" ] && cmd+=(-cpu "$cpu")
[ "$bios" != none ] && cmd+=(-bios "$bios")
cmd+=(-kernel "$kernel")
[ "$initrd" != none ] && cmd+=(-initrd "$initrd")
cmd+=(-append "$append" "$@")

for f in "$kernel" ${initrd:+"$initrd"} ${bios:+"$bios"}; do
	[ "$f" = none ] || [ -r "$f" ] || { echo "run-qemu: $f: not readable" >&2; exit 2; }
done
echo "run-qemu: ${cmd[*]}" >&2
[ "$dry" = 1 ] && exit 0
exec "${cmd[@]}"
