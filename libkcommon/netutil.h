/*
 * netutil.h - host:port, port and port-range text as Go and Kubernetes parse it (upstream: Go's
 * net.SplitHostPort and AddrError; k8s.io/utils/net ParsePort;
 * k8s.io/apimachinery/pkg/util/net port_range.go PortRange.Set(); the IPVar and IPPortVar flag
 * values of k8s.io/kubernetes/pkg/util/flag/flags.go).  IP and CIDR text itself is
 * kc_validation_parse_ip() / kc_validation_parse_cidr() (validation.h).
 *
 * Functions that refuse text write upstream's reason into `err` (one line, no trailing
 * newline; err may be NULL) and return KC_ERR_INVALID.  The kc_netutil_check_*() functions have
 * the shape of struct kc_flag's `check`, so flag tables can name them.
 */
#ifndef KC_NETUTIL_H
#define KC_NETUTIL_H

#include <stddef.h>

/*
 * net.SplitHostPort(): "host:port", "[v6host]:port" or ":port" into a malloc()ed host and port
 * (the caller frees both; they are set only on success).  Refuses with Go's AddrError text,
 * e.g. "address 10.0.0.1: missing port in address", "address ::1:80: too many colons in
 * address".  Returns 0, KC_ERR_INVALID or KC_ERR_NOMEM.
 */
int kc_netutil_split_host_port(const char *hostport, char **ret_host, char **ret_port, char *err,
			       size_t errlen);

/*
 * netutils.ParsePort(): a decimal port 0..65535 (leading zeros allowed, no sign); 0 only when
 * allow_zero.  Returns the port, or KC_ERR_INVALID with strconv's or upstream's reason
 * (`strconv.ParseUint: parsing "x": invalid syntax`, "0 is not a valid port number").
 */
int kc_netutil_parse_port(const char *s, int allow_zero, char *err, size_t errlen);

/*
 * utilnet.PortRange.Set(): "low-high", "base+offset" or one port, white space around it
 * trimmed; "" is the empty range (base and size 0).  Stores the first port and the number of
 * ports.  Refuses with upstream's reasons: "unable to parse port range: x", "the port range
 * cannot be greater than 65535: x", "end port cannot be less than start port: x", or
 * strconv.Atoi's `strconv.Atoi: parsing "x": invalid syntax` for the part that is not a number.
 */
int kc_netutil_parse_port_range(const char *s, int *ret_base, int *ret_size, char *err,
				size_t errlen);
/* The same, as a flag check (portRange flags). */
int kc_netutil_check_port_range(const char *value, char *err, size_t errlen);

/*
 * utilflag.IPVar.Set(): an IPv4 or IPv6 address as netutils.ParseIPSloppy reads it, else
 * `"<value>" is not a valid IP address`.  Unlike upstream, which then keeps the flag's previous
 * value, "" is refused too: ckube has no "unchanged" for a flag given explicitly.
 */
int kc_netutil_check_ip(const char *value, char *err, size_t errlen);

/*
 * utilflag.IPPortVar.Set(): "", an IP, or "ip:port" ("[v6]:port"), refused with upstream's
 * reasons: `"x" is not in a valid format (ip or ip:port): <SplitHostPort error>`,
 * `"host" is not a valid IP address`, `"port" is not a valid number`.
 */
int kc_netutil_check_ip_port(const char *value, char *err, size_t errlen);

/*
 * The host's primary IPv4 address (ChooseHostInterface): the first address of the IPv4 default
 * route's interface, else the first non-loopback IPv4 address, as text into buf.  Returns 0,
 * KC_ERR_NOT_FOUND (no such address; buf is "") or KC_ERR_SYSTEM (getifaddrs failed).
 */
int kc_netutil_host_primary_ip(char *buf, size_t size);

#endif
