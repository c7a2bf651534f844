/*
 * testutil.h - what every Check binary in test/unit shares.
 *
 * KC_TEST_MAIN(suite_fn) defines main(): runs the suite with Check's normal output (the
 * "100%: Checks: N, Failures: 0, Errors: 0" line that test/unit/run.sh sums) and exits non-zero
 * on any failure.  kc_test_tmpdir() makes a private directory removed at exit; kc_test_json()
 * turns a test's JSON text into a json_t.
 */
#ifndef KC_TESTUTIL_H
#define KC_TESTUTIL_H

#include <check.h>

int kc_test_run(Suite *s);
/* A fresh directory under $TMPDIR (removed with its content at exit); never NULL. */
const char *kc_test_tmpdir(void);
/* Writes data to dir/name; returns the malloc()ed path. */
char *kc_test_write_file(const char *dir, const char *name, const char *data);
/*
 * Parses JSON text a test wrote (any value, "null" too; "\u0000" allowed in strings) into a new
 * reference; a text that is not JSON fails the running test with jansson's message.
 */
struct json_t *kc_test_json(const char *text);
/* Fails the running test unless got equals the JSON text want; prints both when it does. */
void kc_test_assert_json(const struct json_t *got, const char *want);
/*
 * The cases of the fixture files test/unit/fixtures/<dir>/<name>.json (each {"cases": [...], ...}),
 * files in name order: an array of {"file": <file name>, "case": <a case>} plus, for each of
 * the NULL-terminated file_fields the file has, that member.  Borrowed, valid until exit.  A
 * file that is not JSON is printed and aborts; a missing directory gives an empty array.
 */
const struct json_t *kc_test_fixture_cases(const char *dir, const char *const *file_fields);

#define KC_TEST_MAIN(suite_fn)                  \
	int main(void)                          \
	{                                       \
		return kc_test_run(suite_fn()); \
	}

#endif
