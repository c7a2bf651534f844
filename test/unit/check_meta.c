/*
 * check_meta.c - metav1 helpers: accessors, namespace keys, controller references, RFC 3339
 * Time/MicroTime, SetStatusCondition semantics, UIDs and generated names.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/meta.h"
#include "test/unit/testutil/testutil.h"

#define SEC 1000000000LL

static const char pod_json[] =
	"{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"web-1\","
	"\"namespace\":\"default\",\"uid\":\"1111\",\"resourceVersion\":\"42\",\"generation\":3,"
	"\"generateName\":\"web-\",\"labels\":{\"app\":\"web\"},\"annotations\":{\"a\":\"b\"},"
	"\"finalizers\":[\"x/y\"],"
	"\"ownerReferences\":[{\"apiVersion\":\"v1\",\"kind\":\"Other\",\"name\":\"o\",\"uid\":\"9\"},"
	"{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"name\":\"web\",\"uid\":\"2222\","
	"\"controller\":true,\"blockOwnerDeletion\":true}]},"
	"\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}";

START_TEST(test_accessors)
{
	json_auto_t *pod = kc_test_json(pod_json);
	json_auto_t *bare = kc_test_json("{\"metadata\":{\"name\":5,\"labels\":[]}}");

	ck_assert_str_eq(kc_meta_name(pod), "web-1");
	ck_assert_str_eq(kc_meta_namespace(pod), "default");
	ck_assert_str_eq(kc_meta_uid(pod), "1111");
	ck_assert_str_eq(kc_meta_resource_version(pod), "42");
	ck_assert_str_eq(kc_meta_generate_name(pod), "web-");
	ck_assert_int_eq(kc_meta_generation(pod), 3);
	ck_assert_str_eq(kc_meta_label(pod, "app"), "web");
	ck_assert_ptr_null(kc_meta_label(pod, "nope"));
	ck_assert_str_eq(kc_meta_annotation(pod, "a"), "b");
	ck_assert_int_eq(json_object_size(kc_meta_labels(pod)), 1);
	ck_assert(kc_meta_has_finalizer(pod, "x/y"));
	ck_assert(!kc_meta_has_finalizer(pod, "x"));
	ck_assert(!kc_meta_is_being_deleted(pod));
	ck_assert_int_eq(kc_meta_is_condition_true(kc_meta_status_conditions(pod), "Ready"), 1);
	/* wrong types and absent fields read as absent */
	ck_assert_ptr_null(kc_meta_name(bare));
	ck_assert_ptr_null(kc_meta_namespace(bare));
	ck_assert_ptr_null(kc_meta_labels(bare));
	ck_assert_int_eq(kc_meta_generation(bare), 0);
	ck_assert_ptr_null(kc_meta_name(NULL));
	ck_assert_ptr_null(kc_meta_status_conditions(bare));
}
END_TEST

START_TEST(test_deletion_timestamp)
{
	json_auto_t *a =
		kc_test_json("{\"metadata\":{\"deletionTimestamp\":\"2024-01-01T00:00:00Z\"}}");
	json_auto_t *b = kc_test_json("{\"metadata\":{\"deletionTimestamp\":null}}");

	ck_assert(kc_meta_is_being_deleted(a));
	ck_assert(!kc_meta_is_being_deleted(b));
}
END_TEST

static const struct {
	const char *obj;
	const char *key;
} key_table[] = {
	{ "{\"metadata\":{\"name\":\"a\",\"namespace\":\"ns\"}}", "ns/a" },
	{ "{\"metadata\":{\"name\":\"node-1\"}}", "node-1" },
	{ "{\"metadata\":{\"name\":\"a\",\"namespace\":\"\"}}", "a" },
	{ "{\"metadata\":{\"namespace\":\"ns\"}}", "ns/" },
	{ "{\"metadata\":{}}", "" },
	{ "{\"kind\":\"Pod\"}", NULL },
};

START_TEST(test_key)
{
	json_auto_t *obj = kc_test_json(key_table[_i].obj);
	KC_AUTOFREE char *key = kc_meta_key(obj);

	ck_assert_pstr_eq(key, key_table[_i].key);
}
END_TEST

static const struct {
	const char *key, *ns, *name;
} split_table[] = {
	{ "ns/a", "ns", "a" },
	{ "a", "", "a" },
	{ "/a", "", "a" },
	{ "ns/", "ns", "" },
	{ "", "", "" },
	{ "a/b/c", NULL, NULL },
	{ "//", NULL, NULL },
	/* the store's keys: informers and workqueues split what kc_meta_key() joined */
	{ "/", "", "" },
	{ "ns/a/", NULL, NULL },
	{ "/a/b", NULL, NULL },
	{ "node-1.example.com", "", "node-1.example.com" },
};

START_TEST(test_split_key)
{
	char *ns = NULL, *name = NULL;
	int r = kc_meta_split_key(split_table[_i].key, &ns, &name);

	if (split_table[_i].ns == NULL) {
		ck_assert_int_eq(r, KC_ERR_INVALID);
		ck_assert_ptr_null(ns);
		ck_assert_ptr_null(name);
		return;
	}
	ck_assert_int_eq(r, 0);
	ck_assert_str_eq(ns, split_table[_i].ns);
	ck_assert_str_eq(name, split_table[_i].name);
	free(ns);
	free(name);
}
END_TEST

START_TEST(test_controller_ref)
{
	json_auto_t *pod = kc_test_json(pod_json);
	json_auto_t *rs = kc_test_json("{\"metadata\":{\"name\":\"web\",\"uid\":\"2222\"}}");
	json_auto_t *other = kc_test_json("{\"metadata\":{\"name\":\"o\",\"uid\":\"9\"}}");
	json_auto_t *orphan =
		kc_test_json("{\"metadata\":{\"name\":\"x\",\"ownerReferences\":[{\"uid\":"
			     "\"9\",\"controller\":false}]}}");
	json_auto_t *ref = kc_meta_new_controller_ref(rs, "apps/v1", "ReplicaSet");
	const json_t *c = kc_meta_controller_of(pod);

	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(json_string_value(json_object_get(c, "uid")), "2222");
	ck_assert_int_eq(json_array_size(kc_meta_owner_references(pod)), 2);
	ck_assert(kc_meta_is_controlled_by(pod, rs));
	ck_assert(!kc_meta_is_controlled_by(pod, other));
	ck_assert_ptr_null(kc_meta_controller_of(orphan));
	ck_assert(!kc_meta_is_controlled_by(orphan, other));
	/* NewControllerRef equals the reference the pod carries */
	ck_assert(json_equal(ref, (json_t *)c));
}
END_TEST

/* metav1.Time / MicroTime text of a nanosecond timestamp */
static const struct {
	int64_t ns;
	const char *time, *micro;
} format_table[] = {
	{ 0, "1970-01-01T00:00:00Z", "1970-01-01T00:00:00.000000Z" },
	{ 1136214245LL * SEC, "2006-01-02T15:04:05Z", "2006-01-02T15:04:05.000000Z" },
	{ 1136214245LL * SEC + 999999999, "2006-01-02T15:04:05Z", "2006-01-02T15:04:05.999999Z" },
	/* the Lease times leader election writes: microseconds truncated, not rounded */
	{ 1136214245LL * SEC + 123456789, "2006-01-02T15:04:05Z", "2006-01-02T15:04:05.123456Z" },
	{ 951782400LL * SEC, "2000-02-29T00:00:00Z", "2000-02-29T00:00:00.000000Z" },
	{ -1, "1969-12-31T23:59:59Z", "1969-12-31T23:59:59.999999Z" },
	{ -86400LL * SEC, "1969-12-31T00:00:00Z", "1969-12-31T00:00:00.000000Z" },
	{ 4102444799LL * SEC + 123456789, "2099-12-31T23:59:59Z", "2099-12-31T23:59:59.123456Z" },
};

START_TEST(test_time_format)
{
	char buf[KC_META_TIME_BUFSZ];
	int64_t back;

	ck_assert_str_eq(kc_meta_time_format(format_table[_i].ns, buf, sizeof(buf)),
			 format_table[_i].time);
	ck_assert_str_eq(kc_meta_micro_time_format(format_table[_i].ns, buf, sizeof(buf)),
			 format_table[_i].micro);
	ck_assert_int_eq(kc_meta_micro_time_parse(format_table[_i].micro, &back), 0);
	/* the micro text is the time floored to the microsecond */
	ck_assert_int_eq(back,
			 format_table[_i].ns - (((format_table[_i].ns % 1000) + 1000) % 1000));
}
END_TEST

/* time.Parse(time.RFC3339, s); expect -1: invalid */
static const struct {
	const char *in;
	int64_t ns;
} parse_table[] = {
	{ "2006-01-02T15:04:05Z", 1136214245LL * SEC },
	{ "2006-01-02T15:04:05-07:00", 1136239445LL * SEC },
	{ "1970-01-01T00:00:00Z", 0 },
	{ "1970-01-01T00:00:00.5Z", SEC / 2 },
	{ "1970-01-01T00:00:00,25Z", SEC / 4 },
	{ "1970-01-01T00:00:00.1234567891Z", 123456789 },
	{ "1970-01-01T01:00:00+01:00", 0 },
	{ "1969-12-31T19:00:00-05:00", 0 },
	{ "1970-01-01T1:00:00+01:00", 0 },
	{ "2000-02-29T00:00:00Z", 951782400LL * SEC },
	{ "2024-12-31T23:59:59Z", 1735689599LL * SEC },
	{ "1970-01-02T00:00:00+24:00", 0 },
	{ "", -1 },
	{ "2006-01-02", -1 },
	{ "2006-01-02T15:04:05", -1 },
	{ "2006-01-02 15:04:05Z", -1 },
	{ "2006-01-02t15:04:05Z", -1 },
	{ "2006-01-02T15:04:05z", -1 },
	{ "2006-1-02T15:04:05Z", -1 },
	{ "2006-13-02T15:04:05Z", -1 },
	{ "2006-00-02T15:04:05Z", -1 },
	{ "2001-02-29T00:00:00Z", -1 },
	{ "2006-01-32T15:04:05Z", -1 },
	{ "2006-01-02T24:00:00Z", -1 },
	{ "2006-01-02T15:60:05Z", -1 },
	{ "2006-01-02T15:04:60Z", -1 },
	{ "2006-01-02T15:04:05+0700", -1 },
	{ "2006-01-02T15:04:05+25:00", -1 },
	{ "2006-01-02T15:04:05Zjunk", -1 },
	{ "2006-01-02T15:04:05.Z", -1 },
	{ "+2006-01-02T15:04:05Z", -1 },
};

START_TEST(test_time_parse)
{
	int64_t ns = 7;
	int r = kc_meta_time_parse(parse_table[_i].in, &ns);

	if (parse_table[_i].ns == -1) {
		ck_assert_int_eq(r, KC_ERR_INVALID);
		ck_assert_int_eq(ns, 7);
	} else {
		ck_assert_int_eq(r, 0);
		ck_assert_int_eq(ns, parse_table[_i].ns);
	}
}
END_TEST

START_TEST(test_time_range)
{
	int64_t ns;

	ck_assert_int_eq(kc_meta_time_parse("9999-12-31T23:59:59Z", &ns), KC_ERR_RANGE);
	ck_assert_int_eq(kc_meta_time_parse("0001-01-01T00:00:00Z", &ns), KC_ERR_RANGE);
	ck_assert_int_eq(kc_meta_time_parse("2262-01-01T00:00:00Z", &ns), 0);
}
END_TEST

START_TEST(test_micro_time_parse)
{
	int64_t ns = 0;

	ck_assert_int_eq(kc_meta_micro_time_parse("1970-01-01T00:00:01.000002Z", &ns), 0);
	ck_assert_int_eq(ns, SEC + 2000);
	ck_assert_int_eq(kc_meta_micro_time_parse("1970-01-01T01:00:01.000002+01:00", &ns), 0);
	ck_assert_int_eq(ns, SEC + 2000);
	/* upstream needs exactly six digits */
	ck_assert_int_eq(kc_meta_micro_time_parse("1970-01-01T00:00:01Z", &ns), KC_ERR_INVALID);
	ck_assert_int_eq(kc_meta_micro_time_parse("1970-01-01T00:00:01.00002Z", &ns),
			 KC_ERR_INVALID);
	ck_assert_int_eq(kc_meta_micro_time_parse("1970-01-01T00:00:01.0000021Z", &ns),
			 KC_ERR_INVALID);
}
END_TEST

START_TEST(test_time_json_and_now)
{
	int64_t before = kc_meta_now(), parsed;
	json_auto_t *j = kc_meta_time_now_json();
	int64_t after = kc_meta_now();

	ck_assert(json_is_string(j));
	ck_assert_int_eq(kc_meta_time_parse(json_string_value(j), &parsed), 0);
	ck_assert_int_ge(parsed, before / SEC * SEC);
	ck_assert_int_le(parsed, after);
	ck_assert_int_gt(before, 1600000000LL * SEC);
}
END_TEST

/* SetStatusCondition semantics (upstream conditions_test.go) */
START_TEST(test_set_condition)
{
	json_auto_t *conds = json_array();
	json_auto_t *c1 =
		kc_test_json("{\"type\":\"Available\",\"status\":\"False\",\"reason\":\"Wait\","
			     "\"message\":\"m\"}");
	json_auto_t *c2 =
		kc_test_json("{\"type\":\"Available\",\"status\":\"False\",\"reason\":\"Other\","
			     "\"message\":\"m\",\"observedGeneration\":2}");
	json_auto_t *c3 =
		kc_test_json("{\"type\":\"Available\",\"status\":\"True\",\"reason\":\"Other\","
			     "\"message\":\"m\",\"observedGeneration\":2}");
	json_auto_t *c4 =
		kc_test_json("{\"type\":\"Progressing\",\"status\":\"True\",\"reason\":\"R\","
			     "\"message\":\"\",\"lastTransitionTime\":\"2020-01-01T00:00:00Z\"}");
	json_t *found;

	/* new: appended with lastTransitionTime = now */
	ck_assert_int_eq(kc_meta_set_condition(conds, c1, 100 * SEC), 1);
	found = kc_meta_find_condition(conds, "Available");
	ck_assert_str_eq(json_string_value(json_object_get(found, "lastTransitionTime")),
			 "1970-01-01T00:01:40Z");
	/* the same again: nothing changes */
	ck_assert_int_eq(kc_meta_set_condition(conds, c1, 200 * SEC), 0);
	/* reason and observedGeneration change, status does not: the time stays */
	ck_assert_int_eq(kc_meta_set_condition(conds, c2, 300 * SEC), 1);
	ck_assert_str_eq(json_string_value(json_object_get(found, "reason")), "Other");
	ck_assert_int_eq(json_integer_value(json_object_get(found, "observedGeneration")), 2);
	ck_assert_str_eq(json_string_value(json_object_get(found, "lastTransitionTime")),
			 "1970-01-01T00:01:40Z");
	/* status changes: the time moves */
	ck_assert_int_eq(kc_meta_set_condition(conds, c3, 400 * SEC), 1);
	ck_assert_str_eq(json_string_value(json_object_get(found, "status")), "True");
	ck_assert_str_eq(json_string_value(json_object_get(found, "lastTransitionTime")),
			 "1970-01-01T00:06:40Z");
	ck_assert(kc_meta_is_condition_true(conds, "Available"));
	ck_assert(!kc_meta_is_condition_false(conds, "Available"));
	/* observedGeneration back to 0 is omitted, as omitempty */
	ck_assert_int_eq(kc_meta_set_condition(conds, c1, 500 * SEC), 1);
	ck_assert_ptr_null(json_object_get(found, "observedGeneration"));
	/* a given lastTransitionTime is kept */
	ck_assert_int_eq(kc_meta_set_condition(conds, c4, 600 * SEC), 1);
	ck_assert_int_eq(json_array_size(conds), 2);
	ck_assert_str_eq(
		json_string_value(json_object_get(kc_meta_find_condition(conds, "Progressing"),
						  "lastTransitionTime")),
		"2020-01-01T00:00:00Z");
	ck_assert(kc_meta_is_condition_status(conds, "Progressing", "True"));
	ck_assert(!kc_meta_is_condition_true(conds, "Missing"));
	/* remove */
	ck_assert_int_eq(kc_meta_remove_condition(conds, "Available"), 1);
	ck_assert_int_eq(kc_meta_remove_condition(conds, "Available"), 0);
	ck_assert_int_eq(json_array_size(conds), 1);
}
END_TEST

START_TEST(test_set_condition_status_change_with_time)
{
	json_auto_t *conds =
		kc_test_json("[{\"type\":\"Ready\",\"status\":\"False\",\"reason\":\"\","
			     "\"message\":\"\",\"lastTransitionTime\":\"2020-01-01T00:00:00Z\"}]");
	json_auto_t *c =
		kc_test_json("{\"type\":\"Ready\",\"status\":\"True\",\"reason\":\"\","
			     "\"message\":\"\",\"lastTransitionTime\":\"2021-01-01T00:00:00Z\"}");
	json_auto_t *same_status =
		kc_test_json("{\"type\":\"Ready\",\"status\":\"True\",\"reason\":\"\","
			     "\"message\":\"\",\"lastTransitionTime\":\"2022-01-01T00:00:00Z\"}");
	json_auto_t *bad = kc_test_json("{\"status\":\"True\"}");

	ck_assert_int_eq(kc_meta_set_condition(conds, c, 0), 1);
	ck_assert_str_eq(
		json_string_value(json_object_get(json_array_get(conds, 0), "lastTransitionTime")),
		"2021-01-01T00:00:00Z");
	/* an unchanged status keeps the old time even when the new condition carries one */
	ck_assert_int_eq(kc_meta_set_condition(conds, same_status, 0), 0);
	ck_assert_str_eq(
		json_string_value(json_object_get(json_array_get(conds, 0), "lastTransitionTime")),
		"2021-01-01T00:00:00Z");
	ck_assert_int_eq(kc_meta_set_condition(conds, bad, 0), KC_ERR_INVALID);
	ck_assert_int_eq(kc_meta_set_condition(bad, c, 0), KC_ERR_INVALID);
}
END_TEST

START_TEST(test_uid)
{
	char a[KC_META_UID_BUFSZ], b[KC_META_UID_BUFSZ], small[8];

	ck_assert_int_eq(kc_meta_new_uid(a, sizeof(a)), 0);
	ck_assert_int_eq(kc_meta_new_uid(b, sizeof(b)), 0);
	ck_assert_int_eq(strlen(a), 36);
	ck_assert_str_ne(a, b);
	for (int i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23)
			ck_assert_int_eq(a[i], '-');
		else
			ck_assert_ptr_nonnull(strchr("0123456789abcdef", a[i]));
	}
	ck_assert_int_eq(a[14], '4');
	ck_assert_ptr_nonnull(strchr("89ab", a[19]));
	ck_assert_int_eq(kc_meta_new_uid(small, sizeof(small)), KC_ERR_RANGE);
}
END_TEST

START_TEST(test_generate_name)
{
	char longbase[100];
	KC_AUTOFREE char *n1 = kc_meta_generate_name_from("web-");
	KC_AUTOFREE char *n2 = NULL;

	ck_assert_int_eq(strlen(n1), 9);
	ck_assert(strncmp(n1, "web-", 4) == 0);
	for (int i = 4; i < 9; i++)
		ck_assert_ptr_nonnull(strchr("bcdfghjklmnpqrstvwxz2456789", n1[i]));
	memset(longbase, 'a', 80);
	longbase[80] = '\0';
	n2 = kc_meta_generate_name_from(longbase);
	ck_assert_int_eq(strlen(n2), 63);
}
END_TEST

static Suite *
meta_suite(void)
{
	Suite *s = suite_create("meta");
	TCase *tc = tcase_create("objectmeta");

	tcase_add_test(tc, test_accessors);
	tcase_add_test(tc, test_deletion_timestamp);
	tcase_add_loop_test(tc, test_key, 0, (int)KC_ARRAY_SIZE(key_table));
	tcase_add_loop_test(tc, test_split_key, 0, (int)KC_ARRAY_SIZE(split_table));
	tcase_add_test(tc, test_controller_ref);
	tcase_add_test(tc, test_uid);
	tcase_add_test(tc, test_generate_name);
	suite_add_tcase(s, tc);

	tc = tcase_create("time");
	tcase_add_loop_test(tc, test_time_format, 0, (int)KC_ARRAY_SIZE(format_table));
	tcase_add_loop_test(tc, test_time_parse, 0, (int)KC_ARRAY_SIZE(parse_table));
	tcase_add_test(tc, test_time_range);
	tcase_add_test(tc, test_micro_time_parse);
	tcase_add_test(tc, test_time_json_and_now);
	suite_add_tcase(s, tc);

	tc = tcase_create("conditions");
	tcase_add_test(tc, test_set_condition);
	tcase_add_test(tc, test_set_condition_status_change_with_time);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(meta_suite)
