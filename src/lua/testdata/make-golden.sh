#!/bin/sh
# Regenerates src/lua/testdata/golden/ from luac5.1 (Lua 5.1.5, little endian, 4-byte int,
# 8-byte size_t, double numbers). Run after changing the corpus, limits.ts or syntax-errors.ts.
# VERBOSE=1 lists every error message; LUAC=/path/to/luac5.1 picks another binary.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$root/node_modules/.bin/tsc" --outDir "$out" --rootDir "$root" --module NodeNext --moduleResolution NodeNext \
  --target ES2022 --types node --strict --skipLibCheck "$here/make-golden.ts"
node "$out/src/lua/testdata/make-golden.js" "$here"
