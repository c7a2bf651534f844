/*
 * check_hashmap.c - struct kc_strmap: put/replace/get/contains/remove, NULL values, growth to
 * 20000 keys with removal while iterating, every key length through the SipHash tail, values
 * freed with the map, bad-free and empty-map edges.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/hashmap.h"
#include "test/unit/testutil/testutil.h"

START_TEST(test_strmap_basic)
{
	struct kc_strmap *m = kc_strmap_new();
	void *old = (void *)1;
	int a, b;

	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(kc_strmap_put(m, "a", &a, &old), 1);
	ck_assert_ptr_null(old);
	ck_assert_int_eq(kc_strmap_put(m, "a", &b, &old), 0);
	ck_assert_ptr_eq(old, &a);
	ck_assert_ptr_eq(kc_strmap_get(m, "a"), &b);
	ck_assert_ptr_null(kc_strmap_get(m, "b"));
	ck_assert_int_eq(kc_strmap_contains(m, "a"), 1);
	ck_assert_int_eq(kc_strmap_put(m, "", NULL, NULL), 1);
	ck_assert_int_eq(kc_strmap_contains(m, ""), 1);
	ck_assert_uint_eq(kc_strmap_size(m), 2);
	ck_assert_int_eq(kc_strmap_remove(m, "a", &old), 1);
	ck_assert_ptr_eq(old, &b);
	ck_assert_int_eq(kc_strmap_remove(m, "a", &old), 0);
	ck_assert_uint_eq(kc_strmap_size(m), 1);
	ck_assert_ptr_null(kc_strmap_free(m, NULL));
	ck_assert_ptr_null(kc_strmap_free(NULL, NULL));
}
END_TEST

START_TEST(test_strmap_grow_iterate_remove)
{
	struct kc_strmap *m = kc_strmap_new();
	struct kc_strmap_iter it = KC_STRMAP_ITER_INIT;
	char key[32];
	const char *k;
	void *v;
	size_t seen = 0, sum = 0;

	for (intptr_t i = 0; i < 20000; i++) {
		snprintf(key, sizeof(key), "ns-%ld/pod-%ld", (long)(i % 7), (long)i);
		ck_assert_int_eq(kc_strmap_put(m, key, (void *)(i + 1), NULL), 1);
	}
	ck_assert_uint_eq(kc_strmap_size(m), 20000);
	for (intptr_t i = 0; i < 20000; i += 997) {
		snprintf(key, sizeof(key), "ns-%ld/pod-%ld", (long)(i % 7), (long)i);
		ck_assert_ptr_eq(kc_strmap_get(m, key), (void *)(i + 1));
	}
	/* Removing the entry just returned is allowed during iteration. */
	while (kc_strmap_next(m, &it, &k, &v)) {
		seen++;
		sum += (size_t)(intptr_t)v;
		if ((intptr_t)v % 2 == 0)
			ck_assert_int_eq(kc_strmap_remove(m, k, NULL), 1);
	}
	ck_assert_uint_eq(seen, 20000);
	ck_assert_uint_eq(sum, (size_t)20000 * 20001 / 2);
	ck_assert_uint_eq(kc_strmap_size(m), 10000);
	kc_strmap_free(m, NULL);
}
END_TEST

/* Keys of every length 0..64 (SipHash handles 8-byte blocks and a 0..7 byte tail). */
START_TEST(test_key_lengths)
{
	struct kc_strmap *m = kc_strmap_new();
	char key[80];

	for (intptr_t len = 0; len <= 64; len++) {
		memset(key, 'k', (size_t)len);
		key[len] = '\0';
		ck_assert_int_eq(kc_strmap_put(m, key, (void *)(len + 1), NULL), 1);
	}
	ck_assert_uint_eq(kc_strmap_size(m), 65);
	for (intptr_t len = 64; len >= 0; len--) {
		memset(key, 'k', (size_t)len);
		key[len] = '\0';
		ck_assert_ptr_eq(kc_strmap_get(m, key), (void *)(len + 1));
		/* One more byte, or one byte changed: a different key. */
		key[len] = 'k';
		key[len + 1] = '\0';
		if (len < 64)
			ck_assert_ptr_eq(kc_strmap_get(m, key), (void *)(len + 2));
		else
			ck_assert_ptr_null(kc_strmap_get(m, key));
		if (len > 0) {
			key[len] = '\0';
			key[len - 1] = 'j';
			ck_assert_int_eq(kc_strmap_contains(m, key), 0);
		}
	}
	kc_strmap_free(m, NULL);
}
END_TEST

START_TEST(test_null_values_and_absent_keys)
{
	struct kc_strmap *m = kc_strmap_new();
	void *v = (void *)1;

	ck_assert_int_eq(kc_strmap_put(m, "present", NULL, NULL), 1);
	ck_assert_ptr_null(kc_strmap_get(m, "present"));
	ck_assert_int_eq(kc_strmap_contains(m, "present"), 1); /* stored, with a NULL value */
	ck_assert_int_eq(kc_strmap_contains(m, "absent"), 0);
	ck_assert_int_eq(kc_strmap_remove(m, "absent", &v), 0);
	ck_assert_ptr_null(v); /* absent: *ret_value is cleared */
	ck_assert_int_eq(kc_strmap_remove(m, "absent", NULL), 0);
	ck_assert_int_eq(kc_strmap_remove(m, "present", NULL), 1);
	ck_assert_uint_eq(kc_strmap_size(m), 0);
	kc_strmap_free(m, NULL);
}
END_TEST

static int freed;

static void
count_free(void *value)
{
	freed++;
	free(value);
}

/* The map owns its keys; free_value gets every value still stored, once. */
START_TEST(test_free_values)
{
	struct kc_strmap *m = kc_strmap_new();
	char key[16];
	void *old = NULL;

	freed = 0;
	for (int i = 0; i < 100; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		ck_assert_int_eq(kc_strmap_put(m, key, strdup(key), NULL), 1);
	}
	/* A replaced value comes back to the caller, not to free_value. */
	ck_assert_int_eq(kc_strmap_put(m, "k7", strdup("seven"), &old), 0);
	ck_assert_str_eq(old, "k7");
	free(old);
	ck_assert_str_eq(kc_strmap_get(m, "k7"), "seven");
	ck_assert_int_eq(kc_strmap_remove(m, "k8", &old), 1);
	free(old);
	ck_assert_ptr_null(kc_strmap_free(m, count_free));
	ck_assert_int_eq(freed, 99);
}
END_TEST

START_TEST(test_empty_map)
{
	struct kc_strmap *m = kc_strmap_new();
	struct kc_strmap_iter it = KC_STRMAP_ITER_INIT;
	const char *k = "untouched";
	void *v = (void *)1;

	ck_assert_uint_eq(kc_strmap_size(m), 0);
	ck_assert_int_eq(kc_strmap_next(m, &it, &k, &v), 0);
	ck_assert_int_eq(kc_strmap_next(m, &it, &k, &v), 0); /* stays at the end */
	ck_assert_str_eq(k, "untouched");
	ck_assert_ptr_null(kc_strmap_get(m, ""));
	ck_assert_ptr_null(kc_strmap_free(m, count_free));
}
END_TEST

static Suite *
hashmap_suite(void)
{
	Suite *s = suite_create("hashmap");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_strmap_basic);
	tcase_add_test(tc, test_strmap_grow_iterate_remove);
	tcase_add_test(tc, test_key_lengths);
	tcase_add_test(tc, test_null_values_and_absent_keys);
	tcase_add_test(tc, test_free_values);
	tcase_add_test(tc, test_empty_map);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(hashmap_suite)
