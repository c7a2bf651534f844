/*
 * check_netutil.c - host:port splitting as Go's net.SplitHostPort, ports as netutils.ParsePort,
 * port ranges as utilnet.PortRange, and the IPVar / IPPortVar flag checks, with their messages.
 */
#include <stdlib.h>
#include <arpa/inet.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "libkcommon/errors.h"
#include "libkcommon/netutil.h"
#include "test/unit/testutil/testutil.h"

/* ---- net.SplitHostPort ---- */

static const struct {
	const char *in;
	const char *host; /* NULL: refused */
	const char *port_or_err;
} host_ports[] = {
	{ "127.0.0.1:10249", "127.0.0.1", "10249" },
	{ "[::1]:80", "::1", "80" },
	{ ":8080", "", "8080" },
	{ "[::]:", "::", "" },
	{ "host:", "host", "" },
	{ "[fe80::1%eth0]:443", "fe80::1%eth0", "443" },
	{ "localhost:x", "localhost", "x" },
	{ "10.0.0.1", NULL, "address 10.0.0.1: missing port in address" },
	{ "", NULL, "missing port in address" },
	{ "::1:80", NULL, "address ::1:80: too many colons in address" },
	{ "[::1]", NULL, "address [::1]: missing port in address" },
	{ "[::1]x:80", NULL, "address [::1]x:80: missing port in address" },
	{ "[::1]:80:90", NULL, "address [::1]:80:90: too many colons in address" },
	{ "[::1:80", NULL, "address [::1:80: missing ']' in address" },
	{ "a[b:80", NULL, "address a[b:80: unexpected '[' in address" },
	{ "a]b:80", NULL, "address a]b:80: unexpected ']' in address" },
	{ "[a[b]:80", NULL, "address [a[b]:80: unexpected '[' in address" },
	{ "[ab]:8]0", NULL, "address [ab]:8]0: unexpected ']' in address" },
};

START_TEST(test_split_host_port)
{
	char err[256] = "";
	char *host = NULL, *port = NULL;
	int r = kc_netutil_split_host_port(host_ports[_i].in, &host, &port, err, sizeof(err));

	if (host_ports[_i].host == NULL) {
		ck_assert_int_eq(r, KC_ERR_INVALID);
		ck_assert_str_eq(err, host_ports[_i].port_or_err);
		ck_assert_ptr_null(host);
		ck_assert_ptr_null(port);
		return;
	}
	ck_assert_msg(r == 0, "%s: %s", host_ports[_i].in, err);
	ck_assert_str_eq(host, host_ports[_i].host);
	ck_assert_str_eq(port, host_ports[_i].port_or_err);
	free(host);
	free(port);
}
END_TEST

/* ---- netutils.ParsePort ---- */

static const struct {
	const char *in;
	int allow_zero;
	int port; /* < 0: refused */
	const char *err;
} ports[] = {
	{ "80", 0, 80, NULL },
	{ "65535", 0, 65535, NULL },
	{ "0080", 0, 80, NULL },
	{ "0", 1, 0, NULL },
	{ "0", 0, -1, "0 is not a valid port number" },
	{ "65536", 1, -1, "strconv.ParseUint: parsing \"65536\": value out of range" },
	{ "99999999999999999999999", 1, -1,
	  "strconv.ParseUint: parsing \"99999999999999999999999\": value out of range" },
	{ "70000x", 1, -1, "strconv.ParseUint: parsing \"70000x\": value out of range" },
	{ "", 1, -1, "strconv.ParseUint: parsing \"\": invalid syntax" },
	{ "-1", 1, -1, "strconv.ParseUint: parsing \"-1\": invalid syntax" },
	{ "+80", 1, -1, "strconv.ParseUint: parsing \"+80\": invalid syntax" },
	{ " 80", 1, -1, "strconv.ParseUint: parsing \" 80\": invalid syntax" },
	{ "8_0", 1, -1, "strconv.ParseUint: parsing \"8_0\": invalid syntax" },
};

START_TEST(test_parse_port)
{
	char err[256] = "";
	int r = kc_netutil_parse_port(ports[_i].in, ports[_i].allow_zero, err, sizeof(err));

	if (ports[_i].port < 0) {
		ck_assert_int_eq(r, KC_ERR_INVALID);
		ck_assert_str_eq(err, ports[_i].err);
		return;
	}
	ck_assert_int_eq(r, ports[_i].port);
}
END_TEST

/* ---- utilnet.PortRange ---- */

static const struct {
	const char *in;
	int base, size;
	const char *err; /* NULL: valid */
} port_ranges[] = {
	{ "30000-32767", 30000, 2768, NULL },
	{ "30000+2767", 30000, 2768, NULL },
	{ "8080", 8080, 1, NULL },
	{ " 1-65535 ", 1, 65535, NULL },
	{ "\t\n", 0, 0, NULL },
	{ "", 0, 0, NULL },
	{ "0-0", 0, 1, NULL },
	{ "65535+0", 65535, 1, NULL },
	{ "100-99", 0, 0, "end port cannot be less than start port: 100-99" },
	{ "1-65536", 0, 0, "the port range cannot be greater than 65535: 1-65536" },
	{ "65535+1", 0, 0, "the port range cannot be greater than 65535: 65535+1" },
	{ " 1-2+3 ", 0, 0, "unable to parse port range: 1-2+3" },
	{ "x", 0, 0, "strconv.Atoi: parsing \"x\": invalid syntax" },
	{ "30000-", 0, 0, "strconv.Atoi: parsing \"\": invalid syntax" },
	{ "-5", 0, 0, "strconv.Atoi: parsing \"\": invalid syntax" },
	{ "+5", 0, 0, "strconv.Atoi: parsing \"\": invalid syntax" },
	{ "1- 2", 0, 0, "strconv.Atoi: parsing \" 2\": invalid syntax" },
	{ "5--3", 0, 0, "end port cannot be less than start port: 5--3" },
	{ "99999999999999999999", 0, 0,
	  "strconv.Atoi: parsing \"99999999999999999999\": value out of range" },
	{ "1+9223372036854775807", 0, 0,
	  "end port cannot be less than start port: 1+9223372036854775807" },
};

START_TEST(test_port_range)
{
	char err[256] = "";
	int base = -1, size = -1;
	int r = kc_netutil_parse_port_range(port_ranges[_i].in, &base, &size, err, sizeof(err));

	if (port_ranges[_i].err != NULL) {
		ck_assert_int_eq(r, KC_ERR_INVALID);
		ck_assert_str_eq(err, port_ranges[_i].err);
		ck_assert_int_eq(kc_netutil_check_port_range(port_ranges[_i].in, NULL, 0),
				 KC_ERR_INVALID);
		return;
	}
	ck_assert_msg(r == 0, "%s: %s", port_ranges[_i].in, err);
	ck_assert_int_eq(base, port_ranges[_i].base);
	ck_assert_int_eq(size, port_ranges[_i].size);
	ck_assert_int_eq(kc_netutil_check_port_range(port_ranges[_i].in, NULL, 0), 0);
}
END_TEST

/* ---- utilflag.IPVar and IPPortVar ---- */

static const struct {
	const char *in;
	const char *ip_err;      /* kc_netutil_check_ip(); NULL: accepted */
	const char *ip_port_err; /* kc_netutil_check_ip_port(); NULL: accepted */
} addresses[] = {
	{ "0.0.0.0", NULL, NULL },
	{ "::", NULL, NULL },
	{ "010.001.0.1", NULL, NULL }, /* ParseIPSloppy: leading zeros are decimal */
	{ "::ffff:10.0.0.1", NULL, NULL },
	{ "127.0.0.1:10249", "\"127.0.0.1:10249\" is not a valid IP address", NULL },
	{ "[::1]:0", "\"[::1]:0\" is not a valid IP address", NULL },
	{ "", "\"\" is not a valid IP address", NULL },
	{ "10.0.0.256", "\"10.0.0.256\" is not a valid IP address",
	  "\"10.0.0.256\" is not in a valid format (ip or ip:port): address 10.0.0.256: missing port in address" },
	{ "localhost:80", "\"localhost:80\" is not a valid IP address",
	  "\"localhost\" is not a valid IP address" },
	{ "1.2.3.4:http", "\"1.2.3.4:http\" is not a valid IP address",
	  "\"http\" is not a valid number" },
	{ "1.2.3.4:", "\"1.2.3.4:\" is not a valid IP address", "\"\" is not a valid number" },
	{ "1.2.3.4:-1", "\"1.2.3.4:-1\" is not a valid IP address",
	  "\"-1\" is not a valid number" },
	{ "fe80::1%eth0", "\"fe80::1%eth0\" is not a valid IP address",
	  "\"fe80::1%eth0\" is not in a valid format (ip or ip:port): address fe80::1%eth0: too many colons in address" },
};

START_TEST(test_check_ip)
{
	char err[256] = "";
	int r = kc_netutil_check_ip(addresses[_i].in, err, sizeof(err));

	if (addresses[_i].ip_err == NULL) {
		ck_assert_msg(r == 0, "%s: %s", addresses[_i].in, err);
		return;
	}
	ck_assert_int_eq(r, KC_ERR_INVALID);
	ck_assert_str_eq(err, addresses[_i].ip_err);
}
END_TEST

START_TEST(test_check_ip_port)
{
	char err[256] = "";
	int r = kc_netutil_check_ip_port(addresses[_i].in, err, sizeof(err));

	if (addresses[_i].ip_port_err == NULL) {
		ck_assert_msg(r == 0, "%s: %s", addresses[_i].in, err);
		return;
	}
	ck_assert_int_eq(r, KC_ERR_INVALID);
	ck_assert_str_eq(err, addresses[_i].ip_port_err);
}
END_TEST

START_TEST(test_err_may_be_null_or_short)
{
	char tiny[8];
	char *host = NULL, *port = NULL;

	ck_assert_int_eq(kc_netutil_split_host_port("nope", &host, &port, NULL, 0), KC_ERR_INVALID);
	ck_assert_int_eq(kc_netutil_parse_port("x", 1, NULL, 0), KC_ERR_INVALID);
	ck_assert_int_eq(kc_netutil_check_ip("x", NULL, 0), KC_ERR_INVALID);
	ck_assert_int_eq(kc_netutil_check_ip_port("x:y", NULL, 0), KC_ERR_INVALID);
	/* a short buffer gets a truncated, terminated message */
	ck_assert_int_eq(kc_netutil_check_ip("not-an-ip", tiny, sizeof(tiny)), KC_ERR_INVALID);
	ck_assert_str_eq(tiny, "\"not-an");
}
END_TEST

/* The host's address is a non-loopback IPv4 address, or there is none and buf is "". */
START_TEST(test_host_primary_ip)
{
	char buf[64];
	struct in_addr a;
	int r = kc_netutil_host_primary_ip(buf, sizeof(buf));

	if (r == KC_ERR_NOT_FOUND) {
		ck_assert_str_eq(buf, "");
		return;
	}
	ck_assert_int_eq(r, 0);
	ck_assert_int_eq(inet_pton(AF_INET, buf, &a), 1);
	ck_assert_int_ne(ntohl(a.s_addr) >> 24, 127);
}
END_TEST

/* In a new network namespace only lo exists (and is down): no primary address. */
START_TEST(test_host_primary_ip_empty_netns)
{
	char buf[64] = "x";

	if (geteuid() != 0 || unshare(CLONE_NEWNET) < 0) {
		fprintf(stderr, "skip test_host_primary_ip_empty_netns: needs root (unshare CLONE_NEWNET)\n");
		return;
	}
	ck_assert_int_eq(kc_netutil_host_primary_ip(buf, sizeof(buf)), KC_ERR_NOT_FOUND);
	ck_assert_str_eq(buf, "");
}
END_TEST

static Suite *
netutil_suite(void)
{
	Suite *s = suite_create("netutil");
	TCase *tc = tcase_create("netutil");

	tcase_add_loop_test(tc, test_split_host_port, 0,
			    (int)(sizeof(host_ports) / sizeof(host_ports[0])));
	tcase_add_loop_test(tc, test_parse_port, 0, (int)(sizeof(ports) / sizeof(ports[0])));
	tcase_add_loop_test(tc, test_port_range, 0,
			    (int)(sizeof(port_ranges) / sizeof(port_ranges[0])));
	tcase_add_loop_test(tc, test_check_ip, 0, (int)(sizeof(addresses) / sizeof(addresses[0])));
	tcase_add_loop_test(tc, test_check_ip_port, 0,
			    (int)(sizeof(addresses) / sizeof(addresses[0])));
	tcase_add_test(tc, test_err_may_be_null_or_short);
	tcase_add_test(tc, test_host_primary_ip);
	tcase_add_test(tc, test_host_primary_ip_empty_netns);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(netutil_suite)
