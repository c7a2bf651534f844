/*
 * fuzz_yaml.c - libFuzzer target for the YAML to JSON converter and what consumes its output
 * (upstream analogue: sigs.k8s.io/yaml's fuzz tests).
 *
 * Every input is loaded as a stream and as a single strict document.  For each document that
 * loads, the target checks invariants that must hold for any input: the Go-style JSON text
 * parses back, and emitting YAML then loading it gives an equal value.  Pairs of documents are
 * then fed to JSON patch and merge patch, whose inputs come from untrusted request bodies.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "libkcommon/json.h"
#include "libkcommon/yaml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_json_text(const json_t *doc)
{
	char *text = kc_json_dumps(doc);
	json_error_t e;
	json_t *back;

	if (text == NULL)
		abort();
	/* Integers past int64 print as digits, as Go does: read them as reals here. */
	back = json_loads(text, JSON_DECODE_ANY | JSON_ALLOW_NUL | JSON_DECODE_INT_AS_REAL, &e);
	/* jansson cannot hold a NUL in an object key; Go's encoder writes one as \u0000 too. */
	if (back == NULL && json_error_code(&e) != json_error_null_byte_in_key) {
		fprintf(stderr, "encoder wrote invalid JSON (%s): %s\n", e.text, text);
		abort();
	}
	json_decref(back);
	free(text);
}

static void
check_yaml_round_trip(const json_t *doc)
{
	char *text = kc_yaml_emit(doc);
	json_t *back = NULL;
	char err[256];

	if (text == NULL)
		abort();
	if (kc_yaml_load(text, strlen(text), KC_YAML_STRICT, &back, err, sizeof(err)) < 0) {
		fprintf(stderr, "emitted YAML does not load (%s):\n%s\n", err, text);
		abort();
	}
	if (!kc_json_equal(doc, back)) {
		char *a = kc_json_dumps(doc), *b = kc_json_dumps(back);

		fprintf(stderr, "YAML round trip changed %s into %s via\n%s\n", a, b, text);
		abort();
	}
	json_decref(back);
	free(text);
}

static void
check_patches(const json_t *a, const json_t *b)
{
	json_t *out = NULL;
	char err[256];

	if (kc_json_patch_apply(a, b, &out, err, sizeof(err)) == 0)
		json_decref(out);
	out = NULL;
	if (kc_json_merge_patch_apply(a, b, &out, err, sizeof(err)) == 0)
		json_decref(out);
	out = NULL;
	if (kc_json_merge_patch_create(a, b, &out, err, sizeof(err)) == 0) {
		json_t *applied = NULL;

		/* A created patch must apply to an object original. */
		if (json_is_object(a) &&
		    kc_json_merge_patch_apply(a, out, &applied, err, sizeof(err)) < 0) {
			fprintf(stderr, "created merge patch does not apply: %s\n", err);
			abort();
		}
		json_decref(applied);
		json_decref(out);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	json_t *docs = NULL, *one = NULL, *doc;
	char err[256];
	size_t i;

	if (kc_yaml_load(text, size, KC_YAML_STRICT, &one, err, sizeof(err)) == 0)
		json_decref(one);
	if (kc_yaml_load_all(text, size, 0, &docs, err, sizeof(err)) < 0)
		return 0;
	json_array_foreach(docs, i, doc) {
		check_json_text(doc);
		check_yaml_round_trip(doc);
		kc_json_get_path(doc, "metadata.name");
		if (i > 0)
			check_patches(json_array_get(docs, i - 1), doc);
	}
	json_decref(docs);
	return 0;
}
