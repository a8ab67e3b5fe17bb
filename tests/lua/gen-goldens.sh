#!/usr/bin/env bash
# Regenerates the expected outputs of the Lua differential test corpus with REAL
# interpreters (Debian's lua5.1 and lua5.4). Never edit the .out/.err/.rc files by hand.
#
#   bash tests/lua/gen-goldens.sh            regenerate every golden file
#   bash tests/lua/gen-goldens.sh --check    regenerate into a temp dir and compare with
#                                            the files on disk (exit 1 on any difference)
#   bash tests/lua/gen-goldens.sh 012-foo.lua ...   only these programs
#
# For each corpus/NNN-name.lua, run from inside corpus/ (so the chunkname in error
# messages is "NNN-name.lua"):
#   - with lua5.4 when the first line is `-- golden: lua5.4`, otherwise with lua5.1;
#   - stdout goes to NNN-name.out (always written);
#   - a program with `-- expect: error` on its first or second line must exit non-zero:
#     its stderr goes to NNN-name.err and its exit code to NNN-name.rc;
#   - any other program must exit 0 with an empty stderr, or the script fails.
set -u

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
corpus="$here/corpus"
LUA51="${LUA51:-lua5.1}"
LUA54="${LUA54:-lua5.4}"
export TZ=UTC LC_ALL=C

for bin in "$LUA51" "$LUA54"; do
  command -v "$bin" >/dev/null 2>&1 || { echo "gen-goldens: $bin not found (apt-get install lua5.1 lua5.4)" >&2; exit 2; }
done

check=0
files=()
for a in "$@"; do
  case "$a" in
    --check) check=1 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) files+=("$(basename "$a")") ;;
  esac
done

if [ "${#files[@]}" -eq 0 ]; then
  all=1
  while IFS= read -r f; do files+=("$f"); done < <(cd "$corpus" && ls -1 -- *.lua | LC_ALL=C sort)
else
  all=0
fi

if [ "$check" -eq 1 ]; then
  outdir="$(mktemp -d)"
  trap 'rm -rf "$outdir"' EXIT
else
  outdir="$corpus"
fi

fail=0
n51=0; n54=0; nerr=0
errtmp="$(mktemp)"
trap 'rm -f "$errtmp"; [ "$check" -eq 1 ] && rm -rf "$outdir"' EXIT

for f in "${files[@]}"; do
  base="${f%.lua}"
  src="$corpus/$f"
  [ -f "$src" ] || { echo "FAIL $f: no such program" >&2; fail=1; continue; }
  line1="$(sed -n 1p "$src" | tr -d '\r')"
  line2="$(sed -n 2p "$src" | tr -d '\r')"
  interp="$LUA51"
  if [ "$line1" = "-- golden: lua5.4" ]; then interp="$LUA54"; n54=$((n54+1)); else n51=$((n51+1)); fi
  expect_err=0
  if [ "$line1" = "-- expect: error" ] || [ "$line2" = "-- expect: error" ]; then expect_err=1; nerr=$((nerr+1)); fi

  (cd "$corpus" && timeout 120 "$interp" "$f" >"$outdir/$base.out" 2>"$errtmp")
  rc=$?
  rm -f "$outdir/$base.err" "$outdir/$base.rc"
  if [ "$expect_err" -eq 1 ]; then
    if [ "$rc" -eq 0 ]; then
      echo "FAIL $f: marked '-- expect: error' but exited 0" >&2; fail=1
    else
      cp "$errtmp" "$outdir/$base.err"
      echo "$rc" >"$outdir/$base.rc"
    fi
  else
    if [ "$rc" -ne 0 ]; then
      echo "FAIL $f: $interp exited $rc:" >&2; sed 's/^/    /' "$errtmp" >&2; fail=1
    elif [ -s "$errtmp" ]; then
      echo "FAIL $f: unexpected stderr:" >&2; sed 's/^/    /' "$errtmp" >&2; fail=1
    fi
  fi
done

# goldens whose program is gone
if [ "$all" -eq 1 ] && [ "$check" -eq 0 ]; then
  for g in "$corpus"/*.out "$corpus"/*.err "$corpus"/*.rc; do
    [ -e "$g" ] || continue
    b="$(basename "$g")"; b="${b%.*}"
    if [ ! -f "$corpus/$b.lua" ]; then echo "removing stale $(basename "$g")"; rm -f "$g"; fi
  done
fi

if [ "$check" -eq 1 ]; then
  for f in "${files[@]}"; do
    base="${f%.lua}"
    for ext in out err rc; do
      a="$corpus/$base.$ext"; b="$outdir/$base.$ext"
      if [ -e "$a" ] || [ -e "$b" ]; then
        if ! cmp -s "$a" "$b" 2>/dev/null; then echo "DIFF $base.$ext" >&2; fail=1; fi
      fi
    done
  done
fi

echo "gen-goldens: ${#files[@]} programs ($n51 lua5.1, $n54 lua5.4, $nerr expected errors)$([ "$check" -eq 1 ] && echo ', checked')"
[ "$fail" -eq 0 ] || { echo "gen-goldens: FAILED" >&2; exit 1; }
