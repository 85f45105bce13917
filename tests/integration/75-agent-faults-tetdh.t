#!/usr/bin/env bash
# 75-agent-faults-tetdh.t - agent fault containment under tetdh: an image
# whose volume holds echo plus four copies of agents/crashtest (renamed
# with tools/agentimg). In the agent world one divides by zero, one reads
# an unmapped address, one loops forever, one writes read-only TD memory.
# Each call must fail with the agent-fault error, tetdh must name the
# fault and disable that agent only, echo must keep answering, a disabled
# agent must refuse further calls, and the TD must power off normally.
# Then the admin agent (TETD_CAP_ADMIN) lists the agents with the faulted
# ones disabled, disables echo (TETD_AGENT_DISABLE from the agent world),
# and echo refuses calls from then on.
# TAP output for prove.
set -uo pipefail

TOP=$(cd "$(dirname "$0")/../.." && pwd)
O=${O:-$TOP/build}
. "$TOP/tests/integration/lib.sh"
command -v qemu-system-x86_64 >/dev/null || skip_all "qemu-system-x86_64 not installed"
plan 19

env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s --no-print-directory -C "$TOP" \
	tetdh attest image agents hostvm-base >"$O/tests/75-build.log" 2>&1
t $? "tetdh, the image, the agents and the host VM build"

d=$O/tests/75-agent-faults
crashtest_image "$TOP/image/out/tetd.fd" "$d"
t $? "an image with echo, admin and five crashtest agents"

log=$d/tetdh.log
FD=$d/tetd.fd APPEND="console=ttyS0 panic=-1 tetd.test=faults" \
	tetdh_run_retry "$log" "$d/run.txt" --timeout 180 -- --agent-budget 3000
rc=$TETDH_RC
L=$log.clean
tr -d '\r' <"$log" >"$L"
hello=$(echo -n "hello, agent" | od -A n -t x1 | tr -d ' \n')
call() { grep -m1 "^TETD-CALL $1 " "$L"; }
t "$(call crash-div-before | grep -q "rc=0 status=0 out=$hello$"; echo $?)" \
	"crash-div answers before it breaks"
t "$(grep -q '^tetdh: agent crash-div ([0-9]*) faulted on a call .*: exception 0 at rip' "$L"; echo $?)" \
	"divide by zero: tetdh reports exception 0 (#DE)"
t "$(grep -q '^tetdh: agent crash-pf ([0-9]*) faulted on a call .*: exception 14 at rip .* cr2 0xc00000)' "$L"; echo $?)" \
	"unmapped read: exception 14 (#PF) at the zone header's address"
t "$(grep -q '^tetdh: agent crash-loop ([0-9]*) faulted on a call .*: ran past its 3000 ms budget' "$L"; echo $?)" \
	"endless loop: stopped at the 3000 ms budget"
t "$(grep -q '^tetdh: agent crash-ro ([0-9]*) faulted on a call .*: exception 14 at rip .* (error 0x[37], cr2 0x200000)' "$L"; echo $?)" \
	"write to read-only TD memory: exception 14 (#PF, write to a present page)"
for c in crash-div crash-pf crash-loop crash-ro; do
	t "$(call "$c" | grep -qE 'rc=[1-9][0-9]* status=none'; echo $?)" "the $c call fails in the guest"
done
t "$(call echo-after | grep -q "rc=0 status=0 out=$hello$"; echo $?)" "echo still answers after four agent faults"
t "$(call crash-div-again | grep -qE 'rc=[1-9]' && grep -A3 '^TETD-CALL crash-div-again ' "$L" | grep -q 'Cannot send after transport endpoint shutdown'; echo $?)" \
	"a disabled agent refuses further calls"
read -r ex co < <(sed -n 's/^TETD-PAUSE pause-check: exclusive moved \([0-9]*\), collaborative moved \([0-9]*\)$/\1 \2/p' "$L")
echo "# another vCPU's counter during a call, read by the agent: exclusive moved ${ex:-?}, collaborative moved ${co:-?}"
t "$([ "${ex:-x}" = 0 ] && [ "${co:-0}" -gt 0 ]; echo $?)" \
	"exclusive calls hold every other vCPU for the whole call; collaborative ones do not"
hexs() { printf '%s' "$1" | od -A n -t x1 | tr -d ' \n'; }
t "$(call admin-list-faults | grep -q "rc=0 status=0 out=$(hexs "0 echo 1.0.0 ready
1 admin 1.0.0 ready
2 crash-div 1.0.0 disabled
3 crash-pf 1.0.0 disabled
4 crash-loop 1.0.0 disabled
5 crash-ro 1.0.0 disabled
6 crash-watch 1.0.0 ready
")$"; echo $?)" "admin lists the agents, the four faulted ones disabled"
t "$(call admin-disable-echo | grep -q 'rc=0 status=0 out=0000000000000000$' &&
	grep -q '^tetdh: agent echo (0) disabled: disabled by the admin agent' "$L"; echo $?)" \
	"admin disables echo (TETD_AGENT_DISABLE from the agent world)"
t "$(call echo-disabled | grep -qE 'rc=[1-9]'; echo $?)" "echo refuses calls once disabled"
t "$(call admin-query-echo | grep -q 'rc=0 status=0 out=03000000$'; echo $?)" \
	"admin's query shows echo disabled (state 3)"
t "$(grep -q '^tetd-init: powering off' "$L" && [ "$rc" = 0 ]; echo $?)" "the TD ran on and powered off (tetdh-run exit $rc)"
