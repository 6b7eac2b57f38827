#!/usr/bin/env bash
# Builds the registry-free test image gantry-test/busybox:1 (and the identical tag :2, used where a
# test needs "a different image" such as a rolling update) from Debian's busybox-static package.
# No registry is reachable from CI, so every image a test runs must be built locally like this.
#
# Usage: scripts/build-test-image.sh [DOCKER_SOCKET]   (or DOCKER_SOCKET=/path env; default /var/run/docker.sock)
# Idempotent: rebuilding replaces the tags with identical content.
set -euo pipefail

socket="${1:-${DOCKER_SOCKET:-/var/run/docker.sock}}"
docker_cli=(docker -H "unix://${socket}")
busybox_binary=/bin/busybox
applets=(sh ls echo sleep cat httpd wget nc env ps hostname kill false true grep head tail dd seq yes
         timeout nslookup ping mkdir rm touch printf test sed awk id whoami pwd date)

if ! "$busybox_binary" --list 2>/dev/null | grep -qx httpd; then
    echo "build-test-image: $busybox_binary is not the static busybox with httpd; install busybox-static" >&2
    exit 1
fi

workdir="$(mktemp -d)"
trap 'rm -rf "$workdir"' EXIT
root="$workdir/root"
mkdir -p "$root/bin" "$root/tmp" "$root/www" "$root/etc"
cp "$busybox_binary" "$root/bin/busybox"
for applet in "${applets[@]}"; do
    ln -s busybox "$root/bin/$applet"
done
# A passwd/group so `user: nobody` and numeric users resolve like on a normal image.
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' > "$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$root/etc/group"
chmod 1777 "$root/tmp"
# Fixed mtimes so the layer (and so the image id) is the same on every build.
find "$root" -exec touch -h -d '2020-01-01T00:00:00Z' {} +

tar --sort=name --owner=0 --group=0 --numeric-owner -C "$root" -cf "$workdir/root.tar" .
# The content hash as a label lets a rerun see that the image is already current and keep it.
content_hash="$(sha256sum "$workdir/root.tar" | cut -c1-16)"
current_hash="$("${docker_cli[@]}" image inspect -f '{{index .Config.Labels "gantry.test-image.content"}}' \
    gantry-test/busybox:1 2>/dev/null || true)"
if [[ $current_hash != "$content_hash" ]]; then
    "${docker_cli[@]}" import -c 'CMD ["/bin/sh"]' -c 'ENV PATH=/bin' \
        -c "LABEL gantry.test-image.content=$content_hash" "$workdir/root.tar" gantry-test/busybox:1 >/dev/null
fi
"${docker_cli[@]}" tag gantry-test/busybox:1 gantry-test/busybox:2
echo "build-test-image: built gantry-test/busybox:1 and :2 on unix://${socket}"
