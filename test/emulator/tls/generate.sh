#!/bin/sh
# Regenerates the TEST-ONLY certificate authority and the certificate the fal emulator presents
# for fal's host names when it acts as an HTTPS proxy. Nothing here is secret or trusted anywhere
# but in this repository's tests (n8n gets the CA through NODE_EXTRA_CA_CERTS).
set -eu
cd "$(dirname "$0")"
days=36500
openssl req -x509 -new -newkey rsa:2048 -nodes -sha256 -days "$days" \
	-subj "/O=n8n-nodes-fal-nano-banana tests/CN=TEST-ONLY fal emulator CA (never trust outside tests)" \
	-addext "basicConstraints=critical,CA:TRUE" \
	-addext "keyUsage=critical,keyCertSign,cRLSign" \
	-keyout test-only-ca.key -out test-only-ca.pem
openssl req -new -newkey rsa:2048 -nodes -sha256 \
	-subj "/O=n8n-nodes-fal-nano-banana tests/CN=TEST-ONLY fal hosts" \
	-keyout test-only-fal-hosts.key -out fal-hosts.csr
cat > fal-hosts.ext <<'EXT'
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=DNS:queue.fal.run,DNS:fal.run,DNS:*.fal.run,DNS:rest.fal.ai,DNS:fal.ai,DNS:*.fal.ai,DNS:fal.media,DNS:*.fal.media
EXT
openssl x509 -req -in fal-hosts.csr -CA test-only-ca.pem -CAkey test-only-ca.key -CAcreateserial \
	-sha256 -days "$days" -extfile fal-hosts.ext -out test-only-fal-hosts.pem
rm -f fal-hosts.csr fal-hosts.ext test-only-ca.srl
