#!/bin/sh
# Entrypoint of the docker-compose Prometheus: Gantry's metrics endpoint wants HTTP Basic with an access key, and
# Prometheus reads basic_auth credentials from files, not from the environment. Writes the key into two files only
# this user can read (prometheus.yml's username_file / password_file), then starts Prometheus with the arguments.
# The key: GANTRY_SCRAPE_ACCESS_KEY_ID / GANTRY_SCRAPE_SECRET_ACCESS_KEY (a READ_ONLY key of its own: least
# privilege), else the bootstrap ADMIN key. Never echoes the secret.
set -eu
dir="${GANTRY_SCRAPE_CREDENTIALS_DIR:-/tmp/gantry-scrape}"
id="${GANTRY_SCRAPE_ACCESS_KEY_ID:-${GANTRY_BOOTSTRAP_ACCESS_KEY_ID:-}}"
secret="${GANTRY_SCRAPE_SECRET_ACCESS_KEY:-${GANTRY_BOOTSTRAP_SECRET_ACCESS_KEY:-}}"
if [ -z "$id" ] || [ -z "$secret" ]; then
    echo "no access key to scrape Gantry with: set GANTRY_SCRAPE_ACCESS_KEY_ID and GANTRY_SCRAPE_SECRET_ACCESS_KEY" \
        "or the bootstrap key (GANTRY_BOOTSTRAP_ACCESS_KEY_ID, GANTRY_BOOTSTRAP_SECRET_ACCESS_KEY)" >&2
    exit 2
fi
umask 077
mkdir -p "$dir"
printf '%s' "$id" > "$dir/access-key-id"
printf '%s' "$secret" > "$dir/secret-access-key"
unset GANTRY_SCRAPE_SECRET_ACCESS_KEY GANTRY_BOOTSTRAP_SECRET_ACCESS_KEY secret
exec "${PROMETHEUS_BINARY:-/bin/prometheus}" "$@"
