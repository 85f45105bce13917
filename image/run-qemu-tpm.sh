#!/usr/bin/env bash
# image/run-qemu-tpm.sh - image/run-qemu.sh with a TPM 2.0: swtpm behind
# QEMU's tpm-crb (-tpmdev emulator), so the firmware measures into PCRs
# (docs/measurements.md, "The TPM path").
#
# Owns the swtpm side: the TPM state under $SWTPM_STATE (default
# build/run/swtpm), created on first use by swtpm_setup with the SHA-256
# and SHA-384 PCR banks allocated; the swtpm process (control channel on
# the unix socket $SWTPM_STATE/swtpm.sock, pid in swtpm.pid, log in
# swtpm.log); and the three QEMU arguments that attach it. Every argument
# goes to run-qemu.sh unchanged (see its --help); the TPM arguments are
# appended to the extra QEMU arguments after `--`.
#
# QEMU resets the TPM when it starts (CMD_INIT) and shuts swtpm down when
# it exits normally. SWTPM_KEEP=1 leaves swtpm running after QEMU ends, so
# that a QEMU stopped without its normal exit path (kill -9 after the
# guest powered off under -no-shutdown) leaves the PCRs in place for a
# host-side quote (tools/tpm-quote --state $SWTPM_STATE; tools/tpm-run).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
state=${SWTPM_STATE:-$top/build/run/swtpm}
keep=${SWTPM_KEEP:-0}

case ${1:-} in
-h|--help)
	sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'
	echo; exec "$here/run-qemu.sh" --help ;;
esac
for t in swtpm swtpm_setup; do
	command -v "$t" >/dev/null ||
		{ echo "run-qemu-tpm: $t not installed (Debian: swtpm swtpm-tools; make deps)" >&2; exit 2; }
done

mkdir -p "$state"
sock=$state/swtpm.sock pidf=$state/swtpm.pid

# A swtpm this script left running earlier (SWTPM_KEEP=1): stop it first,
# by the pid it recorded, so two never share the state.
if [ -s "$pidf" ] && kill -0 "$(cat "$pidf")" 2>/dev/null &&
	grep -q swtpm "/proc/$(cat "$pidf")/cmdline" 2>/dev/null; then
	kill "$(cat "$pidf")"
	for _ in $(seq 50); do kill -0 "$(cat "$pidf")" 2>/dev/null || break; sleep 0.1; done
fi
rm -f "$pidf" "$sock"

if ! ls "$state"/tpm2-00.permall >/dev/null 2>&1; then
	echo "run-qemu-tpm: creating TPM 2.0 state in $state (banks sha256,sha384)" >&2
	swtpm_setup --tpm2 --tpmstate "$state" --pcr-banks sha256,sha384 \
		--logfile "$state/swtpm_setup.log" >/dev/null ||
		{ echo "run-qemu-tpm: swtpm_setup failed (log: $state/swtpm_setup.log)" >&2; exit 1; }
fi

swtpm socket --tpm2 --tpmstate "dir=$state" --ctrl "type=unixio,path=$sock" \
	--pid "file=$pidf" --log "file=$state/swtpm.log,level=1,truncate" -d
for _ in $(seq 100); do [ -S "$sock" ] && [ -s "$pidf" ] && break; sleep 0.05; done
[ -S "$sock" ] || { echo "run-qemu-tpm: swtpm did not create $sock (log: $state/swtpm.log)" >&2; exit 1; }
swtpm_pid=$(cat "$pidf")
echo "run-qemu-tpm: swtpm pid $swtpm_pid, control socket $sock" >&2

stop_swtpm() {
	[ "$keep" = 1 ] && { echo "run-qemu-tpm: swtpm left running (pid $swtpm_pid)" >&2; return; }
	kill "$swtpm_pid" 2>/dev/null || true
}
trap stop_swtpm EXIT

tpm_args=(-chardev "socket,id=chrtpm,path=$sock" -tpmdev emulator,id=tpm0,chardev=chrtpm
	-device tpm-crb,tpmdev=tpm0)
args=("$@")
have_sep=0
for a in "${args[@]}"; do [ "$a" = -- ] && have_sep=1; done
[ "$have_sep" = 1 ] || args+=(--)
rc=0
"$here/run-qemu.sh" "${args[@]}" "${tpm_args[@]}" || rc=$?
exit "$rc"
