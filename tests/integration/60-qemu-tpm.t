#!/usr/bin/env bash
# tests/integration/60-qemu-tpm.t - the TPM path on plain QEMU (docs/
# measurements.md, "The TPM path"). Boot 1: tools/tpm-run (what `make
# run-qemu-tpm` runs): swtpm behind tpm-crb (image/run-qemu-tpm.sh, fresh
# state with the SHA-256 and SHA-384 banks), then its quote and verdict.
# The firmware must pick the tpm backend, log every event with both
# digests under its PCR, and read the PCRs back equal to its replay; the
# guest must find the TPM and the log (ACPI TPM2), tpm2_eventlog must
# parse it, and per bank the log's replay must equal the PCRs the guest
# read, the firmware's replay lines, and a TPM2 quote made on the host
# after the guest powered off (tools/tpm-quote, run by tools/tpm-run;
# tpm2_checkquote with the nonce; a wrong nonce must fail). The AK's
# binding (tools/tpm-quote, before its quote): ak-binding.json says the EK
# certificate chains to the local CA, certifies the TPM's EK and a
# credential for the AK activated; offline, the certificate must fail
# against another CA of the same name, a certificate from the local CA for
# another key must fail against the TPM's EK, and on the kept swtpm a
# credential for another AK name must not activate. The
# kernel/initrd/cmdline digests are
# recomputed on the host for both banks. Then, offline on that boot's
# evidence (docs/attestation.md, "TPM evidence"): tools/tetd-attest
# verifies the quote, the log and a policy against tools/tetd-measure's
# reference values of the very files that booted (PASS), and fails, each
# with its reason, for: a reference from an image whose agent differs by
# one byte, from an image with one more agent, for another command line;
# a stale nonce; a forged signature; the log with one event removed and
# with two swapped; tools/tpm-run's own summary must end in `result: PASS`,
# list the agents and say what the AK's binding checked. Boot 2: no TPM,
# backend none, the CCEL log as before.
# Skips only if swtpm cannot be installed.
set -uo pipefail
# shellcheck source=tests/integration/lib.sh disable=SC2034
. "$(dirname "$0")/lib.sh"
if [ "${1:-}" = --help ]; then sed -n '2,30p' "$0"; exit 0; fi

[ -r "$TETD_FW" ] || skip_all "no firmware at $TETD_FW (run make image)"
need=(swtpm swtpm_setup swtpm_localca openssl tpm2_eventlog tpm2_quote tpm2_checkquote tpm2_makecredential
	tpm2_activatecredential)
missing() { for t in "${need[@]}"; do command -v "$t" >/dev/null || return 0; done; return 1; }
if missing; then
	"$TOP/mk/install-deps.sh" swtpm swtpm-tools tpm2-tools >&2 || true
	missing && skip_all "swtpm/tpm2-tools cannot be installed (Debian: swtpm swtpm-tools tpm2-tools)"
fi

STATE=$LOGDIR/$TEST_NAME-swtpm
CA=$LOGDIR/$TEST_NAME-swtpm-localca  # the local CA of the EK certificates (kept across runs)
RUN=$LOGDIR/$TEST_NAME-run          # tools/tpm-run --out: its evidence
QOUT=$RUN/quote                     # tools/tpm-quote's files (QOUT.txt: the quoted values)
W=$LOGDIR/$TEST_NAME-attest
rm -rf "$STATE" "$CA" "$RUN" "$W"
mkdir -p "$STATE" "$W"

# The attestation tools, and the very files that boot, kept: a rebuild of
# image/out during the test must not change what the reference is
# computed from.
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s --no-print-directory -C "$TOP" attest tetd-agent \
	>"$W/build.log" 2>&1
ATTEST_BUILT=$?
cp "$TETD_FW" "$W/tetd.fd" && cp "$TETD_KERNEL" "$W/vmlinuz" && cp "$TETD_INITRD" "$W/initramfs.cpio.gz" ||
	skip_all "cannot copy the image files to $W"
TETD_FW=$W/tetd.fd TETD_KERNEL=$W/vmlinuz TETD_INITRD=$W/initramfs.cpio.gz
cleanup() {
	[ -n "${QEMU_PID:-}" ] && kill "$QEMU_PID" 2>/dev/null
	# the swtpm tools/tpm-run left running (SWTPM_KEEP=1)
	[ -s "$STATE/swtpm.pid" ] && grep -q swtpm "/proc/$(cat "$STATE/swtpm.pid")/cmdline" 2>/dev/null &&
		kill "$(cat "$STATE/swtpm.pid")"
	return 0
}
trap cleanup EXIT

hex64='[0-9a-f]{64}' hex96='[0-9a-f]{96}'
NONCE=$(od -A n -t x1 -N 16 /dev/urandom | tr -d ' \n')
QEMU_MEM=1G QEMU_SMP=2
APPEND="console=ttyS0 quiet"

# ---- boot 1: with swtpm, by tools/tpm-run ---------------------------------
# It boots with -no-shutdown (at the guest's power-off QEMU stops instead
# of exiting, so its normal exit, which shuts swtpm down, never runs), ends
# QEMU with kill -9, quotes the PCRs the log extends with our nonce
# (tools/tpm-quote; files in $QOUT) and verifies them. SWTPM_KEEP=1: swtpm
# is left running, so that this test can see it survived QEMU.
_boot_seq=1
QEMU_LOG=$LOGDIR/$TEST_NAME-$_boot_seq.log L=$LOGDIR/$TEST_NAME-$_boot_seq.log
SUMMARY=$LOGDIR/$TEST_NAME-run.txt
t0=$SECONDS
O=$O FD=$TETD_FW KERNEL=$TETD_KERNEL INITRD=$TETD_INITRD APPEND=$APPEND MEM=$QEMU_MEM SMP=$QEMU_SMP \
	QEMU_ACCEL=$TEST_ACCEL SWTPM_STATE=$STATE SWTPM_CA=$CA SWTPM_KEEP=1 NONCE=$NONCE \
	"$TOP/tools/tpm-run" --log "$L" --out "$RUN" --timeout 240 </dev/null >"$SUMMARY" 2>&1
TPM_RUN_RC=$?
diag "boot 1: tools/tpm-run rc=$TPM_RUN_RC $((SECONDS - t0))s log=$L summary=$SUMMARY"
if has_line 'reboot: Power down' "$L"; then
	ok "guest powered off (TPM boot)"
else
	not_ok "guest powered off (TPM boot)"
	log_tail 20 "$L"
	diag "$(tail -n 12 "$SUMMARY")"
fi

check "swtpm still running after QEMU was stopped" \
	bash -c "kill -0 \$(cat '$STATE/swtpm.pid') 2>/dev/null"
check "firmware found the CRB TPM" has_line '^tetd: tpm: CRB at 0xfed40000 '
check "firmware: banks sha256 and sha384 allocated" \
	bash -c "grep -q '^tetd: tpm: bank sha256 ' '$L' && grep -q '^tetd: tpm: bank sha384 ' '$L'"
check "measure backend=tpm banks=sha256,sha384" has_line '^tetd: measure backend=tpm banks=sha256,sha384$'
check "no 'tetd: error' lines" bash -c "! grep -q '^tetd: error' '$L'"
check "firmware reached 'tetd: booting kernel'" has_line '^tetd: booting kernel$'
check "guest reached TETD-INIT-OK" has_line '^TETD-INIT-OK cpus=2$'
check "guest sees the TPM" has_line '^tetd-init: TPM present \(TPM 2\.x\)$'
check "no CCEL table with a TPM (the log is the TPM2 table's)" has_line '^ccel: +absent$'

# Firmware event lines: seq mr pcr sha384 sha256 desc type
mapfile -t fw_ev < <(sed -nE "s/^tetd: event ([0-9]+) mr=([0-9]+) type=0x([0-9a-f]+) desc=([^ ]+) sha384=($hex96) pcr=([0-9]+) sha256=($hex64)$/\1 \2 \6 \5 \7 \4 \3/p" "$L")
n_ev=$(grep -c '^tetd: event ' "$L")
if [ "${#fw_ev[@]}" -gt 0 ] && [ "${#fw_ev[@]}" -eq "$n_ev" ]; then
	ok "firmware printed $n_ev event lines, each with pcr= and both digests"
else
	not_ok "firmware event lines with pcr= and sha256= (${#fw_ev[@]} of $n_ev)"
fi
# The PCR map of docs/measurements.md: RTMR1 (mr 2) -> PCR 9, RTMR3 (mr 4) -> PCR 2.
bad_map=0
for e in "${fw_ev[@]}"; do
	read -r _ mr pcr _ <<<"$e"
	case $mr:$pcr in 1:1|2:9|3:8|4:2) ;; *) bad_map=1 ;; esac
done
check "every event's PCR follows the map (mr 1->1, 2->9, 3->8, 4->2)" test "$bad_map" -eq 0

# ---- the guest's log ----------------------------------------------------
raw=$LOGDIR/$TEST_NAME.tpmlog.bin
yaml=$LOGDIR/$TEST_NAME.tpmlog.yaml
parsed=$LOGDIR/$TEST_NAME.tpmlog.txt
rm -f "$raw" "$yaml" "$parsed"
len=$(sed -n 's/^TETD-TPMLOG-BEGIN len=\([0-9]*\)$/\1/p' "$L" | head -n1)
if [ -n "$len" ] && has_line '^TETD-TPMLOG-END$' &&
	sed -n '/^TETD-TPMLOG-BEGIN/,/^TETD-TPMLOG-END$/p' "$L" | grep -E '^[A-Za-z0-9+/]+=*$' |
	base64 -d >"$raw" && [ "$(stat -c %s "$raw")" -eq "$len" ] && [ "$len" -gt 0 ]; then
	ok "guest printed binary_bios_measurements ($len bytes)"
else
	not_ok "guest printed binary_bios_measurements (TETD-TPMLOG-BEGIN/END, len=)"
	diag "$(grep -E '^tetd-init:' "$L")"
fi
if [ -s "$raw" ] && tpm2_eventlog "$raw" >"$yaml" 2>"$yaml.err" && grep -q '^pcrs:' "$yaml"; then
	ok "tpm2_eventlog parses the guest's log"
else
	not_ok "tpm2_eventlog parses the guest's log"
	[ -s "$yaml.err" ] && diag "$(tail -n 5 "$yaml.err")"
fi
# (it warns, e.g., about EV_IPL events outside PCRs 8, 9, 12 and 14)
check "tpm2_eventlog has no warnings about the log" bash -c "[ -f '$yaml.err' ] && [ ! -s '$yaml.err' ]"

# An independent reader of the crypto-agile log: the Spec ID's algorithms,
# every event (PCR, type, both digests, SHA-256 of its data) and the replay
# of every bank it lists.
python3 - "$raw" >"$parsed" 2>&1 <<'PY'
import hashlib, struct, sys
b = open(sys.argv[1], 'rb').read()
names = {0x0004: 'sha1', 0x000B: 'sha256', 0x000C: 'sha384', 0x000D: 'sha512'}
esize = struct.unpack_from('<I', b, 28)[0]
spec = b[32:32 + esize]
assert spec.startswith(b'Spec ID Event03\0'), 'no Spec ID event'
nalg = struct.unpack_from('<I', spec, 24)[0]
algs = [struct.unpack_from('<HH', spec, 28 + 4 * i) for i in range(nalg)]
sizes = dict(algs)
print('algs', ','.join(names.get(a, hex(a)) for a, _ in algs))
off, rep = 32 + esize, {}
while off < len(b):
    pcr, typ, cnt = struct.unpack_from('<III', b, off)
    p, ds = off + 12, {}
    for _ in range(cnt):
        (alg,) = struct.unpack_from('<H', b, p)
        ds[alg] = b[p + 2:p + 2 + sizes[alg]]
        p += 2 + sizes[alg]
    (n,) = struct.unpack_from('<I', b, p)
    data = b[p + 4:p + 4 + n]
    off = p + 4 + n
    print('event %d %x %s %s %s' % (pcr, typ, ds.get(0xB, b'').hex(), ds.get(0xC, b'').hex(),
                                    hashlib.sha256(data).hexdigest()))
    if typ != 3:
        for alg, d in ds.items():
            k = (names[alg], pcr)
            rep[k] = hashlib.new(names[alg], rep.get(k, bytes(sizes[alg])) + d).digest()
print('end', off, len(b))
for (bank, pcr), v in sorted(rep.items()):
    print('replay %s %d %s' % (bank, pcr, v.hex()))
PY
check "log parsed to its exact end (no fill, no partial event)" \
	bash -c "awk '\$1==\"end\" && \$2==\$3 {f=1} END {exit !f}' '$parsed'"
check "Spec ID event lists sha256 and sha384" grep -qx 'algs sha256,sha384' "$parsed"

mapfile -t log_ev < <(awk '$1 == "event" && $3 != "3" { print $2, $4, $5, $3, $6 }' "$parsed")
if [ "${#fw_ev[@]}" -eq "${#log_ev[@]}" ] && [ "${#log_ev[@]}" -gt 0 ]; then
	ok "log has as many measured events as the firmware printed (${#log_ev[@]})"
else
	not_ok "log has ${#log_ev[@]} measured events, firmware printed ${#fw_ev[@]}"
fi
for i in "${!fw_ev[@]}"; do
	read -r seq _ pcr d384 d256 desc type <<<"${fw_ev[$i]}"
	read -r lpcr l256 l384 ltype ldata256 <<<"${log_ev[$i]:-}"
	if [ "$pcr" = "${lpcr:-}" ] && [ "$d256" = "${l256:-}" ] && [ "$d384" = "${l384:-}" ] &&
		[ "$type" = "${ltype:-}" ]; then
		ok "event $seq ($desc) pcr=$pcr: sha256 and sha384 as in the log"
	else
		not_ok "event $seq ($desc) pcr=$pcr sha256=$d256 sha384=$d384 vs log: ${log_ev[$i]:-missing}"
	fi
	# tetdg-early's tagged events (type 6) give only a SHA-384: their
	# SHA-256 bank digest is that of the event data (docs/measurements.md).
	if [ "$type" = 6 ]; then
		check "event $seq ($desc): sha256 = SHA-256 of its event data" test "$d256" = "${ldata256:-}"
	fi
done

# ---- host recomputation of the payload digests, both banks --------------
read -r k256 k384 < <(python3 - "$TETD_KERNEL" <<'PY'
import hashlib, sys
d = bytearray(open(sys.argv[1], 'rb').read())
d[0x210] = 0; d[0x211] &= 0x1f
for off, n in ((0x218, 8), (0x224, 2), (0x226, 2), (0x228, 4), (0x250, 8)):
    d[off:off + n] = bytes(n)
print(hashlib.sha256(d).hexdigest(), hashlib.sha384(d).hexdigest())
PY
)
declare -A want256=(
	[kernel]=$k256
	[initrd]=$(sha256sum "$TETD_INITRD" | cut -d' ' -f1)
	[cmdline]=$(printf '%s' "$APPEND" | sha256sum | cut -d' ' -f1)
)
declare -A want384=(
	[kernel]=$k384
	[initrd]=$(sha384sum "$TETD_INITRD" | cut -d' ' -f1)
	[cmdline]=$(printf '%s' "$APPEND" | sha384sum | cut -d' ' -f1)
)
for desc in kernel initrd cmdline; do
	line=$(printf '%s\n' "${fw_ev[@]}" | awk -v d="$desc" '$6 == d' | head -n1)
	read -r _ _ _ g384 g256 _ <<<"$line"
	if [ "${g256:-}" = "${want256[$desc]}" ] && [ "${g384:-}" = "${want384[$desc]}" ]; then
		ok "$desc: both digests equal the host's recomputation"
	else
		not_ok "$desc: firmware sha256=${g256:-none} sha384=${g384:-none}, host ${want256[$desc]} ${want384[$desc]}"
	fi
done

# ---- replay == firmware replay == guest's PCRs == tpm2_eventlog ---------
mapfile -t rep < <(awk '$1 == "replay" { print $2, $3, $4 }' "$parsed")
if [ "${#rep[@]}" -ge 4 ]; then ok "log replays ${#rep[@]} bank/PCR pairs"; else not_ok "log replays >= 4 bank/PCR pairs (got ${#rep[@]})"; fi
for r in "${rep[@]}"; do
	read -r bank pcr val <<<"$r"
	fwv=$(sed -nE "s/^tetd: replay pcr=$pcr $bank=([0-9a-f]+)$/\1/p" "$L" | head -n1)
	gv=$(sed -nE "s/^TETD-PCR bank=$bank index=$pcr value=([0-9a-f]+)$/\1/p" "$L" | head -n1)
	tv=$(awk -v b="$bank:" -v p="$pcr" '/^pcrs:/ {s=1; next} s && /^  [a-z0-9_]+:$/ {cur=$1; next}
		s && cur == b && $1 == p {print $3; exit}' "$yaml" | sed 's/^0x//' | tr 'A-F' 'a-f')
	if [ "$val" = "$fwv" ] && [ "$val" = "$gv" ] && [ "$val" = "$tv" ]; then
		ok "$bank PCR $pcr: replay = firmware replay = guest's PCR = tpm2_eventlog"
	else
		not_ok "$bank PCR $pcr: replay $val, firmware ${fwv:-none}, guest ${gv:-none}, tpm2_eventlog ${tv:-none}"
	fi
	check "firmware read $bank PCR $pcr back equal to its replay" \
		has_line "^tetd: tpm: pcr=$pcr $bank=$val matches the log$"
done
# Nothing unlogged in the firmware's PCRs: 0..9 without events read zero.
unlogged=
for bank in sha256 sha384; do
	for pcr in 0 1 2 3 4 5 6 7 8 9; do
		printf '%s\n' "${rep[@]}" | grep -q "^$bank $pcr " && continue
		v=$(sed -nE "s/^TETD-PCR bank=$bank index=$pcr value=([0-9a-f]+)$/\1/p" "$L" | head -n1)
		[ -n "$v" ] && [ -z "${v//0/}" ] || unlogged+=" $bank:$pcr=${v:-missing}"
	done
done
check "PCRs 0-9 without events read zero in both banks${unlogged:+ (not:$unlogged)}" test -z "$unlogged"

# ---- TPM2 quote on the host, from the swtpm the guest measured into ------
# (made by tools/tpm-run above: every PCR its log extends, in every bank)
sel=$(cat "$RUN/quote.sel" 2>/dev/null)
if [ -n "$sel" ] && [ -s "$QOUT.txt" ] && [ -s "$QOUT/quote.msg" ] && [ -s "$QOUT/quote.sig" ]; then
	ok "tools/tpm-quote (by tools/tpm-run) made a quote of $sel with the nonce"
else
	not_ok "tools/tpm-quote quote (by tools/tpm-run)"
	diag "$(tail -n 5 "$QOUT.err" 2>/dev/null)"
fi
for r in "${rep[@]}"; do
	read -r bank pcr val <<<"$r"
	q=$(awk -v b="$bank" -v p="$pcr" '$1 == "pcr" && $2 == b && $3 == p { print $4 }' "$QOUT.txt")
	check "quoted $bank PCR $pcr (swtpm's value) equals the log's replay" test "${q:-none}" = "$val"
done
check "tpm2_checkquote: AK signature, nonce and PCR digest verify" \
	bash -c "'$TOP/tools/tpm-quote' verify --out '$QOUT' --nonce '$NONCE' >'$QOUT.verify' 2>&1"
check "tpm2_checkquote refuses the quote for another nonce" \
	bash -c "! '$TOP/tools/tpm-quote' verify --out '$QOUT' --nonce '00$NONCE' >/dev/null 2>&1"

# ---- the AK's binding to the EK (tools/tpm-quote, before its quote) -------
check "swtpm_setup made the state with EK certificates by the local CA ($CA)" bash -c \
	"grep -q 'Successfully created NVRAM area 0x1c00002 for RSA 2048 EK certificate' '$STATE/swtpm_setup.log' &&
	 [ -s '$CA/swtpm-localca-rootca-cert.pem' ] && [ -s '$CA/issuercert.pem' ]"
check "ak-binding.json: EK certificate chains to the pinned CA, EK public key matches, credential activation ok" \
	python3 -c '
import json, sys
b = json.load(open(sys.argv[1]))
sys.exit(0 if all(b[k] == "ok" for k in ("ek_certificate_chain", "ek_public_key_match", "credential_activation",
                                          "verdict"))
         and b["ek_certificate"]["nv_index"] == "0x01c00002" and b["ek_certificate"]["key"] == "RSA 2048"
         and b["ca"]["subject"] == "CN=swtpm-localca-rootca"
         and b["ak_name"] == open(sys.argv[2], "rb").read().hex() else 1)' "$QOUT/ak-binding.json" "$QOUT/ak.name"
tq() { "$TOP/tools/tpm-quote" "$@"; }
ROOT=$CA/swtpm-localca-rootca-cert.pem
check "offline: the EK certificate chains to the local CA and certifies the TPM's EK" \
	tq ekcert --cert "$QOUT/ek-cert.pem" --ca "$ROOT" --ca-chain "$CA/issuercert.pem" --ek-pub "$QOUT/ek.pub.pem"
# Another CA with the very same name as the local root.
openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=swtpm-localca-rootca -days 2 \
	-keyout "$W/other-ca.key" -out "$W/other-ca.pem" >/dev/null 2>&1
tq ekcert --cert "$QOUT/ek-cert.pem" --ca "$W/other-ca.pem" --ca-chain "$CA/issuercert.pem" >"$W/other-ca.txt" 2>&1
echo $? >"$W/other-ca.rc"
check "offline: the EK certificate against another CA (same name) fails" bash -c \
	"[ \"\$(cat '$W/other-ca.rc')\" = 1 ] && grep -q 'does not chain to the pinned CA $W/other-ca.pem' '$W/other-ca.txt'"
# A certificate the local CA's signing key issues for another key: it
# chains, but is not the TPM's EK.
openssl req -new -newkey rsa:2048 -nodes -subj /CN=not-the-ek -keyout "$W/not-ek.key" 2>/dev/null |
	openssl x509 -req -CA "$CA/issuercert.pem" -CAkey "$CA/signkey.pem" -set_serial 4242 -days 2 \
		-out "$W/not-ek.pem" >/dev/null 2>&1
tq ekcert --cert "$W/not-ek.pem" --ca "$ROOT" --ca-chain "$CA/issuercert.pem" --ek-pub "$QOUT/ek.pub.pem" \
	>"$W/not-ek.txt" 2>&1
echo $? >"$W/not-ek.rc"
check "offline: a certificate from the local CA for another key fails against the TPM's EK" bash -c \
	"[ -s '$W/not-ek.pem' ] && [ \"\$(cat '$W/not-ek.rc')\" = 1 ] &&
	 grep -q \"certifies another public key than the TPM's EK\" '$W/not-ek.txt'"
# On the kept swtpm (the EK and AK contexts tools/tpm-quote left).
check "kept swtpm: a credential for the AK's name activates" \
	bash -c "'$TOP/tools/tpm-quote' activate --state '$STATE' --out '$QOUT' >'$W/activate.txt' 2>&1"
aname=$(od -A n -t x1 -v "$QOUT/ak.name" 2>/dev/null | tr -d ' \n')
other=${aname%??}$(printf '%02x' $(( (0x${aname: -2} + 1) % 256 )))
tq activate --state "$STATE" --out "$QOUT" --name "$other" >"$W/activate-other.txt" 2>&1
echo $? >"$W/activate-other.rc"
check "kept swtpm: a credential made for another AK name does not activate" bash -c \
	"[ \"\$(cat '$W/activate-other.rc')\" = 1 ] &&
	 grep -q 'credential activation: the TPM does not activate a credential made for AK name $other' '$W/activate-other.txt'"
cleanup

# ---- tetd-attest on this boot's evidence, offline ------------------------
# The evidence: the quote (TPMS_ATTEST, TPMT_SIGNATURE, the quoted values),
# the AK tools/tpm-quote made (pinned here, as a verifier would pin it),
# the guest's TCG2 log; the reference values of the files that booted
# (the command line carries no nonce on this path: --no-nonce).
T=$O/tools
ATTEST=$T/tetd-attest MEASURE=$T/tetd-measure EVENTLOG=$T/tetd-eventlog AGENT=$T/tetd-agent
check "the attestation tools build (see $W/build.log)" test "$ATTEST_BUILT" = 0
printf '%s\n' "$NONCE" >"$W/nonce"
for f in quote.msg quote.sig quote.pcrs ak.pub.pem; do cp "$QOUT/$f" "$W/" 2>/dev/null; done
cp "$raw" "$W/tpmlog.bin" 2>/dev/null
"$MEASURE" --image "$W/tetd.fd" --kernel "$W/vmlinuz" --initrd "$W/initramfs.cpio.gz" \
	--append "$APPEND" --no-nonce -o "$W/ref.json" >"$W/measure.txt" 2>&1
check "tetd-measure computes the reference values, with the TPM path's PCRs" \
	grep -q '"tpm": {' "$W/ref.json"
head -c $((1 << 20)) "$W/tetd.fd" >"$W/cfv.bin"
"$AGENT" list --json "$W/cfv.bin" >"$W/volume.json" 2>/dev/null
read -r -a names < <(python3 -c 'import json,sys; print(" ".join(a["name"] for a in json.load(open(sys.argv[1]))["agents"]))' "$W/volume.json" 2>/dev/null)
nag=${#names[@]}
# Every agent of the volume, exactly; any seed source: TCG's default CPU
# has neither RDSEED nor RDRAND, so the zone is seeded by TSC jitter there
# (a policy for real hardware would not allow it).
python3 - "$W/volume.json" "$W/policy.json" <<'PY'
import json, sys
vol = json.load(open(sys.argv[1]))
agents = {a["name"]: {"required": True, "sha384": [a["sha384"]]} for a in vol["agents"]}
json.dump({"schema": "tetd-policy/1", "agents": agents, "allow_unknown_agents": False,
           "allow_rejected_agents": False, "seed_sources": ["rdseed", "rdrand", "tsc-jitter"]},
          open(sys.argv[2], "w"), indent=1)
PY
# The failing cases below check against the reference under a policy that
# allows every seed source and agent, so that their reasons are the
# fault's alone.
echo '{"schema": "tetd-policy/1", "allow_unknown_agents": true, "seed_sources": ["rdseed", "rdrand", "tsc-jitter"]}' \
	>"$W/seeds.json"
tattest() { # OUT [args...]: tetd-attest on this boot's TPM evidence
	local out=$1
	shift
	"$ATTEST" --ak-pub "$W/ak.pub.pem" --signature "$W/quote.sig" "$@" "$W/quote.msg" \
		>"$W/$out.txt" 2>&1
	echo $? >"$W/$out.rc"
}
failed_with() { # OUT REGEX: exit 1 and a reason line matching
	[ "$(cat "$W/$1.rc")" = 1 ] && grep -qE "^  reason: $2" "$W/$1.txt"
}
log=$W/tpmlog.bin
tattest pass --nonce "$NONCE" --pcr-values "$W/quote.pcrs" --eventlog "$log" \
	--reference "$W/ref.json" --policy "$W/policy.json"
check "tetd-attest: PASS (AK signature, nonce, quoted PCRs, log replay, reference events and PCRs, policy)" \
	grep -q '^tetd-attest: PASS: TPM quote signed by the pinned AK, nonce bound, PCR values as quoted, event log replays to the quoted PCRs, events as referenced, PCRs as referenced, policy holds$' "$W/pass.txt"
check "... exit status 0, the $nag agents listed" \
	bash -c "[ \"\$(cat '$W/pass.rc')\" = 0 ] && [ \"\$(grep -c '^  agent: ' '$W/pass.txt')\" = '$nag' ] && [ '$nag' -gt 0 ]"
check "... and says the AK is trusted by pinning, no EK certificate checked" \
	grep -q '^  ak: .*trusted because pinned (--ak-pub); not checked: EK certificate, AK-to-EK binding$' "$W/pass.txt"
[ "$(cat "$W/pass.rc")" = 0 ] || diag "$(head -n 12 "$W/pass.txt")"
sed -n 's/^  \(zone\|quote\): /\1: /p' "$W/pass.txt" | while read -r l; do diag "$l"; done
tattest pass-log --nonce "$NONCE" --eventlog "$log" --reference "$W/ref.json" --policy "$W/policy.json" --json
check "--json without the quoted values (the log's replay gives pcrDigest): verdict pass" python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
sys.exit(0 if j["verdict"] == "pass" and j["tpm"]["pcrs_from"] == "eventlog" and
         j["tpm"]["ak"]["trust"] == "pinned" and not j["tpm"]["ak"]["ek_certificate_checked"] else 1)' "$W/pass-log.txt"

# tools/tpm-run's own verdict on this boot (what `make run-qemu-tpm`
# prints): its summary, after the console.
summary() { sed -n '/^== TETD TPM run summary ==$/,$p' "$SUMMARY"; }
summary_passes() { [ "$TPM_RUN_RC" = 0 ] && [ "$(summary | tail -n 1)" = "result:     PASS" ]; }
summary_agents() { [ "$nag" -gt 0 ] &&
	[ "$(summary | sed -n 's/^attested:   \([^ ]*\) v[0-9].*/\1/p' | paste -sd' ' -)" = "${names[*]}" ]; }
check "tools/tpm-run: its summary ends in 'result: PASS', exit status 0" summary_passes
check "tools/tpm-run: its summary lists the $nag attested agents (${names[*]}) in volume order" summary_agents
summary_ak() { summary | grep -qE '^AK:         EK certificate \(NV 0x01c00002, .*\) chains to the pinned local CA ' &&
	summary | grep -qE "^            EK public key = the TPM's EK .*: ok$" &&
	summary | grep -qE '^            credential activation .*: ok$'; }
check "tools/tpm-run: its summary says the AK's binding was checked (EK certificate, EK key, activation)" summary_ak
if ! { summary_passes && summary_agents && summary_ak; }; then
	diag "$(summary | grep -vE '^(agent [0-9]|attested):' | tail -n 15)"
fi

# An image whose first agent differs by one byte (a letter of a string in
# its data), and one with one more agent (the first under another name and
# id: tools/agentimg rename), packed and spliced into the CFV.
mkdir -p "$W/agents"
python3 - "$W/volume.json" "$W/cfv.bin" "$W/agents" <<'PY'
import json, re, sys
vol = json.load(open(sys.argv[1]))
cfv = open(sys.argv[2], "rb").read()
for a in vol["agents"]:
    open("%s/%s.elf" % (sys.argv[3], a["name"]), "wb").write(cfv[a["offset"]:a["offset"] + a["size"]])
first = vol["agents"][0]
elf = bytearray(cfv[first["offset"]:first["offset"] + first["size"]])
i = 0x200 + re.search(rb"[a-z]{6,}", bytes(elf[0x200:])).start()
elf[i] = ord("x") if elf[i] != ord("x") else ord("y")
open("%s/%s-changed.elf" % (sys.argv[3], first["name"]), "wb").write(elf)
PY
"$TOP/tools/agentimg" rename "$W/agents/${names[0]}.elf" "$W/agents/extra.elf" --name extra --id 0x77
image_with() { # OUT ELF...: tetd.fd with a volume of these agents
	local out=$1
	shift
	"$AGENT" pack -o "$W/vol.tmp" "$@" >/dev/null && "$TOP/tools/agentimg" splice "$W/tetd.fd" "$W/vol.tmp" "$out"
}
measure_for() { # IMAGE OUT [--append ...]
	local img=$1 out=$2
	shift 2
	"$MEASURE" --image "$img" --kernel "$W/vmlinuz" --initrd "$W/initramfs.cpio.gz" --no-nonce \
		--append "$APPEND" "$@" -o "$out" >/dev/null
}
elfs=()
for n in "${names[@]}"; do elfs+=("$W/agents/$n.elf"); done
image_with "$W/changed.fd" "$W/agents/${names[0]}-changed.elf" "${elfs[@]:1}" &&
	measure_for "$W/changed.fd" "$W/ref-changed.json"
tattest changed --policy "$W/seeds.json" --nonce "$NONCE" --pcr-values "$W/quote.pcrs" --eventlog "$log" --reference "$W/ref-changed.json"
check "an agent with one byte changed: agent '${names[0]}' sha384 differs" \
	failed_with changed "agent '${names[0]}' \(log event [0-9]+\): sha384 expected [0-9a-f]{96} \(reference [^)]*\), log has [0-9a-f]{96}"
check "... and PCR 2 is none of the reference's (both banks)" bash -c \
	"grep -qE '^  reason: PCR2 sha256: the quote has [0-9a-f]{64}, none of the reference' '$W/changed.txt' &&
	 grep -qE '^  reason: PCR2 sha384: the quote has [0-9a-f]{96}, none of the reference' '$W/changed.txt'"

image_with "$W/extra.fd" "${elfs[@]}" "$W/agents/extra.elf" && measure_for "$W/extra.fd" "$W/ref-extra.json"
tattest extra --policy "$W/seeds.json" --nonce "$NONCE" --pcr-values "$W/quote.pcrs" --eventlog "$log" --reference "$W/ref-extra.json"
check "an image with one more agent: agent 'extra' missing from the log" \
	failed_with extra "agent 'extra' \(reference volume entry $nag, loaded\) is missing from the log"

measure_for "$W/tetd.fd" "$W/ref-cmdline.json" --append "$APPEND panic=-1"
tattest cmdline --policy "$W/seeds.json" --nonce "$NONCE" --pcr-values "$W/quote.pcrs" --eventlog "$log" --reference "$W/ref-cmdline.json"
check "another command line: PCR 9's cmdline event differs" \
	failed_with cmdline "PCR9 event 3 \(log event [0-9]+\): expected EV_IPL \"$APPEND panic=-1\" \(cmdline\), log has EV_IPL \"$APPEND\""
check "... and PCR 9 is not the reference's" \
	failed_with cmdline "PCR9 sha384: expected [0-9a-f]{96} \(reference [^)]*\), the quote has [0-9a-f]{96}"

stale=$(od -A n -t x1 -N 16 /dev/urandom | tr -d ' \n')
tattest stale --policy "$W/seeds.json" --nonce "$stale" --eventlog "$log" --reference "$W/ref.json"
check "a stale nonce: extraData does not bind it (the only reason)" bash -c \
	"grep -qE '^  reason: extraData does not bind the nonce $stale: quote has $NONCE\$' '$W/stale.txt' &&
	 [ \"\$(grep -c '^  reason: ' '$W/stale.txt')\" = 1 ] && [ \"\$(cat '$W/stale.rc')\" = 1 ]"

cp "$W/quote.sig" "$W/forged.sig"
off=$((6 + 20))                          # a byte of the RSA signature
printf "$(printf '\\%03o' $(( $(od -A n -t u1 -j $off -N 1 "$W/quote.sig") ^ 1 )))" |
	dd of="$W/forged.sig" bs=1 seek=$off conv=notrunc 2>/dev/null
"$ATTEST" --ak-pub "$W/ak.pub.pem" --signature "$W/forged.sig" --nonce "$NONCE" --eventlog "$log" \
	--reference "$W/ref.json" --policy "$W/seeds.json" "$W/quote.msg" >"$W/forged.txt" 2>&1
echo $? >"$W/forged.rc"
check "a forged quote signature (one byte): the signature fails" \
	failed_with forged "quote: the rsassa-sha256 signature does not verify with the pinned AK"

# Event-log surgery by the offsets tetd-eventlog reports.
"$EVENTLOG" --json "$log" >"$W/eventlog.json" 2>/dev/null
cat >"$W/edit.py" <<'PY'
import json, sys
j = json.load(open(sys.argv[1])); raw = open(sys.argv[2], "rb").read()
ev = {e["index"]: raw[e["offset"]:e["offset"] + e["size"]] for e in j["events"]}
start = j["events"][0]["offset"]
order = [e["index"] for e in j["events"]]
if sys.argv[3] == "remove":
    order.remove(int(sys.argv[4]))
else:
    a, b = order.index(int(sys.argv[4])), order.index(int(sys.argv[5]))
    order[a], order[b] = order[b], order[a]
open(sys.argv[-1], "wb").write(raw[:start] + b"".join(ev[i] for i in order))
PY
agents_ev=($(python3 -c 'import json,sys; print(" ".join(str(e["index"]) for e in json.load(open(sys.argv[1]))["events"] if e["decoded"].get("tag") == "TETA"))' "$W/eventlog.json" 2>/dev/null))
python3 "$W/edit.py" "$W/eventlog.json" "$log" remove "${agents_ev[1]:-0}" "$W/removed.bin"
tattest removed --policy "$W/seeds.json" --nonce "$NONCE" --pcr-values "$W/quote.pcrs" --eventlog "$W/removed.bin" --reference "$W/ref.json"
check "an event log with one event (an agent) removed: PCR 2 replays to another value" \
	failed_with removed "PCR2 sha384: the event log replays to [0-9a-f]{96}, the quote has [0-9a-f]{96} \([0-9]+ events\)"
check "... and the agent is missing" \
	failed_with removed "agent '${names[1]:-?}' \(reference volume entry 1, loaded\) is missing from the log"
tattest removed-nov --policy "$W/seeds.json" --nonce "$NONCE" --eventlog "$W/removed.bin" --reference "$W/ref.json"
check "... without the quoted values: pcrDigest differs from the log's replay" \
	failed_with removed-nov "pcrDigest: the event log's replay of [a-z0-9:,+]+ hashes to [0-9a-f]{64}, the quote has [0-9a-f]{64}"
python3 "$W/edit.py" "$W/eventlog.json" "$log" swap "${agents_ev[0]:-0}" "${agents_ev[1]:-0}" "$W/swapped.bin"
tattest swapped --policy "$W/seeds.json" --nonce "$NONCE" --pcr-values "$W/quote.pcrs" --eventlog "$W/swapped.bin" --reference "$W/ref.json"
check "an event log with two (agent) events swapped: PCR 2 replays to another value" \
	failed_with swapped "PCR2 sha256: the event log replays to [0-9a-f]{64}, the quote has [0-9a-f]{64}"
check "... and the order is named" \
	failed_with swapped "agent '${names[0]}' \(log event [0-9]+\) comes after '${names[1]:-?}'"

# ---- boot 2: no TPM -------------------------------------------------------
boot_qemu "" "$TETD_KERNEL" "$TETD_INITRD" "$APPEND" 180
check "QEMU without a TPM exited by itself (rc=$QEMU_RC)" test "$QEMU_RC" -eq 0
check "firmware: no TPM at 0xfed40000" has_line '^tetd: tpm: none at 0xfed40000 '
check "measure backend=none" has_line '^tetd: measure backend=none$'
check "no 'tetd: error' lines" bash -c "! grep -q '^tetd: error' '$QEMU_LOG'"
check "guest reached TETD-INIT-OK" has_line '^TETD-INIT-OK cpus=2$'
check "guest sees the CCEL table" has_line '^ccel: +present$'
check "guest sees no TPM and prints no TPM log" \
	bash -c "! grep -qE '^(tetd-init: TPM present|TETD-TPMLOG-BEGIN)' '$QEMU_LOG'"
check "event lines are the SHA-384-only form (no pcr=, no sha256=)" \
	bash -c "grep -q '^tetd: event ' '$QEMU_LOG' && ! grep -qE '^tetd: event .*(pcr=|sha256=)' '$QEMU_LOG'"

done_testing
