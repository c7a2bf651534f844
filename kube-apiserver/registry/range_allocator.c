/*
 * range_allocator.c - the bitmap allocators of Service ClusterIPs and NodePorts (upstream:
 * pkg/registry/core/service/allocator/bitmap.go, ipallocator/bitmap.go,
 * portallocator/allocator.go).  See range_allocator.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "kube-apiserver/registry/range_allocator.h"
#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/json.h"
#include "libkcommon/validation.h"

int
range_bitmap_init(struct range_bitmap *b, int max, int offset)
{
	memset(b, 0, sizeof(*b));
	if (max < 0)
		max = 0;
	b->max = max;
	b->offset = offset < 0 || offset >= max ? 0 : offset;
	b->bits = calloc((size_t)max / 8 + 1, 1);
	return b->bits != NULL ? 0 : KC_ERR_NOMEM;
}

void
range_bitmap_release_all(struct range_bitmap *b)
{
	free(b->bits);
	b->bits = NULL;
	b->count = 0;
}

int
range_bitmap_copy(struct range_bitmap *dst, const struct range_bitmap *src)
{
	unsigned char *bits = malloc((size_t)src->max / 8 + 1);

	if (bits == NULL)
		return KC_ERR_NOMEM;
	memcpy(bits, src->bits, (size_t)src->max / 8 + 1);
	free(dst->bits);
	*dst = *src;
	dst->bits = bits;
	return 0;
}

int
range_bitmap_has(const struct range_bitmap *b, int i)
{
	return i >= 0 && i < b->max && (b->bits[i / 8] >> (i % 8)) & 1;
}

static void
set_bit(struct range_bitmap *b, int i)
{
	b->bits[i / 8] |= (unsigned char)(1u << (i % 8));
	b->count++;
}

int
range_bitmap_allocate(struct range_bitmap *b, int i)
{
	if (i < 0 || i >= b->max)
		return KC_ERR_INVALID;
	if (range_bitmap_has(b, i))
		return 0;
	set_bit(b, i);
	return 1;
}

/* A free bit in [lo, lo + n), scanning from a random start and wrapping; -1 when none. */
static int
scan_band(const struct range_bitmap *b, int lo, int n, range_rand_fn rnd)
{
	int start, i;

	if (n <= 0)
		return -1;
	start = (int)(rnd() * n);
	if (start < 0 || start >= n)
		start = 0;
	for (i = 0; i < n; i++) {
		int at = lo + (start + i) % n;

		if (!range_bitmap_has(b, at))
			return at;
	}
	return -1;
}

int
range_bitmap_allocate_next(struct range_bitmap *b, range_rand_fn rnd)
{
	int at;

	if (b->count >= b->max)
		return -1;
	/* the upper band first; the lower one (kept for static values) only when it is full */
	at = scan_band(b, b->offset, b->max - b->offset, rnd);
	if (at < 0)
		at = scan_band(b, 0, b->offset, rnd);
	if (at >= 0)
		set_bit(b, at);
	return at;
}

void
range_bitmap_release(struct range_bitmap *b, int i)
{
	if (!range_bitmap_has(b, i))
		return;
	b->bits[i / 8] &= (unsigned char)~(1u << (i % 8));
	b->count--;
}

int
range_bitmap_free_count(const struct range_bitmap *b)
{
	return b->max - b->count;
}

int
range_bitmap_snapshot(const struct range_bitmap *b, unsigned char **ret, size_t *ret_len)
{
	size_t nbytes = (size_t)b->max / 8 + 1, used = nbytes, i;
	unsigned char *out;

	/* little-endian bytes internally: strip the high zero bytes, then reverse */
	while (used > 0 && b->bits[used - 1] == 0)
		used--;
	*ret = NULL;
	*ret_len = used;
	if (used == 0)
		return 0;
	out = malloc(used);
	if (out == NULL)
		return KC_ERR_NOMEM;
	for (i = 0; i < used; i++)
		out[i] = b->bits[used - 1 - i];
	*ret = out;
	return 0;
}

void
range_bitmap_restore(struct range_bitmap *b, const unsigned char *data, size_t len)
{
	size_t nbytes = (size_t)b->max / 8 + 1, i;

	memset(b->bits, 0, nbytes);
	b->count = 0;
	for (i = 0; i < len; i++) {
		size_t k = len - 1 - i; /* the byte holding bits 8i .. 8i+7 */

		for (int bit = 0; bit < 8; bit++) {
			size_t at = i * 8 + (size_t)bit;

			if (at < (size_t)b->max && (data[k] >> bit) & 1)
				set_bit(b, (int)at);
		}
	}
}

/* --- ranges ------------------------------------------------------------------------------------ */

int
svc_range_parse_ipv4(const char *s, uint32_t *ret)
{
	unsigned char ip[16];

	if (s == NULL || kc_validation_parse_ip(s, ip) != 4)
		return KC_ERR_INVALID;
	*ret = (uint32_t)ip[12] << 24 | (uint32_t)ip[13] << 16 | (uint32_t)ip[14] << 8 | ip[15];
	return 0;
}

/* calculateRangeOffset: min(max(lo, size/step), hi), 0 for sizes of lo or less. */
static int
range_offset(int64_t size, int lo, int hi, int step)
{
	int64_t off;

	if (size <= lo)
		return 0;
	off = size / step;
	if (off < lo)
		return lo;
	return off > hi ? hi : (int)off;
}

int
svc_range_init_ip(struct svc_range *r, const char *cidr, char *err, size_t errlen)
{
	unsigned char ip[16];
	int prefix, fam;
	uint32_t addr, mask;
	int64_t size;

	memset(r, 0, sizeof(*r));
	r->kind = RANGE_IP;
	fam = kc_validation_parse_cidr(cidr != NULL ? cidr : "", ip, &prefix);
	if (fam == 6) {
		if (err != NULL)
			snprintf(err, errlen,
				 "IPv6 service cluster IP ranges are not supported (%s): only IPv4 "
				 "single-stack",
				 cidr);
		return KC_ERR_UNSUPPORTED;
	}
	if (fam != 4 || prefix < 0 || prefix > 32) {
		if (err != NULL)
			snprintf(err, errlen, "invalid CIDR address: %s", cidr ? cidr : "");
		return KC_ERR_INVALID;
	}
	addr = (uint32_t)ip[12] << 24 | (uint32_t)ip[13] << 16 | (uint32_t)ip[14] << 8 | ip[15];
	mask = prefix == 0 ? 0 : 0xffffffffu << (32 - prefix);
	r->network = addr & mask;
	r->base = r->network + 1;
	size = (int64_t)1 << (32 - prefix);
	snprintf(r->spec, sizeof(r->spec), "%u.%u.%u.%u/%d", r->network >> 24,
		 (r->network >> 16) & 0xff, (r->network >> 8) & 0xff, r->network & 0xff, prefix);
	/* no ".0" and no broadcast address; the bitmap of a /8 is 2 MiB, fine */
	return range_bitmap_init(&r->bm, size - 2 > 0 ? (int)(size - 2) : 0,
				 range_offset(size, 16, 256, 16));
}

int
svc_range_init_ports(struct svc_range *r, int base, int size)
{
	memset(r, 0, sizeof(*r));
	r->kind = RANGE_PORT;
	r->network = r->base = (uint32_t)base;
	snprintf(r->spec, sizeof(r->spec), "%d-%d", base, base + size - 1);
	return range_bitmap_init(&r->bm, size, range_offset(size, 16, 128, 32));
}

void
svc_range_release(struct svc_range *r)
{
	range_bitmap_release_all(&r->bm);
}

int
svc_range_offset(const struct svc_range *r, uint32_t value)
{
	if (value < r->base || value - r->base >= (uint32_t)r->bm.max)
		return -1;
	return (int)(value - r->base);
}

uint32_t
svc_range_value(const struct svc_range *r, int offset)
{
	return r->base + (uint32_t)offset;
}

const char *
svc_range_format(const struct svc_range *r, uint32_t v, char *buf, size_t size)
{
	if (r->kind == RANGE_IP)
		snprintf(buf, size, "%u.%u.%u.%u", v >> 24, (v >> 16) & 0xff, (v >> 8) & 0xff,
			 v & 0xff);
	else
		snprintf(buf, size, "%u", v);
	return buf;
}

json_t *
svc_range_encode(const struct svc_range *r)
{
	KC_AUTOFREE unsigned char *bytes = NULL;
	KC_AUTOFREE char *b64 = NULL;
	size_t len;

	if (range_bitmap_snapshot(&r->bm, &bytes, &len) < 0)
		return NULL;
	b64 = malloc(4 * ((len + 2) / 3) + 1);
	if (b64 == NULL)
		return NULL;
	b64[0] = '\0';
	if (len > 0)
		EVP_EncodeBlock((unsigned char *)b64, bytes, (int)len);
	return json_pack("{s:s, s:s, s:{s:n}, s:s, s:s}", "kind", "RangeAllocation", "apiVersion",
			 "v1", "metadata", "creationTimestamp", "range", r->spec, "data", b64);
}

int
svc_range_decode(struct svc_range *r, const char *text, size_t len)
{
	json_auto_t *obj = json_loadb(text, len, 0, NULL);
	KC_AUTOFREE char *data = NULL;
	const char *range, *b64;
	size_t dlen = 0, bad = 0;

	if (!json_is_object(obj))
		return KC_ERR_INVALID;
	range = json_string_value(json_object_get(obj, "range"));
	b64 = json_string_value(json_object_get(obj, "data"));
	range_bitmap_restore(&r->bm, NULL, 0);
	if (range == NULL || strcmp(range, r->spec) != 0)
		return KC_ERR_CONFLICT;
	if (b64 == NULL || b64[0] == '\0')
		return 0;
	if (kc_json_base64_decode(b64, strlen(b64), &data, &dlen, &bad) < 0)
		return KC_ERR_INVALID;
	range_bitmap_restore(&r->bm, (const unsigned char *)data, dlen);
	return 0;
}
