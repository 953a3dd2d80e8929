# Shared by scripts/run-local.sh and scripts/test.sh: finds a JDK and provides what the project
# needs on Debian (PostgreSQL, RabbitMQ, Chromium headless shell, fonts), using what is there and
# installing only what is missing. Source it; do not run it.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCAL_DIR="$ROOT/.local"
S3MOCK_VERSION="${S3MOCK_VERSION:-5.2.0}"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf '\033[31mERROR: %s\033[0m\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    die "need root to run: $* (run as root or install sudo)"; fi
}

apt_install() {
  command -v apt-get >/dev/null || die "apt-get not found: install $* yourself (this script knows Debian)"
  say "Installing $* with apt-get"
  if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" >/tmp/apt-install.log 2>&1; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update >/tmp/apt-update.log 2>&1 || true
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" >/tmp/apt-install.log 2>&1 \
      || { tail -20 /tmp/apt-install.log >&2; die "apt-get install $* failed"; }
  fi
}

java_major() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -1; }

# Picks a JDK >= 21: $JAVA_HOME if it is one, else the newest under /usr/lib/jvm. Exports JAVA_HOME.
find_java() {
  local candidate major best="" best_major=0
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major="$(java_major "$candidate/bin/java")"
    [ -n "$major" ] || continue
    if [ "$candidate" = "${JAVA_HOME:-}" ] && [ "$major" -ge 21 ]; then best="$candidate"; best_major="$major"; break; fi
    if [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then best="$candidate"; best_major="$major"; fi
  done
  [ -n "$best" ] || die "No JDK >= 21 found (looked at \$JAVA_HOME and /usr/lib/jvm/*; the default java here may be 17).
Install one, e.g. Temurin 21 or 25 (https://adoptium.net) or 'apt-get install openjdk-21-jdk' where available,
then set JAVA_HOME to it."
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
  say "Using JDK $best_major at $JAVA_HOME"
}

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

wait_for_port() { # host port seconds name
  local i
  for ((i = 0; i < $3 * 5; i++)); do port_open "$1" "$2" && return 0; sleep 0.2; done
  die "$4 did not open $1:$2 within $3 s"
}

# A server elsewhere (TEST_PG_HOST, e.g. a CI service container) is waited for, never installed.
ensure_postgres() {
  local host="${TEST_PG_HOST:-127.0.0.1}" port="${TEST_PG_PORT:-5432}"
  if port_open "$host" "$port"; then say "PostgreSQL is running on $host:$port"; return; fi
  if [ "$host" != 127.0.0.1 ]; then wait_for_port "$host" "$port" 120 PostgreSQL; return; fi
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    apt_install postgresql
    local conf
    conf="$(ls -d /etc/postgresql/*/main | head -1)"
    # A fresh Debian cluster asks for a password over TCP; the local set-up trusts loopback instead.
    as_root sed -i -E 's/^(host\s+all\s+all\s+(127\.0\.0\.1\/32|::1\/128)\s+)\S+/\1trust/' "$conf/pg_hba.conf"
  fi
  say "Starting PostgreSQL"
  as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start \
    || die "could not start PostgreSQL"
  wait_for_port 127.0.0.1 5432 60 PostgreSQL
}

ensure_rabbitmq() {
  local host="${TEST_RABBIT_HOST:-127.0.0.1}" port="${TEST_RABBIT_PORT:-5672}"
  if port_open "$host" "$port"; then say "RabbitMQ is running on $host:$port"; return; fi
  if [ "$host" != 127.0.0.1 ]; then wait_for_port "$host" "$port" 120 RabbitMQ; return; fi
  command -v rabbitmq-server >/dev/null || apt_install rabbitmq-server
  say "Starting RabbitMQ"
  as_root rabbitmq-server -detached >/dev/null 2>&1 || true
  wait_for_port 127.0.0.1 5672 120 RabbitMQ
}

chromium_path() {
  local candidate
  for candidate in /usr/lib/chromium/chromium-headless-shell /usr/bin/chromium-headless-shell /usr/lib/chromium/chromium /usr/bin/chromium; do
    [ -x "$candidate" ] && { echo "$candidate"; return 0; }
  done
  return 1
}

# The fonts captures need: Latin metrics-compatible with the web's common fonts (Liberation),
# and Noto for every major script and colour emoji (CJK, Arabic, Hebrew, Indic, Thai, Cyrillic,
# Greek…). Without them those scripts render as empty boxes. Also in capture-worker/Dockerfile,
# .github/workflows/ci.yml and docs/deploy.
CAPTURE_FONT_PACKAGES="fontconfig fonts-liberation fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji"

ensure_chromium() {
  chromium_path >/dev/null || apt_install chromium-headless-shell
  chromium_path >/dev/null || die "no Chromium after installing chromium-headless-shell"
  local package missing=()
  for package in $CAPTURE_FONT_PACKAGES; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  if [ "${#missing[@]}" -gt 0 ]; then apt_install "${missing[@]}"; fi
  say "Chromium: $(chromium_path)"
}

# Prometheus and promtool (Debian's prometheus package) for the alert-rule and monitoring tests.
# The package's own daemon is kept from starting (policy-rc.d): the tests start their own.
ensure_prometheus() {
  if ! command -v promtool >/dev/null || ! command -v prometheus >/dev/null; then
    local policy=/usr/sbin/policy-rc.d created=""
    if [ ! -e "$policy" ]; then
      as_root sh -c "printf '#!/bin/sh\nexit 101\n' > $policy && chmod 755 $policy" && created=1
    fi
    apt_install prometheus
    [ -n "$created" ] && as_root rm -f "$policy"
  fi
  command -v promtool >/dev/null || die "no promtool after installing prometheus"
  say "Prometheus: $(prometheus --version 2>&1 | head -1)"
}

# wrk (Debian's package), the load generator of the benchmark's submit-path measurement.
ensure_wrk() {
  command -v wrk >/dev/null || apt_install wrk
  command -v wrk >/dev/null || die "no wrk after installing it"
}

# Fetches the S3Mock standalone jar from Maven Central once; prints its path.
s3mock_jar() {
  local jar="$LOCAL_DIR/s3mock/s3mock-$S3MOCK_VERSION-exec.jar"
  if [ ! -f "$jar" ]; then
    say "Fetching S3Mock $S3MOCK_VERSION from Maven Central" >&2
    "$ROOT/mvnw" -q -B -N -f "$ROOT/pom.xml" dependency:copy \
      -Dartifact="com.adobe.testing:s3mock:$S3MOCK_VERSION:jar:exec" -DoutputDirectory="$LOCAL_DIR/s3mock" >&2 \
      || die "could not fetch com.adobe.testing:s3mock:$S3MOCK_VERSION:exec"
  fi
  echo "$jar"
}

# Spectral (npm @stoplight/spectral-cli), which lints the OpenAPI document in the tests;
# installed under .local/spectral, with Debian's nodejs and npm if there is no npm.
SPECTRAL_VERSION=6.16.3
ensure_spectral() {
  local dir="$LOCAL_DIR/spectral"
  if [ ! -x "$dir/node_modules/.bin/spectral" ]; then
    command -v npm >/dev/null || apt_install nodejs npm
    say "Installing @stoplight/spectral-cli $SPECTRAL_VERSION with npm"
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-audit --no-fund --loglevel=error \
      "@stoplight/spectral-cli@$SPECTRAL_VERSION" >/dev/null || die "could not install @stoplight/spectral-cli"
  fi
  say "Spectral: $("$dir/node_modules/.bin/spectral" --version)"
}

# Python 3 and openssl, which run the webhook verification example (docs/examples) and the
# render-link signing examples (docs/render-links.md) in the tests.
ensure_python() {
  command -v python3 >/dev/null || apt_install python3
  command -v openssl >/dev/null || apt_install openssl
  say "Python: $(python3 --version 2>&1); $(openssl version)"
}
