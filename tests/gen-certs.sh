#!/bin/sh
# gen-certs.sh — test certificates for HandshakeViz, made with openssl
#
# Usage: gen-certs.sh DIR
#
# Writes into DIR (created; left alone when it is already complete and fresh):
#   ca.pem ca.key ca.der            test CA (RSA 2048, CN=HandshakeViz Test CA)
#   rsa.pem rsa.key rsa.der         RSA 2048 leaf, CN=localhost, SAN DNS:localhost,IP:127.0.0.1,
#                                   AIA OCSP http://127.0.0.1:8888/ocsp + caIssuers
#   ec.pem ec.key ec.der            ECDSA P-256 leaf, same names
#   ed25519.pem ed25519.key         Ed25519 leaf, same names (TLS 1.3 only)
#   wrong.pem wrong.key             leaf for CN=wrong.example (SAN DNS:wrong.example)
#   expired.pem expired.key         leaf for localhost, valid 2020-01-01 .. 2021-01-01
#   future.pem future.key           leaf for localhost, valid from 2099
#   revoked.pem revoked.key         leaf for localhost, revoked in the CA's index
#   selfsigned.pem selfsigned.key   self-signed certificate for localhost (no CA)
#   rsa-chain.pem ec-chain.pem      leaf + CA
#   index.txt                       the CA database (OCSP index)
#   ocsp-rsa.der ocsp-revoked.der   OCSP responses (good / revoked) signed by the CA
#   rsa.p12 rsa.p12.pass            rsa.pem + rsa.key + ca.pem as PKCS#12, and its password
#   client.pem client.key client.p12 ECDSA client certificate (CN=HandshakeViz Test Client,
#                                   clientAuth) signed by the CA; client.p12 has rsa.p12.pass
#   dh2048.pem                      2048-bit DH parameters of our own (not an RFC group)
#   trust/                          bad chains and certificates (gen-trust-certs.sh)
#
# Generation happens in a temporary directory that is renamed to DIR at the end, so that
# several processes may run this at once: the first rename wins, the others drop their copy.
#
# SPDX-License-Identifier: GPL-3.0-or-later

set -eu

STAMP_VERSION=6
OCSP_URL=http://127.0.0.1:8888/ocsp
CA_ISSUERS_URL=http://127.0.0.1:8888/ca.der

if [ $# -ne 1 ]; then
  echo "usage: $0 DIR" >&2
  exit 2
fi
out=$1
here=$(cd "$(dirname "$0")" && pwd)

# Complete and younger than 7 days (the OCSP responses expire after 30): nothing to do.
if [ -f "$out/stamp" ] && [ "$(cat "$out/stamp")" = "$STAMP_VERSION" ] &&
   [ -z "$(find "$out/stamp" -mtime +7)" ]; then
  exit 0
fi

parent=$(dirname "$out")
mkdir -p "$parent"
tmp=$(mktemp -d "$parent/.certs.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"

cat > ca.cnf <<EOF
[ ca ]
default_ca = test_ca

[ test_ca ]
dir = .
database = ./index.txt
new_certs_dir = ./newcerts
serial = ./serial
certificate = ./ca.pem
private_key = ./ca.key
default_md = sha256
default_days = 3650
policy = policy_any
unique_subject = no
copy_extensions = none
crlnumber = ./crlnumber

[ policy_any ]
commonName = supplied
organizationName = optional
countryName = optional

[ req ]
distinguished_name = req_dn
prompt = no
[ req_dn ]
CN = unused

[ v3_ca ]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign,digitalSignature
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[ v3_client ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid,issuer

[ v3_leaf ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost,IP:127.0.0.1
authorityInfoAccess = OCSP;URI:$OCSP_URL,caIssuers;URI:$CA_ISSUERS_URL
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid,issuer

[ v3_wrong ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:wrong.example
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid,issuer

[ v3_self ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost,IP:127.0.0.1
subjectKeyIdentifier = hash
EOF

mkdir newcerts
: > index.txt
echo 1000 > serial
echo 1000 > crlnumber

ossl() {
  openssl "$@" 2>/dev/null || { echo "gen-certs.sh: openssl $* failed" >&2; openssl "$@"; exit 1; }
}

rsa_key() { ossl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1"; }
ec_key()  { ossl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1"; }
ed_key()  { ossl genpkey -algorithm ED25519 -out "$1"; }

# CA: self-signed, 10 years, serial 0x1000 is not used (req -x509 picks a random serial).
rsa_key ca.key
ossl req -config ca.cnf -new -x509 -key ca.key -sha256 -days 3650 \
  -subj "/C=DE/O=HandshakeViz Test/CN=HandshakeViz Test CA" -extensions v3_ca -out ca.pem

# leaf NAME KEYTYPE SUBJECT EXTENSIONS [extra openssl ca args...]
leaf() {
  name=$1; keytype=$2; subj=$3; ext=$4
  shift 4
  "${keytype}_key" "$name.key"
  ossl req -config ca.cnf -new -key "$name.key" -subj "$subj" -out "$name.csr"
  ossl ca -config ca.cnf -batch -notext -preserveDN -in "$name.csr" -out "$name.pem" -extensions "$ext" "$@"
  rm -f "$name.csr"
}

leaf rsa rsa "/C=DE/O=Test Lab/CN=localhost" v3_leaf
leaf ec ec "/C=DE/O=Test Lab/CN=localhost" v3_leaf
leaf wrong rsa "/C=DE/O=Test Lab/CN=wrong.example" v3_wrong
leaf expired ec "/C=DE/O=Test Lab/CN=localhost" v3_leaf \
  -startdate 20200101000000Z -enddate 20210101000000Z
leaf future ec "/C=DE/O=Test Lab/CN=localhost" v3_leaf \
  -startdate 20990101000000Z -enddate 20991231000000Z
leaf revoked rsa "/C=DE/O=Test Lab/CN=localhost" v3_leaf
ossl ca -config ca.cnf -revoke revoked.pem -crl_reason keyCompromise
leaf ed25519 ed "/C=DE/O=Test Lab/CN=localhost" v3_leaf
leaf client ec "/C=DE/O=Test Lab/CN=HandshakeViz Test Client" v3_client

ec_key selfsigned.key
ossl req -config ca.cnf -new -x509 -key selfsigned.key -sha256 -days 3650 \
  -subj "/C=DE/O=Test Lab/CN=localhost" -extensions v3_self -out selfsigned.pem

cat rsa.pem ca.pem > rsa-chain.pem
cat ec.pem ca.pem > ec-chain.pem
for c in ca rsa ec; do
  ossl x509 -in "$c.pem" -outform DER -out "$c.der"
done

for c in rsa revoked; do
  ossl ocsp -index index.txt -CA ca.pem -rsigner ca.pem -rkey ca.key \
    -issuer ca.pem -cert "$c.pem" -no_nonce -ndays 30 -respout "ocsp-$c.der"
done

printf '%s' "hsviz-test-password" > rsa.p12.pass
ossl pkcs12 -export -in rsa.pem -inkey rsa.key -certfile ca.pem -name localhost \
  -passout file:rsa.p12.pass -out rsa.p12
ossl pkcs12 -export -in client.pem -inkey client.key -name client \
  -passout file:rsa.p12.pass -out client.p12
# DSA-style parameters: quick to make, and a prime no RFC names
ossl dhparam -dsaparam -out dh2048.pem 2048
sh "$here/gen-trust-certs.sh" trust "$PWD/ca.cnf"

rm -rf newcerts ca.cnf serial* crlnumber* index.txt.*
echo "$STAMP_VERSION" > stamp

rm -rf "$out.old"
if [ -e "$out" ]; then
  # Stale or incomplete: replace it (rename the old one away first, keep it atomic for readers).
  mv "$out" "$out.old.$$" 2>/dev/null || true
fi
if mv -T "$tmp" "$out" 2>/dev/null; then
  trap - EXIT
fi
rm -rf "$out.old.$$"
exit 0
