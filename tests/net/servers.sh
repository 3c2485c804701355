# tests/net/servers.sh: the real servers the net tests and bench/probes.sh run against (sourced
# after lib.sh): strongSwan charon, FreeRADIUS and nginx, each from a config written into
# $AOD_TMP, on loopback, started in the background and stopped by the PID we started.
TESTS_NET=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CHARON=/usr/lib/ipsec/charon
STREAM_MOD=/usr/lib/nginx/modules/ngx_stream_module.so

# start_charon DOS_PROTECTION: one charon, config by local address:
#   127.0.0.1 fragmentation on, 127.0.0.2 off, 127.0.0.3 a proposal we do not offer (AES-192),
#   127.0.0.4 MODP-2048 only (so our ECP-256 KE draws INVALID_KE_PAYLOAD),
#   127.0.0.5 ChaCha20-Poly1305 with Curve25519 only: no Windows client can offer either.
start_charon() {
    cat >"$AOD_TMP/strongswan.conf" <<CONF
charon {
  load_modular = yes
  plugins {
    include /etc/strongswan.d/charon/*.conf
  }
  port = 500
  port_nat_t = 4500
  dos_protection = $1
  cookie_threshold = 1
  block_threshold = 1000
  install_routes = no
  filelog { log { path = $AOD_TMP/charon.log
    default = 1
    ike = 2 } }
}
CONF
    cat >"$AOD_TMP/swanctl.conf" <<'CONF'
connections {
  frag_on { version = 2
    local_addrs = 127.0.0.1
    proposals = aes256-sha256-ecp256, aes256-sha1-modp1024
    fragmentation = yes
    local { auth = psk }
    remote { auth = psk } }
  frag_off { version = 2
    local_addrs = 127.0.0.2
    proposals = aes256-sha256-ecp256
    fragmentation = no
    local { auth = psk }
    remote { auth = psk } }
  mismatch { version = 2
    local_addrs = 127.0.0.3
    proposals = aes192-sha256-ecp256
    local { auth = psk }
    remote { auth = psk } }
  modp2048 { version = 2
    local_addrs = 127.0.0.4
    proposals = aes128-sha256-modp2048
    fragmentation = yes
    local { auth = psk }
    remote { auth = psk } }
  not_windows { version = 2
    local_addrs = 127.0.0.5
    proposals = chacha20poly1305-prfsha256-curve25519
    local { auth = psk }
    remote { auth = psk } }
}
secrets { ike-1 { secret = "probe-test-only" } }
CONF
    rm -f /run/charon.vici /run/charon.pid
    aod_start charon env STRONGSWAN_CONF="$AOD_TMP/strongswan.conf" "$CHARON"
    CHARON_PID=$AOD_LAST_PID
    aod_wait_for 10 swanctl --stats || { echo "charon did not start"; exit 1; }
    swanctl --load-all --file "$AOD_TMP/swanctl.conf" >"$AOD_TMP/swanctl.log" 2>&1 ||
        { cat "$AOD_TMP/swanctl.log"; exit 1; }
}

# start_freeradius: FreeRADIUS on 127.0.0.1:$RADIUS_PORT (a free port), client secret in
# $AOD_TMP/secret, a wrong one in $AOD_TMP/wrong; user probeuser with password file
# $AOD_TMP/pass (right) and $AOD_TMP/badpass (wrong). Sets FR_PID.
start_freeradius() {
    local raddb=$AOD_TMP/raddb
    mkdir -p "$raddb/run" "$raddb/log"
    RADIUS_PORT=$(aod_free_port udp) || { echo "no free port"; exit 1; }
    sed -e "s|@D@|$raddb|g" -e "s|@PORT@|$RADIUS_PORT|g" "$TESTS_NET/radiusd.conf.in" \
        >"$raddb/radiusd.conf"
    printf 'right-secret\n' >"$AOD_TMP/secret"
    printf 'wrong-secret\n' >"$AOD_TMP/wrong"
    printf 'good-pass\n' >"$AOD_TMP/pass"
    printf 'bad-pass\n' >"$AOD_TMP/badpass"
    chmod 600 "$AOD_TMP/secret" "$AOD_TMP/wrong"

    aod_start freeradius freeradius -X -f -d "$raddb"
    FR_PID=$AOD_LAST_PID
    aod_wait_for 10 grep -q "Ready to process requests" "$AOD_TMP/freeradius.log" ||
        { cat "$AOD_TMP/freeradius.log"; exit 1; }
}

# start_nginx: certificates from mkcerts.sh in $D, nginx with TLS servers on $P_GOOD,
# $P_EXPIRED, $P_WRONG, $P_SELF, $P_NOCRL, $P_SLOWCRL (its CRL trickles at a byte a second), the
# CRLs over http on $P_HTTP and an SSTP-like stream
# listener on $P_SSTP (all 127.0.0.1, free ports). Sets NGINX_PID.
start_nginx() {
    D=$AOD_TMP/pki
    N=$AOD_TMP/nginx
    mkdir -p "$N/tmp" "$N/logs"
    for name in HTTP GOOD EXPIRED WRONG SELF NOCRL SLOWCRL SSTP; do
        p=$(aod_free_port tcp) || { echo "no free port"; exit 1; }
        printf -v "P_$name" '%s' "$p"
    done
    bash "$TESTS_NET/mkcerts.sh" "$D" "http://127.0.0.1:$P_HTTP/ca.crl" \
        "http://127.0.0.1:$P_HTTP/missing.crl" "http://127.0.0.1:$P_HTTP/slow.crl" || exit 1
    # nginx workers drop root: let them through to the CRLs (and nothing else).
    chmod 711 "$AOD_TMP" "$D"
    chmod 755 "$D/www"
    chmod 644 "$D"/www/*

    tls_server() { # PORT CERT: one TLS server block
        cat <<CONF
    server {
        listen 127.0.0.1:$1 ssl;
        ssl_certificate $D/$2.pem;
        ssl_certificate_key $D/$2.key;
        location / { return 200 "ok\n"; }
    }
CONF
    }
    {
        cat <<CONF
load_module $STREAM_MOD;
worker_processes 1;
pid $N/nginx.pid;
error_log $N/logs/error.log;
events { worker_connections 64; }
http {
    access_log off;
    client_body_temp_path $N/tmp/body;
    proxy_temp_path $N/tmp/proxy;
    fastcgi_temp_path $N/tmp/fastcgi;
    uwsgi_temp_path $N/tmp/uwsgi;
    scgi_temp_path $N/tmp/scgi;
    server {
        listen 127.0.0.1:$P_HTTP;
        root $D/www;
        location = /slow.crl {
            alias $D/www/ca.crl;
            limit_rate 1;
        }
    }
CONF
        tls_server "$P_GOOD" good
        tls_server "$P_EXPIRED" expired
        tls_server "$P_WRONG" wrongname
        tls_server "$P_SELF" self
        tls_server "$P_NOCRL" nocrl
        tls_server "$P_SLOWCRL" slowcrl
        cat <<CONF
}
stream {
    server {
        listen 127.0.0.1:$P_SSTP ssl;
        ssl_certificate $D/good.pem;
        ssl_certificate_key $D/good.key;
        return "HTTP/1.1 200\r\nContent-Length: 18446744073709551615\r\nServer: Microsoft-HTTPAPI/2.0\r\nDate: Tue, 01 Dec 2026 06:00:00 GMT\r\n\r\n";
    }
}
CONF
    } >"$N/nginx.conf"

    aod_start nginx nginx -p "$N" -c "$N/nginx.conf" -g 'daemon off;'
    NGINX_PID=$AOD_LAST_PID
    aod_wait_for 10 curl -sf -o /dev/null "http://127.0.0.1:$P_HTTP/ca.crl" ||
        { cat "$AOD_TMP/nginx.log" "$N/logs/error.log"; exit 1; }
}
