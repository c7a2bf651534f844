/*
 * check_core.c - log (klog format, --v, --vmodule), strbuf and kc_strfmt, errors table and
 * kc_err_invalid_steal, the err-buffer helpers, sd_notify.
 */
#include <fcntl.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <signal.h>

#include <event2/event.h>

#include "libkcommon/errors.h"
#include "libkcommon/log.h"
#include "libkcommon/signals.h"
#include "libkcommon/strbuf.h"
#include "test/unit/testutil/testutil.h"

/* Runs fn with the log redirected to a pipe and returns what was written (malloc()ed). */
static char *
capture_log(void (*fn)(void))
{
	int p[2];
	char *buf = calloc(1, 65536);
	ssize_t n, total = 0;

	ck_assert_int_eq(pipe(p), 0);
	kc_log_set_fd(p[1]);
	fn();
	kc_log_set_fd(2);
	close(p[1]);
	while ((n = read(p[0], buf + total, 65535 - (size_t)total)) > 0)
		total += n;
	close(p[0]);
	return buf;
}

static void
log_one_info(void)
{
	kc_info("hello %s", "world");
}

START_TEST(test_log_klog_format)
{
	char *out = capture_log(log_one_info);
	regex_t re;

	ck_assert_int_eq(
		regcomp(&re,
			"^I[0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{6} +[0-9]+ check_core\\.c:[0-9]+\\] hello world\n$",
			REG_EXTENDED),
		0);
	ck_assert_msg(regexec(&re, out, 0, NULL, 0) == 0, "not klog format: '%s'", out);
	/* the pid is right-aligned in 7 columns, as klog's header() */
	ck_assert_ptr_nonnull(strstr(out, " check_core.c:"));
	regfree(&re);
	free(out);
}
END_TEST

static void
log_severities(void)
{
	kc_warning("w");
	kc_error("e");
}

START_TEST(test_log_severity_letters)
{
	char *out = capture_log(log_severities);

	ck_assert_int_eq(out[0], 'W');
	ck_assert_ptr_nonnull(strstr(out, "\nE"));
	free(out);
}
END_TEST

static void
log_verbose(void)
{
	kc_v(2, "at two");
	kc_v(3, "at three");
}

START_TEST(test_log_verbosity)
{
	char *out;

	kc_log_set_verbosity(2);
	out = capture_log(log_verbose);
	ck_assert_ptr_nonnull(strstr(out, "at two"));
	ck_assert_ptr_null(strstr(out, "at three"));
	free(out);
	kc_log_set_verbosity(0);
	out = capture_log(log_verbose);
	ck_assert_str_eq(out, "");
	free(out);
}
END_TEST

START_TEST(test_log_vmodule)
{
	char *out;

	kc_log_set_verbosity(0);
	ck_assert_int_eq(kc_log_set_vmodule("check_co*=3,other=9"), 0);
	out = capture_log(log_verbose);
	ck_assert_ptr_nonnull(strstr(out, "at three"));
	free(out);
	ck_assert_int_eq(kc_log_v_enabled(9, "a/b/other.c"), 1);
	ck_assert_int_eq(kc_log_v_enabled(1, "a/b/third.c"), 0);
	ck_assert_int_eq(kc_log_set_vmodule("bad"), KC_ERR_INVALID);
	ck_assert_int_eq(kc_log_set_vmodule("x=abc"), KC_ERR_INVALID);
	ck_assert_int_eq(kc_log_set_vmodule("=3"), KC_ERR_INVALID);
	/* a bad spec leaves the previous one in force */
	ck_assert_int_eq(kc_log_v_enabled(9, "other.c"), 1);
	ck_assert_int_eq(kc_log_set_vmodule(""), 0);
	ck_assert_int_eq(kc_log_v_enabled(9, "other.c"), 0);
}
END_TEST

static void
log_long_line(void)
{
	char *big = malloc(20000);

	memset(big, 'x', 19999);
	big[19999] = '\0';
	kc_info("%s", big);
	free(big);
}

START_TEST(test_log_long_line_truncated)
{
	char *out = capture_log(log_long_line);
	size_t len = strlen(out);

	ck_assert(len < 9000 && len > 8000);
	ck_assert_int_eq(out[len - 1], '\n');
	ck_assert_ptr_eq(strchr(out, '\n'), out + len - 1); /* one line */
	free(out);
}
END_TEST

START_TEST(test_strbuf_basic)
{
	struct kc_strbuf sb = KC_STRBUF_INIT;
	char *s;
	size_t len;

	ck_assert_str_eq(sb.buf, "");
	ck_assert_int_eq(kc_strbuf_adds(&sb, "abc"), 0);
	ck_assert_int_eq(kc_strbuf_addch(&sb, '-'), 0);
	ck_assert_int_eq(kc_strbuf_addf(&sb, "%d/%s", 42, "x"), 0);
	ck_assert_str_eq(sb.buf, "abc-42/x");
	ck_assert_int_eq(sb.len, 8);
	kc_strbuf_consume(&sb, 4);
	ck_assert_str_eq(sb.buf, "42/x");
	s = kc_strbuf_detach(&sb, &len);
	ck_assert_str_eq(s, "42/x");
	ck_assert_int_eq(len, 4);
	ck_assert_str_eq(sb.buf, "");
	free(s);
	s = kc_strbuf_detach(&sb, NULL); /* an empty strbuf still detaches a real string */
	ck_assert_str_eq(s, "");
	free(s);
	kc_strbuf_release(&sb);
}
END_TEST

START_TEST(test_strbuf_grow_large)
{
	struct kc_strbuf sb = KC_STRBUF_INIT;

	for (int i = 0; i < 100000; i++)
		ck_assert_int_eq(kc_strbuf_addch(&sb, (char)('a' + i % 26)), 0);
	ck_assert_int_eq(sb.len, 100000);
	ck_assert_int_eq(sb.buf[100000], '\0');
	ck_assert_int_eq(sb.buf[26], 'a');
	kc_strbuf_reset(&sb);
	ck_assert_int_eq(sb.len, 0);
	ck_assert_str_eq(sb.buf, "");
	kc_strbuf_consume(&sb, 10);
	ck_assert_int_eq(kc_strbuf_grow(&sb, (size_t)-1), KC_ERR_NOMEM);
	kc_strbuf_release(&sb);
}
END_TEST

START_TEST(test_strfmt)
{
	char *s = kc_strfmt("%s=%d", "replicas", 3);
	char big[5000];

	ck_assert_str_eq(s, "replicas=3");
	free(s);
	s = kc_strfmt("%s", "");
	ck_assert_str_eq(s, "");
	free(s);
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	s = kc_strfmt("[%s]", big); /* no fixed buffer behind it */
	ck_assert_uint_eq(strlen(s), sizeof(big) + 1);
	ck_assert_int_eq(s[0], '[');
	ck_assert_int_eq(s[sizeof(big)], ']');
	free(s);
}
END_TEST

/* A parser's bad-input report: the message goes to *ret_err when asked for, else is freed. */
static int __attribute__((format(printf, 3, 4)))
wrapper_fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = kc_err_vfail(KC_ERR_PARSE, err, errlen, fmt, ap);
	va_end(ap);
	return r;
}

/* The `char *err, size_t errlen` convention: optional, truncated, NUL-terminated. */
START_TEST(test_err_buffer)
{
	char err[16];

	memset(err, 'x', sizeof(err));
	kc_err_printf(err, sizeof(err), "bad %s", "flag");
	ck_assert_str_eq(err, "bad flag");
	ck_assert_int_eq(kc_err_fail(KC_ERR_INVALID, err, sizeof(err), "unknown version %d", 7),
			 KC_ERR_INVALID);
	ck_assert_str_eq(err, "unknown version"); /* truncated to the buffer */
	ck_assert_int_eq(kc_err_fail(KC_ERR_INVALID, NULL, 64, "nobody asked"), KC_ERR_INVALID);
	memset(err, 'x', sizeof(err));
	ck_assert_int_eq(kc_err_fail(KC_ERR_RANGE, err, 0, "no room"), KC_ERR_RANGE);
	ck_assert_int_eq(err[0], 'x'); /* errlen 0: untouched */
	kc_err_printf(NULL, 0, "ignored");
	ck_assert_int_eq(wrapper_fail(err, sizeof(err), "line %d", 3), KC_ERR_PARSE);
	ck_assert_str_eq(err, "line 3");
}
END_TEST

START_TEST(test_err_invalid_steal)
{
	char *err = NULL;

	ck_assert_int_eq(kc_err_invalid_steal(&err, strdup("found '(', expected: identifier")),
			 KC_ERR_INVALID);
	ck_assert_str_eq(err, "found '(', expected: identifier");
	free(err);
	err = NULL;
	ck_assert_int_eq(kc_err_invalid_steal(NULL, strdup("nobody asked")), KC_ERR_INVALID);
	/* The message could not be built: out of memory, and *ret_err untouched. */
	ck_assert_int_eq(kc_err_invalid_steal(&err, NULL), KC_ERR_NOMEM);
	ck_assert_ptr_null(err);
}
END_TEST

static const struct {
	int code;
	int status;
	const char *reason;
} err_cases[] = {
	{ KC_ERR_NOT_FOUND, 404, "NotFound" },
	{ KC_ERR_ALREADY_EXISTS, 409, "AlreadyExists" },
	{ KC_ERR_CONFLICT, 409, "Conflict" },
	{ KC_ERR_INVALID, 422, "Invalid" },
	{ KC_ERR_EXPIRED, 410, "Expired" },
	{ KC_ERR_GONE, 410, "Gone" },
	{ KC_ERR_TOO_LARGE, 413, "RequestEntityTooLarge" },
	{ KC_ERR_UNSUPPORTED_MEDIA, 415, "UnsupportedMediaType" },
	{ KC_ERR_TOO_MANY_REQUESTS, 429, "TooManyRequests" },
	{ KC_ERR_UNAVAILABLE, 503, "ServiceUnavailable" },
	{ KC_ERR_TIMEOUT, 504, "Timeout" },
	{ KC_ERR_SERVER_TIMEOUT, 500, "ServerTimeout" },
	{ KC_ERR_FORBIDDEN, 403, "Forbidden" },
	{ KC_ERR_UNAUTHORIZED, 401, "Unauthorized" },
	{ KC_ERR_METHOD_NOT_ALLOWED, 405, "MethodNotAllowed" },
	{ KC_ERR_NOT_ACCEPTABLE, 406, "NotAcceptable" },
	{ KC_ERR_BAD_REQUEST, 400, "BadRequest" },
	{ KC_ERR_INTERNAL, 500, "InternalError" },
};

START_TEST(test_errors_table)
{
	ck_assert_int_eq(kc_err_http_status(err_cases[_i].code), err_cases[_i].status);
	ck_assert_str_eq(kc_err_reason(err_cases[_i].code), err_cases[_i].reason);
	/* reason -> code is the inverse for every canonical reason */
	ck_assert_int_eq(kc_err_from_reason(err_cases[_i].reason), err_cases[_i].code);
}
END_TEST

START_TEST(test_errors_edges)
{
	ck_assert_int_eq(kc_err_http_status(0), 200);
	ck_assert_int_eq(kc_err_http_status(-999), 500);
	ck_assert_str_eq(kc_err_reason(-999), "InternalError");
	ck_assert_int_eq(kc_err_from_reason(NULL), KC_ERR_INTERNAL);
	ck_assert_int_eq(kc_err_from_reason("NoSuchReason"), KC_ERR_INTERNAL);
	ck_assert_int_eq(kc_err_from_http_status(404), KC_ERR_NOT_FOUND);
	ck_assert_int_eq(kc_err_from_http_status(201), KC_OK);
	ck_assert_int_eq(kc_err_from_http_status(502), KC_ERR_INTERNAL);
	ck_assert_str_eq(kc_strerror(KC_ERR_NOT_FOUND), "not found");
	ck_assert_str_eq(kc_strerror(-999), "unknown error");
	ck_assert_str_eq(kc_strerror(KC_ERR_LAST_ + 1), "out of range");
}
END_TEST

START_TEST(test_sd_notify)
{
	const char *dir = kc_test_tmpdir();
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char buf[64] = "";
	int fd = socket(AF_UNIX, SOCK_DGRAM, 0);

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/notify", dir);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	unsetenv("NOTIFY_SOCKET");
	ck_assert_int_eq(kc_sd_notify("READY=1"), 0);
	setenv("NOTIFY_SOCKET", sa.sun_path, 1);
	ck_assert_int_eq(kc_sd_notify("READY=1"), 1);
	ck_assert_int_eq(recv(fd, buf, sizeof(buf) - 1, MSG_DONTWAIT), 7);
	ck_assert_str_eq(buf, "READY=1");
	setenv("NOTIFY_SOCKET", "relative/path", 1);
	ck_assert_int_eq(kc_sd_notify("READY=1"), KC_ERR_INVALID);
	setenv("NOTIFY_SOCKET", "/nonexistent/socket", 1);
	ck_assert_int_lt(kc_sd_notify("READY=1"), 0);
	unsetenv("NOTIFY_SOCKET");
	close(fd);
}
END_TEST

static int term_calls;
static int term_sig;

static void
on_term(void *arg, int sig)
{
	term_calls++;
	term_sig = sig;
	event_base_loopbreak(arg);
}

static void
send_sigterm(evutil_socket_t fd, short what, void *arg)
{
	raise(SIGTERM);
}

START_TEST(test_sigterm_reaches_loop)
{
	struct event_base *base = event_base_new();
	struct kc_signals *s = kc_signals_install(base, on_term, base);

	ck_assert_ptr_nonnull(s);
	event_base_once(base, -1, EV_TIMEOUT, send_sigterm, NULL, &(struct timeval){ 0, 1000 });
	event_base_loopexit(base, &(struct timeval){ 3, 0 });
	event_base_dispatch(base);
	ck_assert_int_eq(term_calls, 1);
	ck_assert_int_eq(term_sig, SIGTERM);
	/* SIGPIPE is ignored: writing to a closed pipe reports EPIPE instead of killing us */
	ck_assert_ptr_eq(signal(SIGPIPE, SIG_IGN), SIG_IGN);
	ck_assert_ptr_null(kc_signals_free(s));
	event_base_free(base);
}
END_TEST

static Suite *
core_suite(void)
{
	Suite *s = suite_create("core");
	TCase *tc = tcase_create("log");

	tcase_add_test(tc, test_log_klog_format);
	tcase_add_test(tc, test_log_severity_letters);
	tcase_add_test(tc, test_log_verbosity);
	tcase_add_test(tc, test_log_vmodule);
	tcase_add_test(tc, test_log_long_line_truncated);
	suite_add_tcase(s, tc);

	tc = tcase_create("strbuf");
	tcase_add_test(tc, test_strbuf_basic);
	tcase_add_test(tc, test_strbuf_grow_large);
	tcase_add_test(tc, test_strfmt);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_loop_test(tc, test_errors_table, 0,
			    (int)(sizeof(err_cases) / sizeof(err_cases[0])));
	tcase_add_test(tc, test_errors_edges);
	tcase_add_test(tc, test_err_invalid_steal);
	tcase_add_test(tc, test_err_buffer);
	suite_add_tcase(s, tc);

	tc = tcase_create("signals");
	tcase_add_test(tc, test_sd_notify);
	tcase_add_test(tc, test_sigterm_reaches_loop);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(core_suite)
