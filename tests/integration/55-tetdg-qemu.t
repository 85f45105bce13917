#!/usr/bin/env bash
# tests/integration/55-tetdg-qemu.t - the guest driver tetdg.ko under plain
# QEMU. Boot 1 (the image, `tetd.test=tetdg`): init loads the module,
# /proc/tetdg_info, `tetd-call list` (text and JSON) and `tetd-call info`
# agree with the ACPI TETD table init parses itself (names, ids, versions,
# states, digests) and say platform qemu / isolation none / no TDCALL
# transport; `tetd-call report` fails with the "no TDX module or tetdh"
# error, `tetd-call call` answers through the in-guest call path; the
# guest-side ioctl checker gets every documented errno; rmmod removes
# /dev/tetd and /proc/tetdg_info and the module loads again. Boot 2
# (QEMU's SeaBIOS, which publishes a TETD table passed with -acpitable):
# a malformed table (an agent name without NUL) makes the module refuse
# to load with the validator's reason. TAP on stdout.
set -uo pipefail
# shellcheck source=tests/integration/lib.sh disable=SC2034
. "$(dirname "$0")/lib.sh"
if [ "${1:-}" = --help ]; then sed -n '2,13p' "$0"; exit 0; fi

[ -r "$TETD_FW" ] || skip_all "no firmware at $TETD_FW (run make image)"
[ -r "$TETD_INITRD" ] || skip_all "no initramfs at $TETD_INITRD (run make image)"
zcat "$TETD_INITRD" | cpio -t 2>/dev/null | grep -q '/extra/tetdg\.ko$' ||
	skip_all "the initramfs has no tetdg.ko (run make image)"
QEMU_MEM=512M QEMU_SMP=2

# step NAME [LOG]: the output of one `TETDG-TEST NAME rc=N` step (its
# indented lines, indentation removed); step_rc NAME: its N.
step() {
	awk -v s="TETDG-TEST $1 rc=" '
		index($0, s) == 1 { on = 1; next }
		on && /^TETDG-TEST/ { exit }
		on && /^  / { print substr($0, 3) }' "${2:-$QEMU_LOG}"
}
step_rc() { sed -n "s/^TETDG-TEST $1 rc=\([0-9]*\)$/\1/p" "${2:-$QEMU_LOG}" | head -n1; }
# block BEGIN END: lines strictly between two marker lines
block() { sed -n "/^$1\$/,/^$2\$/p" "$QEMU_LOG" | sed '1d;$d'; }
# has_lines TEXT LINE...: every LINE is a whole line of TEXT
has_lines() { local t=$1 l; shift; for l; do grep -qxF -- "$l" <<<"$t" || return 1; done; }
# step_is NAME RC ERE: the step exited RC and a line of its output matches ERE
step_is() { [ "$(step_rc "$1")" = "$2" ] && step "$1" | grep -qE -- "$3"; }

# ---- 1. the image as built, with the driver checks ----
boot_qemu "" "$TETD_KERNEL" "$TETD_INITRD" "console=ttyS0 quiet tetd.test=tetdg tetd.calls=0" 180
L=$QEMU_LOG
check "QEMU exited by itself (rc=$QEMU_RC)" test "$QEMU_RC" -eq 0
check "init contract intact: TETD-INIT-OK" has_line '^TETD-INIT-OK cpus=2$'
check "init: tetdg loaded" has_line '^tetd-init: tetdg loaded$'
check "init: driver checks ran to the end" has_line '^TETDG-TEST-END$'
table=$(first_line '^TETD-TABLE ')
check "init contract intact: TETD-TABLE line" test -n "$table"
check "table: platform qemu, isolation none" \
	grep -qE '^TETD-TABLE platform=qemu isolation=none ' <<<"$table"
n=$(sed -n 's/.* agents=\([0-9]*\) .*/\1/p' <<<"$table")
zone=$(sed -n 's/.* zone=\([^ ]*\) .*/\1/p' <<<"$table")
mapfile -t AGENT_LINES < <(grep -E '^TETD-AGENT ' "$L")
check "table lists $n agents, at least one" test "${#AGENT_LINES[@]}" -eq "${n:-0}" -a "${n:-0}" -ge 1

list=$(block TETD-CALL-LIST-BEGIN TETD-CALL-LIST-END)
proc=$(step proc)
check "init's tetd-call list: one line per agent" test "$(grep -c '^index=' <<<"$list")" -eq "${n:-0}"
check "/proc/tetdg_info readable" test "$(step_rc proc)" = 0
for l in "${AGENT_LINES[@]}"; do
	# TETD-AGENT index=I name=N id=ID version=V state=S functions=F sha384=D
	read -r i name id ver st fns sha < <(sed -E 's/^TETD-AGENT index=([0-9]+) name=([^ ]+) id=([^ ]+) version=([^ ]+) state=([^ ]+) functions=([0-9]+) sha384=([0-9a-f]+)$/\1 \2 \3 \4 \5 \6 \7/' <<<"$l")
	fields="name=$name id=$id version=$ver state=$st modes=[a-z,]+ caps=[-a-z,]+ functions=$fns fn_ids=[-0-9,]+ call_buf=0x[0-9a-f]+ calls=0 errors=0 last_ns=0 sha384=$sha"
	check "$name: tetd-call list agrees with the TETD table (counters zero)" \
		grep -qE "^index=$i $fields\$" <<<"$list"
	check "$name: /proc/tetdg_info agrees with the TETD table" \
		grep -qE "^agent $i: $fields\$" <<<"$proc"
	if [ -r "$O/agents/$name.elf" ]; then
		check "$name: digest is the SHA-384 of build/agents/$name.elf" \
			test "$sha" = "$(sha384sum "$O/agents/$name.elf" | cut -d' ' -f1)"
	fi
done
check "/proc: platform qemu, isolation none" has_lines "$proc" 'platform: qemu' 'isolation: none'
check "/proc: zone as the table ($zone)" has_lines "$proc" "zone: $zone"
check "/proc: no TDCALL transport, no host asked" has_lines "$proc" 'transport: none' 'host: none'
check "/proc: agents $n, rejected 0" has_lines "$proc" "agents: $n" 'rejected: 0'
check "tetd-call list (step) = init's list" test "$(step list)" = "$list"

json_ok=$(step list-json | python3 -c '
import json, sys
text = sys.argv[1].splitlines()
agents = json.loads(sys.stdin.read())["agents"]
assert len(agents) == len(text), "count"
for a, t in zip(agents, text):
    f = dict(kv.split("=", 1) for kv in t.split())
    assert str(a["index"]) == f["index"] and a["name"] == f["name"], a["name"]
    assert hex(a["id"]) == f["id"] and a["version"] == f["version"], a["name"]
    assert a["sha384"] == f["sha384"] and a["state"] == f["state"], a["name"]
    assert ",".join(a["modes"]) == f["modes"], a["name"]
    assert ",".join(map(str, a["functions"])) == (f["fn_ids"] if f["fn_ids"] != "-" else "")
    assert a["calls"] == a["errors"] == a["last_ns"] == 0
print("ok")' "$list" 2>&1)
check "tetd-call list --json parses and matches the text list" test "$json_ok" = ok
[ "$json_ok" = ok ] || diag "$json_ok"
info=$(step info)
check "tetd-call info: platform qemu, isolation none, zone $zone, no host" has_lines "$info" \
	'platform: qemu' 'isolation: none' "zone: $zone" 'transport: none' \
	'host: none (no TDX module or tetdh to ask)'
info_json=$(step info-json | python3 -c '
import json, sys
i = json.loads(sys.stdin.read())
assert (i["platform"], i["isolation"], i["transport"], i["host"]) == ("qemu", "none", "none", None), i
assert i["agents"] == int(sys.argv[1]) and i["abi"] == 1, i
print("ok")' "$n" 2>&1)
check "tetd-call info --json parses: qemu, none, no host, $n agents" test "$info_json" = ok

check "report: exit 3, no TDX module or tetdh" step_is report 3 \
	'^tetd-call: report: no TDX module or tetdh answers TDCALLs here \(plain QEMU\?\): No such device$'
check "call: exit 0, echo answers through the in-guest call path" step_is call 0 \
	'^out: 68656c6c6f$'
check "call to an unknown agent: exit 1, names the agents" step_is call-no-agent 1 \
	"^tetd-call: call: no agent 'no-such-agent' \(agents: 0="

io=$(step ioctl-check)
while IFS= read -r c; do
	case $c in
	"ioctl-check: ok "*) ok "ioctl: ${c#ioctl-check: ok }" ;;
	"ioctl-check: FAIL "*) not_ok "ioctl: ${c#ioctl-check: FAIL }" ;;
	esac
done <<<"$io"
check "ioctl checker: exit 0, ran its checks" step_is ioctl-check 0 '^ioctl-check: [0-9]+ checks, 0 failed$'

dm=$(step dmesg)
check "dmesg: the driver's load line" grep -qE \
	"tetdg: TETD table: platform qemu, isolation none, zone ${zone//+/\\+}, $n agents \(0 rejected\), TDCALL transport none$" \
	<<<"$dm"
check "dmesg: the in-guest call path is on (no TETD host)" grep -qE \
	"tetdg: in-guest call path: zone ${zone//+/\\+}, $n agents, dispatcher 0x[0-9a-f]+ \(no isolation: no TETD host\)$" \
	<<<"$dm"
check "rmmod tetdg: exit 0" test "$(step_rc rmmod)" = 0
check "after rmmod: not in /proc/modules, no /dev/tetd, no /proc/tetdg_info" test "$(step_rc gone)" = 0
check "after rmmod: tetd-call says the module is not loaded (exit 2)" step_is list-unloaded 2 \
	'^tetd-call: /dev/tetd: tetdg module not loaded$'
check "insmod again: exit 0" test "$(step_rc reload)" = 0
check "reloaded: tetd-call lists the same agents" test "$(step_rc list-reloaded)" = 0 -a \
	"$(step list-reloaded)" = "$list"
check "no kernel oops, BUG or WARNING" bash -c "! grep -qE 'BUG:|Oops|Call Trace|WARNING:' '$L'"

# ---- 2. a malformed TETD table: the module refuses to load ----
# SeaBIOS publishes QEMU's ACPI tables, and -acpitable adds one (QEMU
# writes the header and checksum): a valid body with one agent whose name
# fills all 32 bytes.
bad=$LOGDIR/$TEST_NAME.bad-tetd.bin
python3 - "$bad" <<'PY'
import struct, sys
body = struct.pack('<IIQQIIII', 1, 0, 0xC00000, 0x400000, 1, 184, 0, 0)
agent = (b'a' * 32 + struct.pack('<6I', 0, 1, 1 << 24, 3, 0, 1) + struct.pack('<Q', 0x890000)
         + struct.pack('<17I', 1, 1, *[0] * 15) + struct.pack('<I', 0) + b'\xab' * 48)
assert len(agent) == 184
open(sys.argv[1], 'wb').write(body + agent)
PY
TETD_FW=none boot_qemu "-acpitable sig=TETD,rev=1,data=$bad" "$TETD_KERNEL" "$TETD_INITRD" \
	"console=ttyS0 quiet" 180
check "malformed table: the guest still reaches init" has_line '^TETD-INIT-OK cpus=2$'
check "malformed table: pr_err names the broken rule" has_line \
	'tetdg: malformed ACPI TETD table, refusing to load: agent 0: name not NUL-terminated$'
check "malformed table: init prints insmod's error (EBADMSG)" has_line \
	'^tetd-init: tetdg not loaded: .*Bad message$'
check "malformed table: tetd-call list says the module is not loaded" has_lines \
	"$(block TETD-CALL-LIST-BEGIN TETD-CALL-LIST-END)" 'tetd-call: /dev/tetd: tetdg module not loaded'
done_testing
