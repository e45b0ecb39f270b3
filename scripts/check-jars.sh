#!/usr/bin/env bash
# Checks that every published module built its jar with its JPMS module name (Automatic-Module-Name)
# and version in the manifest, and a sources jar and a javadoc jar beside it. Run after a package or
# install; .ci/run runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
for module in core testing propagation bridge otel-setup slf4j slf4j-mdc http-client-interceptors grpc-interceptors; do
  jar=$(ls "$module"/target/tracebridge-*.jar 2>/dev/null | grep -v -E -- '-(tests|sources|javadoc)\.jar$' | head -n 1 || true)
  if [ -z "$jar" ]; then
    echo "check-jars: no jar built for $module" >&2
    status=1
    continue
  fi
  manifest=$(unzip -p "$jar" META-INF/MANIFEST.MF | tr -d '\r')
  name=$(printf '%s\n' "$manifest" | sed -n 's/^Automatic-Module-Name: //p')
  version=$(printf '%s\n' "$manifest" | sed -n 's/^Implementation-Version: //p')
  if [ -z "$name" ] || [ -z "$version" ]; then
    echo "check-jars: $jar lacks Automatic-Module-Name or Implementation-Version" >&2
    status=1
  else
    echo "check-jars: $jar: module $name, version $version"
  fi
  for kind in sources javadoc; do
    if [ ! -s "${jar%.jar}-$kind.jar" ]; then
      echo "check-jars: no $kind jar beside $jar" >&2
      status=1
    fi
  done
done
exit $status
