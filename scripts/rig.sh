#!/usr/bin/env bash
# The test rig: several real dockerd "hosts" on one machine, each in its own network, mount and
# UTS namespace (own IP, iptables, hostname and Docker ID), joined by the bridge br-hosts.
# See docs/test-rig.md. Needs root, iproute2, iptables, docker.io and openssl.
#
#   rig.sh up N        start hosts h1..hN (10.213.0.11..) plus the mutual-TLS host h0 (10.213.0.10:2376)
#   rig.sh down        stop every host and remove namespaces, links, bridge and the rig directory
#   rig.sh kill N      SIGKILL host N's dockerd (the host "dies"; its containers keep running)
#   rig.sh start N     start host N's dockerd again and wait until it answers
#   rig.sh partition N / heal N   cut / restore host N's network link
#   rig.sh reinstall N  restart host N's dockerd with a fresh identity (new key.json, so a new Docker ID; same
#                      address, same data): what a reinstalled or replaced machine looks like to Gantry
#   rig.sh status      one line per host
#
# Environment: GANTRY_RIG_DIR (default /tmp/gantry-rig), DOCKER_SOCKET (root engine holding the
# test images, default /var/run/docker.sock), GANTRY_RIG_TLS_HOST=0 to skip host h0.
set -euo pipefail

RIG="${GANTRY_RIG_DIR:-/tmp/gantry-rig}"
ROOT_SOCKET="${DOCKER_SOCKET:-/var/run/docker.sock}"
WITH_TLS_HOST="${GANTRY_RIG_TLS_HOST:-1}"
BRIDGE=br-hosts
NET_PREFIX=10.213.0
GATEWAY="$NET_PREFIX.1"
TLS_HOST=0
TEST_IMAGES=(gantry-test/busybox:1 gantry-test/busybox:2)
DAEMON_READY_SECONDS=90   # dockerd 20.10 on plain TCP sleeps ~15 s before it serves; on 2 busy cores more

log() { echo "rig: $*" >&2; }
die() { log "$*"; exit 1; }

host_dir() { echo "$RIG/h$1"; }
host_ip() { echo "$NET_PREFIX.$((10 + $1))"; }
host_socket() { echo "unix://$(host_dir "$1")/docker.sock"; }
host_docker() { local n=$1; shift; docker -H "$(host_socket "$n")" "$@"; }

daemon_pid() {
    local pidfile
    pidfile="$(host_dir "$1")/dockerd.pid"
    [[ -s $pidfile ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null && cat "$pidfile"
}

daemon_answers() { host_docker "$1" version --format '{{.Server.Version}}' >/dev/null 2>&1; }

ensure_bridge() {
    if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
        ip link add "$BRIDGE" type bridge
    fi
    ip addr replace "$GATEWAY/24" dev "$BRIDGE"
    ip link set "$BRIDGE" up
    # The root engine sets the FORWARD policy to DROP; hosts (and their containers) must still reach
    # each other across the bridge when br_netfilter is loaded.
    iptables -C FORWARD -i "$BRIDGE" -o "$BRIDGE" -j ACCEPT 2>/dev/null \
        || iptables -I FORWARD -i "$BRIDGE" -o "$BRIDGE" -j ACCEPT
    # Nothing on the rig may reach beyond it (no registry is reachable anyway): refusing at once, rather than
    # dropping, also makes a pull fail in milliseconds instead of after DNS timeouts.
    iptables -C FORWARD -i "$BRIDGE" ! -o "$BRIDGE" -j REJECT 2>/dev/null \
        || iptables -I FORWARD -i "$BRIDGE" ! -o "$BRIDGE" -j REJECT
}

ensure_namespace() {
    local n=$1 ns="h$1"
    if ! ip netns list | grep -qw "^$ns"; then
        ip netns add "$ns"
    fi
    if ! ip link show "veth-$ns" >/dev/null 2>&1; then
        ip link add "veth-$ns" type veth peer name eth0 netns "$ns"
    fi
    ip link set "veth-$ns" master "$BRIDGE" up
    ip netns exec "$ns" ip addr replace "$(host_ip "$n")/24" dev eth0
    ip netns exec "$ns" ip link set eth0 up
    ip netns exec "$ns" ip link set lo up
    ip netns exec "$ns" ip route replace default via "$GATEWAY"
}

ensure_tls_material() {
    local tls="$RIG/tls"
    [[ -s $tls/key.pem && -s $tls/server-key.pem ]] && return 0
    mkdir -p "$tls"
    local work
    work="$(mktemp -d)"
    (
        cd "$work"
        openssl genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out ca-key.pem
        openssl req -x509 -new -key ca-key.pem -days 3650 -subj "/CN=gantry-rig-ca" -out ca.pem
        openssl genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out server-key.pem
        openssl req -new -key server-key.pem -subj "/CN=h$TLS_HOST" -out server.csr
        printf 'subjectAltName=IP:%s,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' "$(host_ip "$TLS_HOST")" > server.ext
        openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 3650 \
            -extfile server.ext -out server-cert.pem 2>/dev/null
        # Client key in PKCS#8 ("BEGIN PRIVATE KEY"), the format Gantry's endpoint expects first.
        openssl genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out key.pem
        openssl req -new -key key.pem -subj "/CN=gantry-client" -out client.csr
        printf 'extendedKeyUsage=clientAuth\n' > client.ext
        openssl x509 -req -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 3650 \
            -extfile client.ext -out cert.pem 2>/dev/null
        # The same client key in the traditional PKCS#1 form, to test that format too.
        openssl rsa -in key.pem -traditional -out key-rsa.pem 2>/dev/null
        chmod 600 ./*key*.pem
        cp ca.pem server-cert.pem server-key.pem cert.pem key.pem key-rsa.pem "$tls/"
    )
    rm -rf "$work"
}

start_daemon() {
    local n=$1 dir ip
    dir="$(host_dir "$n")"
    ip="$(host_ip "$n")"
    daemon_pid "$n" >/dev/null && return 0
    mkdir -p "$dir/etc" "$dir/data" "$dir/exec" /etc/docker
    # The host resolves names only locally, where nothing answers: an image pull fails at once and no
    # DNS query leaves the machine.
    printf 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n' > "$dir/resolv.conf"
    local args=(--data-root "$dir/data" --exec-root "$dir/exec" --pidfile "$dir/dockerd.pid"
                -H "unix://$dir/docker.sock")
    if [[ $n == "$TLS_HOST" ]]; then
        args+=(--tlsverify --tlscacert "$RIG/tls/ca.pem" --tlscert "$RIG/tls/server-cert.pem"
               --tlskey "$RIG/tls/server-key.pem" -H "tcp://$ip:2376")
    else
        args+=(-H "tcp://$ip:2375")
    fi
    # nsenter, not `ip netns exec`: the latter remounts /sys and dockerd dies ("Devices cgroup isn't
    # mounted"). The private mount namespace gives each host its own /etc/docker (so its own key.json
    # and Docker ID) and its own resolv.conf; the UTS namespace its own hostname.
    setsid nsenter --net="/var/run/netns/h$n" unshare --mount --uts --propagation private \
        sh -c 'hostname "$1"; mount --bind "$2/etc" /etc/docker; mount --bind "$2/resolv.conf" /etc/resolv.conf
               shift 2; exec dockerd "$@"' \
        sh "host$n" "$dir" "${args[@]}" >> "$dir/dockerd.log" 2>&1 < /dev/null &
}

await_daemon() {
    local n=$1 deadline=$((SECONDS + DAEMON_READY_SECONDS))
    until daemon_answers "$n"; do
        if ((SECONDS > deadline)); then
            tail -n 20 "$(host_dir "$n")/dockerd.log" >&2 || true
            die "host h$n did not answer within ${DAEMON_READY_SECONDS}s"
        fi
        sleep 0.5
    done
}

load_test_images() {
    local n=$1 image missing=()
    for image in "${TEST_IMAGES[@]}"; do
        local wanted present
        wanted="$(docker -H "unix://$ROOT_SOCKET" image inspect -f '{{.Id}}' "$image")" \
            || die "test image $image missing on the root engine; run scripts/build-test-image.sh"
        present="$(host_docker "$n" image inspect -f '{{.Id}}' "$image" 2>/dev/null || true)"
        [[ $wanted == "$present" ]] || missing+=("$image")
    done
    ((${#missing[@]} == 0)) && return 0
    docker -H "unix://$ROOT_SOCKET" save "${missing[@]}" | host_docker "$n" load -q >/dev/null
}

all_hosts() {
    local n
    for n in $(seq 1 "$1"); do echo "$n"; done
    [[ $WITH_TLS_HOST == 1 ]] && echo "$TLS_HOST"
    return 0
}

existing_hosts() {
    local dir
    for dir in "$RIG"/h*; do
        [[ -d $dir ]] && echo "${dir##*/h}"
    done
    ip netns list | awk '{print $1}' | sed -n 's/^h\([0-9]\+\)$/\1/p'
}

cmd_up() {
    local count=${1:?usage: rig.sh up N}
    [[ $count =~ ^[1-9][0-9]?$ && $count -le 200 ]] || die "host count must be 1..200"
    [[ $(id -u) == 0 ]] || die "needs root"
    trap 'teardown_if_failed $?' EXIT
    mkdir -p "$RIG"
    ensure_bridge
    [[ $WITH_TLS_HOST == 1 ]] && ensure_tls_material
    local n started=$SECONDS
    # Start every daemon before waiting for any: each plain-TCP daemon sleeps ~15 s at start.
    for n in $(all_hosts "$count"); do
        ensure_namespace "$n"
        start_daemon "$n"
    done
    for n in $(all_hosts "$count"); do
        await_daemon "$n"
        load_test_images "$n"
    done
    trap - EXIT
    log "up: $(all_hosts "$count" | wc -l) hosts ready in $((SECONDS - started))s under $RIG"
}

stop_daemon() {
    local n=$1 pid
    pid="$(daemon_pid "$n")" || return 0
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + 20))
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
}

# After a SIGKILL the host's containerd, shims and containers outlive dockerd; they must not leak.
kill_leftovers() {
    local n=$1 dir id pids
    dir="$(host_dir "$n")"
    if [[ -d $dir/data/containers ]]; then
        for id in $(ls "$dir/data/containers"); do
            pids="$(cat /sys/fs/cgroup/*/docker/"$id"/cgroup.procs 2>/dev/null | sort -u || true)"
            [[ -n $pids ]] && kill -KILL $pids 2>/dev/null || true
        done
    fi
    if ip netns list | grep -qw "^h$n"; then
        pids="$(ip netns pids "h$n" 2>/dev/null || true)"
        [[ -n $pids ]] && kill -KILL $pids 2>/dev/null || true
    fi
    return 0
}

teardown_if_failed() {
    (($1 == 0)) && return 0
    log "up failed; tearing the rig down so nothing is half-made"
    cmd_down
}

cmd_down() {
    local n
    for n in $(existing_hosts | sort -un); do
        stop_daemon "$n"
        kill_leftovers "$n"
        ip netns del "h$n" 2>/dev/null || true
        ip link del "veth-h$n" 2>/dev/null || true
    done
    iptables -D FORWARD -i "$BRIDGE" -o "$BRIDGE" -j ACCEPT 2>/dev/null || true
    iptables -D FORWARD -i "$BRIDGE" ! -o "$BRIDGE" -j REJECT 2>/dev/null || true
    ip link del "$BRIDGE" 2>/dev/null || true
    rm -rf "$RIG" 2>/dev/null || log "could not remove all of $RIG (a mount still busy?)"
    log "down"
}

cmd_kill() {
    local n=${1:?usage: rig.sh kill N} pid
    pid="$(daemon_pid "$n")" || { log "h$n is not running"; return 0; }
    kill -KILL "$pid"
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    log "killed h$n (pid $pid)"
}

cmd_start() {
    local n=${1:?usage: rig.sh start N}
    [[ -d $(host_dir "$n") ]] || die "h$n was never set up; use rig.sh up"
    ensure_bridge
    ensure_namespace "$n"
    # A SIGKILLed dockerd leaves its containerd behind holding the state directory; clear it first.
    [[ -z $(daemon_pid "$n" || true) ]] && kill_containerd_of "$n"
    start_daemon "$n"
    await_daemon "$n"
    log "started h$n"
}

kill_containerd_of() {
    local pidfile
    pidfile="$(host_dir "$1")/exec/containerd/containerd.pid"
    if [[ -s $pidfile ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
        kill -KILL "$(cat "$pidfile")" 2>/dev/null || true
    fi
    return 0
}

cmd_reinstall() {
    local n=${1:?usage: rig.sh reinstall N} before after
    [[ -d $(host_dir "$n") ]] || die "h$n was never set up; use rig.sh up"
    before="$(host_docker "$n" info --format '{{.ID}}' 2>/dev/null || true)"
    stop_daemon "$n"
    kill_containerd_of "$n"
    # dockerd 20.10 derives its ID from /etc/docker/key.json (the host's private etc) and writes a new one if missing
    rm -f "$(host_dir "$n")/etc/key.json"
    start_daemon "$n"
    await_daemon "$n"
    after="$(host_docker "$n" info --format '{{.ID}}')"
    [[ $before != "$after" ]] || die "h$n kept its Docker ID $after"
    log "reinstalled h$n: Docker ID ${before:-?} -> $after"
}

cmd_partition() { ip link set "veth-h${1:?usage: rig.sh partition N}" down; log "partitioned h$1"; }
cmd_heal() { ip link set "veth-h${1:?usage: rig.sh heal N}" up; log "healed h$1"; }

cmd_status() {
    local n link state
    for n in $(existing_hosts | sort -un); do
        link="$(ip -br link show "veth-h$n" 2>/dev/null | awk '{print $2}' || true)"
        if ! daemon_pid "$n" >/dev/null; then state=stopped
        elif daemon_answers "$n"; then state=answering
        else state=starting; fi
        printf 'h%s %s link=%s dockerd=%s socket=%s\n' "$n" "$(host_ip "$n")" "${link:-none}" "$state" \
            "$(host_socket "$n")"
    done
}

main() {
    local command=${1:-}
    shift || true
    case "$command" in
        up) cmd_up "$@" ;;
        down) cmd_down ;;
        kill) cmd_kill "$@" ;;
        start) cmd_start "$@" ;;
        partition) cmd_partition "$@" ;;
        heal) cmd_heal "$@" ;;
        reinstall) cmd_reinstall "$@" ;;
        status) cmd_status ;;
        *) die "usage: rig.sh up N | down | kill N | start N | partition N | heal N | reinstall N | status" ;;
    esac
}

main "$@"
