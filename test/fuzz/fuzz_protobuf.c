/*
 * fuzz_protobuf.c - libFuzzer target for the protobuf request-body transcoder
 * (kube-apiserver/endpoints/protobuf.c).
 *
 * An input that starts with the "k8s\0" magic is decoded as a whole body.  Any other input picks
 * a kind with its first byte and is decoded three ways: as that kind's bare message, wrapped in
 * an envelope for that kind, and as a body with no magic (which must fail).
 *
 * Invariants (abort() when broken): the only codes are 0, BadRequest, UnsupportedMediaType,
 * TooLarge and NoMem; a failure other than NoMem has a message and no object; a success has an
 * object and no message; the object serializes to JSON that parses back to an equal value; a
 * decoded envelope starts with "kind" and "apiVersion"; decoding is deterministic.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "kube-apiserver/endpoints/protobuf.h"
#include "libkcommon/errors.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_result(int r, json_t *obj, char *err)
{
	char *text;
	json_t *again;

	if (r != 0 && r != KC_ERR_BAD_REQUEST && r != KC_ERR_UNSUPPORTED_MEDIA &&
	    r != KC_ERR_TOO_LARGE && r != KC_ERR_NOMEM)
		abort();
	if (r < 0) {
		if (obj != NULL || (r != KC_ERR_NOMEM && err == NULL))
			abort();
		free(err);
		return;
	}
	if (!json_is_object(obj) || err != NULL)
		abort();
	text = json_dumps(obj, JSON_COMPACT);
	if (text == NULL)
		abort();
	again = json_loads(text, 0, NULL);
	if (again == NULL || !json_equal(again, obj))
		abort();
	json_decref(again);
	free(text);
}

/* Decodes data twice: the two results must agree. */
static void
decode_body(const uint8_t *data, size_t size)
{
	json_t *obj = NULL, *obj2 = NULL;
	char *err = NULL, *err2 = NULL;
	int r = protobuf_decode(data, size, "v1", "ConfigMap", &obj, &err);
	int r2 = protobuf_decode(data, size, "v1", "ConfigMap", &obj2, &err2);

	if (r != r2 || (r == 0 && !json_equal(obj, obj2)))
		abort();
	if (r == 0) {
		const char *first = json_object_iter_key(json_object_iter(obj));

		if (first == NULL || strcmp(first, "kind") != 0 ||
		    !json_is_string(json_object_get(obj, "apiVersion")))
			abort();
	}
	check_result(r, obj, err);
	check_result(r2, obj2, err2);
	json_decref(obj);
	json_decref(obj2);
}

static size_t
n_kinds(void)
{
	size_t n = 0;

	while (protobuf_kinds[n].kind != NULL)
		n++;
	return n;
}

static size_t
put_varint(uint8_t *out, uint64_t v)
{
	size_t n = 0;

	while (v >= 0x80) {
		out[n++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	out[n++] = (uint8_t)v;
	return n;
}

static size_t
put_string(uint8_t *out, unsigned int number, const char *s)
{
	size_t n = put_varint(out, number << 3 | 2), len = strlen(s);

	n += put_varint(out + n, len);
	memcpy(out + n, s, len);
	return n + len;
}

/* "k8s\0" + Unknown{typeMeta{kind's apiVersion, kind}, raw}. */
static void
decode_wrapped(const struct protobuf_kind *k, const uint8_t *raw, size_t size)
{
	uint8_t head[256], tm[200];
	size_t tm_len, n = PROTOBUF_MAGIC_LEN;
	uint8_t *body;

	tm_len = put_string(tm, 1, k->api_version != NULL ? k->api_version : "v1");
	tm_len += put_string(tm + tm_len, 2, k->kind);
	memcpy(head, PROTOBUF_MAGIC, PROTOBUF_MAGIC_LEN);
	n += put_varint(head + n, 1 << 3 | 2);
	n += put_varint(head + n, tm_len);
	memcpy(head + n, tm, tm_len);
	n += tm_len;
	n += put_varint(head + n, 2 << 3 | 2);
	n += put_varint(head + n, size);
	body = malloc(n + size);
	if (body == NULL)
		return;
	memcpy(body, head, n);
	memcpy(body + n, raw, size);
	decode_body(body, n + size);
	free(body);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct protobuf_kind *k;
	json_t *obj = NULL;
	char *err = NULL;
	int r;

	if (protobuf_is_envelope(data, size)) {
		decode_body(data, size);
		return 0;
	}
	if (size == 0)
		return 0;
	k = &protobuf_kinds[data[0] % n_kinds()];
	r = protobuf_decode_message(k->message, data + 1, size - 1, &obj, &err);
	if (r == KC_ERR_UNSUPPORTED_MEDIA) /* only a whole body's kind can be unsupported */
		abort();
	check_result(r, obj, err);
	json_decref(obj);
	decode_wrapped(k, data + 1, size - 1);
	/* no magic: always refused */
	obj = NULL;
	err = NULL;
	r = protobuf_decode(data, size, NULL, NULL, &obj, &err);
	if (r != KC_ERR_BAD_REQUEST)
		abort();
	check_result(r, obj, err);
	return 0;
}
