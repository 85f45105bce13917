#!/usr/bin/env bash
# 40-tetdh-boot.t - the TD image under tetdh (inside the host VM on
# machines without usable hardware KVM): boots to init with two vCPUs, the
# firmware takes the TD path (TD HOB, tdx backend), the TDREPORT's MRTD is
# tetdh's and an independent computation from the image, and every RTMR
# equals the replay of the CCEL log the guest sees. TAP output for prove.
set -uo pipefail

TOP=$(cd "$(dirname "$0")/../.." && pwd)
O=${O:-$TOP/build}
. "$TOP/tests/integration/lib.sh"

if ! command -v qemu-system-x86_64 >/dev/null; then
	echo "1..0 # SKIP qemu-system-x86_64 not installed"
	exit 0
fi
echo "1..14"
n=0
t() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }

env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s --no-print-directory -C "$TOP" \
	tetdh image hostvm-base >"$O/tests/40-build.log" 2>&1
t $? "tetdh, the image and the host VM build"

log=$O/tests/40-tetdh-boot.log
# Known open problem: about one boot in five dies early in the kernel with a
# triple fault when tetdh runs inside the TCG host VM (nested SVM); the cause
# is not found yet (docs/tetdh.md). Only that failure is retried, at most
# twice, and every retry is reported; any other failure fails the test.
for attempt in 1 2 3; do
	O=$O "$TOP/tools/tetdh-run" --summary --timeout 300 --log "$log" >"$O/tests/40-summary.txt" 2>&1
	rc=$?
	grep -q 'triple fault (KVM_EXIT_SHUTDOWN)' "$log" || break
	cp "$log" "$O/tests/40-tetdh-boot.triple-fault-$attempt.log"
	echo "# attempt $attempt: guest triple fault (known intermittent, see docs/tetdh.md); log kept"
done
sed 's/^/# /' <(sed -n '/== TETD run summary ==/,$p' "$O/tests/40-summary.txt")
L=$log.clean
t "$([ -s "$L" ]; echo $?)" "tetdh ran and its console was captured"
t "$(grep -q '^tetd-fw .* platform=tetdh start=td cpus=2$' "$L"; echo $?)" \
	"firmware banner: platform=tetdh start=td cpus=2"
t "$(grep -q '^tetd: measure backend=tdx$' "$L"; echo $?)" "firmware uses the tdx measurement backend"
t "$(grep -q '^tetd: event [0-9]* mr=1 type=0xa desc=td-hob ' "$L"; echo $?)" \
	"the TD HOB is measured into RTMR[0]"
t "$(grep -q '^tetd: error' "$L"; [ $? = 1 ]; echo $?)" "no firmware error"
t "$(grep -q '^TETD-INIT-OK cpus=2$' "$L"; echo $?)" "guest reached init with 2 CPUs online"
t "$(grep -q '^TETD-TDREPORT-BEGIN$' "$L"; echo $?)" "guest obtained a TDREPORT (TDG.MR.REPORT)"
mrtd_rep=$(sed -n 's/^mrtd: \([0-9a-f]\{96\}\)$/\1/p' "$L" | head -n1)
mrtd_host=$(sed -n 's/^tetdh: MRTD \([0-9a-f]\{96\}\).*/\1/p' "$L" | head -n1)
mrtd_ref=$("$TOP/tools/mrtd.py" "$TOP/image/out/tetd.fd")
echo "# MRTD report=$mrtd_rep tetdh=$mrtd_host image=$mrtd_ref"
t "$([ -n "$mrtd_rep" ] && [ "$mrtd_rep" = "$mrtd_host" ]; echo $?)" "TDREPORT MRTD equals the MRTD tetdh built"
t "$([ "$mrtd_rep" = "$mrtd_ref" ]; echo $?)" "MRTD equals tools/mrtd.py's computation from the image alone"
for i in 0 1 2 3; do
	t "$(grep -q "^replay:     RTMR$i = event-log replay$" "$O/tests/40-summary.txt"; echo $?)" \
		"TDREPORT RTMR$i equals the CCEL log's replay"
done
echo "# tetdh-run exit status $rc"
