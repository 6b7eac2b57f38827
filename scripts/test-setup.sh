#!/usr/bin/env bash
# Brings up what the integration tests need, or reuses it: run by the build (pre-integration-test, see pom.xml)
# so that `./mvnw -B verify` on a fresh Debian 12 machine needs nothing before it but a JDK. See docs/test-rig.md.
#
#   test-setup.sh           reuse a healthy rig, otherwise set one up (installing packages when root)
#   test-setup.sh --check   say what would be done and whether it can be done; change nothing
#
# Environment: GANTRY_RIG_DIR (default /tmp/gantry-rig), GANTRY_RIG_HOSTS (default 4: h1/h2 shared, h3/h4 the
# disposable hosts), DOCKER_SOCKET (root engine, default /var/run/docker.sock), GANTRY_RIG_WAIT_SECONDS (how
# long an incomplete rig is given to come back before it is repaired, default 90).
#
# The rig is left running afterwards: starting it costs a minute or more, and the next run reuses it.
# `scripts/rig.sh down` (as root) removes it.
set -euo pipefail

cd "$(dirname "$0")/.."
RIG="${GANTRY_RIG_DIR:-/tmp/gantry-rig}"
HOSTS="${GANTRY_RIG_HOSTS:-4}"
ROOT_SOCKET="${DOCKER_SOCKET:-/var/run/docker.sock}"
WAIT_SECONDS="${GANTRY_RIG_WAIT_SECONDS:-90}"
DOCKERD_LOG="${GANTRY_DOCKERD_LOG:-${TMPDIR:-/tmp}/gantry-dockerd.log}"
CHECK_ONLY=0
[[ ${1:-} == --check ]] && CHECK_ONLY=1

# The Debian packages the rig and the tests use (postgresql: a real server for the database-fault tests;
# faketime: clock-skew tests; docker-compose: the compose file's check; awscli: the AWS CLI v2 that runs the
# README's walk-through, AwsCliWalkthroughE2E).
PACKAGES=(docker.io docker-compose busybox-static iproute2 iptables openssl postgresql faketime awscli)
TEST_IMAGES=(gantry-test/busybox:1 gantry-test/busybox:2)

log() { echo "test-setup: $*" >&2; }

# One message, then stop: the build fails here once instead of in every integration test.
cannot() {
    cat >&2 <<EOF
test-setup: the integration tests cannot run on this machine: $1
test-setup: they need the test rig of docs/test-rig.md (real dockerd hosts in network namespaces), and setting
test-setup: it up needs root on a Debian-like machine that allows network namespaces (a VM or a privileged
test-setup: container), with the packages ${PACKAGES[*]}
test-setup: (installed automatically when root and apt-get can reach its mirror).
test-setup: Either run the build there as root, or start a rig yourself (scripts/rig.sh up $HOSTS, as root) and
test-setup: point GANTRY_RIG_DIR at it, or build without the integration tests: ./mvnw -B verify -DskipITs
EOF
    exit 1
}

answers() { docker -H "unix://$RIG/h$1/docker.sock" version --format '{{.Server.Version}}' >/dev/null 2>&1; }
has_images() {
    local image
    for image in "${TEST_IMAGES[@]}"; do
        docker -H "unix://$RIG/h$1/docker.sock" image inspect "$image" >/dev/null 2>&1 || return 1
    done
}

# Hosts h0..hN that do not answer or lack the test images (empty: the rig is healthy).
unhealthy_hosts() {
    command -v docker >/dev/null 2>&1 || { seq 0 "$HOSTS" | sed 's/^/h/' | paste -sd ' '; return; }
    local n out=()
    for n in $(seq 0 "$HOSTS"); do
        { answers "$n" && has_images "$n"; } || out+=("h$n")
    done
    echo "${out[*]:-}"
}

missing_packages() {
    local p out=()
    for p in "${PACKAGES[@]}"; do
        dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || out+=("$p")
    done
    echo "${out[*]:-}"
}

# Installs what is missing; false when apt-get could not.
install_packages() {
    log "installing $1"
    export DEBIAN_FRONTEND=noninteractive
    # shellcheck disable=SC2086 # a list of package names
    apt-get update -qq && apt-get install -y -qq --no-install-recommends $1 >/dev/null
}

if ! [[ $HOSTS =~ ^[0-9]+$ ]] || ((HOSTS < 4)); then
    log "GANTRY_RIG_HOSTS=$HOSTS: the integration tests need at least 4 hosts (h1, h2 shared; h3, h4 disposable)"
    exit 1
fi

# --- reuse
bad="$(unhealthy_hosts)"
if [[ -z $bad ]]; then
    # A rig started by hand or by an older build may predate a package the tests use (e.g. awscli): installed
    # when this build can, otherwise said once (the tests that need it then fail saying what is missing).
    missing="$(missing_packages)"
    if [[ -n $missing ]]; then
        if ((CHECK_ONLY)); then
            log "would install: $missing"
        elif [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1; then
            install_packages "$missing" || log "apt-get could not install $missing; tests that need them will fail"
        else
            log "packages missing and not root to install them: $missing; tests that need them will fail"
        fi
    fi
    log "reusing the healthy rig under $RIG (h0..h$HOSTS answer and hold the test images)"
    exit 0
fi
if [[ -S $RIG/h1/docker.sock ]] && answers 1; then
    # A rig is there but a host is down: maybe a test in another JVM killed it and is about to start it again.
    log "the rig under $RIG is incomplete ($bad); waiting up to ${WAIT_SECONDS}s before repairing it"
    if ((CHECK_ONLY == 0)); then
        deadline=$((SECONDS + WAIT_SECONDS))
        while [[ -n $bad ]] && ((SECONDS < deadline)); do
            sleep 2
            bad="$(unhealthy_hosts)"
        done
        [[ -z $bad ]] && { log "reusing the rig under $RIG: every host answers again"; exit 0; }
    fi
fi

# --- set up (or repair): needs root and network namespaces
[[ $(id -u) == 0 ]] || cannot "no usable rig under $RIG ($bad not answering) and this build does not run as root"
unshare --net --mount --uts true 2>/dev/null \
    || cannot "this machine does not allow network, mount and UTS namespaces (unshare --net --mount --uts failed)"
command -v apt-get >/dev/null 2>&1 && command -v dpkg-query >/dev/null 2>&1 \
    || cannot "no apt-get/dpkg here to install ${PACKAGES[*]}"

missing="$(missing_packages)"
if ((CHECK_ONLY)); then
    log "would install: ${missing:-nothing}"
    docker -H "unix://$ROOT_SOCKET" version >/dev/null 2>&1 || log "would start the root dockerd (log: $DOCKERD_LOG)"
    log "would build the test image and run scripts/rig.sh up $HOSTS (hosts not ready: $bad)"
    log "check passed: the rig can be set up here"
    exit 0
fi

if [[ -n $missing ]]; then
    install_packages "$missing" || cannot "apt-get could not install $missing (no network or no mirror?)"
fi

if ! docker -H "unix://$ROOT_SOCKET" version >/dev/null 2>&1; then
    log "starting the root dockerd (log: $DOCKERD_LOG)"
    # setsid and no inherited descriptors: the engine outlives this build, and Maven does not wait for it
    setsid dockerd -H "unix://$ROOT_SOCKET" > "$DOCKERD_LOG" 2>&1 < /dev/null &
    for _ in $(seq 1 120); do
        docker -H "unix://$ROOT_SOCKET" version >/dev/null 2>&1 && break
        sleep 0.5
    done
    docker -H "unix://$ROOT_SOCKET" version >/dev/null 2>&1 \
        || { tail -n 30 "$DOCKERD_LOG" >&2; cannot "the root dockerd did not start (log above)"; }
fi

log "building the test image"
scripts/build-test-image.sh "$ROOT_SOCKET" >&2
export GANTRY_RIG_DIR="$RIG" DOCKER_SOCKET="$ROOT_SOCKET"
if [[ -S $RIG/h1/docker.sock ]] && answers 1; then
    # Repair host by host: `rig.sh up` tears everything down when it fails, and other runs may be using the rig.
    for host in $bad; do
        n="${host#h}"
        if ! answers "$n" && [[ -d $RIG/h$n ]]; then
            log "starting $host again: scripts/rig.sh start $n"
            scripts/rig.sh start "$n" < /dev/null >&2
        fi
    done
fi
log "starting the rig: scripts/rig.sh up $HOSTS under $RIG (running hosts are left alone; not ready: $bad)"
scripts/rig.sh up "$HOSTS" < /dev/null >&2
bad="$(unhealthy_hosts)"
[[ -z $bad ]] || cannot "scripts/rig.sh up $HOSTS finished but $bad still do not answer"
log "rig ready under $RIG (h0..h$HOSTS)"
