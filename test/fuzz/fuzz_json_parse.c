/*
 * fuzz_json_parse.c - libFuzzer target for libkcommon/json_parse.c, differential against
 * jansson's json_loadb(): the fast parser must never accept a text jansson refuses, and what
 * both accept must give the same value, key order and number types.  The first byte picks the
 * flags (JSON_ALLOW_NUL, JSON_DECODE_ANY).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "libkcommon/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data + 1;
	json_t *want, *have = NULL;
	unsigned flags;
	char *a, *b;
	int r;

	if (size < 1)
		return 0;
	flags = (data[0] & 1 ? JSON_ALLOW_NUL : 0) | (data[0] & 2 ? JSON_DECODE_ANY : 0);
	want = json_loadb(text, size - 1, flags, NULL);
	r = kc_json_parse(text, size - 1, flags, &have, NULL);
	if (r == 0 && want == NULL)
		abort(); /* accepted what jansson refuses */
	if (r == 0) {
		a = json_dumps(want, JSON_COMPACT | JSON_ENCODE_ANY);
		b = json_dumps(have, JSON_COMPACT | JSON_ENCODE_ANY);
		if (a == NULL || b == NULL || strcmp(a, b) != 0 || !json_equal(want, have))
			abort();
		free(a);
		free(b);
	}
	json_decref(want);
	json_decref(have);
	return 0;
}
