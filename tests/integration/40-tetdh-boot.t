#!/usr/bin/env bash
# 40-tetdh-boot.t - the TD image under tetdh (inside the host VM on
# machines without usable hardware KVM): boots to init with two vCPUs, the
# firmware takes the TD path (TD HOB, tdx backend), the TDREPORT's MRTD is
# tetdh's and an independent computation from the image, and every RTMR
# equals the replay of the CCEL log the guest sees; the guest's quote
# (GetQuote) verifies with tools/tetd-attest against the pinned quoting-key
# certificate and the run's nonce, and fails when one byte of the quote,
# the nonce or the pinned key is wrong. The pre-kernel agents load, the
# firmware seals the zone, and afterwards a read of the zone from the
# firmware and one from the guest (/dev/mem) see no zone data and are
# counted as violations by tetdh. Agent calls answer through the driver;
# keyvault's Ed25519 signature verifies with OpenSSL on the host, and not
# for another message; kintegrity takes its text baseline through a grant
# (TETD_AGENT_ACCESS), says intact, says modified at the chunk a test
# module patched, and intact once the byte is back. TAP output for prove.
set -uo pipefail

TOP=$(cd "$(dirname "$0")/../.." && pwd)
O=${O:-$TOP/build}
. "$TOP/tests/integration/lib.sh"

command -v qemu-system-x86_64 >/dev/null || skip_all "qemu-system-x86_64 not installed"
plan 48

env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s --no-print-directory -C "$TOP" \
	tetdh attest image hostvm-base >"$O/tests/40-build.log" 2>&1
t $? "tetdh, the image and the host VM build"

log=$O/tests/40-tetdh-boot.log
# Known open problem: about one boot in six inside the TCG host VM (nested
# SVM) dies with a guest triple fault, a guest kernel panic, or the host
# VM's own kernel crashing, all from corrupted CPU state (docs/tetdh.md).
# Only those failures are retried (tetdh_run_retry, lib.sh), and every retry is
# reported; any other failure fails the test.
# (tools/tetdh-run boots with panic=-1, so a panic ends the run at once.)
nonce=$(od -A n -N 32 -t x1 /dev/urandom | tr -d ' \n')
LISTEN=5 APPEND="console=ttyS0 panic=-1 tetd.test=calls" NONCE=$nonce \
	tetdh_run_retry "$log" "$O/tests/40-summary.txt" --summary --timeout 180
rc=$TETDH_RC
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

# Agents and the sealed zone.
nag=$(sed -e 's/#.*//' "$TOP/image/agents.conf" | tr -s ' \t' '\n' | grep -c .)
t "$(grep -q "^tetd: agent volume: $nag agents$" "$L"; echo $?)" "firmware found the $nag agents of image/agents.conf"
t "$([ "$(grep -cE "^tetd: agent [0-9]+ '[a-z0-9_-]+' .* ready: " "$L")" = "$nag" ]; echo $?)" \
	"all $nag agents initialised in the zone"
t "$(grep -q '^tetdh: vCPU 0 sealed the zone 0xc00000+0x400000' "$L"; echo $?)" "tetdh sealed the zone (TETD_ZONE_SEAL)"
t "$(grep -q '^tetd: zone sealed by the host; isolation: enforced$' "$L"; echo $?)" "firmware: isolation enforced"
t "$(grep -q '^tetd: zone probe after seal: ffffffffffffffff (no zone data)$' "$L"; echo $?)" \
	"firmware's read of the sealed zone sees no zone data"
t "$(grep -q "^TETD-TABLE platform=tetdh isolation=enforced zone=0xc00000+0x400000 agents=$nag rejected=0$" "$L"; echo $?)" \
	"guest's TETD table: platform=tetdh, isolation=enforced, $nag agents"
t "$(grep -q '^TETD-ZONE-PROBE ffffffffffffffff$' "$L"; echo $?)" "guest's /dev/mem read of the zone sees no zone data"
viol=$(sed -n 's/^tetdh: zone 0xc00000+0x400000: sealed, \([0-9]*\) violations.*/\1/p' "$L")
echo "# tetdh counted ${viol:-no} zone violations"
t "$([ "${viol:-0}" -ge 2 ]; echo $?)" "tetdh counted both reads as violations"
t "$(grep -q 'zone violation 1: vCPU 0 access read 0xc00000+8' "$L"; echo $?)" \
	"the firmware's probe is the first violation, logged with its GPA"

# Agent calls through the driver (TETD_VMM_ENTER), run in the agent world.
hello=$(echo -n "hello, agent" | od -A n -t x1 | tr -d ' \n')
t "$(grep -q '^tetdh: agent world: [0-9]* agents, zone 0xc00000+0x400000 read-write' "$L"; echo $?)" \
	"tetdh built the agent world after the seal"
t "$(grep -q "^TETD-CALL echo-exclusive rc=0 status=0 out=$hello$" "$L"; echo $?)" \
	"echo call, exclusive mode: the input comes back"
t "$(grep -q "^TETD-CALL echo-collaborative rc=0 status=0 out=$hello$" "$L"; echo $?)" \
	"echo call, collaborative mode: the input comes back"
t "$(grep -qE '^TETD-CALL keyvault-id rc=0 status=0 out=[0-9a-f]{64}$' "$L"; echo $?)" \
	"keyvault returns its 32-byte public key id"
t "$(grep -qE '^TETD-CALL keyvault-mac rc=0 status=0 out=[0-9a-f]{64}$' "$L"; echo $?)" \
	"keyvault MACs a message (32 bytes)"
# keyvault's Ed25519 key (fn 4) and signature over "hello, agent" (fn 3),
# checked on this host by OpenSSL (tools/ed25519-verify).
kv_pub=$(sed -n 's/^TETD-CALL keyvault-pubkey rc=0 status=0 out=\([0-9a-f]\{64\}\)$/\1/p' "$L" | head -n1)
kv_sig=$(sed -n 's/^TETD-CALL keyvault-sign rc=0 status=0 out=\([0-9a-f]\{128\}\)$/\1/p' "$L" | head -n1)
echo "# keyvault ed25519 public key ${kv_pub:-none}"
t "$([ -n "$kv_pub" ]; echo $?)" "keyvault returns its Ed25519 public key (32 bytes)"
t "$([ -n "$kv_sig" ]; echo $?)" "keyvault signs a message (64 bytes)"
"$TOP/tools/ed25519-verify" "$kv_pub" "$kv_sig" "$hello" 2>&1 | sed 's/^/# /'
t "${PIPESTATUS[0]}" "the signature verifies on the host (OpenSSL) under that public key"
other_msg=$(echo -n "hello, agent!" | od -A n -t x1 | tr -d ' \n')
"$TOP/tools/ed25519-verify" "$kv_pub" "$kv_sig" "$other_msg" >/dev/null 2>&1
t "$([ $? = 1 ]; echo $?)" "the same signature over a different message does not verify"
t "$(grep -qF "keyvault:   Ed25519 signature over \"hello, agent\" verified by OpenSSL (public key ${kv_pub:0:16}...)" \
	"$O/tests/40-summary.txt"; echo $?)" "the run summary reports the signature verified"
# kintegrity: grant, baseline, intact / modified at the patched chunk / intact
hexs() { printf '%s' "$1" | od -A n -t x1 | tr -d ' \n'; }
read -r tgpa tlen < <(sed -n 's/^TETD-GRANT kintegrity rc=0 granted: kintegrity may read \(0x[0-9a-f]*\)+\(0x[0-9a-f]*\)$/\1 \2/p' "$L")
t "$([ -n "${tlen:-}" ]; echo $?)" "kintegrity granted the kernel's code through TETD_AGENT_ACCESS (${tgpa:-?}+${tlen:-?})"
t "$(grep -qE '^TETD-CALL kintegrity-baseline rc=0 status=0 out=[0-9a-f]{96}$' "$L"; echo $?)" \
	"kintegrity takes its text baseline in the agent world"
t "$(grep -q "^TETD-CALL kintegrity-check rc=0 status=0 out=$(hexs intact)$" "$L"; echo $?)" \
	"kintegrity: intact"
patched=$(sed -n 's/^tetd-init: tetd_ktext_patch: patched kernel text at phys \(0x[0-9a-f]*\) .*/\1/p' "$L" | head -n1)
chunk=none
[ -n "$patched" ] && [ -n "${tgpa:-}" ] && chunk=$(printf '0x%x' $((tgpa + (patched - tgpa) / 65536 * 65536)))
t "$(grep -q "^TETD-CALL kintegrity-check-patched rc=0 status=0 out=$(hexs "modified at $chunk")$" "$L"; echo $?)" \
	"kintegrity: modified at $chunk after a module patched one byte of kernel text (${patched:-none})"
t "$(grep -q "^TETD-CALL kintegrity-check-restored rc=0 status=0 out=$(hexs intact)$" "$L"; echo $?)" \
	"kintegrity: intact again once the byte is restored"
conc=$(sed -n 's/^TETD-CONCURRENCY concurrency //p' "$L")
echo "# concurrent echo calls: ${conc:-none}"
t "$(echo "$conc" | grep -qE '^cpus=2 calls=25 ok=50 mismatched=0 errors=0$'; echo $?)" \
	"25 echo calls from each vCPU at once: none lost, none crossed"
t "$(grep -q 'tetdh-listen: .* call(s) completed, [5-9][0-9]* in total\|tetdh-listen: .* call(s) completed, [1-9][0-9][0-9]* in total' "$log.listen" 2>/dev/null; echo $?)" \
	"a host listener's eventfd counted the completed agent calls (tools/tetdh-listen)"
sed 's/^/# /' "$log.listen" 2>/dev/null | head -n 3

# The quote: verified by tetd-attest as the summary did, then tampered with.
attest=$O/tools/tetd-attest cert=$O/run/state/qe-cert.pem q=$log.quote
t "$(grep -q '^TETD-QUOTE-BEGIN len=[0-9]*$' "$L"; echo $?)" "guest obtained a quote (TDG.VP.VMCALL<GetQuote>)"
t "$(grep -q '^tetd-init: quote from the tetdg driver (quote: [0-9]* bytes)$' "$L"; echo $?)" \
	"the quote came through the driver (tetd-call quote, TETDG_IOC_QUOTE)"
t "$(grep -q '^quote: .*tetd-attest: PASS' "$O/tests/40-summary.txt"; echo $?)" \
	"the quote verifies: pinned key, nonce, MRTD, RTMRs = event-log replay"
"$attest" --cert "$cert" --nonce "$nonce" --mrtd "$mrtd_ref" "$q" >"$O/tests/40-attest.txt"
t $? "tetd-attest passes the quote against the image's own MRTD"
# One byte changed inside the signed body (an RTMR0 byte) must fail.
cp "$q" "$q.bad"
off=$((48 + 328 + 5))
printf "$(printf '\\%03o' $(( ($(od -A n -t u1 -j $off -N 1 "$q") ^ 1) )))" |
	dd of="$q.bad" bs=1 seek=$off conv=notrunc 2>/dev/null
"$attest" --cert "$cert" --nonce "$nonce" "$q.bad" >"$O/tests/40-attest-bad.txt"
t "$([ $? = 1 ] && grep -q 'reason: quote: .*signature' "$O/tests/40-attest-bad.txt"; echo $?)" \
	"a quote with one body byte changed fails on its signature"
"$attest" --cert "$cert" --nonce "$(od -A n -N 32 -t x1 /dev/urandom | tr -d ' \n')" \
	"$q" >"$O/tests/40-attest-nonce.txt"
t "$([ $? = 1 ] && grep -q 'reason: REPORTDATA does not bind the nonce' "$O/tests/40-attest-nonce.txt"; echo $?)" \
	"a quote checked against another nonce fails (stale nonce)"
other=$O/tests/40-other-state
rm -rf "$other" && "$O/tetdh/tetdh" --state "$other" --qe-cert >"$other.pem"
"$attest" --cert "$other.pem" --nonce "$nonce" "$q" >"$O/tests/40-attest-key.txt"
t "$([ $? = 1 ] && grep -q 'not the pinned one' "$O/tests/40-attest-key.txt"; echo $?)" \
	"a quote checked against another quoting key's certificate fails"
case $mrtd_ref in 0*) mrtd_bad=1${mrtd_ref#?} ;; *) mrtd_bad=0${mrtd_ref#?} ;; esac
"$attest" --cert "$cert" --nonce "$nonce" --mrtd "$mrtd_bad" "$q" >"$O/tests/40-attest-mrtd.txt"
t "$([ $? = 1 ] && grep -q 'reason: MRTD: expected' "$O/tests/40-attest-mrtd.txt"; echo $?)" \
	"a quote checked against a different MRTD fails"
echo "# tetdh-run exit status $rc"
