#!/usr/bin/env bash
# make deps: install every Debian package that the build, the tests and `make cluster` need.
# Idempotent and quiet when everything is present; needs root (apt-get) only when something is
# missing.
set -eu
pkgs=(
	# build
	build-essential pkg-config libevent-dev libjansson-dev libssl-dev libyaml-dev
	libcurl4-openssl-dev libnghttp2-dev libnftnl-dev libmnl-dev libprotobuf-c-dev
	protobuf-c-compiler libhttp-parser-dev libwslay-dev
	# unit tests, sanitizers, fuzzing, leak checks
	check libsubunit-dev clang libclang-rt-14-dev valgrind
	# integration and e2e: etcd, the node runtime, networking tools
	etcd-server etcd-client containerd runc containernetworking-plugins nftables iproute2
	busybox-static conntrack curl openssl ca-certificates xxd procps psmisc util-linux
	# HTTP/2 peer for the REST client test (nghttpd)
	nghttp2-server
)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# kubectl 1.32 is preinstalled on these machines; Debian's kubernetes-client (1.20) is only a
# fallback so that a machine without it still has a client.
command -v kubectl >/dev/null 2>&1 || missing+=(kubernetes-client)
if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi
echo "deps: installing ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: run 'make deps' as root to install: ${missing[*]}" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
