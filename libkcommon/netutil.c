/*
 * netutil.c - host:port, port and port-range parsing with Go's and Kubernetes' rules and messages
 * (upstream: go/src/net/ipsock.go SplitHostPort, k8s.io/utils/net/port.go ParsePort,
 * k8s.io/apimachinery/pkg/util/net/port_range.go, k8s.io/kubernetes/pkg/util/flag/flags.go).
 */
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libkcommon/errors.h"
#include "libkcommon/netutil.h"
#include "libkcommon/validation.h"

/* Go's AddrError.Error(): "address <addr>: <why>", or only why for an empty address. */
static int
addr_error(const char *addr, const char *why, char *err, size_t errlen)
{
	if (*addr == '\0')
		return kc_err_fail(KC_ERR_INVALID, err, errlen, "%s", why);
	return kc_err_fail(KC_ERR_INVALID, err, errlen, "address %s: %s", addr, why);
}

int
kc_netutil_split_host_port(const char *hostport, char **ret_host, char **ret_port, char *err,
			   size_t errlen)
{
	const char *colon = strrchr(hostport, ':');
	const char *host, *host_end;
	size_t j = 0, k = 0;
	char *h, *p;

	if (colon == NULL)
		return addr_error(hostport, "missing port in address", err, errlen);
	if (hostport[0] == '[') {
		const char *end = strchr(hostport, ']');

		if (end == NULL)
			return addr_error(hostport, "missing ']' in address", err, errlen);
		if (end[1] == '\0')
			return addr_error(hostport, "missing port in address", err, errlen);
		if (end + 1 != colon)
			return addr_error(hostport,
					  end[1] == ':' ? "too many colons in address"
							: "missing port in address",
					  err, errlen);
		host = hostport + 1;
		host_end = end;
		j = 1;
		k = end - hostport + 1;
	} else {
		host = hostport;
		host_end = colon;
		if (memchr(host, ':', host_end - host) != NULL)
			return addr_error(hostport, "too many colons in address", err, errlen);
	}
	if (strchr(hostport + j, '[') != NULL)
		return addr_error(hostport, "unexpected '[' in address", err, errlen);
	if (strchr(hostport + k, ']') != NULL)
		return addr_error(hostport, "unexpected ']' in address", err, errlen);
	h = strndup(host, host_end - host);
	p = strdup(colon + 1);
	if (h == NULL || p == NULL) {
		free(h);
		free(p);
		return KC_ERR_NOMEM;
	}
	*ret_host = h;
	*ret_port = p;
	return 0;
}

/*
 * Decimal digits only, read as strconv.ParseUint does: KC_ERR_INVALID at the first non-digit
 * (or for none), KC_ERR_RANGE as soon as the value passes max.
 */
static int
parse_digits(const char *s, size_t len, uint64_t max, uint64_t *ret)
{
	uint64_t v = 0;

	if (len == 0)
		return KC_ERR_INVALID;
	for (size_t i = 0; i < len; i++) {
		uint64_t d = (uint64_t)(s[i] - '0');

		if (s[i] < '0' || s[i] > '9')
			return KC_ERR_INVALID;
		if (v > (max - d) / 10)
			return KC_ERR_RANGE;
		v = v * 10 + d;
	}
	*ret = v;
	return 0;
}

int
kc_netutil_parse_port(const char *s, int allow_zero, char *err, size_t errlen)
{
	uint64_t port;
	int r = parse_digits(s, strlen(s), 65535, &port);

	if (r < 0)
		return kc_err_fail(KC_ERR_INVALID, err, errlen,
				   "strconv.ParseUint: parsing \"%s\": %s", s,
				   r == KC_ERR_RANGE ? "value out of range" : "invalid syntax");
	if (port == 0 && !allow_zero)
		return kc_err_fail(KC_ERR_INVALID, err, errlen, "0 is not a valid port number");
	return (int)port;
}

/* strconv.Atoi() of s[0..len): an optional sign and decimal digits, as a 64-bit int. */
static int
atoi_go(const char *s, size_t len, int64_t *ret, char *err, size_t errlen)
{
	int neg = len > 0 && s[0] == '-';
	int sign = len > 0 && (s[0] == '-' || s[0] == '+');
	uint64_t v;
	int r = parse_digits(s + sign, len - sign, neg ? (uint64_t)INT64_MAX + 1 : INT64_MAX, &v);

	if (r < 0)
		return kc_err_fail(KC_ERR_INVALID, err, errlen,
				   "strconv.Atoi: parsing \"%.*s\": %s", (int)len, s,
				   r == KC_ERR_RANGE ? "value out of range" : "invalid syntax");
	*ret = neg ? (int64_t)(0 - v) : (int64_t)v;
	return 0;
}

int
kc_netutil_parse_port_range(const char *s, int *ret_base, int *ret_size, char *err, size_t errlen)
{
	size_t len = strlen(s);
	const char *hyphen, *plus, *sep;
	int64_t low, high, offset;
	int r;

	while (len > 0 && strchr(" \t\n\v\f\r", *s) != NULL) {
		s++;
		len--;
	}
	while (len > 0 && strchr(" \t\n\v\f\r", s[len - 1]) != NULL)
		len--;
	if (len == 0) {
		*ret_base = *ret_size = 0;
		return 0;
	}
	hyphen = memchr(s, '-', len);
	plus = memchr(s, '+', len);
	if (hyphen != NULL && plus != NULL)
		return kc_err_fail(KC_ERR_INVALID, err, errlen, "unable to parse port range: %.*s",
				   (int)len, s);
	sep = hyphen != NULL ? hyphen : plus;
	if (sep == NULL) {
		r = atoi_go(s, len, &low, err, errlen);
		high = low;
	} else {
		r = atoi_go(s, sep - s, &low, err, errlen);
		if (r == 0)
			r = atoi_go(sep + 1, s + len - sep - 1, hyphen ? &high : &offset, err,
				    errlen);
		/* Go's int addition wraps; the wrapped sum is below low */
		if (r == 0 && plus != NULL && __builtin_add_overflow(low, offset, &high))
			high = low - 1;
	}
	if (r < 0)
		return r;
	if (low > 65535 || high > 65535)
		return kc_err_fail(KC_ERR_INVALID, err, errlen,
				   "the port range cannot be greater than 65535: %.*s", (int)len,
				   s);
	if (high < low)
		return kc_err_fail(KC_ERR_INVALID, err, errlen,
				   "end port cannot be less than start port: %.*s", (int)len, s);
	*ret_base = (int)low;
	*ret_size = (int)(1 + high - low);
	return 0;
}

int
kc_netutil_check_port_range(const char *value, char *err, size_t errlen)
{
	int base, size;

	return kc_netutil_parse_port_range(value, &base, &size, err, errlen);
}

int
kc_netutil_check_ip(const char *value, char *err, size_t errlen)
{
	unsigned char ip[16];

	if (kc_validation_parse_ip(value, ip) < 0)
		return kc_err_fail(KC_ERR_INVALID, err, errlen, "\"%s\" is not a valid IP address",
				   value);
	return 0;
}

int
kc_netutil_check_ip_port(const char *value, char *err, size_t errlen)
{
	unsigned char ip[16];
	char *host = NULL, *port = NULL;
	char why[256];
	int r;

	if (*value == '\0' || kc_validation_parse_ip(value, ip) > 0)
		return 0;
	r = kc_netutil_split_host_port(value, &host, &port, why, sizeof(why));
	if (r == KC_ERR_INVALID)
		return kc_err_fail(KC_ERR_INVALID, err, errlen,
				   "\"%s\" is not in a valid format (ip or ip:port): %s", value,
				   why);
	if (r < 0)
		return r;
	if (kc_validation_parse_ip(host, ip) < 0)
		r = kc_err_fail(KC_ERR_INVALID, err, errlen, "\"%s\" is not a valid IP address",
				host);
	else if (kc_netutil_parse_port(port, 1, NULL, 0) < 0)
		r = kc_err_fail(KC_ERR_INVALID, err, errlen, "\"%s\" is not a valid number", port);
	free(host);
	free(port);
	return r;
}

/* The interface of the IPv4 default route, from /proc/net/route ("" when none). */
static void
default_route_iface(char *ifname, size_t size)
{
	FILE *f = fopen("/proc/net/route", "r");
	char line[256], name[64];
	unsigned long dst, mask;

	ifname[0] = '\0';
	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%63s %lx %*x %*x %*d %*d %*d %lx", name, &dst, &mask) == 3 &&
		    dst == 0 && mask == 0) {
			snprintf(ifname, size, "%s", name);
			break;
		}
	fclose(f);
}

/*
 * The host's primary IPv4 address: the first address of the default route's interface, else the
 * first non-loopback address (k8s.io/apimachinery/pkg/util/net ChooseHostInterface).  Reads only
 * local state: no packet is sent.
 */
int
kc_netutil_host_primary_ip(char *buf, size_t size)
{
	struct ifaddrs *ifa, *i;
	char dev[64];
	int pass;

	buf[0] = '\0';
	if (getifaddrs(&ifa) < 0)
		return KC_ERR_SYSTEM;
	default_route_iface(dev, sizeof(dev));
	for (pass = 0; pass < 2 && !buf[0]; pass++)
		for (i = ifa; i && !buf[0]; i = i->ifa_next) {
			if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET ||
			    (i->ifa_flags & IFF_LOOPBACK))
				continue;
			if (pass == 0 && strcmp(i->ifa_name, dev) != 0)
				continue;
			inet_ntop(AF_INET, &((struct sockaddr_in *)i->ifa_addr)->sin_addr, buf,
				  (socklen_t)size);
		}
	freeifaddrs(ifa);
	return buf[0] ? 0 : KC_ERR_NOT_FOUND;
}
