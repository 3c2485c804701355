#!/usr/bin/env bash
# tests/net/mkcerts.sh DIR CRL_URL BAD_CRL_URL SLOW_CRL_URL: a test CA and server certificates
# made with openssl at test time: good (localhost, 127.0.0.1), expired, wrong name, self-signed,
# one whose CRL distribution point is missing and one whose CRL comes at a byte a second; plus a
# current CRL at DIR/www/ca.crl. Test use only.
set -eu
D=$1
CDP=$2
BAD_CDP=$3
SLOW_CDP=$4
mkdir -p "$D/newcerts" "$D/www"
export SAN=DNS:localhost CDP=$CDP # read by ca.cnf whenever openssl loads it
: >"$D/index.txt"
echo 1000 >"$D/serial"
echo 1000 >"$D/crlnumber"
cat >"$D/ca.cnf" <<CNF
[ ca ]
default_ca = test_ca
[ test_ca ]
dir = $D
database = \$dir/index.txt
new_certs_dir = \$dir/newcerts
certificate = \$dir/ca.pem
private_key = \$dir/ca.key
serial = \$dir/serial
crlnumber = \$dir/crlnumber
default_md = sha256
default_days = 30
default_crl_days = 7
policy = any
unique_subject = no
copy_extensions = none
[ any ]
commonName = supplied
[ srv ]
basicConstraints = CA:FALSE
keyUsage = digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = \$ENV::SAN
crlDistributionPoints = URI:\$ENV::CDP
[ req ]
distinguished_name = dn
[ dn ]
[ v3_ca ]
basicConstraints = critical, CA:TRUE
keyUsage = keyCertSign, cRLSign
subjectKeyIdentifier = hash
CNF
q() { "$@" >/dev/null 2>&1; }
q openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$D/ca.key" \
    -out "$D/ca.pem" -days 30 -subj "/CN=aovpn-doctor test CA" -config "$D/ca.cnf" \
    -extensions v3_ca
# issue NAME CN SAN CDP [ca options...]
issue() {
    local name=$1 cn=$2
    q openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$D/$name.key" \
        -out "$D/$name.csr" -subj "/CN=$cn" -config "$D/ca.cnf"
    SAN=$3 CDP=$4 q openssl ca -batch -config "$D/ca.cnf" -extensions srv -notext \
        -in "$D/$name.csr" -out "$D/$name.pem" "${@:5}"
}
issue good localhost "DNS:localhost,IP:127.0.0.1" "$CDP"
issue expired localhost "DNS:localhost,IP:127.0.0.1" "$CDP" \
    -startdate 20200101000000Z -enddate 20210101000000Z
issue wrongname other.example "DNS:other.example" "$CDP"
issue nocrl localhost "DNS:localhost,IP:127.0.0.1" "$BAD_CDP"
issue slowcrl localhost "DNS:localhost,IP:127.0.0.1" "$SLOW_CDP"
q openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$D/self.key" \
    -out "$D/self.pem" -days 30 -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1"
q openssl ca -gencrl -config "$D/ca.cnf" -out "$D/www/ca.pem.crl"
openssl crl -in "$D/www/ca.pem.crl" -outform DER -out "$D/www/ca.crl"
