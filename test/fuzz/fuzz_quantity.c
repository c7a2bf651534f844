/*
 * fuzz_quantity.c - libFuzzer target for resource.Quantity: parse, format, reparse.
 *
 * Invariants (abort() when broken): the canonical text of any accepted quantity parses back
 * to an equal quantity whose canonical text is the same; kc_quantity_normalize() agrees with
 * parse; add then sub of a second quantity (the input split at its first '|') gives back the
 * first (or a KC_ERR_RANGE when the exact result needs more than 38 digits), and cmp is
 * antisymmetric.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "libkcommon/errors.h"
#include "libkcommon/quantity.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The canonical text of q parses back to an equal quantity; returns that quantity. */
static struct kc_quantity
reparse(const struct kc_quantity *q, char *text)
{
	struct kc_quantity p;

	kc_quantity_format(q, text, KC_QUANTITY_BUFSZ);
	if (kc_quantity_parse(text, &p, NULL) < 0)
		abort();
	if (kc_quantity_cmp(q, &p) != 0 || kc_quantity_cmp(&p, q) != 0)
		abort();
	return p;
}

/*
 * Round trip, and the text is a fixed point after one round: a BinarySI amount that is not a
 * multiple of 1024 prints as plain digits (as upstream), which read back as DecimalSI, so only
 * the second text must equal the first.
 */
static void
check_round_trip(const struct kc_quantity *q)
{
	char text[KC_QUANTITY_BUFSZ], again[KC_QUANTITY_BUFSZ], third[KC_QUANTITY_BUFSZ];
	struct kc_quantity p = reparse(q, text), p2 = reparse(&p, again);

	if (q->format != KC_QUANTITY_BINARY_SI && strcmp(text, again) != 0)
		abort();
	(void)reparse(&p2, third);
	if (strcmp(again, third) != 0)
		abort();
	(void)kc_quantity_value(q);
	(void)kc_quantity_milli_value(q);
	(void)kc_quantity_to_double(q);
}

static void
check_normalize(const uint8_t *data, size_t size, int parsed)
{
	char *s = malloc(size + 1), buf[KC_QUANTITY_BUFSZ + 4096];
	int r;

	if (s == NULL)
		return;
	memcpy(s, data, size);
	s[size] = '\0';
	r = kc_quantity_normalize(s, buf, sizeof(buf), NULL);
	if (strlen(s) == size && (r >= 0) != parsed && !(parsed && size >= sizeof(buf)))
		abort();
	free(s);
}

static void
check_arith(const struct kc_quantity *a, const struct kc_quantity *b)
{
	struct kc_quantity x = *a;

	if (kc_quantity_cmp(a, b) != -kc_quantity_cmp(b, a))
		abort();
	if (kc_quantity_add(&x, b) == 0) {
		check_round_trip(&x);
		/* the sum may need all 38 digits at a coarser scale than a: then RANGE is fine */
		int r = kc_quantity_sub(&x, b);

		if ((r == 0 && kc_quantity_cmp(&x, a) != 0) || (r < 0 && r != KC_ERR_RANGE))
			abort();
	}
	x = *a;
	if (kc_quantity_mul(&x, -3) == 0)
		check_round_trip(&x);
	x = *a;
	(void)kc_quantity_round_up(&x, KC_QUANTITY_MILLI);
	check_round_trip(&x);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *bar = memchr(data, '|', size);
	struct kc_quantity a, b;
	int ok;

	ok = kc_quantity_parsen(s, size, &a, NULL) == 0;
	if (ok)
		check_round_trip(&a);
	check_normalize(data, size, ok);
	if (bar != NULL) {
		size_t n = (size_t)(bar - s);

		if (kc_quantity_parsen(s, n, &a, NULL) == 0 &&
		    kc_quantity_parsen(bar + 1, size - n - 1, &b, NULL) == 0) {
			check_round_trip(&a);
			check_round_trip(&b);
			check_arith(&a, &b);
		}
	}
	return 0;
}
