#!/usr/bin/env bash
# Builds the Jaeger v2 all-in-one binary from its Go module with this machine's Go toolchain, through
# the Go module proxy, and caches it outside the repository. Prints the binary's path on the last line.
# Reuses the cached binary when it is there.
#
# Facts this relies on:
# - the module path is github.com/jaegertracing/jaeger (no /v2 suffix); the command is cmd/jaeger;
# - module tag v1.76.0 is the same commit as Jaeger v2.13.0, the image docker-compose.yml uses;
# - that go.mod has `replace github.com/Shopify/sarama => github.com/Shopify/sarama v1.33.0`, so
#   `go install ...@v1.76.0` refuses it: a tiny wrapper module with the same replace line builds it;
# - the checksum database is not reachable from every machine, so the wrapper's go.sum is seeded with
#   Jaeger's own go.sum (verified hashes of all its dependencies) instead of turning verification off.
set -euo pipefail

JAEGER_RELEASE="2.13.0"
JAEGER_MODULE_VERSION="v1.76.0"
CACHE="${TRACEBRIDGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tracebridge}"
BIN="$CACHE/jaeger-$JAEGER_RELEASE/jaeger"

if [ -x "$BIN" ]; then
  echo "using cached Jaeger $JAEGER_RELEASE" >&2
  echo "$BIN"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "cannot build Jaeger: no Go toolchain on PATH" >&2
  exit 1
fi

echo "building Jaeger $JAEGER_RELEASE (module $JAEGER_MODULE_VERSION) with $(go version)..." >&2
start=$(date +%s)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
cat > go.mod <<MOD
module tracebridge.local/jaeger-build

go 1.25

replace github.com/Shopify/sarama => github.com/Shopify/sarama v1.33.0
MOD
cat > tools.go <<'GO'
//go:build tools

package tools

import _ "github.com/jaegertracing/jaeger/cmd/jaeger"
GO
go get "github.com/jaegertracing/jaeger@$JAEGER_MODULE_VERSION" >&2
module_dir=$(go list -m -f '{{.Dir}}' github.com/jaegertracing/jaeger)
cat "$module_dir/go.sum" >> go.sum
sort -u go.sum -o go.sum
go mod tidy >&2
mkdir -p "$(dirname "$BIN")"
go build -trimpath -o "$BIN.tmp" github.com/jaegertracing/jaeger/cmd/jaeger >&2
mv "$BIN.tmp" "$BIN"
echo "built Jaeger in $(( $(date +%s) - start ))s" >&2
echo "$BIN"
