#!/usr/bin/env bash
# Builds the real Jaeger v2 binary (github.com/jaegertracing/jaeger cmd/jaeger) once into a per-machine cache, for
# the test that proves the rendered Jaeger config and the exporter's traces (components/tracing). Jaeger publishes
# no Debian package, so the Go module proxy is the source; a fresh machine pays the build once (about 10-17 minutes
# of CPU on 2 cores), later runs reuse the cached binary.
# Prints the binary path on stdout. Set JAEGER_BIN to use a binary built elsewhere.
set -euo pipefail

version="v1.75.0"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/llm-observability/jaeger-${version}"
bin="${cache}/jaeger"

if [ -n "${JAEGER_BIN:-}" ]; then
  echo "${JAEGER_BIN}"
  exit 0
fi
if [ -x "${bin}" ]; then
  echo "${bin}"
  exit 0
fi

go_bin="$(command -v go || true)"
[ -n "${go_bin}" ] || go_bin=/usr/local/go/bin/go
if [ ! -x "${go_bin}" ]; then
  echo "build-jaeger: Go toolchain not found (need go >= 1.24 on PATH or at /usr/local/go/bin/go)" >&2
  exit 1
fi

# The module lives in a temp dir so the repository carries no go.mod/go.sum of a tool it only tests against.
work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT
mkdir -p "${cache}"
start=$(date +%s)
(
  cd "${work}"
  "${go_bin}" mod init llm-observability/jaeger-build >/dev/null 2>&1
  "${go_bin}" get -tool "github.com/jaegertracing/jaeger/cmd/jaeger@${version}" >&2
  # nice: the build takes minutes of CPU on machines other jobs share.
  GOFLAGS=-trimpath CGO_ENABLED=0 nice -n 10 "${go_bin}" build -o "${bin}.tmp" github.com/jaegertracing/jaeger/cmd/jaeger >&2
)
mv "${bin}.tmp" "${bin}"
echo "build-jaeger: built ${bin} in $(( $(date +%s) - start ))s" >&2
echo "${bin}"
