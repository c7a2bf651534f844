/*
 * testutil.c - Check runner and temp files for the unit tests.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/json.h"
#include "test/unit/testutil/testutil.h"

static char tmpdir[512];

static void
remove_tmpdir(void)
{
	char cmd[600];

	if (tmpdir[0] == '\0' || getpid() != (pid_t)atol(strrchr(tmpdir, '.') + 1))
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf '%.500s'", tmpdir);
	(void)!system(cmd);
}

const char *
kc_test_tmpdir(void)
{
	const char *base = getenv("TMPDIR");

	if (tmpdir[0] != '\0')
		return tmpdir;
	snprintf(tmpdir, sizeof(tmpdir), "%.200s/ckube-unit-XXXXXX", base ? base : "/tmp");
	if (mkdtemp(tmpdir) == NULL)
		abort();
	/* Remember the creating pid in the name so forked tests do not remove it. */
	{
		char named[600];

		snprintf(named, sizeof(named), "%.500s.%ld", tmpdir, (long)getpid());
		if (rename(tmpdir, named) != 0)
			abort();
		snprintf(tmpdir, sizeof(tmpdir), "%.500s", named);
	}
	atexit(remove_tmpdir);
	return tmpdir;
}

char *
kc_test_write_file(const char *dir, const char *name, const char *data)
{
	char *path;
	FILE *f;

	if (asprintf(&path, "%s/%s", dir, name) < 0)
		abort();
	f = fopen(path, "w");
	if (f == NULL)
		abort();
	fputs(data, f);
	fclose(f);
	return path;
}

struct json_t *
kc_test_json(const char *text)
{
	json_error_t e;
	json_t *j = json_loads(text, JSON_DECODE_ANY | JSON_ALLOW_NUL, &e);

	ck_assert_msg(j != NULL, "bad test JSON %s: %s", text, e.text);
	return j;
}

void
kc_test_assert_json(const json_t *got, const char *want)
{
	json_auto_t *w = kc_test_json(want);
	KC_AUTOFREE char *g = got != NULL ? kc_json_dumps(got) : strdup("(NULL)");

	ck_assert_msg(got != NULL && json_equal(got, w), "got %s, want %s", g, want);
}

int
kc_test_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
