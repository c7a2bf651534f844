/*
 * fuzz_watch.c - libFuzzer target for the watch stream decoder (libkcommon/watch.c): the input
 * is fed in chunks whose sizes come from the input's first two bytes, so the fuzzer explores
 * frame boundaries falling anywhere, together with a small or the default event size limit.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "libkcommon/watch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
on_event(void *arg, enum kc_watch_event_type type, json_t *object)
{
	size_t *events = arg;
	char *s;

	if (type == KC_WATCH_ERROR)
		(void)kc_watch_status_err(object, 0);
	/* Touch the whole object so a bad tree shows up under ASan. */
	s = json_dumps(object, JSON_COMPACT);
	free(s);
	(*events)++;
	return *events > 100000 ? -1 : 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kc_watch_decoder *d;
	uint32_t state;
	size_t events = 0, at;
	int r = 0;

	if (size < 2)
		return 0;
	state = (uint32_t)data[0] | (uint32_t)data[1] << 8 | 0x10000u;
	d = kc_watch_decoder_new(data[0] & 1 ? 256 : 0);
	if (d == NULL)
		return 0;
	for (at = 2; at < size && r == 0;) {
		size_t n;

		state ^= state << 13; /* xorshift32: cheap, deterministic chunk sizes */
		state ^= state >> 17;
		state ^= state << 5;
		n = 1 + state % (state & 0x100 ? 7 : 97);
		if (n > size - at)
			n = size - at;
		r = kc_watch_decoder_feed(d, data + at, n, on_event, &events);
		at += n;
	}
	if (r == 0)
		(void)kc_watch_decoder_finish(d);
	(void)kc_watch_decoder_error(d);
	kc_watch_decoder_free(d);
	return 0;
}
