/*
 * testutil.c - Check runner, temp files, test JSON and fixture files for the unit tests.
 */
#include <dirent.h>
#include <libgen.h>
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

static json_t *fixture_sets; /* dir -> its cases */

static void
free_fixture_sets(void)
{
	json_decref(fixture_sets);
	fixture_sets = NULL;
}

static int
compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
add_fixture_file(json_t *cases, const char *dir, const char *name, const char *const *fields)
{
	KC_AUTOFREE char *path = NULL;
	json_error_t e;
	json_auto_t *f = NULL;
	json_t *c;
	size_t i;

	if (asprintf(&path, "%s/%s", dir, name) < 0)
		abort();
	f = json_load_file(path, 0, &e);
	if (f == NULL) {
		fprintf(stderr, "%s:%d: %s\n", path, e.line, e.text);
		abort();
	}
	json_array_foreach(json_object_get(f, "cases"), i, c) {
		json_t *fc = json_pack("{s:s, s:O}", "file", name, "case", c);

		for (size_t k = 0; fc != NULL && fields != NULL && fields[k] != NULL; k++)
			if (json_object_get(f, fields[k]) != NULL)
				json_object_set(fc, fields[k], json_object_get(f, fields[k]));
		if (fc == NULL || json_array_append_new(cases, fc) < 0)
			abort();
	}
}

/* The fixtures sit under this file's test/unit; make runs the tests from the repository root. */
const json_t *
kc_test_fixture_cases(const char *dir_name, const char *const *file_fields)
{
	KC_AUTOFREE char *src = strdup(__FILE__);
	KC_AUTOFREE char *dir = NULL;
	json_t *cases = json_object_get(fixture_sets, dir_name);
	char *names[256];
	size_t n = 0;
	struct dirent *de;
	DIR *d;

	if (cases != NULL)
		return cases;
	if (fixture_sets == NULL) {
		fixture_sets = json_object();
		atexit(free_fixture_sets);
	}
	cases = json_array();
	if (src == NULL || fixture_sets == NULL || cases == NULL ||
	    json_object_set_new(fixture_sets, dir_name, cases) < 0 ||
	    asprintf(&dir, "%s/fixtures/%s", dirname(dirname(src)), dir_name) < 0)
		abort();
	d = opendir(dir);
	if (d == NULL) {
		fprintf(stderr, "cannot open %s (run from the repository root)\n", dir);
		return cases;
	}
	while ((de = readdir(d)) != NULL && n < sizeof(names) / sizeof(names[0]))
		if (strlen(de->d_name) > 5 &&
		    strcmp(de->d_name + strlen(de->d_name) - 5, ".json") == 0)
			names[n++] = strdup(de->d_name);
	closedir(d);
	qsort(names, n, sizeof(names[0]), compare_names);
	for (size_t i = 0; i < n; i++) {
		add_fixture_file(cases, dir, names[i], file_fields);
		free(names[i]);
	}
	return cases;
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
