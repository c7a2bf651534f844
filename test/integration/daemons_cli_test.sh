#!/usr/bin/env bash
# The five binaries' command lines behave as upstream's: --version, --help with the upstream
# flag names, one-line errors for unknown flags and stray arguments.
. "$(dirname "$0")/../lib.sh"

for d in kube-apiserver kube-scheduler kube-controller-manager kubelet kube-proxy; do
	b=$BIN/$d
	check_eq "$d --version" "Kubernetes v1.32.0" "$("$b" --version 2>&1)"
	check "$d --help exits 0 and lists --v" bash -c "'$b' --help | grep -q -- '-v, --v Level'"
	out=$("$b" --no-such-flag 2>&1)
	rc=$?
	check_eq "$d unknown flag exits 1" 1 "$rc"
	check_eq "$d unknown flag message" "Error: unknown flag: --no-such-flag" "$out"
	out=$("$b" stray 2>&1)
	check_eq "$d refuses arguments" "Error: \"$d\" does not take any arguments, got [\"stray\"]" "$out"
	out=$("$b" --v=abc 2>&1)
	check_eq "$d bad --v value" 1 "$?"
done
finish daemons_cli
