#!/bin/bash
# agents/sdk/elfcheck.sh AGENT.elf [OBJ...] - build-time check of a linked
# agent: the only dynamic relocations are R_X86_64_RELATIVE (the one type
# the firmware loader applies), no symbol is left undefined and there is no
# PT_INTERP. With the link's objects it also checks that every symbol they
# reference is defined by one of them: a -pie link quietly resolves an
# undefined *weak* reference to 0, leaving no trace in the ELF. readelf and
# nm are the independent opinion; tools/tetd-agent (the loader's own rules)
# runs when the volume is packed.
set -euo pipefail
elf=$1
shift
fail() { echo "elfcheck: $elf: $*" >&2; exit 1; }

[ -f "$elf" ] || fail "no such file"
[ "$(readelf -h "$elf" | awk '/Type:/ {print $2}')" = DYN ] || fail "not ET_DYN (link with -pie)"
bad=$(readelf -W -r "$elf" | awk '/^ *[0-9a-f]+ +[0-9a-f]+ +R_/ && $3 != "R_X86_64_RELATIVE" {print $3}' | sort -u)
[ -z "$bad" ] || fail "relocation types other than R_X86_64_RELATIVE: $(echo $bad)"
und=$(readelf -W --dyn-syms -s "$elf" | awk '$7 == "UND" && $8 != "" {print $8}' | sort -u)
[ -z "$und" ] || fail "undefined symbols: $(echo $und)"
if readelf -W -l "$elf" | grep -q 'INTERP'; then fail "has PT_INTERP"; fi
if [ $# -gt 0 ]; then
	refs=$(nm -u "$@" | awk 'NF == 2 {print $2}' | sort -u)
	# defined by the objects, by the linker script (__bss_start...), or the
	# GOT symbol ld always provides
	defs=$( { nm --defined-only "$@" "$elf" 2>/dev/null | awk 'NF == 3 {print $3}';
		echo _GLOBAL_OFFSET_TABLE_; } | sort -u)
	missing=$(comm -23 <(echo "$refs") <(echo "$defs") | grep -v '^$' || true)
	[ -z "$missing" ] || fail "referenced but defined nowhere (weak references resolve to 0): $(echo $missing)"
fi
exit 0
