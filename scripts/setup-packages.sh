#!/usr/bin/env bash
# Installs the real parts the demo and the tests use, when they are missing and apt is there:
# Apache Ant, MariaDB, Derby, MariaDB's JDBC driver, tmux, unzip, zip, Maven (it fetches the Liberty
# runtime) and curl. Java 17 is expected.
set -euo pipefail
need=()
command -v ant >/dev/null || need+=(ant)
command -v mariadbd >/dev/null || [ -x /usr/sbin/mariadbd ] || need+=(mariadb-server)
[ -f /usr/share/java/derby.jar ] || need+=(libderby-java)
[ -f /usr/share/java/mariadb-java-client.jar ] || need+=(libmariadb-java)
command -v tmux >/dev/null || need+=(tmux)
command -v unzip >/dev/null || need+=(unzip)
command -v zip >/dev/null || need+=(zip)
command -v mvn >/dev/null || need+=(maven)
command -v curl >/dev/null || need+=(curl)
command -v keytool >/dev/null || need+=(openjdk-17-jdk-headless)
if [ ${#need[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null; then
    echo "Missing: ${need[*]}. Install them with your package manager, then run again." >&2
    exit 1
  fi
  echo "Installing ${need[*]} (Debian packages)..."
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
