/*
 * check_watch.c - the watch stream decoder: framing across arbitrary chunk boundaries,
 * whitespace, size limit, bad input, and metav1.Status error mapping (upstream tests:
 * apimachinery/pkg/util/framer/framer_test.go, client-go rest/watch/decoder_test.go).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/strbuf.h"
#include "libkcommon/watch.h"
#include "test/unit/testutil/testutil.h"

/* What the callback saw: "TYPE:name" lines joined by ' '. */
struct seen {
	struct kc_strbuf log;
	int n;
	int stop_after; /* return -100 after this many events; 0 = never */
};

static int
record(void *arg, enum kc_watch_event_type type, json_t *object)
{
	struct seen *s = arg;
	const char *name = json_string_value(json_object_get(json_object_get(object, "metadata"),
							    "name"));

	kc_strbuf_addf(&s->log, "%s%s:%s", s->n > 0 ? " " : "", kc_watch_event_type_name(type),
		       name != NULL ? name : "-");
	s->n++;
	if (s->stop_after > 0 && s->n >= s->stop_after)
		return -100;
	return 0;
}

static void
seen_release(struct seen *s)
{
	kc_strbuf_release(&s->log);
}

/* Three events with every framing hazard: braces, brackets and escapes inside strings. */
static const char tricky_stream[] =
	"{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"a}\"},\"data\":{\"k\":\"{[\\\"}\"}}}\n"
	"{\"type\":\"MODIFIED\",\"object\":{\"metadata\":{\"name\":\"b\\\\\"},\"l\":[1,[2,{}],\"]\"]}}"
	"  \r\n\t{\"type\":\"DELETED\",\"object\":{\"metadata\":{\"name\":\"c\\u00e9\"}}}\n";
static const char tricky_expect[] = "ADDED:a} MODIFIED:b\\ DELETED:c\xc3\xa9";

/* Feeds `data` in pieces cut at the given offsets (ascending, ending with len). */
static int
feed_cuts(struct kc_watch_decoder *d, const char *data, const size_t *cuts, size_t ncuts,
	  struct seen *s)
{
	size_t at = 0;
	int r;

	for (size_t i = 0; i < ncuts; i++) {
		r = kc_watch_decoder_feed(d, data + at, cuts[i] - at, record, s);
		if (r < 0)
			return r;
		at = cuts[i];
	}
	return kc_watch_decoder_finish(d);
}

START_TEST(test_single_event)
{
	const char *ev = "{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"p1\"}}}\n";
	struct kc_watch_decoder *d = kc_watch_decoder_new(0);
	struct seen s = { .log = KC_STRBUF_INIT };

	ck_assert_int_eq(kc_watch_decoder_feed(d, ev, strlen(ev), record, &s), 0);
	ck_assert_str_eq(s.log.buf, "ADDED:p1");
	ck_assert_int_eq(kc_watch_decoder_pending(d), 0);
	ck_assert_int_eq(kc_watch_decoder_finish(d), 0);
	ck_assert_str_eq(kc_watch_decoder_error(d), "");
	kc_watch_decoder_free(d);
	seen_release(&s);
}
END_TEST

static const char *const type_names[] = { "ADDED", "MODIFIED", "DELETED", "BOOKMARK", "ERROR" };

START_TEST(test_each_type)
{
	char ev[200];
	struct kc_watch_decoder *d = kc_watch_decoder_new(0);
	struct seen s = { .log = KC_STRBUF_INIT };
	char want[64];

	snprintf(ev, sizeof(ev), "{\"object\":{\"metadata\":{\"name\":\"x\"}},\"type\":\"%s\"}",
		 type_names[_i]);
	ck_assert_int_eq(kc_watch_decoder_feed(d, ev, strlen(ev), record, &s), 0);
	snprintf(want, sizeof(want), "%s:x", type_names[_i]);
	ck_assert_str_eq(s.log.buf, want);
	ck_assert_int_eq(kc_watch_event_type_parse(type_names[_i]), _i);
	ck_assert_str_eq(kc_watch_event_type_name((enum kc_watch_event_type)_i), type_names[_i]);
	kc_watch_decoder_free(d);
	seen_release(&s);
}
END_TEST

START_TEST(test_split_every_byte)
{
	size_t len = strlen(tricky_stream);

	for (size_t cut = 0; cut <= len; cut++) {
		struct kc_watch_decoder *d = kc_watch_decoder_new(0);
		struct seen s = { .log = KC_STRBUF_INIT };
		size_t cuts[2] = { cut, len };

		ck_assert_msg(feed_cuts(d, tricky_stream, cuts, 2, &s) == 0, "cut at %zu", cut);
		ck_assert_msg(strcmp(s.log.buf, tricky_expect) == 0, "cut at %zu: %s", cut,
			      s.log.buf);
		kc_watch_decoder_free(d);
		seen_release(&s);
	}
}
END_TEST

/* Every pair of cut points: three chunks, each boundary anywhere. */
START_TEST(test_split_three_ways)
{
	size_t len = strlen(tricky_stream);

	for (size_t a = 0; a <= len; a += 3) {
		for (size_t b = a; b <= len; b += 5) {
			struct kc_watch_decoder *d = kc_watch_decoder_new(0);
			struct seen s = { .log = KC_STRBUF_INIT };
			size_t cuts[3] = { a, b, len };

			ck_assert_int_eq(feed_cuts(d, tricky_stream, cuts, 3, &s), 0);
			ck_assert_msg(strcmp(s.log.buf, tricky_expect) == 0, "cuts %zu,%zu", a, b);
			kc_watch_decoder_free(d);
			seen_release(&s);
		}
	}
}
END_TEST

/* Fixed chunk sizes 1..8: most events straddle several chunks. */
START_TEST(test_chunk_sizes)
{
	size_t len = strlen(tricky_stream), step = (size_t)_i;
	struct kc_watch_decoder *d = kc_watch_decoder_new(0);
	struct seen s = { .log = KC_STRBUF_INIT };

	for (size_t at = 0; at < len; at += step) {
		size_t n = len - at < step ? len - at : step;

		ck_assert_int_eq(kc_watch_decoder_feed(d, tricky_stream + at, n, record, &s), 0);
	}
	ck_assert_int_eq(kc_watch_decoder_finish(d), 0);
	ck_assert_str_eq(s.log.buf, tricky_expect);
	kc_watch_decoder_free(d);
	seen_release(&s);
}
END_TEST

START_TEST(test_events_delivered_as_completed)
{
	const char *ev = "{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"p1\"}}}"
			 "{\"type\":\"ADDED\",\"object\":{";
	struct kc_watch_decoder *d = kc_watch_decoder_new(0);
	struct seen s = { .log = KC_STRBUF_INIT };

	/* The first event is complete: delivered now, the second one is held. */
	ck_assert_int_eq(kc_watch_decoder_feed(d, ev, strlen(ev), record, &s), 0);
	ck_assert_int_eq(s.n, 1);
	ck_assert_int_eq(kc_watch_decoder_pending(d), strlen("{\"type\":\"ADDED\",\"object\":{"));
	ck_assert_int_eq(kc_watch_decoder_feed(d, "}}", 2, record, &s), 0);
	ck_assert_int_eq(s.n, 2);
	ck_assert_int_eq(kc_watch_decoder_pending(d), 0);
	kc_watch_decoder_free(d);
	seen_release(&s);
}
END_TEST

START_TEST(test_several_per_chunk_no_newlines)
{
	const char *evs = "{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"a\"}}}"
			  "{\"type\":\"MODIFIED\",\"object\":{\"metadata\":{\"name\":\"a\"}}} "
			  "{\"type\":\"BOOKMARK\",\"object\":{\"metadata\":{\"resourceVersion\":\"9\"}}}";
	struct kc_watch_decoder *d = kc_watch_decoder_new(0);
	struct seen s = { .log = KC_STRBUF_INIT };

	ck_assert_int_eq(kc_watch_decoder_feed(d, evs, strlen(evs), record, &s), 0);
	ck_assert_str_eq(s.log.buf, "ADDED:a MODIFIED:a BOOKMARK:-");
	kc_watch_decoder_free(d);
	seen_release(&s);
}
END_TEST

START_TEST(test_whitespace_only)
{
	const char *ws = " \r\n\t\n\n  ";
	struct kc_watch_decoder *d = kc_watch_decoder_new(0);
	struct seen s = { .log = KC_STRBUF_INIT };

	ck_assert_int_eq(kc_watch_decoder_feed(d, ws, strlen(ws), record, &s), 0);
	ck_assert_int_eq(kc_watch_decoder_feed(d, "", 0, record, &s), 0);
	ck_assert_int_eq(kc_watch_decoder_finish(d), 0);
	ck_assert_int_eq(s.n, 0);
	kc_watch_decoder_free(d);
	seen_release(&s);
}
END_TEST

START_TEST(test_too_large_in_one_chunk)
{
	char ev[256];
	struct kc_watch_decoder *d = kc_watch_decoder_new(64);
	struct seen s = { .log = KC_STRBUF_INIT };

	snprintf(ev, sizeof(ev), "{\"type\":\"ADDED\",\"object\":{\"data\":\"%0100d\"}}\n", 0);
	ck_assert_int_eq(kc_watch_decoder_feed(d, ev, strlen(ev), record, &s), KC_ERR_TOO_LARGE);
	ck_assert_ptr_nonnull(strstr(kc_watch_decoder_error(d), "larger than 64 bytes"));
	ck_assert_int_eq(s.n, 0);
	kc_watch_decoder_free(d);
	seen_release(&s);
}
END_TEST

/* Byte by byte: the held bytes never exceed the limit, the error comes as soon as they would. */
START_TEST(test_too_large_growing)
{
	struct kc_watch_decoder *d = kc_watch_decoder_new(1000);
	struct seen s = { .log = KC_STRBUF_INIT };
	const char *head = "{\"type\":\"ADDED\",\"object\":{\"data\":\"";
	size_t fed = 0;
	int r = 0;

	ck_assert_int_eq(kc_watch_decoder_feed(d, head, strlen(head), record, &s), 0);
	fed = strlen(head);
	while (r == 0 && fed < 5000) {
		r = kc_watch_decoder_feed(d, "x", 1, record, &s);
		fed++;
		ck_assert_uint_le(kc_watch_decoder_pending(d), 1000);
	}
	ck_assert_int_eq(r, KC_ERR_TOO_LARGE);
	ck_assert_uint_eq(fed, 1001);
	ck_assert_uint_eq(kc_watch_decoder_pending(d), 0);
	kc_watch_decoder_free(d);
	seen_release(&s);
}
END_TEST

START_TEST(test_limit_is_inclusive)
{
	const char *ev = "{\"type\":\"ADDED\",\"object\":{}}";
	struct kc_watch_decoder *d = kc_watch_decoder_new(strlen(ev));
	struct seen s = { .log = KC_STRBUF_INIT };

	ck_assert_int_eq(kc_watch_decoder_feed(d, ev, 10, record, &s), 0);
	ck_assert_int_eq(kc_watch_decoder_feed(d, ev + 10, strlen(ev) - 10, record, &s), 0);
	ck_assert_int_eq(s.n, 1);
	kc_watch_decoder_free(d);
	seen_release(&s);
}
END_TEST

/* Bad input: each is a clear error, sticky, and nothing after it is delivered. */
static const struct {
	const char *stream;
	int r;
	const char *msg;
} bad_cases[] = {
	{ "{\"type\":\"ADDED\",\"object\":{\"a\":}}", KC_ERR_PARSE, "unable to decode watch event" },
	{ "{\"type\":\"ADDED\",\"object\":{}}x", KC_ERR_PARSE, "invalid character 'x'" },
	{ "[{\"type\":\"ADDED\",\"object\":{}}]", KC_ERR_PARSE, "invalid character '['" },
	{ "\"ADDED\"", KC_ERR_PARSE, "invalid character '\"'" },
	{ "{\"type\":\"ADDED\",\"object\":{}}\x01", KC_ERR_PARSE, "invalid byte 0x01" },
	{ "{\"object\":{}}", KC_ERR_PARSE, "got invalid watch event type: " },
	{ "{\"type\":\"FOO\",\"object\":{}}", KC_ERR_PARSE, "got invalid watch event type: FOO" },
	{ "{\"type\":\"added\",\"object\":{}}", KC_ERR_PARSE, "got invalid watch event type: added" },
	{ "{\"type\":7,\"object\":{}}", KC_ERR_PARSE, "got invalid watch event type" },
	{ "{\"type\":\"ADDED\"}", KC_ERR_PARSE, "\"object\" is missing" },
	{ "{\"type\":\"ADDED\",\"object\":[1]}", KC_ERR_PARSE, "not a JSON object" },
	{ "{\"type\":\"ADDED\",\"object\":\"x\"}", KC_ERR_PARSE, "not a JSON object" },
	{ "{\"type\":\"ADDED\",\"object\":null}", KC_ERR_PARSE, "not a JSON object" },
	{ "{\"type\":\"ADDED\",\"object\":{}]", KC_ERR_PARSE, "unable to decode watch event" },
	{ "{\"type\":\"ADDED\",\"object\":{\"n\":99999999999999999999999}}", KC_ERR_PARSE,
	  "unable to decode watch event" },
};

START_TEST(test_bad_input)
{
	const char *good = "{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"ok\"}}}\n";
	struct kc_watch_decoder *d = kc_watch_decoder_new(0);
	struct seen s = { .log = KC_STRBUF_INIT };
	const char *in = bad_cases[_i].stream;
	int r, n;

	ck_assert_int_eq(kc_watch_decoder_feed(d, good, strlen(good), record, &s), 0);
	r = kc_watch_decoder_feed(d, in, strlen(in), record, &s);
	ck_assert_int_eq(r, bad_cases[_i].r);
	ck_assert_msg(strstr(kc_watch_decoder_error(d), bad_cases[_i].msg) != NULL,
		      "error '%s' lacks '%s'", kc_watch_decoder_error(d), bad_cases[_i].msg);
	/* Events complete before the bad bytes were delivered; nothing after them is. */
	n = s.n;
	ck_assert_int_le(n, 2);
	ck_assert_int_eq(kc_watch_decoder_feed(d, good, strlen(good), record, &s), r);
	ck_assert_int_eq(kc_watch_decoder_finish(d), r);
	ck_assert_int_eq(s.n, n);
	ck_assert_int_eq(kc_watch_decoder_pending(d), 0);
	kc_watch_decoder_free(d);
	seen_release(&s);
}
END_TEST

START_TEST(test_truncated_stream)
{
	const char *ev = "{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"na";
	struct kc_watch_decoder *d = kc_watch_decoder_new(0);
	struct seen s = { .log = KC_STRBUF_INIT };

	ck_assert_int_eq(kc_watch_decoder_feed(d, ev, strlen(ev), record, &s), 0);
	ck_assert_int_eq(kc_watch_decoder_finish(d), KC_ERR_PARSE);
	ck_assert_ptr_nonnull(strstr(kc_watch_decoder_error(d), "unexpected EOF"));
	ck_assert_int_eq(s.n, 0);
	kc_watch_decoder_free(d);
	seen_release(&s);
}
END_TEST

START_TEST(test_callback_stops)
{
	const char *evs = "{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"a\"}}}"
			  "{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"b\"}}}";
	struct kc_watch_decoder *d = kc_watch_decoder_new(0);
	struct seen s = { .log = KC_STRBUF_INIT, .stop_after = 1 };

	ck_assert_int_eq(kc_watch_decoder_feed(d, evs, strlen(evs), record, &s), -100);
	ck_assert_str_eq(s.log.buf, "ADDED:a");
	kc_watch_decoder_free(d);
	seen_release(&s);
}
END_TEST

START_TEST(test_nul_in_string)
{
	const char *ev = "{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"a\"},"
			 "\"data\":{\"k\":\"x\\u0000y\"}}}";
	struct kc_watch_decoder *d = kc_watch_decoder_new(0);
	struct seen s = { .log = KC_STRBUF_INIT };

	ck_assert_int_eq(kc_watch_decoder_feed(d, ev, strlen(ev), record, &s), 0);
	ck_assert_str_eq(s.log.buf, "ADDED:a");
	kc_watch_decoder_free(d);
	seen_release(&s);
}
END_TEST

START_TEST(test_deep_nesting_rejected)
{
	struct kc_watch_decoder *d = kc_watch_decoder_new(0);
	struct seen s = { .log = KC_STRBUF_INIT };
	KC_CLEANUP(kc_strbuf_release) struct kc_strbuf b = KC_STRBUF_INIT;

	kc_strbuf_adds(&b, "{\"type\":\"ADDED\",\"object\":{\"a\":");
	for (int i = 0; i < 5000; i++)
		kc_strbuf_addch(&b, '[');
	for (int i = 0; i < 5000; i++)
		kc_strbuf_addch(&b, ']');
	kc_strbuf_adds(&b, "}}");
	ck_assert_int_eq(kc_watch_decoder_feed(d, b.buf, b.len, record, &s), KC_ERR_PARSE);
	ck_assert_int_eq(s.n, 0);
	kc_watch_decoder_free(d);
	seen_release(&s);
}
END_TEST

/* 8 MiB event fed byte by byte: linear time, one copy (a quadratic framer would take minutes). */
START_TEST(test_big_event_linear)
{
	size_t n = (size_t)8 << 20;
	char *ev = malloc(n + 64);
	struct kc_watch_decoder *d = kc_watch_decoder_new(0);
	struct seen s = { .log = KC_STRBUF_INIT };
	struct timespec t0, t1;
	size_t len;

	ck_assert_ptr_nonnull(ev);
	len = (size_t)sprintf(ev, "{\"type\":\"ADDED\",\"object\":{\"data\":\"");
	memset(ev + len, '{', n);
	len += n;
	len += (size_t)sprintf(ev + len, "\"}}\n");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (size_t i = 0; i < len; i += 7)
		ck_assert_int_eq(kc_watch_decoder_feed(d, ev + i, len - i < 7 ? len - i : 7, record,
						       &s),
				 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ck_assert_int_eq(s.n, 1);
	ck_assert_double_lt((double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9, 3.0);
	free(ev);
	kc_watch_decoder_free(d);
	seen_release(&s);
}
END_TEST

/* metav1.Status → error code: reason first, then code, then the HTTP status. */
static const struct {
	const char *status;
	int http_status;
	int r;
} status_cases[] = {
	{ "{\"kind\":\"Status\",\"status\":\"Failure\",\"reason\":\"Expired\",\"code\":410,"
	  "\"message\":\"too old resource version: 1 (5)\"}",
	  0, KC_ERR_EXPIRED },
	{ "{\"status\":\"Failure\",\"reason\":\"Gone\",\"code\":410}", 0, KC_ERR_GONE },
	{ "{\"status\":\"Failure\",\"code\":410}", 0, KC_ERR_GONE },
	{ "{\"status\":\"Failure\",\"reason\":\"SomethingNew\",\"code\":404}", 0,
	  KC_ERR_NOT_FOUND },
	{ "{\"status\":\"Failure\",\"reason\":\"InternalError\",\"code\":404}", 0,
	  KC_ERR_INTERNAL },
	{ "{\"status\":\"Failure\",\"reason\":\"AlreadyExists\",\"code\":409}", 0,
	  KC_ERR_ALREADY_EXISTS },
	{ "{\"status\":\"Failure\",\"reason\":\"Conflict\",\"code\":409}", 0, KC_ERR_CONFLICT },
	{ "{\"status\":\"Failure\",\"reason\":\"Invalid\",\"code\":422}", 0, KC_ERR_INVALID },
	{ "{\"status\":\"Failure\",\"reason\":\"TooManyRequests\",\"code\":429}", 0,
	  KC_ERR_TOO_MANY_REQUESTS },
	{ "{\"status\":\"Failure\",\"reason\":\"Timeout\",\"code\":504}", 0, KC_ERR_TIMEOUT },
	{ "{\"status\":\"Failure\"}", 403, KC_ERR_FORBIDDEN },
	{ "{\"status\":\"Failure\",\"code\":200}", 0, KC_ERR_INTERNAL },
	{ "{\"status\":\"Failure\"}", 0, KC_ERR_INTERNAL },
	{ "{\"status\":\"Success\",\"code\":200}", 0, 0 },
	{ "[]", 503, KC_ERR_UNAVAILABLE },
};

START_TEST(test_status_err)
{
	json_auto_t *st = json_loads(status_cases[_i].status, 0, NULL);

	ck_assert_ptr_nonnull(st);
	ck_assert_int_eq(kc_watch_status_err(st, status_cases[_i].http_status),
			 status_cases[_i].r);
}
END_TEST

/* An ERROR event decodes like any event; its Status maps to the relist code. */
START_TEST(test_error_event_410)
{
	const char *ev = "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\","
			 "\"metadata\":{},\"status\":\"Failure\",\"message\":\"too old resource "
			 "version: 1 (5)\",\"reason\":\"Expired\",\"code\":410}}\n";
	struct kc_watch_decoder *d = kc_watch_decoder_new(0);
	struct seen s = { .log = KC_STRBUF_INIT };

	ck_assert_int_eq(kc_watch_decoder_feed(d, ev, strlen(ev), record, &s), 0);
	ck_assert_str_eq(s.log.buf, "ERROR:-");
	kc_watch_decoder_free(d);
	seen_release(&s);
}
END_TEST

static int
keep_status(void *arg, enum kc_watch_event_type type, json_t *object)
{
	json_t **out = arg;

	if (type == KC_WATCH_ERROR)
		*out = json_incref(object);
	return 0;
}

START_TEST(test_error_event_status_code)
{
	const char *ev = "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"status\":\"Failure\","
			 "\"reason\":\"Expired\",\"code\":410}}";
	struct kc_watch_decoder *d = kc_watch_decoder_new(0);
	json_auto_t *status = NULL;

	ck_assert_int_eq(kc_watch_decoder_feed(d, ev, strlen(ev), keep_status, &status), 0);
	ck_assert_ptr_nonnull(status);
	ck_assert_int_eq(kc_watch_status_err(status, 200), KC_ERR_EXPIRED);
	kc_watch_decoder_free(d);
}
END_TEST

START_TEST(test_type_names_out_of_range)
{
	ck_assert_str_eq(kc_watch_event_type_name((enum kc_watch_event_type)99), "UNKNOWN");
	ck_assert_int_eq(kc_watch_event_type_parse(NULL), KC_ERR_PARSE);
	ck_assert_int_eq(kc_watch_event_type_parse("Added"), KC_ERR_PARSE);
	ck_assert_ptr_null(kc_watch_decoder_free(NULL));
}
END_TEST

static Suite *
watch_suite(void)
{
	Suite *s = suite_create("watch");
	TCase *tc = tcase_create("decoder");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_single_event);
	tcase_add_loop_test(tc, test_each_type, 0, (int)KC_ARRAY_SIZE(type_names));
	tcase_add_test(tc, test_split_every_byte);
	tcase_add_test(tc, test_split_three_ways);
	tcase_add_loop_test(tc, test_chunk_sizes, 1, 9);
	tcase_add_test(tc, test_events_delivered_as_completed);
	tcase_add_test(tc, test_several_per_chunk_no_newlines);
	tcase_add_test(tc, test_whitespace_only);
	tcase_add_test(tc, test_too_large_in_one_chunk);
	tcase_add_test(tc, test_too_large_growing);
	tcase_add_test(tc, test_limit_is_inclusive);
	tcase_add_loop_test(tc, test_bad_input, 0, (int)KC_ARRAY_SIZE(bad_cases));
	tcase_add_test(tc, test_truncated_stream);
	tcase_add_test(tc, test_callback_stops);
	tcase_add_test(tc, test_nul_in_string);
	tcase_add_test(tc, test_deep_nesting_rejected);
	tcase_add_test(tc, test_big_event_linear);
	tcase_add_test(tc, test_error_event_410);
	tcase_add_test(tc, test_error_event_status_code);
	tcase_add_test(tc, test_type_names_out_of_range);
	suite_add_tcase(s, tc);

	tc = tcase_create("status");
	tcase_add_loop_test(tc, test_status_err, 0, (int)KC_ARRAY_SIZE(status_cases));
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(watch_suite)
