/*
 * fuzz_selector.c - libFuzzer target for label and field selectors.
 *
 * Invariants (abort() when broken): whatever parses has a canonical String() that parses
 * again to a selector with the same String(), and the reparsed selector matches exactly the
 * label/field sets the first one matches (tried on sets built from the selector's own
 * requirements).  The first input byte picks labels (even) or fields (odd); the rest is the
 * selector text, cut at the first NUL as a C caller would pass it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "libkcommon/fields.h"
#include "libkcommon/labels.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A label/field set made of each requirement's key and first value (or ""). */
static json_t *
probe_set(char *const *keys, char *const *const *values, size_t n, int variant)
{
	json_t *set = json_object();

	for (size_t i = 0; set != NULL && i < n; i++) {
		const char *v = values[i] != NULL && values[i][0] != NULL ? values[i][0] : "";

		if ((variant >> (i % 8)) & 1)
			continue;
		json_object_set_new(set, keys[i], json_string(variant & 0x100 ? "x" : v));
	}
	return set;
}

static void
fuzz_labels(const char *text)
{
	struct kc_label_selector *a = NULL, *b = NULL;
	char *err = NULL, *s1, *s2;

	if (kc_labels_parse(text, &a, &err) < 0) {
		free(err);
		return;
	}
	s1 = kc_label_selector_string(a);
	if (s1 == NULL || kc_labels_parse(s1, &b, NULL) < 0)
		abort();
	s2 = kc_label_selector_string(b);
	if (s2 == NULL || strcmp(s1, s2) != 0)
		abort();
	{
		char **keys = calloc(a->n + 1, sizeof(*keys));
		char ***vals = calloc(a->n + 1, sizeof(*vals));

		for (size_t i = 0; keys != NULL && vals != NULL && i < a->n; i++) {
			keys[i] = a->reqs[i].key;
			vals[i] = a->reqs[i].values.v;
		}
		for (int variant = 0; keys != NULL && vals != NULL && variant < 0x200;
		     variant += 101) {
			json_t *set = probe_set(keys, (char *const *const *)vals, a->n, variant);

			if (kc_label_selector_matches(a, set) != kc_label_selector_matches(b, set))
				abort();
			json_decref(set);
		}
		free(keys);
		free(vals);
	}
	free(s1);
	free(s2);
	kc_label_selector_free(a);
	kc_label_selector_free(b);
}

static void
fuzz_fields(const char *text)
{
	struct kc_field_selector *a = NULL, *b = NULL;
	char *err = NULL, *s1, *s2;

	if (kc_fields_parse(text, &a, &err) < 0) {
		free(err);
		return;
	}
	s1 = kc_field_selector_string(a);
	if (s1 == NULL || kc_fields_parse(s1, &b, NULL) < 0)
		abort();
	s2 = kc_field_selector_string(b);
	if (s2 == NULL || strcmp(s1, s2) != 0 || a->n != b->n)
		abort();
	for (int variant = 0; variant < 0x200; variant += 101) {
		json_t *set = json_object();

		for (size_t i = 0; set != NULL && i < a->n; i++)
			if (!((variant >> (i % 8)) & 1))
				json_object_set_new(
					set, a->reqs[i].field,
					json_string(variant & 0x100 ? "x" : a->reqs[i].value));
		if (kc_field_selector_matches_set(a, set) != kc_field_selector_matches_set(b, set))
			abort();
		json_decref(set);
	}
	free(s1);
	free(s2);
	kc_field_selector_free(a);
	kc_field_selector_free(b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text;

	if (size == 0)
		return 0;
	text = malloc(size);
	if (text == NULL)
		return 0;
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	if (data[0] & 1)
		fuzz_fields(text);
	else
		fuzz_labels(text);
	free(text);
	return 0;
}
