#!/usr/bin/env bash
# Builds the static, position-independent archives a prebuilt addon links, from Debian's source
# packages: usrsctp, libsrtp2 (on OpenSSL, where Debian's is on NSS) and opus. Debian's own
# libusrsctp.a and libopus.a are not -fPIC, so they cannot go into a shared object.
#
# Output: build/deps/<key>/{include,lib,lib/pkgconfig}, printed on stdout (logs go to
# build/deps/logs/). The key names the architecture, each package's version and this script's
# hash: a second run with the same key downloads and compiles nothing.
#
# The versions are those of the installed -dev packages (else apt's candidates), so the headers
# match the ones the shared build compiles against. Sources come through a private apt
# configuration under build/deps/apt/ (deb-src entries for the Debian mirrors the machine already
# uses); the system's apt configuration and state are not touched.
# Usage: scripts/build-deps.sh          (JOBS=n sets the compile parallelism, default 2)
set -euo pipefail
SCRIPT=$(realpath "$0")
cd "$(dirname "$SCRIPT")/.."

DEPS=$PWD/build/deps
JOBS=${JOBS:-2}
# Debian source package:the binary package whose version pins it.
PACKAGES=(libusrsctp:libusrsctp-dev libsrtp2:libsrtp2-dev opus:libopus-dev)

fail() {
  echo "build-deps.sh: $*" >&2
  exit 1
}

# The Debian source version of binary package $1: the installed one, else apt's candidate.
source_version() {
  local installed
  installed=$(dpkg-query -W -f='${db:Status-Status} ${source:Version}' "$1" 2>/dev/null || true)
  if [ "${installed%% *}" = installed ]; then
    echo "${installed#* }"
  else
    apt-cache show --no-all-versions "$1" 2>/dev/null | sed -nE 's/^Version: ([^+]*(\+deb[^+]*)?).*/\1/p'
  fi
}

# deb-src twins of the machine's Debian archive entries (main archive and security only).
write_source_entries() {
  local lists=(/etc/apt/sources.list /etc/apt/sources.list.d/*.list) parts=/etc/apt/sources.list.d/*.sources
  cat "${lists[@]}" 2>/dev/null |
    grep -E '^[[:space:]]*deb[[:space:]].*[[:space:]][^[:space:]]+/debian(-security)?/?[[:space:]]' |
    sed -E 's/^[[:space:]]*deb[[:space:]]/deb-src /' >"$1/sources.list" || true
  # deb822 stanzas (paragraph mode): keep those with a deb type and a Debian archive URI.
  # shellcheck disable=SC2086 # the glob must expand
  cat $parts 2>/dev/null |
    awk -v RS= '/(^|\n)Types:[^\n]*deb/ && /(^|\n)URIs:[^\n]*\/debian(-security)?\/?([ \n]|$)/ {
      sub(/Types:[^\n]*/, "Types: deb-src"); print; print "" }' >"$1/sources.list.d/debian.sources" || true
  [ -s "$1/sources.list" ] || [ -s "$1/sources.list.d/debian.sources" ] ||
    fail "no Debian archive in /etc/apt/sources.list{,.d}: this script needs Debian's apt"
}

# apt-get source --download-only of name=version pairs into the current directory, then unpack.
fetch_sources() {
  local apt=$DEPS/apt
  local options=(
    -o Dir::Etc::SourceList="$apt/sources.list" -o Dir::Etc::SourceParts="$apt/sources.list.d"
    -o Dir::State::Lists="$apt/lists" -o Dir::Cache="$apt/cache"
    -o APT::Sandbox::User="$(id -un)" -q
  )
  apt-get "${options[@]}" update && apt-get "${options[@]}" source --download-only "$@" || return
  local dsc
  for dsc in *.dsc; do dpkg-source --no-check -x "$dsc" || return; done
}

# Configures, builds and installs the CMake project in $1 into $STAGE as static -fPIC archives.
cmake_install() {
  local source=$1
  shift
  cmake -S "$source" -B "$source/_build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_POSITION_INDEPENDENT_CODE=ON \
    -DBUILD_SHARED_LIBS=OFF -DCMAKE_INSTALL_PREFIX="$STAGE" -DCMAKE_INSTALL_LIBDIR=lib "$@" &&
    cmake --build "$source/_build" -j "$JOBS" && cmake --install "$source/_build"
}

# The same for the autotools project in $1 (opus: its 1.3.1 tarball lacks a file its CMake needs).
configure_install() {
  local source=$1
  shift
  (cd "$source" && ./configure --prefix="$STAGE" --disable-shared --enable-static --with-pic "$@" &&
    make -j "$JOBS" && make install)
}

# A pkg-config file for $1 (version $2) with the given Libs/Cflags lines; usrsctp's CMake writes a
# wrong includedir and libsrtp2's writes none.
write_pc() {
  local name=$1 version=$2
  shift 2
  {
    printf 'prefix=%s\nlibdir=${prefix}/lib\nincludedir=${prefix}/include\n\n' "$FINAL"
    printf 'Name: %s\nDescription: %s (static, -fPIC, scripts/build-deps.sh)\nVersion: %s\n' "$name" "$name" "$version"
    printf '%s\n' "$@"
  } >"$STAGE/lib/pkgconfig/$name.pc"
}

# Runs "$@" with its output in logs/$LOG; on failure shows the log's end. (errexit does not apply
# inside a tested command: the functions above chain their steps with &&.)
logged() {
  if ! "$@" >>"$DEPS/logs/$LOG" 2>&1; then
    tail -n 40 "$DEPS/logs/$LOG" >&2
    fail "$* failed (full log: build/deps/logs/$LOG)"
  fi
}

declare -A VERSION
pins=()
key=$(dpkg --print-architecture)
for entry in "${PACKAGES[@]}"; do
  source=${entry%%:*}
  VERSION[$source]=$(source_version "${entry#*:}")
  [ -n "${VERSION[$source]}" ] || fail "no version of ${entry#*:} known to apt/dpkg"
  pins+=("$source=${VERSION[$source]}")
  key+="-${source}_${VERSION[$source]}"
done
key+="-$(sha256sum "$SCRIPT" | cut -c1-8)"
FINAL=$DEPS/$key
if [ -f "$FINAL/.complete" ]; then
  echo "$FINAL"
  exit 0
fi

STAGE=$DEPS/.stage-$key
WORK=$DEPS/.src-$key
LOG=$key.log
rm -rf "$STAGE" "$WORK"
mkdir -p "$STAGE/lib/pkgconfig" "$WORK" "$DEPS/logs"
: >"$DEPS/logs/$LOG"
echo "build-deps.sh: building ${pins[*]} (log: build/deps/logs/$LOG)" >&2

upstream() { echo "${VERSION[$1]%-*}"; } # 0.9.5.0-2 -> 0.9.5.0
mkdir -p "$DEPS/apt/lists/partial" "$DEPS/apt/cache/archives/partial" "$DEPS/apt/sources.list.d"
write_source_entries "$DEPS/apt"
(cd "$WORK" && logged fetch_sources "${pins[@]}")

logged cmake_install "$WORK/libusrsctp-$(upstream libusrsctp)" -Dsctp_build_programs=OFF -Dsctp_werror=OFF
write_pc usrsctp "$(upstream libusrsctp)" 'Libs: -L${libdir} -lusrsctp' 'Libs.private: -lpthread' \
  'Cflags: -I${includedir} -DINET -DINET6'

logged cmake_install "$WORK/libsrtp2-$(upstream libsrtp2)" -DENABLE_OPENSSL=ON -DTEST_APPS=OFF
write_pc libsrtp2 "$(upstream libsrtp2)" 'Requires.private: libcrypto' 'Libs: -L${libdir} -lsrtp2' \
  'Cflags: -I${includedir}'

# Debian configures opus with --enable-custom-modes.
logged configure_install "$WORK/opus-$(upstream opus)" --enable-custom-modes --disable-doc --disable-extra-programs
sed -i "s|^prefix=.*|prefix=$FINAL|" "$STAGE/lib/pkgconfig/opus.pc"

touch "$STAGE/.complete"
rm -rf "$FINAL" "$WORK"
mv "$STAGE" "$FINAL"
echo "$FINAL"
