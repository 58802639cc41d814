#!/usr/bin/env bash
# The yardstick of `npm run bench`: what an administrator who scripts the tutorial
# ("Installing PMF Server from the command line with Ant tasks", shared/reference/tutorial.md)
# runs for a farm of N nodes, command by command, with no human pauses: imcl install,
# etc/server.env, server create, the database and its grants with the mysql client, the Ant
# file copied and its properties set with sed, ant databases, ant install, server start, each
# further node the same, the LTPA copy with its restart, the keytool export/import for every
# pair with its restart, then the wait until every console answers and every node lists the
# whole farm as ALIVE (what the tutorial checks by eye under Server Farm Nodes).
#
# Where the tutorial is silent for a farm, the farm documentation is followed: each member gets
# mfp.farm.configure=true and its own mfp.farm.server.id (without them no node is listed), and
# mfp.admin.jmx.host=localhost, the name Liberty's default certificates carry (all the nodes are
# on one computer, as in the tutorial).
# Real Liberty 19.0.0.3 and later writes key.p12, not the tutorial's key.jks.
#
# Usage: tutorial-baseline.sh   (everything through the environment)
#   BASE_DIR  an empty work directory      N  number of nodes      PORTS  "http1 https1 http2 https2 ..."
#   IMCL  REPOSITORY  PMF_DIR              DB_HOST DB_PORT DB_ROOT_PASSWORD DB_NAME
#   ADMIN_PASSWORD (console user admin)    DB_PASSWORD (mfpuser)
# Prints "restarts=<n>" at the end.
set -euo pipefail
: "${BASE_DIR:?}" "${N:?}" "${PORTS:?}" "${IMCL:?}" "${REPOSITORY:?}" "${PMF_DIR:?}"
: "${DB_HOST:?}" "${DB_PORT:?}" "${DB_ROOT_PASSWORD:?}" "${DB_NAME:?}" "${ADMIN_PASSWORD:?}" "${DB_PASSWORD:?}"
read -r -a ports <<< "$PORTS"
LIBERTY="$BASE_DIR/liberty"
USR="$BASE_DIR/wlp-usr"
ANT="$PMF_DIR/tools/apache-ant-1.9.4/bin/ant"
SAMPLE="$PMF_DIR/MobileFoundationServer/configuration-samples/configure-liberty-mysql.xml"
KEYSTORE_PASSWORD=mobilefirst
restarts=0

# 1. Liberty, and the servers outside the installation directory.
"$IMCL" install com.ibm.websphere.liberty.v85 -repositories "$REPOSITORY" -installationDirectory "$LIBERTY" -acceptLicense
mkdir -p "$LIBERTY/etc" "$USR"
echo "WLP_USER_DIR=$USR" > "$LIBERTY/etc/server.env"

# 2. The database, its user and grants (the tutorial's "Database requirements" for MySQL).
MYSQL_PWD="$DB_ROOT_PASSWORD" mysql --protocol=TCP -h "$DB_HOST" -P "$DB_PORT" -u root <<SQL
CREATE DATABASE $DB_NAME CHARACTER SET utf8 COLLATE utf8_general_ci;
CREATE USER IF NOT EXISTS 'mfpuser'@'localhost' IDENTIFIED BY '$DB_PASSWORD';
CREATE USER IF NOT EXISTS 'mfpuser'@'127.0.0.1' IDENTIFIED BY '$DB_PASSWORD';
GRANT ALL PRIVILEGES ON $DB_NAME.* TO 'mfpuser'@'localhost';
GRANT ALL PRIVILEGES ON $DB_NAME.* TO 'mfpuser'@'127.0.0.1';
FLUSH PRIVILEGES;
SQL

set_property() { # FILE NAME VALUE
  sed -i "s|<property name=\"$2\" value=\"[^\"]*\"/>|<property name=\"$2\" value=\"$3\"/>|" "$1"
}

# 3-5. Each node: server create, its ports (before PMF is installed), its copy of the Ant file, databases, install, start.
for i in $(seq 1 "$N"); do
  name="pmf$i"
  http="${ports[$(( (i - 1) * 2 ))]}"
  https="${ports[$(( (i - 1) * 2 + 1 ))]}"
  (cd "$LIBERTY/bin" && ./server create "$name")
  sed -i -e "s|httpPort=\"9080\"|httpPort=\"$http\"|" -e "s|httpsPort=\"9443\"|httpsPort=\"$https\"|" "$USR/servers/$name/server.xml"
  xml="$BASE_DIR/configure-liberty-mysql-$name.xml"
  cp "$SAMPLE" "$xml"
  set_property "$xml" mfp.server.install.dir "$PMF_DIR"
  set_property "$xml" database.mysql.host "$DB_HOST"
  set_property "$xml" database.mysql.port "$DB_PORT"
  set_property "$xml" database.mysql.driver.dir /usr/share/java
  set_property "$xml" database.mysql.mfp.dbname "$DB_NAME"
  set_property "$xml" database.mysql.mfp.username mfpuser
  set_property "$xml" database.mysql.mfp.password "$DB_PASSWORD"
  set_property "$xml" appserver.was.installdir "$LIBERTY"
  set_property "$xml" appserver.was85liberty.serverInstance "$name"
  set_property "$xml" mfp.farm.configure true
  set_property "$xml" mfp.farm.server.id "farm_member_$i"
  set_property "$xml" mfp.admin.jmx.host localhost
  set_property "$xml" mfp.admin.client.secret adminSecret
  set_property "$xml" mfp.push.client.secret pushSecret
  set_property "$xml" mfp.config.admin.password configPassw0rd
  set_property "$xml" mfp.admin.default.user.initialpassword "$ADMIN_PASSWORD"
  (cd "$BASE_DIR" && "$ANT" -f "$xml" databases && "$ANT" -f "$xml" install)
  (cd "$LIBERTY/bin" && ./server start "$name")
done

all_servers() { # ACTION
  for i in $(seq 1 "$N"); do (cd "$LIBERTY/bin" && ./server "$1" "pmf$i"); done
}

# 6. The same LTPA keys everywhere: stop, copy pmf1's, start again.
all_servers stop
for i in $(seq 2 "$N"); do cp "$USR/servers/pmf1/resources/security/ltpa.keys" "$USR/servers/pmf$i/resources/security/ltpa.keys"; done
all_servers start
restarts=$((restarts + N))

# 7. Every member trusts every other member's certificate: export each, import each into every other keystore.
for i in $(seq 1 "$N"); do
  (cd "$USR/servers/pmf$i/resources/security" && keytool -exportcert -keystore key.p12 -storepass "$KEYSTORE_PASSWORD" -alias default -file "pmf$i.cert")
done
for i in $(seq 1 "$N"); do
  for j in $(seq 1 "$N"); do
    [ "$i" = "$j" ] && continue
    (cd "$USR/servers/pmf$i/resources/security" && keytool -import -noprompt -alias "pmf$j" -file "../../../pmf$j/resources/security/pmf$j.cert" -keystore key.p12 -storepass "$KEYSTORE_PASSWORD")
  done
done
all_servers stop
all_servers start
restarts=$((restarts + N))

# Testing the farm: every console answers, and every node lists N members ALIVE.
for i in $(seq 1 "$N"); do
  http="${ports[$(( (i - 1) * 2 ))]}"
  for _ in $(seq 1 600); do
    alive="$(curl -s -u "admin:$ADMIN_PASSWORD" "http://127.0.0.1:$http/mfpadmin/management-apis/2.0/runtimes/mfp/farm" | grep -o '"status":"ALIVE"' | wc -l || true)"
    [ "$alive" -ge "$N" ] && break
    sleep 0.2
  done
  [ "$alive" -ge "$N" ] || { echo "pmf$i does not list $N members ALIVE:" >&2; curl -s -u "admin:$ADMIN_PASSWORD" "http://127.0.0.1:$http/mfpadmin/management-apis/2.0/runtimes/mfp/farm" >&2; exit 1; }
done
echo "restarts=$restarts"
