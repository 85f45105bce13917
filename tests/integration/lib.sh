# tests/integration/lib.sh - shared helpers for the integration tests (*.t).
# shellcheck shell=bash
# Sourced, not run. Owns: TAP output (plan/ok/not_ok/skip/check/diag/
# done_testing), booting QEMU with a hard timeout while the serial console
# goes to a log under $O/tests/, and reading lines back from those logs.
#
# Environment a test run may set:
#   O             build directory (default: <top>/build)
#   TETD_FW       firmware for -bios (default: image/out/tetd.fd; "none"
#                 boots QEMU's own SeaBIOS, handy to check the plumbing)
#   TETD_KERNEL, TETD_INITRD   guest payload (default: image/out/...)
#   TEST_ACCEL    tcg (default) or kvm
#   BOOT_TIMEOUT  seconds for one boot unless a test passes its own
#   RUN_QEMU      the launcher (default image/run-qemu.sh; any script that
#                 takes its options, e.g. image/run-qemu-tpm.sh)

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
O=${O:-$TOP/build}
LOGDIR=$O/tests
mkdir -p "$LOGDIR"
TEST_NAME=$(basename "$0" .t)
TETD_FW=${TETD_FW:-$TOP/image/out/tetd.fd}
TETD_KERNEL=${TETD_KERNEL:-$TOP/image/out/vmlinuz}
TETD_INITRD=${TETD_INITRD:-$TOP/image/out/initramfs.cpio.gz}
TEST_ACCEL=${TEST_ACCEL:-tcg}
BOOT_TIMEOUT=${BOOT_TIMEOUT:-120}
QEMU_MEM=${QEMU_MEM:-1G}     # -m for the next boot (tests may change it)
QEMU_SMP=${QEMU_SMP:-2}      # -smp for the next boot

# ---- TAP ----------------------------------------------------------------
_tap_n=0
_tap_fail=0
plan() { echo "1..$1"; }
skip_all() { echo "1..0 # SKIP $*"; exit 0; }
diag() { local l; while IFS= read -r l; do echo "# $l"; done <<<"$*"; }
ok() { _tap_n=$((_tap_n + 1)); echo "ok $_tap_n - $*"; }
not_ok() { _tap_n=$((_tap_n + 1)); _tap_fail=$((_tap_fail + 1)); echo "not ok $_tap_n - $*"; }
skip() { _tap_n=$((_tap_n + 1)); echo "ok $_tap_n # SKIP $*"; }
# check "description" command...: ok if the command succeeds.
check() { local d=$1; shift; if "$@"; then ok "$d"; else not_ok "$d"; fi; }
# t STATUS "description": ok if STATUS is 0 (for tests that compute a status).
t() { if [ "$1" = 0 ]; then ok "$2"; else not_ok "$2"; fi; }
# done_testing: trailing plan (valid TAP) and exit status = failures.
done_testing() { echo "1..$_tap_n"; exit $((_tap_fail > 254 ? 254 : _tap_fail)); }

# ---- QEMU ---------------------------------------------------------------
_boot_seq=0
QEMU_PID=
# Never leave a background QEMU behind.
trap '[ -n "${QEMU_PID:-}" ] && kill "$QEMU_PID" 2>/dev/null' EXIT
# boot_qemu EXTRA_ARGS KERNEL INITRD APPEND [TIMEOUT]
#   Boots synchronously under timeout(1). INITRD may be "none". EXTRA_ARGS
#   is split on whitespace. Sets QEMU_LOG (serial console, CR stripped),
#   QEMU_ERR (QEMU's stderr), QEMU_RC (124: killed by the timeout),
#   QEMU_SECS (wall time). Uses TETD_FW, QEMU_MEM, QEMU_SMP, TEST_ACCEL.
boot_qemu() {
	local extra=$1 kernel=$2 initrd=$3 append=$4 tmo=${5:-$BOOT_TIMEOUT}
	local t0 t1
	_boot_seq=$((_boot_seq + 1))
	QEMU_LOG=$LOGDIR/$TEST_NAME-$_boot_seq${BOOT_TAG:+-$BOOT_TAG}.log
	QEMU_ERR=${QEMU_LOG%.log}.err
	t0=$(date +%s%N)
	# shellcheck disable=SC2086 # EXTRA_ARGS is a word list on purpose
	timeout -k 5 "$tmo" "${RUN_QEMU:-$TOP/image/run-qemu.sh}" --bios "$TETD_FW" \
		--kernel "$kernel" --initrd "$initrd" --append "$append" \
		--mem "$QEMU_MEM" --smp "$QEMU_SMP" --accel "$TEST_ACCEL" \
		-- $extra </dev/null 2>"$QEMU_ERR" | tr -d '\r' >"$QEMU_LOG"
	QEMU_RC=${PIPESTATUS[0]}
	t1=$(date +%s%N)
	QEMU_SECS=$(( (t1 - t0) / 1000000000 )).$(printf '%03d' $(( (t1 - t0) / 1000000 % 1000 )))
	diag "boot $_boot_seq: rc=$QEMU_RC ${QEMU_SECS}s log=$QEMU_LOG"
}

# boot_qemu_bg: same arguments, but returns at once with QEMU_PID set;
# then wait_for_line, and wait_exit or stop_qemu (these set QEMU_RC and
# QEMU_SECS and strip CRs from the log).
boot_qemu_bg() {
	local extra=$1 kernel=$2 initrd=$3 append=$4 tmo=${5:-$BOOT_TIMEOUT}
	_boot_seq=$((_boot_seq + 1))
	QEMU_LOG=$LOGDIR/$TEST_NAME-$_boot_seq${BOOT_TAG:+-$BOOT_TAG}.log
	QEMU_ERR=${QEMU_LOG%.log}.err
	: >"$QEMU_LOG"
	_boot_t0=$(date +%s%N)
	# shellcheck disable=SC2086
	timeout -k 5 "$tmo" "${RUN_QEMU:-$TOP/image/run-qemu.sh}" --bios "$TETD_FW" \
		--kernel "$kernel" --initrd "$initrd" --append "$append" \
		--mem "$QEMU_MEM" --smp "$QEMU_SMP" --accel "$TEST_ACCEL" \
		-- $extra </dev/null 2>"$QEMU_ERR" >"$QEMU_LOG" &
	QEMU_PID=$!
}

_bg_done() {
	local t1
	t1=$(date +%s%N)
	QEMU_SECS=$(( (t1 - _boot_t0) / 1000000000 )).$(printf '%03d' $(( (t1 - _boot_t0) / 1000000 % 1000 )))
	QEMU_PID=
	sed -i 's/\r$//' "$QEMU_LOG"
	diag "boot $_boot_seq: rc=$QEMU_RC ${QEMU_SECS}s log=$QEMU_LOG"
}

# stop_qemu: terminate the background QEMU (QEMU_RC: its exit status).
stop_qemu() {
	[ -n "${QEMU_PID:-}" ] || return 0
	kill "$QEMU_PID" 2>/dev/null
	wait "$QEMU_PID" 2>/dev/null
	QEMU_RC=$?
	_bg_done
}

# wait_exit SECS: wait for the background QEMU to exit by itself; if it is
# still running after SECS, stop it, set QEMU_RC=124 and fail.
wait_exit() {
	local end=$((SECONDS + $1))
	while kill -0 "$QEMU_PID" 2>/dev/null && [ "$SECONDS" -lt "$end" ]; do sleep 0.2; done
	if kill -0 "$QEMU_PID" 2>/dev/null; then
		kill "$QEMU_PID" 2>/dev/null
		wait "$QEMU_PID" 2>/dev/null
		QEMU_RC=124
		diag "QEMU still running $1 s later: stopped it"
		_bg_done
		return 1
	fi
	wait "$QEMU_PID"
	QEMU_RC=$?
	_bg_done
}

# wait_for_line REGEX [TIMEOUT] [LOG]: wait until an ERE matches a line of
# the log (default $QEMU_LOG); fails on timeout or when QEMU_PID has exited
# without the line.
wait_for_line() {
	local re=$1 tmo=${2:-$BOOT_TIMEOUT} log=${3:-$QEMU_LOG}
	local end=$((SECONDS + tmo))
	while [ "$SECONDS" -lt "$end" ]; do
		tr -d '\r' <"$log" | grep -qE -- "$re" && return 0
		if [ -n "${QEMU_PID:-}" ] && ! kill -0 "$QEMU_PID" 2>/dev/null; then
			tr -d '\r' <"$log" | grep -qE -- "$re"
			return
		fi
		sleep 0.2
	done
	return 1
}

# ---- log queries ----------------------------------------------------------
# has_line REGEX [LOG]: some line matches the ERE.
has_line() { grep -qE -- "$1" "${2:-$QEMU_LOG}"; }
# first_line REGEX [LOG]: print the first matching line.
first_line() { grep -m1 -E -- "$1" "${2:-$QEMU_LOG}"; }
# count_lines REGEX [LOG]
count_lines() { grep -cE -- "$1" "${2:-$QEMU_LOG}"; }
# log_tail [N] [LOG]: last lines of a log as TAP diagnostics.
log_tail() { diag "$(tail -n "${1:-15}" "${2:-$QEMU_LOG}")"; }

# extract_evlog OUT [LOG]: decode the base64 block between
# TETD-EVLOG-BEGIN and TETD-EVLOG-END into OUT (kernel messages that may
# interleave on the console are dropped: a message that interrupts a line,
# "//[    8.61] tetdg: ...", is cut off and the base64 before it kept; then
# only base64 lines are kept).
# Fails if the markers are missing or the size differs from len=.
extract_evlog() {
	local out=$1 log=${2:-$QEMU_LOG} len
	len=$(sed -n 's/^TETD-EVLOG-BEGIN len=\([0-9]*\).*$/\1/p' "$log" | head -n1)
	[ -n "$len" ] && has_line '^TETD-EVLOG-END$' "$log" || return 1
	sed -n '/^TETD-EVLOG-BEGIN/,/^TETD-EVLOG-END$/p' "$log" | sed -E 's/\[ *[0-9]+\.[0-9]+\] .*$//' |
		grep -E '^[A-Za-z0-9+/]+=*$' | base64 -d >"$out" || return 1
	[ "$(stat -c %s "$out")" -eq "$len" ]
}

# Pseudo-random but reproducible bytes: make_bytes FILE SIZE_BYTES SEED
# (kept between runs: same seed, same bytes).
make_bytes() {
	[ -f "$1" ] && [ "$(stat -c %s "$1")" -eq "$2" ] &&
		[ "$(cat "$1.seed" 2>/dev/null)" = "$3" ] && return 0
	python3 -c 'import random,sys; sys.stdout.buffer.write(random.Random(int(sys.argv[2])).randbytes(int(sys.argv[1])))' \
		"$2" "$3" >"$1" && echo "$3" >"$1.seed"
}

# ---- tetdh (host VM) ------------------------------------------------------
# crashtest_image FD DIR: DIR/tetd.fd, the firmware FD with an agent volume
# of echo, admin and five renamed copies of agents/crashtest (crash-div,
# -pf, -loop, -ro, -watch; ids 0x7e01..; the fault-containment tests).
# Needs `make agents`. Returns non-zero if a tool failed.
crashtest_image() {
	local fd=$1 d=$2 id=0x7e00 v
	local elfs=("$O/agents/echo.elf" "$O/agents/admin.elf")
	mkdir -p "$d" || return 1
	for v in div pf loop ro watch; do
		id=$((id + 1))
		"$TOP/tools/agentimg" rename "$O/agents/crashtest.elf" "$d/crash-$v.elf" \
			--name "crash-$v" --id $id || return 1
		elfs+=("$d/crash-$v.elf")
	done
	"$O/tools/tetd-agent" pack -o "$d/volume.bin" "${elfs[@]}" >/dev/null &&
		"$TOP/tools/agentimg" splice "$fd" "$d/volume.bin" "$d/tetd.fd"
}

# tetdh_run_retry LOG OUT [tetdh-run options...]: one TD boot with
# tools/tetdh-run --log LOG --retries 5 (its output to OUT; environment
# such as FD, APPEND, NONCE, LISTEN passes through). tetdh-run boots again
# only on the known intermittent nested-SVM crash of the TCG host VM
# (docs/tetdh.md, Limitations; the forms are in tools/tetdh-run), keeping
# each crashed console as LOG.crash-K; every retry is reported here on a
# TAP comment line. Any other outcome is left to the test; callers pass a
# --timeout well above a normal boot (180 s), since a hang is one of the
# forms. Sets TETDH_RC.
tetdh_run_retry() {
	local log=$1 out=$2
	shift 2
	O=$O "$TOP/tools/tetdh-run" --log "$log" --retries 5 "$@" >"$out" 2>&1
	TETDH_RC=$?
	sed -n 's/^tetdh-run: \(attempt [0-9]*: .*\)$/# \1/p' "$out"
}
