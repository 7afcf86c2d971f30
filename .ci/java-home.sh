#!/usr/bin/env bash
# Prints the JAVA_HOME of a JDK 21 or newer (the build needs 21+; see README.md).
# Order: $JAVA_HOME if it is 21+; the Temurin 25 JDK; the newest 21+ JDK under
# /usr/lib/jvm; else, as root, install openjdk-21-jdk-headless (or temurin-21-jdk
# where an Adoptium apt repository is configured).
# Only the path goes to stdout; everything else goes to stderr.
set -euo pipefail

readonly MIN_VERSION=21
readonly TEMURIN=/usr/lib/jvm/temurin-25-jdk-amd64

say() { printf 'java-home: %s\n' "$*" >&2; }

# Feature version of the JDK at $1 (8, 17, 21, 25, ...), or nothing when it has no
# working java and javac.
jdk_version() {
  local home=$1 line quoted major
  [[ -x "$home/bin/java" && -x "$home/bin/javac" ]] || return 0
  line=$("$home/bin/java" -version 2>&1 | head -n 1) || return 0
  # openjdk version "21.0.5" 2024-10-15 | java version "1.8.0_392" | openjdk version "25" ...
  quoted=${line#*\"}
  quoted=${quoted%%\"*}
  if [[ $quoted == 1.* ]]; then
    major=${quoted#1.}
    major=${major%%[^0-9]*}
  else
    major=${quoted%%[^0-9]*}
  fi
  [[ -n $major ]] && printf '%s\n' "$major"
  return 0
}

is_jdk21() {
  local v
  v=$(jdk_version "$1")
  [[ -n $v && $v -ge $MIN_VERSION ]]
}

# The newest 21+ JDK under /usr/lib/jvm, or nothing.
newest_installed() {
  local dir v best="" best_v=0
  for dir in /usr/lib/jvm/*; do
    [[ -d $dir ]] || continue
    v=$(jdk_version "$dir")
    if [[ -n $v && $v -ge $MIN_VERSION && $v -gt $best_v ]]; then
      best=$dir
      best_v=$v
    fi
  done
  [[ -n $best ]] && printf '%s\n' "$best"
  return 0
}

if [[ -n ${JAVA_HOME:-} ]] && is_jdk21 "$JAVA_HOME"; then
  printf '%s\n' "$JAVA_HOME"
  exit 0
fi
if is_jdk21 "$TEMURIN"; then
  printf '%s\n' "$TEMURIN"
  exit 0
fi
found=$(newest_installed)
if [[ -n $found ]]; then
  printf '%s\n' "$found"
  exit 0
fi

if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
  say "no JDK ${MIN_VERSION}+ found (JAVA_HOME=${JAVA_HOME:-unset}, nothing suitable under /usr/lib/jvm)."
  say "Install JDK ${MIN_VERSION} or newer and set JAVA_HOME to it."
  exit 1
fi

say "no JDK ${MIN_VERSION}+ found; trying apt-get install openjdk-21-jdk-headless"
apt-get update >&2
if ! DEBIAN_FRONTEND=noninteractive apt-get install -y openjdk-21-jdk-headless >&2; then
  if grep -rqsi adoptium /etc/apt/sources.list /etc/apt/sources.list.d/; then
    say "openjdk-21-jdk-headless is not available; trying temurin-21-jdk from the Adoptium repository"
    DEBIAN_FRONTEND=noninteractive apt-get install -y temurin-21-jdk >&2 || true
  else
    say "openjdk-21-jdk-headless is not available from the configured apt sources (Debian 12 ships JDK 17),"
    say "and no Adoptium repository is configured. Install JDK ${MIN_VERSION}+ (e.g. Temurin) and set JAVA_HOME."
    exit 1
  fi
fi

found=$(newest_installed)
if [[ -z $found ]]; then
  say "installation finished but no JDK ${MIN_VERSION}+ appeared under /usr/lib/jvm; set JAVA_HOME to one."
  exit 1
fi
printf '%s\n' "$found"
