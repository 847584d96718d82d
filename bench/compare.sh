#!/usr/bin/env bash
# Parley, InspIRCd and ngIRCd side by side, with the load generator of the bench module
# (`parley bench run`). See bench/README.md for what each figure means.
#
#   bench/compare.sh [--runs N] [--scenarios LIST] [--servers LIST] [--csv FILE] [--port-base P]
#                    [-- GENERATOR OPTIONS...]
#
# Each run of each scenario gets a freshly started server, pinned to core 0 (taskset -c 0); the
# generator runs on core 1 (--server-cpus and --generator-cpus change that). The table printed at the end holds the median of the runs; the same
# goes to the CSV file, and every run's output and figures to the folder beside it.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
jar="$root/app/target/parley.jar"
runs=3
scenarios="fanout,fanout-tls,rooms,idle,idle-tls,storm"
servers="parley,inspircd,ngircd"
csv="$PWD/bench-compare.csv"
port_base=26660
server_cpus=0
generator_cpus=1
generator_options=()

usage() {
    sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
    cat <<'EOF'
Options:
  --runs N          runs of each scenario against each server; the table shows medians [3]
  --scenarios LIST  any of fanout,fanout-tls,rooms,idle,idle-tls,storm [all; idle-tls is Parley's only]
  --servers LIST    any of parley,inspircd,ngircd [all]
  --csv FILE        where the table of medians goes [./bench-compare.csv]; the runs go to FILE's
                    name without .csv, plus -runs/
  --port-base P     servers listen on P+1..P+3 (plaintext) and P+31..P+33 (TLS) on 127.0.0.1 [26660]
  --server-cpus L   the cores the server is pinned to, as taskset -c takes them [0]
  --generator-cpus L  the generator's cores [1]; with more than one, also pass -- --threads N
  -- OPTIONS        passed to every generator run, e.g. -- --clients 100 --duration 2 --no-ramp
                    (parley bench run --help lists them)
Environment: PARLEY_JAVA_OPTS, JVM options for the Parley server (default: those ./parley uses).
EOF
}

while [[ $# -gt 0 ]]; do
    case "$1" in
        --runs) runs=$2; shift 2 ;;
        --scenarios) scenarios=$2; shift 2 ;;
        --servers) servers=$2; shift 2 ;;
        --csv) csv=$(realpath -m "$2"); shift 2 ;;
        --port-base) port_base=$2; shift 2 ;;
        --server-cpus) server_cpus=$2; shift 2 ;;
        --generator-cpus) generator_cpus=$2; shift 2 ;;
        --) shift; generator_options=("$@"); break ;;
        -h|--help) usage; exit 0 ;;
        *) echo "compare.sh: unknown option $1 (--help lists them)" >&2; exit 2 ;;
    esac
done
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "compare.sh: --runs must be a positive number" >&2; exit 2; }
IFS=, read -r -a scenario_list <<<"$scenarios"
IFS=, read -r -a server_list <<<"$servers"
for s in "${scenario_list[@]}"; do
    [[ "$s" =~ ^(fanout|fanout-tls|rooms|idle|idle-tls|storm)$ ]] || { echo "compare.sh: unknown scenario $s" >&2; exit 2; }
done
for s in "${server_list[@]}"; do
    [[ "$s" =~ ^(parley|inspircd|ngircd)$ ]] || { echo "compare.sh: unknown server $s" >&2; exit 2; }
done

if [[ ! -f "$jar" ]]; then
    echo "compare.sh: $jar is missing; build it first: (cd $root && ./mvnw -B -q -DskipTests package)" >&2
    exit 2
fi
for tool in java taskset openssl; do
    command -v "$tool" >/dev/null || { echo "compare.sh: needs $tool" >&2; exit 2; }
done
if [[ $(nproc) -lt 2 ]]; then
    echo "compare.sh: needs two cores (the server on one, the generator on the other)" >&2
    exit 2
fi

# Debian's packages, when missing. policy-rc.d keeps their init scripts from starting a daemon
# that would hold port 6667; the servers here are started by hand with configs of their own.
missing=()
for s in inspircd ngircd; do
    if [[ ",$servers," == *",$s,"* && ! -x /usr/sbin/$s ]]; then missing+=("$s"); fi
done
if [[ ${#missing[@]} -gt 0 ]]; then
    echo "Installing ${missing[*]} with apt-get..."
    added_policy=
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && added_policy=1
    fi
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    [[ -n "$added_policy" ]] && rm -f /usr/sbin/policy-rc.d
fi

# Each client is a descriptor in the generator and one in the server, which inherit this.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
ulimit -c 0 # no core file when InspIRCd crashes on its way out
echo "Open files allowed: $(ulimit -n) a process"

work=$(mktemp -d /tmp/parley-compare.XXXXXX)
runs_dir="${csv%.csv}-runs"
mkdir -p "$runs_dir"
server_pid=

stop_server() {
    if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill "$server_pid" 2>/dev/null || true
        for _ in $(seq 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$server_pid" 2>/dev/null || true
    fi
    server_pid=
}
cleanup() {
    stop_server
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_of() { # server tls -> port
    local offset
    case "$1" in parley) offset=1 ;; inspircd) offset=2 ;; ngircd) offset=3 ;; esac
    if [[ "$2" == tls ]]; then offset=$((offset + 30)); fi
    echo $((port_base + offset))
}

# --- Equivalent configurations: guests welcome, flood limits off, a send queue of 1 MiB, no DNS or
# ident lookups, pings rare, connection limits out of reach, nicks up to 30 characters.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 -subj /CN=bench.local \
    -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
sendq=1048576

# The same settings as `parley bench` uses (ParleyBench.config): keep the two alike.
cat >"$work/parley.toml" <<EOF
[server]
name = "bench.parley.local"

[[listen]]
host = "127.0.0.1"
port = $(port_of parley plain)
tls = false

[[listen]]
host = "127.0.0.1"
port = $(port_of parley tls)
tls = true

[storage]
data_dir = "parley-data"

[tls]
cert_file = "$work/cert.pem"
key_file = "$work/key.pem"

[rooms]
auto_join = []

[auth]
allow_guests = true
reserve_account_nicks = false

[limits]
messages_per_second = 1000000000
message_burst = 1000000000
max_connections_per_ip = 1000000
send_queue_bytes = $sendq
ping_interval_seconds = 3600
ping_timeout_seconds = 600
max_rooms_per_user = 1000
registration_timeout_seconds = 600
EOF

# InspIRCd: no fakelag and a command rate no client reaches (commandrate is in millicommands a
# second), the same hard send queue (and the soft one, past which it stops reading a client, as
# high), a receive queue that holds a burst, no clone or class limits, the system's largest listen
# backlog, as Parley takes.
cat >"$work/inspircd.conf" <<EOF
<server name="irc.bench.local" description="bench" network="Bench">
<admin name="bench" nick="bench" email="bench@bench.local">
<bind address="127.0.0.1" port="$(port_of inspircd plain)" type="clients">
<bind address="127.0.0.1" port="$(port_of inspircd tls)" type="clients" sslprofile="bench">
<module name="ssl_gnutls">
<sslprofile name="bench" provider="gnutls" certfile="$work/cert.pem" keyfile="$work/key.pem">
<connect name="bench" allow="*" timeout="600" pingfreq="3600" maxchans="1000"
         hardsendq="$sendq" softsendq="$sendq" recvq="$sendq"
         threshold="1000000000" commandrate="4000000000" fakelag="no"
         localmax="1000000" globalmax="1000000" maxconnwarn="no" limit="1000000"
         resolvehostnames="no" useident="no">
<performance softlimit="1000000" somaxconn="$(cat /proc/sys/net/core/somaxconn 2>/dev/null || echo 4096)" clonesonconnect="no" quietbursts="yes">
<channels users="1000" opers="1000">
<limits maxnick="30" maxchan="60">
<log method="file" type="* -USERINPUT -USEROUTPUT" level="default" target="$work/inspircd.log">
<dns timeout="1">
EOF

# ngIRCd: MaxPenaltyTime = 0 switches the command penalties off (it warns that this is not
# recommended); MaxConnectionsIP and MaxJoins 0 lift those limits; DNS, ident and PAM off.
# Its send queue is fixed at 32 KiB a client (WRITEBUFFER_MAX_LEN) and cannot be configured.
cat >"$work/ngircd.conf" <<EOF
[Global]
	Name = irc.bench.local
	Info = bench
	Listen = 127.0.0.1
	Ports = $(port_of ngircd plain)
	PidFile = $work/ngircd.pid
	MotdPhrase = "bench"
[Limits]
	MaxConnections = 0
	MaxConnectionsIP = 0
	MaxJoins = 0
	MaxNickLength = 30
	MaxPenaltyTime = 0
	PingTimeout = 3600
	PongTimeout = 600
[Options]
	DNS = no
	Ident = no
	PAM = no
[SSL]
	CertFile = $work/cert.pem
	KeyFile = $work/key.pem
	Ports = $(port_of ngircd tls)
EOF

wait_for_port() { # port pid log
    for _ in $(seq 300); do
        if ! kill -0 "$2" 2>/dev/null; then
            echo "compare.sh: the server exited while starting; its output:" >&2
            tail -20 "$3" >&2
            return 1
        fi
        if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
        sleep 0.1
    done
    echo "compare.sh: nothing listens on port $1 after 30 s" >&2
    return 1
}

start_server() { # server log
    case "$1" in
        parley)
            # ./parley, as users start it: its JVM options, or PARLEY_JAVA_OPTS instead; the jar
            # as it is (a source edited during a long comparison must not start a build in it)
            (cd "$work" && PARLEY_BUILD=never exec taskset -c "$server_cpus" "$root/parley" server \
                --config "$work/parley.toml") \
                >"$2" 2>&1 &
            ;;
        inspircd)
            # as root here, hence --runasroot; --nofork keeps it this script's child
            taskset -c "$server_cpus" /usr/sbin/inspircd --config "$work/inspircd.conf" --nofork --nopid --runasroot >"$2" 2>&1 &
            ;;
        ngircd)
            taskset -c "$server_cpus" /usr/sbin/ngircd -n -f "$work/ngircd.conf" >"$2" 2>&1 &
            ;;
    esac
    server_pid=$!
    # Not this shell's job any more: InspIRCd 3.15 may crash on its way out after SIGTERM, and
    # that is no figure of ours (its log is kept with the run).
    disown "$server_pid"
    wait_for_port "$(port_of "$1" plain)" "$server_pid" "$2"
    wait_for_port "$(port_of "$1" tls)" "$server_pid" "$2"
}

# --- The runs.
for scenario in "${scenario_list[@]}"; do
    base=${scenario%-tls}
    tls=()
    [[ "$scenario" == *-tls ]] && tls=(--tls)
    for server in "${server_list[@]}"; do
        if [[ "$scenario" == idle-tls && "$server" != parley ]]; then continue; fi
        jvm=()
        [[ "$server" == parley ]] && jvm=(--jvm)
        port=$(port_of "$server" "$([[ ${#tls[@]} -gt 0 ]] && echo tls || echo plain)")
        for run in $(seq "$runs"); do
            name="$scenario.$server.$run"
            echo "=== $scenario, $server, run $run of $runs"
            start_server "$server" "$runs_dir/$name.server.log"
            status=0
            taskset -c "$generator_cpus" java -jar "$jar" bench run "$base" "${tls[@]}" --port "$port" --server-pid "$server_pid" \
                "${jvm[@]}" --results "$runs_dir/$name.txt" "${generator_options[@]}" 2>&1 \
                | tee "$runs_dir/$name.log" || status=$?
            stop_server
            [[ $status -eq 0 ]] || echo "compare.sh: that run failed (status $status); its figures are left out"
        done
    done
done

# --- The table of medians.
rows=(
    "fanout|max_rate|fanout: max msg/s (p99 < 100 ms and nothing lost)"
    "fanout|cpu_us_per_delivery@100|fanout: server CPU per delivery at 100 msg/s (us)"
    "fanout|cpu_us_per_delivery@200|fanout: server CPU per delivery at 200 msg/s (us)"
    "fanout|server_cpu_pct@200|fanout: server CPU at 200 msg/s (% of a core)"
    "fanout|generator_cpu_pct_peak|fanout: generator CPU in its busiest step (% of a core)"
    "fanout-tls|max_rate|fanout TLS: max msg/s"
    "fanout-tls|cpu_us_per_delivery@100|fanout TLS: server CPU per delivery at 100 msg/s (us)"
    "fanout-tls|server_cpu_pct@200|fanout TLS: server CPU at 200 msg/s (% of a core)"
    "rooms|max_rate|rooms: max msg/s"
    "rooms|cpu_us_per_delivery@500|rooms: server CPU per delivery at 500 msg/s (us)"
    "rooms|generator_cpu_pct_peak|rooms: generator CPU in its busiest step (% of a core)"
    "idle|rss_baseline_mib|idle: server RSS with no clients (MiB)"
    "idle|rss_kib_per_connection|idle: RSS per registered connection (KiB)"
    "idle|heap_kib_per_connection|idle: live heap per connection (KiB)"
    "idle-tls|rss_kib_per_connection|idle TLS: RSS per registered connection (KiB)"
    "idle-tls|heap_kib_per_connection|idle TLS: live heap per connection (KiB)"
    "storm|registrations_per_s|storm: registrations/s"
    "storm|failed|storm: failed registrations"
)

shopt -s nullglob
median() { # values on stdin, one a line -> the median, or - when none
    sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2];
        else printf "%.6g\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

{
    printf 'figure'
    for server in "${server_list[@]}"; do printf ',%s' "$server"; done
    printf '\n'
    for row in "${rows[@]}"; do
        IFS='|' read -r scenario key label <<<"$row"
        [[ ",$scenarios," == *",$scenario,"* ]] || continue
        printf '"%s"' "$label"
        for server in "${server_list[@]}"; do
            files=("$runs_dir/$scenario.$server".*.txt)
            value=$(awk -v k="$key" '$1 == k { print $2 }' "${files[@]}" /dev/null | median)
            printf ',%s' "$value"
        done
        printf '\n'
    done
} >"$csv"

echo
echo "Medians of $runs run(s), $(date -u +%Y-%m-%d), server on cores $server_cpus, generator on $generator_cpus of $(nproc) ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)):"
awk -F, 'NR == 1 { printf "%-62s", $1; for (i = 2; i <= NF; i++) printf " %12s", $i; print ""; next }
    { label = $1; gsub(/"/, "", label); printf "%-62s", label; for (i = 2; i <= NF; i++) printf " %12s", $i; print "" }' "$csv"
echo
echo "CSV: $csv; each run's output and figures: $runs_dir/"
