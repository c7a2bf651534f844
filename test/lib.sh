# test/lib.sh - the few helpers the shell test layers (integration, e2e, bench) share.
# Source it, call `check NAME CMD...` / `check_eq NAME WANT GOT`, end with `finish LAYER`.

passed=0
failed=0

check() {
	local name=$1
	shift
	if "$@" >/tmp/ckube-check.$$ 2>&1; then
		passed=$((passed + 1))
		echo "ok   $name"
	else
		failed=$((failed + 1))
		echo "FAIL $name"
		sed 's/^/     /' /tmp/ckube-check.$$ | tail -n 20
	fi
	rm -f /tmp/ckube-check.$$
}

check_eq() {
	local name=$1 want=$2 got=$3
	if [ "$want" = "$got" ]; then
		passed=$((passed + 1))
		echo "ok   $name"
	else
		failed=$((failed + 1))
		echo "FAIL $name"
		echo "     want: $want"
		echo "     got:  $got"
	fi
}

# Prints the closing line and returns non-zero on any failure.
finish() {
	echo "$1: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}

# A free TCP port on 127.0.0.1.
free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# Waits up to $2 seconds (default 10) for command $1 to succeed.
wait_for() {
	local cmd=$1 secs=${2:-10} i=0
	while [ $i -lt $((secs * 10)) ]; do
		eval "$cmd" >/dev/null 2>&1 && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
