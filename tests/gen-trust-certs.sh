#!/bin/sh
# gen-trust-certs.sh — bad chains and bad certificates for the trust tests, made with openssl
#
# Usage: gen-trust-certs.sh DIR CA_CNF
#
# Called by gen-certs.sh (which makes it atomic and fresh) with a new DIR and its openssl ca
# configuration (its v3_ca, v3_leaf, v3_wrong and v3_self), to which the extensions below are added.  Writes into DIR, every key RSA 2048
# unless said:
#   root.pem root.key           self-signed root, CN=Trust Test Root (the CA file of the tests)
#   inter.pem inter.key         intermediate signed by root (pathlen 1)
#   inter2.pem inter2.key       second intermediate signed by inter (pathlen 0)
#   inter-expired.pem/.key      intermediate signed by root, valid 2020-01-01 .. 2021-01-01
#   other.pem other.key         unrelated self-signed CA, CN=Unrelated Test CA
#   leaf.pem leaf.key           localhost (SAN DNS:localhost, IP:127.0.0.1), signed by inter
#   leaf2.pem leaf2.key         localhost, signed by inter2
#   leaf-ei.pem leaf-ei.key     localhost, signed by inter-expired
#   leaf-expired.pem/.key       localhost, signed by inter, valid 2020-01-01 .. 2021-01-01
#   leaf-future.pem/.key        localhost, signed by inter, valid from 2099
#   leaf-wrong.pem/.key         wrong.example (SAN DNS:wrong.example)
#   leaf-sha1.pem/.key          localhost, signed by inter with SHA-1
#   leaf-1024.pem/.key          localhost, RSA 1024-bit key, signed by inter
#   leaf-sct.pem/.key           localhost, signed by inter, with an embedded SCT list extension
#                               (1.3.6.1.4.1.11129.2.4.2) holding two made-up SCTs: log ids
#                               sha256("HandshakeViz test log 1"/"2"), times 1700000000000 ms and
#                               1700000001000 ms, ECDSA-SHA256, a 70-byte made-up signature.
#                               They are test data: no log issued them, nothing verifies them.
#   self.pem self.key           self-signed localhost (not a CA)
# and the chains a server sends (leaf first):
#   chain-good.pem          leaf inter
#   chain-missing.pem       leaf                      (inter missing)
#   chain-self.pem          self
#   chain-extra-root.pem    leaf inter root
#   chain-wrong-order.pem   leaf2 inter inter2        (inter2 issued leaf2: wrong order)
#   chain-unrelated.pem     leaf inter other
#   chain-duplicate.pem     leaf inter inter
#   chain-expired-inter.pem leaf-ei inter-expired
#   chain-expired.pem chain-future.pem chain-wrong.pem chain-sha1.pem chain-1024.pem
#   chain-sct.pem           each leaf-X + inter
#   rest-X.pem              chain-X.pem without its leaf (openssl s_server -cert_chain)
#
# SPDX-License-Identifier: GPL-3.0-or-later

set -eu

if [ $# -ne 2 ]; then
  echo "usage: $0 DIR CA_CNF" >&2
  exit 2
fi
mkdir -p "$1"
cd "$1"

# Two made-up SCTs (RFC 6962 §3.2): version 0, log id, timestamp, no extensions,
# sha256(4)/ecdsa(3), a 70-byte signature; wrapped in a TLS list and a DER OCTET STRING.
sct() {
  logid=$(printf '%s' "$1" | openssl dgst -sha256 -r | cut -c1-64)
  sig=$(printf '30440220%s0220%s' "$(printf 'a%.0s' $(seq 64))" "$(printf 'b%.0s' $(seq 64))")
  # 0075: 117 bytes follow: 1 + 32 + 8 + 2 + 1 + 1 + 2 + 70
  printf '0075%s%s%s0000%s%s%s' 00 "$logid" "$2" 0403 0046 "$sig"
}
scts="$(sct 'HandshakeViz test log 1' 0000018bcfe56800)$(sct 'HandshakeViz test log 2' 0000018bcfe56be8)"
# list: 2 * 119 = 238 bytes (00ee); OCTET STRING of 240 bytes: 04 81 f0
SCT_DER="0481f000ee$scts"

cp "$2" ca.cnf
cat >> ca.cnf <<EOF

[ v3_inter ]
basicConstraints = critical,CA:TRUE,pathlen:1
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[ v3_inter2 ]
basicConstraints = critical,CA:TRUE,pathlen:0
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[ v3_sct ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost,IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid,issuer
1.3.6.1.4.1.11129.2.4.2 = DER:$SCT_DER

EOF

mkdir newcerts
: > index.txt
echo 2000 > serial

ossl() {
  openssl "$@" 2>/dev/null || { echo "gen-trust-certs.sh: openssl $* failed" >&2; openssl "$@"; exit 1; }
}

selfsigned() {  # NAME SUBJECT EXTENSIONS [extra req args]
  name=$1; subj=$2; ext=$3
  shift 3
  ossl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$name.key"
  ossl req -config ca.cnf -new -x509 -key "$name.key" -sha256 -days 3650 -subj "$subj" \
    -extensions "$ext" -out "$name.pem" "$@"
}

# issue NAME ISSUER SUBJECT EXTENSIONS BITS [extra openssl ca args...]
issue() {
  name=$1; issuer=$2; subj=$3; ext=$4; bits=$5
  shift 5
  ossl genpkey -algorithm RSA -pkeyopt "rsa_keygen_bits:$bits" -out "$name.key"
  ossl req -config ca.cnf -new -key "$name.key" -subj "$subj" -out "$name.csr"
  ossl ca -config ca.cnf -batch -notext -preserveDN -cert "$issuer.pem" -keyfile "$issuer.key" \
    -in "$name.csr" -out "$name.pem" -extensions "$ext" "$@"
  rm -f "$name.csr"
}

LOCAL="/C=DE/O=Trust Lab/CN=localhost"
selfsigned root "/C=DE/O=HandshakeViz Trust Test/CN=Trust Test Root" v3_ca
selfsigned other "/C=DE/O=HandshakeViz Trust Test/CN=Unrelated Test CA" v3_ca
issue inter root "/C=DE/O=HandshakeViz Trust Test/CN=Trust Test Intermediate" v3_inter 2048
issue inter2 inter "/C=DE/O=HandshakeViz Trust Test/CN=Trust Test Intermediate 2" v3_inter2 2048
issue inter-expired root "/C=DE/O=HandshakeViz Trust Test/CN=Trust Test Expired Intermediate" \
  v3_inter 2048 -startdate 20200101000000Z -enddate 20210101000000Z
issue leaf inter "$LOCAL" v3_leaf 2048
issue leaf2 inter2 "$LOCAL" v3_leaf 2048
issue leaf-ei inter-expired "$LOCAL" v3_leaf 2048
issue leaf-expired inter "$LOCAL" v3_leaf 2048 -startdate 20200101000000Z -enddate 20210101000000Z
issue leaf-future inter "$LOCAL" v3_leaf 2048 -startdate 20990101000000Z -enddate 20991231000000Z
issue leaf-wrong inter "/C=DE/O=Trust Lab/CN=wrong.example" v3_wrong 2048
issue leaf-sha1 inter "$LOCAL" v3_leaf 2048 -md sha1
issue leaf-1024 inter "$LOCAL" v3_leaf 1024
issue leaf-sct inter "$LOCAL" v3_sct 2048
selfsigned self "$LOCAL" v3_self

cat leaf.pem inter.pem > chain-good.pem
cat leaf.pem > chain-missing.pem
cat self.pem > chain-self.pem
cat leaf.pem inter.pem root.pem > chain-extra-root.pem
cat leaf2.pem inter.pem inter2.pem > chain-wrong-order.pem
cat leaf.pem inter.pem other.pem > chain-unrelated.pem
cat leaf.pem inter.pem inter.pem > chain-duplicate.pem
cat leaf-ei.pem inter-expired.pem > chain-expired-inter.pem
for c in expired future wrong sha1 1024 sct; do
  cat "leaf-$c.pem" inter.pem > "chain-$c.pem"
done

for f in chain-*.pem; do
  # every certificate after the first
  awk 'n >= 1 { print } /END CERTIFICATE/ { n++ }' "$f" > "rest-${f#chain-}"
done

rm -rf newcerts ca.cnf serial* index.txt*
