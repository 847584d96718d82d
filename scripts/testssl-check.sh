#!/usr/bin/env bash
# Checks the TLS listener with testssl.sh (Debian package testssl.sh): starts the built server on a
# free loopback port with a fresh data folder, runs testssl's protocol, cipher, forward-secrecy,
# renegotiation and vulnerability checks, and fails when any of them finds something of MEDIUM
# severity or worse (a weak protocol or cipher, insecure renegotiation, a known attack).
# The certificate checks are left out on purpose: the default certificate is self-signed, and
# clients pin it instead of trusting a CA (README, "Security model").
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$here/app/target/parley.jar"
command -v testssl >/dev/null || { echo "testssl-check: testssl not found (apt-get install testssl.sh)" >&2; exit 2; }
[ -f "$jar" ] || { echo "testssl-check: $jar missing; build it first (./mvnw -B package)" >&2; exit 2; }

work="$(mktemp -d)"
server_pid=""
cleanup() {
    local status=$?
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT

java -jar "$jar" server --host 127.0.0.1 --port 0 --data-dir "$work/data" >"$work/server.log" 2>&1 &
server_pid=$!
port=""
for _ in $(seq 1 120); do
    port="$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9][0-9]*\) (TLS).*/\1/p' "$work/server.log" | head -n 1)"
    [ -n "$port" ] && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 2; }
    sleep 0.5
done
[ -n "$port" ] || { echo "testssl-check: the server did not start" >&2; cat "$work/server.log" >&2; exit 2; }

# -p protocols, -s cipher categories, -f forward secrecy, -E ciphers per protocol,
# -R renegotiation, -U vulnerabilities. Findings below MEDIUM are left out of the JSON.
testssl --quiet --color 0 --warnings off --severity MEDIUM --jsonfile "$work/findings.json" \
    -p -s -f -E -R -U "127.0.0.1:$port" | tee "$work/testssl.txt" || true

[ -s "$work/findings.json" ] || { echo "testssl-check: testssl wrote no findings file" >&2; exit 2; }
bad="$(grep -E '"severity" *: *"(MEDIUM|HIGH|CRITICAL)"' "$work/findings.json" || true)"
if [ -n "$bad" ]; then
    echo "testssl-check: FAILED, findings of MEDIUM severity or worse:" >&2
    grep -B4 -A2 -E '"severity" *: *"(MEDIUM|HIGH|CRITICAL)"' "$work/findings.json" >&2
    exit 1
fi
echo "testssl-check: no weak protocol, cipher or renegotiation, no vulnerability of MEDIUM severity or worse"
