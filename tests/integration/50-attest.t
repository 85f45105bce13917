#!/usr/bin/env bash
# 50-attest.t - remote attestation end to end, on the evidence of ONE tetdh
# boot (tools/tetdh-run, inside the host VM where there is no hardware KVM),
# then offline: the reference values tools/tetd-measure computes from the
# image files alone, the CCEL log the guest printed, the quote, a policy.
#   - tetd-eventlog decodes the log; its digests equal tpm2_eventlog's on
#     every event and its replay equals the quoted RTMRs (also for a log with
#     four banks, tools/attest/mkevidence multibank)
#   - tetd-attest passes the boot and lists the agents
#   - and fails, each with its reason, for: one byte changed in an agent
#     (reference from an image whose agent differs), an extra agent
#     (reference from an image with one more agent; and a policy that does
#     not allow one of the booted agents), a changed kernel command line, a
#     stale nonce, a forged quote signature, an event log with one event
#     removed and with two events swapped; bad verifier inputs exit 2.
# The boot is retried only on the known intermittent host-VM failures
# (lib.sh tetdh_run_retry: guest triple fault, kernel panic, silent host-VM
# death; docs/tetdh.md).
# ATTEST_EVIDENCE=DIR reuses a boot instead (DIR: boot.log, tetd.fd,
# vmlinuz, initramfs.cpio.gz, qe-cert.pem, nonce - what this test keeps in
# $O/tests/50-attest/). TAP output for prove.
set -uo pipefail

TOP=$(cd "$(dirname "$0")/../.." && pwd)
O=${O:-$TOP/build}
. "$TOP/tests/integration/lib.sh"

command -v qemu-system-x86_64 >/dev/null || skip_all "qemu-system-x86_64 not installed"

W=$O/tests/50-attest
T=$O/tools
ATTEST=$T/tetd-attest MEASURE=$T/tetd-measure EVENTLOG=$T/tetd-eventlog
MKEV=$T/attest/mkevidence AGENT=$T/tetd-agent
MEM=512M SMP=2 APPEND="console=ttyS0 panic=-1"

targets="attest tetd-agent $MKEV"
[ -n "${ATTEST_EVIDENCE:-}" ] || targets="$targets tetdh image hostvm-base"
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s --no-print-directory -C "$TOP" \
	$targets >"$O/tests/50-build.log" 2>&1
check "the attestation tools (and tetdh, the image, the host VM) build" test $? = 0
[ -x "$ATTEST" ] && [ -x "$MEASURE" ] && [ -x "$EVENTLOG" ] && [ -x "$MKEV" ] ||
	{ not_ok "tools built (see $O/tests/50-build.log)"; done_testing; }

# ---- the boot (or a kept one) ----
if [ -n "${ATTEST_EVIDENCE:-}" ]; then
	W=$ATTEST_EVIDENCE
	diag "reusing the evidence in $W"
else
	rm -rf "$W" && mkdir -p "$W"
	# The very files that boot, kept: a rebuild of image/out during the test
	# must not change what the reference is computed from.
	cp "$TOP/image/out/tetd.fd" "$TOP/image/out/vmlinuz" "$TOP/image/out/initramfs.cpio.gz" "$W/"
	od -A n -N 32 -t x1 /dev/urandom | tr -d ' \n' >"$W/nonce"
	NONCE=$(cat "$W/nonce") FD=$W/tetd.fd KERNEL=$W/vmlinuz INITRD=$W/initramfs.cpio.gz \
		MEM=$MEM SMP=$SMP APPEND=$APPEND tetdh_run_retry "$W/boot.log" "$W/run.txt" --timeout 180
	diag "tetdh-run exit status $TETDH_RC"
	cp "$O/run/state/qe-cert.pem" "$W/qe-cert.pem"
fi
nonce=$(cat "$W/nonce")
L=$W/boot.clean
tr -d '\r' <"$W/boot.log" >"$L"
check "the guest printed its event log and quote" grep -q '^TETD-QUOTE-END$' "$L"

# Base64 between MARK-BEGIN and MARK-END. A kernel message can interrupt a
# base64 line on the console ("//[    8.61] tetdg: ..."): it is cut off,
# keeping the base64 before it; the decoded size must be the announced one.
extract() {
	local len
	len=$(sed -n "s/^$1-BEGIN len=\([0-9]*\).*/\1/p" "$L" | head -n1)
	sed -n "/^$1-BEGIN/,/^$1-END\$/p" "$L" | sed -E 's/\[ *[0-9]+\.[0-9]+\] .*$//' |
		grep -E '^[A-Za-z0-9+/]+=*$' | base64 -d >"$2" 2>/dev/null
	[ -n "$len" ] && [ "$(stat -c %s "$2")" = "$len" ]
}
check "event log extracted, its announced size" extract TETD-EVLOG "$W/evlog.raw"
check "quote extracted, its announced size" extract TETD-QUOTE "$W/quote.bin"
cert=$W/qe-cert.pem log=$W/evlog.raw q=$W/quote.bin
if [ ! -s "$log" ] || [ ! -s "$q" ]; then
	diag "no evidence to check (the boot's console: $W/boot.log):"
	diag "$(grep -vE '^[A-Za-z0-9+/]+=*$' "$L" | tail -n 8)"
	done_testing
fi

# ---- the event log for people, and tpm2_eventlog's view of it ----
"$EVENTLOG" "$log" >"$W/eventlog.txt" 2>&1
check "tetd-eventlog decodes the log" grep -q 'TETZ zone:' "$W/eventlog.txt"
head -c $((1 << 20)) "$W/tetd.fd" >"$W/cfv.bin"
"$AGENT" list --json "$W/cfv.bin" >"$W/volume.json"
nag=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["agents"]))' "$W/volume.json")
check "tetd-eventlog names every agent of the image's volume ($nag)" \
	test "$(grep -c 'TETA agent loaded' "$W/eventlog.txt")" = "$nag"
"$EVENTLOG" --json "$log" >"$W/eventlog.json"
"$EVENTLOG" --cut "$W/evlog.cut" "$log" 2>/dev/null
tpm2_eventlog "$W/evlog.cut" >"$W/evlog.yaml" 2>"$W/evlog.yaml.err"
check "tpm2_eventlog parses the log" grep -q '^pcrs:' "$W/evlog.yaml"

# compare JSON YAML [quoted-registers]: every event's type, register and
# digest per bank, and the replay of every register both computed.
cat >"$W/compare.py" <<'PY'
import json, re, sys
ours = json.load(open(sys.argv[1]))
ev, cur, alg, pcrs, sect = [], None, None, {}, None
for line in open(sys.argv[2]):
    line = line.rstrip("\n")
    m = re.match(r"^- EventNum: (\d+)", line)
    if m:
        cur = {"num": int(m.group(1)), "digests": {}}
        ev.append(cur)
        continue
    if line.startswith("pcrs:"):
        sect, cur = "pcrs", None
        continue
    if sect == "pcrs":
        m = re.match(r"^  (\w+):\s*$", line)
        if m:
            alg = m.group(1)
            continue
        m = re.match(r"^\s+(\d+)\s*:\s*0x([0-9A-Fa-f]+)", line)
        if m:
            pcrs.setdefault(alg, {})[int(m.group(1))] = m.group(2).lower()
        continue
    if cur is None:
        continue
    m = re.match(r"^  (PCRIndex|EventType): (\S+)", line)
    if m:
        cur[m.group(1)] = m.group(2)
    m = re.match(r"^  - AlgorithmId: (\w+)", line)
    if m:
        alg = m.group(1)
    m = re.match(r'^    Digest: "([0-9a-fA-F]+)"', line)
    if m and cur["num"] > 0:
        cur["digests"][alg] = m.group(1).lower()
tpm = [e for e in ev if e["num"] > 0]
bad = []
if len(tpm) != len(ours["events"]):
    bad.append("event count: tpm2_eventlog %d, tetd-eventlog %d" % (len(tpm), len(ours["events"])))
noaction = set()
for a, b in zip(ours["events"], tpm):
    if str(a["mr"]) != b.get("PCRIndex") or a["type_name"] != b.get("EventType") or a["digests"] != b["digests"]:
        bad.append("event %d differs: %s / %s" % (a["index"], a, b))
    if a["type_name"] == "EV_NO_ACTION":
        noaction.add(a["mr"])
# tpm2-tools 5.4 also extends EV_NO_ACTION events and ignores StartupLocality
# (the TCG PFP spec extends neither): registers with such events differ.
for alg, regs in ours["replay"].items():
    for r, v in regs.items():
        if int(r) in noaction or int(r) == 0:
            continue
        if pcrs.get(alg, {}).get(int(r)) != v:
            bad.append("replay %s[%s]: ours %s, tpm2_eventlog %s" % (alg, r, v, pcrs.get(alg, {}).get(int(r))))
for r, v in enumerate(sys.argv[3:]):
    if ours["replay"].get("sha384", {}).get(str(r + 1), "0" * 96) != v:
        bad.append("RTMR%d: log replays to %s, the TDREPORT has %s" % (r, ours["replay"]["sha384"].get(str(r + 1)), v))
print("\n".join(bad) if bad else "%d events agree" % len(tpm))
sys.exit(1 if bad else 0)
PY
regs=()
for i in 0 1 2 3; do regs+=("$(sed -n "s/^rtmr$i: \([0-9a-f]\{96\}\)\$/\1/p" "$L" | head -n1)"); done
python3 "$W/compare.py" "$W/eventlog.json" "$W/evlog.yaml" "${regs[@]}" >"$W/compare.txt" 2>&1
check "tetd-eventlog's digests equal tpm2_eventlog's on every event, its replay the TDREPORT's RTMRs ($(tail -n1 "$W/compare.txt"))" \
	grep -q 'events agree' "$W/compare.txt"
"$MKEV" multibank "$W/multibank.bin" && "$EVENTLOG" --json "$W/multibank.bin" >"$W/multibank.json" &&
	tpm2_eventlog "$W/multibank.bin" >"$W/multibank.yaml" 2>/dev/null
python3 "$W/compare.py" "$W/multibank.json" "$W/multibank.yaml" >"$W/compare-mb.txt" 2>&1
check "the same for a log with SHA-1/256/384/512 banks ($(tail -n1 "$W/compare-mb.txt"))" \
	grep -q 'events agree' "$W/compare-mb.txt"

# ---- reference values from the files alone, and a policy ----
"$MEASURE" --image "$W/tetd.fd" --kernel "$W/vmlinuz" --initrd "$W/initramfs.cpio.gz" \
	-m $MEM -smp $SMP --append "$APPEND" -o "$W/ref.json" >"$W/measure.txt" 2>&1
check "tetd-measure computes the reference values" test -s "$W/ref.json"
python3 - "$W/volume.json" "$W/policy.json" <<'PY'
import json, sys
vol = json.load(open(sys.argv[1]))
agents = {a["name"]: {"required": True, "versions": [a["version"]], "sha384": [a["sha384"]]}
          for a in vol["agents"]}
json.dump({"schema": "tetd-policy/1", "agents": agents, "allow_unknown_agents": False,
           "allow_rejected_agents": False, "seed_sources": ["rdseed", "rdrand"]},
          open(sys.argv[2], "w"), indent=1)
PY
attest() { # OUT REF [extra args]: tetd-attest on this boot's evidence
	local out=$1 ref=$2
	shift 2
	"$ATTEST" --cert "$cert" --nonce "$nonce" --eventlog "$log" --reference "$ref" "$@" "$q" \
		>"$W/$out.txt" 2>&1
	echo $? >"$W/$out.rc"
}
failed_with() { # OUT REGEX: exit 1 and a reason line matching
	[ "$(cat "$W/$1.rc")" = 1 ] && grep -qE "^  reason: $2" "$W/$1.txt"
}

attest pass "$W/ref.json" --policy "$W/policy.json"
check "tetd-attest: PASS (quote, pinned key, nonce, MRTD, log replay, reference, policy)" \
	grep -q '^tetd-attest: PASS: .*event log replays to the RTMRs, events as referenced, policy holds' "$W/pass.txt"
check "... exit status 0" test "$(cat "$W/pass.rc")" = 0
check "... the attested agents are listed ($nag)" test "$(grep -c '^  agent: ' "$W/pass.txt")" = "$nag"
sed -n 's/^  \(agent\|zone\): /\1: /p' "$W/pass.txt" | while read -r l; do diag "$l"; done
"$ATTEST" --cert "$cert" --nonce "$nonce" --eventlog "$log" --reference "$W/ref.json" \
	--policy "$W/policy.json" --json "$q" >"$W/pass.json"
check "--json: verdict pass, $nag agents, the zone" python3 -c '
import json, sys
j, n = json.load(open(sys.argv[1])), int(sys.argv[2])
sys.exit(0 if j["verdict"] == "pass" and len(j["agents"]) == n and j["zone"]["agents_loaded"] == n else 1)' "$W/pass.json" "$nag"

# ---- the ways it must fail ----
# An image whose agent differs by one byte (a letter of a string in its
# data), packed and spliced into the CFV as make image does.
mkdir -p "$W/agents"
python3 - "$W/volume.json" "$W/cfv.bin" "$W/agents" <<'PY'
import json, re, sys
vol = json.load(open(sys.argv[1]))
cfv = open(sys.argv[2], "rb").read()
for a in vol["agents"]:
    elf = cfv[a["offset"]:a["offset"] + a["size"]]
    open("%s/%s.elf" % (sys.argv[3], a["name"]), "wb").write(elf)
first = vol["agents"][0]
elf = bytearray(cfv[first["offset"]:first["offset"] + first["size"]])
m = re.search(rb"[a-z]{6,}", bytes(elf[0x200:]))       # a word in its strings
i = 0x200 + m.start()
elf[i] = ord("x") if elf[i] != ord("x") else ord("y")
open("%s/%s-changed.elf" % (sys.argv[3], first["name"]), "wb").write(elf)
# The same agent under another name and id: one more agent.
elf = bytearray(cfv[first["offset"]:first["offset"] + first["size"]])
d = elf.find(b"TAGT")
elf[d + 12:d + 16] = (0x77).to_bytes(4, "little")
elf[d + 16:d + 48] = b"extra".ljust(32, b"\0")
open("%s/extra.elf" % sys.argv[3], "wb").write(elf)
PY
read -r -a names < <("$AGENT" list --json "$W/cfv.bin" | python3 -c 'import json,sys; print(" ".join(a["name"] for a in json.load(sys.stdin)["agents"]))')
image_with() { # OUT ELF...: tetd.fd with a volume of these agents
	local out=$1
	shift
	"$AGENT" pack -o "$W/vol.tmp" "$@" >/dev/null || return 1
	{ cat "$W/vol.tmp"; head -c $(( (1 << 20) - $(stat -c %s "$W/vol.tmp") )) /dev/zero | tr '\0' '\377'
	  tail -c +$(( (1 << 20) + 1 )) "$W/tetd.fd"; } >"$out"
}
elfs=()
for n in "${names[@]}"; do elfs+=("$W/agents/$n.elf"); done
changed=("$W/agents/${names[0]}-changed.elf" "${elfs[@]:1}")
image_with "$W/changed.fd" "${changed[@]}" &&
	"$MEASURE" --image "$W/changed.fd" --kernel "$W/vmlinuz" --initrd "$W/initramfs.cpio.gz" \
		-m $MEM -smp $SMP --append "$APPEND" -o "$W/ref-changed.json" >/dev/null
attest changed "$W/ref-changed.json"
check "an agent with one byte changed: agent '${names[0]}' sha384 differs" \
	failed_with changed "agent '${names[0]}' \(log event [0-9]+\): sha384 expected [0-9a-f]{96} \(reference [^)]*\), log has [0-9a-f]{96}"

image_with "$W/extra.fd" "${elfs[@]}" "$W/agents/extra.elf" &&
	"$MEASURE" --image "$W/extra.fd" --kernel "$W/vmlinuz" --initrd "$W/initramfs.cpio.gz" \
		-m $MEM -smp $SMP --append "$APPEND" -o "$W/ref-extra.json" >/dev/null
attest extra "$W/ref-extra.json"
check "a reference with one more agent: agent 'extra' missing from the log" \
	failed_with extra "agent 'extra' \(reference volume entry $nag, loaded\) is missing from the log"
python3 - "$W/policy.json" "$W/policy-less.json" "${names[2]}" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
del p["agents"][sys.argv[3]]
json.dump(p, open(sys.argv[2], "w"))
PY
attest unknown "$W/ref.json" --policy "$W/policy-less.json"
check "a policy without '${names[2]}' (no unknown agents): that agent is unexpected" \
	failed_with unknown "policy: unexpected agent '${names[2]}' \(log event [0-9]+\)"

"$MEASURE" --image "$W/tetd.fd" --kernel "$W/vmlinuz" --initrd "$W/initramfs.cpio.gz" \
	-m $MEM -smp $SMP --append "$APPEND quiet" -o "$W/ref-cmdline.json" >/dev/null
attest cmdline "$W/ref-cmdline.json"
check "a reference for another command line: RTMR1's cmdline event differs" \
	failed_with cmdline "RTMR1 event 3 \(log event 4\): expected EV_IPL \"$APPEND quiet tetd.nonce=$nonce\" \(cmdline\), log has EV_IPL \"$APPEND tetd.nonce=$nonce\""

stale=$(od -A n -N 32 -t x1 /dev/urandom | tr -d ' \n')
"$ATTEST" --cert "$cert" --nonce "$stale" --eventlog "$log" --reference "$W/ref.json" "$q" \
	>"$W/stale.txt" 2>&1
echo $? >"$W/stale.rc"
check "a stale nonce: REPORTDATA does not bind it" \
	failed_with stale "REPORTDATA does not bind the nonce $stale: quote has ${nonce:0:16}"

cp "$q" "$W/forged.bin"
off=$((632 + 4 + 10))                   # a byte of the ECDSA signature
printf "$(printf '\\%03o' $(( $(od -A n -t u1 -j $off -N 1 "$q") ^ 1 )))" |
	dd of="$W/forged.bin" bs=1 seek=$off conv=notrunc 2>/dev/null
"$ATTEST" --cert "$cert" --nonce "$nonce" --eventlog "$log" --reference "$W/ref.json" \
	"$W/forged.bin" >"$W/forged.txt" 2>&1
echo $? >"$W/forged.rc"
check "a forged quote signature (one byte): the signature fails" \
	failed_with forged "quote: .*signature"

# Event-log surgery by the offsets tetd-eventlog reports.
cat >"$W/edit.py" <<'PY'
import json, sys
j = json.load(open(sys.argv[1])); raw = open(sys.argv[2], "rb").read()
ev = {e["index"]: raw[e["offset"]:e["offset"] + e["size"]] for e in j["events"]}
start = j["events"][0]["offset"]; end = j["end"]
order = [e["index"] for e in j["events"]]
if sys.argv[3] == "remove":
    order.remove(int(sys.argv[4]))
else:
    a, b = order.index(int(sys.argv[4])), order.index(int(sys.argv[5]))
    order[a], order[b] = order[b], order[a]
out = raw[:start] + b"".join(ev[i] for i in order)
open(sys.argv[-1], "wb").write(out + b"\xff" * (len(raw) - len(out)))
PY
second=$(python3 -c 'import json,sys; print([e["index"] for e in json.load(open(sys.argv[1]))["events"] if e["decoded"].get("tag") == "TETA"][1])' "$W/eventlog.json")
python3 "$W/edit.py" "$W/eventlog.json" "$log" remove "$second" "$W/removed.raw"
"$ATTEST" --cert "$cert" --nonce "$nonce" --eventlog "$W/removed.raw" --reference "$W/ref.json" \
	"$q" >"$W/removed.txt" 2>&1
echo $? >"$W/removed.rc"
check "an event log with one event (an agent) removed: RTMR3 replay differs" \
	failed_with removed "RTMR3: the event log replays to [0-9a-f]{96}, the quote has"
check "... and the agent is missing" failed_with removed "agent '${names[1]}' \(reference volume entry 1, loaded\) is missing"
python3 "$W/edit.py" "$W/eventlog.json" "$log" swap "$((second - 1))" "$second" "$W/swapped.raw"
"$ATTEST" --cert "$cert" --nonce "$nonce" --eventlog "$W/swapped.raw" --reference "$W/ref.json" \
	"$q" >"$W/swapped.txt" 2>&1
echo $? >"$W/swapped.rc"
check "an event log with two (agent) events swapped: RTMR3 replay differs" \
	failed_with swapped "RTMR3: the event log replays to [0-9a-f]{96}, the quote has"
check "... and the order is named" failed_with swapped "agent '${names[0]}' \(log event [0-9]+\) comes after '${names[1]}'"

# Bad verifier inputs are usage errors, not verdicts.
echo '{"schema": "tetd-reference/1"' >"$W/broken.json"
"$ATTEST" --cert "$cert" --nonce "$nonce" --eventlog "$log" --reference "$W/broken.json" "$q" \
	>/dev/null 2>"$W/broken.err"
rc=$?
check "a malformed reference file: exit 2 with the JSON error" \
	bash -c "[ $rc = 2 ] && grep -q 'reference: not JSON' '$W/broken.err'"
"$ATTEST" --cert "$cert" --nonce "$nonce" --eventlog "$W/nonexistent" "$q" >/dev/null 2>&1
check "a missing event log file: exit 2" test $? = 2
"$ATTEST" --cert "$cert" --nonce "$nonce" --policy "$W/policy.json" "$q" >/dev/null 2>&1
check "--policy without --eventlog: exit 2" test $? = 2
done_testing
