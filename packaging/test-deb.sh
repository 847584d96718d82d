#!/usr/bin/env bash
# Tests the Debian package on this machine, as root (CI is): builds it, installs it with dpkg -i,
# checks the files, the user and the unit (systemd-analyze verify), runs the installed server as
# the parley user with the installed configuration and checks that it serves TLS and IRC, backs
# it up while it runs and restores the backup as the README says, then removes the package
# (the data stays) and purges it. It leaves the machine as it found it, so it can run again.
# systemd need not be running (CI has no systemd as PID 1): the server is started with the
# unit's ExecStart, as the unit's user.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
config=/etc/parley/parley.toml
work="$(mktemp -d)"
server_pid=

fail() { echo "test-deb: FAILED: $*" >&2; exit 1; }
step() { echo "test-deb: $(date +%T) $*"; }
uninstall() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
    if dpkg -s parley >/dev/null 2>&1; then dpkg --purge parley >/dev/null || true; fi
    rm -rf /var/lib/parley
    if getent passwd parley >/dev/null; then deluser --system parley >/dev/null 2>&1 || true; fi
    if getent group parley >/dev/null; then delgroup --system parley >/dev/null 2>&1 || true; fi
}
trap 'uninstall; rm -rf "$work"' EXIT

[ "$(id -u)" = 0 ] || fail "needs root (it installs a package): sudo $0"

# What the test needs, installed when missing (a clean CI machine has none of it).
missing=()
command -v systemd-analyze >/dev/null || missing+=(systemd)
command -v openssl >/dev/null || missing+=(openssl)
command -v adduser >/dev/null || missing+=(adduser)
command -v runuser >/dev/null || missing+=(util-linux)
dpkg -s openjdk-17-jre-headless >/dev/null 2>&1 || dpkg -s default-jre-headless >/dev/null 2>&1 \
    || missing+=(openjdk-17-jre-headless)
if [ "${#missing[@]}" -gt 0 ]; then
    step "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# A package left by an interrupted run would make this one an upgrade.
uninstall
step "building the package"
deb="$(bash "$here/build-deb.sh")"

step "dpkg -i"
dpkg -i "$deb" >/dev/null
[ -f /usr/share/parley/parley.jar ] || fail "no /usr/share/parley/parley.jar"
[ -x /usr/bin/parley ] || fail "no /usr/bin/parley"
getent passwd parley >/dev/null || fail "no parley user"
[ "$(stat -c '%U %a' /var/lib/parley)" = "parley 700" ] || fail "/var/lib/parley is $(stat -c '%U %a' /var/lib/parley)"
[ "$(stat -c '%U:%G %a' $config)" = "root:parley 640" ] || fail "$config is $(stat -c '%U:%G %a' $config)"
dpkg-query -W -f='${Conffiles}' parley | grep -q "$config" || fail "$config is not a conffile"

step "systemd-analyze verify parley.service"
systemd-analyze verify /lib/systemd/system/parley.service 2>"$work/verify" \
    || { cat "$work/verify" >&2; fail "systemd-analyze verify"; }
if grep -v -e '^$' "$work/verify" | grep -q .; then cat "$work/verify" >&2; fail "systemd-analyze warned"; fi

# The unit's command, as its user; only the port differs (a free one, on loopback).
start_server() {
    : >"$work/server.log"
    runuser -u parley -- /usr/bin/parley server --config $config --host 127.0.0.1 --port 0 \
        >"$work/server.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 300); do
        port="$(sed -n 's/.*listening on 127.0.0.1:\([0-9]*\) (TLS).*/\1/p' "$work/server.log")"
        [ -n "$port" ] && break
        kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; fail "the server did not start"; }
        sleep 0.2
    done
    [ -n "$port" ] || { cat "$work/server.log" >&2; fail "the server did not listen within a minute"; }
    fingerprint="$(sed -n 's/.*fingerprint: \([0-9A-F:]*\).*/\1/p' "$work/server.log")"
}
stop_server() {
    kill -TERM "$server_pid"
    wait "$server_pid" || true
    server_pid=
}
# The certificate the server presents, and its answer to CAP LS, over TLS.
check_tls() {
    served="$(openssl s_client -connect "127.0.0.1:$port" </dev/null 2>/dev/null \
        | openssl x509 -noout -fingerprint -sha256 | sed 's/.*=//')"
    [ "$served" = "$fingerprint" ] || fail "served certificate $served, printed $fingerprint"
    # -ign_eof: the answer is read until the server closes, as it does after QUIT.
    printf 'CAP LS 302\r\nQUIT\r\n' | timeout 20 openssl s_client -quiet -ign_eof -connect "127.0.0.1:$port" 2>/dev/null \
        | grep -m 1 -q 'CAP \* LS' || fail "no CAP LS answer over TLS"
}
admin() { runuser -u parley -- /usr/bin/parley admin --config $config "$@"; }

step "set the domain, as the README says"
sed -i 's/^name = "parley.local"/name = "chat.example.org"/' $config

step "parley server --config $config, as parley"
start_server
grep -q "Parley chat.example.org listening on" "$work/server.log" || fail "the server did not take the domain"
check_tls
first_fingerprint="$fingerprint"
echo 'hello-everyone' | admin add 19803021 --display-name "Pranav Gupta" --password-stdin >/dev/null

step "backup while it runs, as the README says"
admin backup - >"$work/parley-backup.zip" 2>"$work/backup.out"
grep -q "Backed up 1 account" "$work/backup.out" || fail "backup said: $(cat "$work/backup.out")"
admin restore - <"$work/parley-backup.zip" >"$work/refused.out" 2>&1 && fail "restore into a running server"
grep -q "the server is running" "$work/refused.out" || fail "restore said: $(cat "$work/refused.out")"
stop_server

step "restore into the stopped server, then start it again"
admin remove 19803021 >/dev/null
admin restore - <"$work/parley-backup.zip" >"$work/restore.out" || fail "restore: $(cat "$work/restore.out")"
admin list | grep -q 19803021 || fail "the restored database lacks 19803021"
start_server
[ "$fingerprint" = "$first_fingerprint" ] || fail "the restored server has another certificate"
check_tls
stop_server

step "dpkg -r keeps the data"
dpkg -r parley >/dev/null
[ -f /var/lib/parley/parley.db ] || fail "dpkg -r deleted /var/lib/parley/parley.db"
[ -f $config ] || fail "dpkg -r deleted the configuration"
[ ! -e /usr/share/parley/parley.jar ] || fail "dpkg -r left the jar"

step "dpkg --purge removes the configuration, keeps the data"
dpkg --purge parley >/dev/null
[ ! -e $config ] || fail "dpkg --purge left $config"
[ -f /var/lib/parley/parley.db ] || fail "dpkg --purge deleted /var/lib/parley/parley.db"
echo "test-deb: every check passed"
