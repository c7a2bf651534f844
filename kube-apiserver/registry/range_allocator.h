/*
 * range_allocator.h - the bitmap allocators of Service ClusterIPs and NodePorts (upstream:
 * pkg/registry/core/service/allocator/bitmap.go AllocationBitmap with
 * randomScanStrategyWithOffset, utils.go countBits; ipallocator/bitmap.go Range and
 * calculateRangeOffset; portallocator/allocator.go PortAllocator and calculateRangeOffset;
 * the v1 RangeAllocation object they are persisted as).
 *
 * Pure code, no I/O: a bit per usable value, random allocation that prefers the upper band
 * [offset, max) and falls back to the lower one (KEP-3070 / KEP-3668: the lower band is kept
 * for values users ask for), and the snapshot format upstream persists: the bitmap as the
 * big-endian bytes of a big.Int (bit i = offset i), base64 in RangeAllocation.data.
 *
 * Values are what the API carries: an IPv4 address as a host-order uint32, or a port number.
 * Only IPv4 service ranges are supported (docs/compat.md).
 */
#ifndef KUBE_APISERVER_REGISTRY_RANGE_ALLOCATOR_H
#define KUBE_APISERVER_REGISTRY_RANGE_ALLOCATOR_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

/* AllocationBitmap.  Bits at or past max are never set. */
struct range_bitmap {
	int max;    /* usable items */
	int offset; /* size of the lower (static) band */
	int count;  /* set bits */
	unsigned char *bits;
};

/* A random number in [0, 1): kc_clock_rand_unit, or a test's sequence. */
typedef double (*range_rand_fn)(void);

/* 0 or KC_ERR_NOMEM (max >= 0; offset is clamped to [0, max)). */
int range_bitmap_init(struct range_bitmap *b, int max, int offset);
void range_bitmap_release_all(struct range_bitmap *b);
/* dst becomes a copy of src (dst initialised or zeroed); 0 or KC_ERR_NOMEM. */
int range_bitmap_copy(struct range_bitmap *dst, const struct range_bitmap *src);
/* Allocate: 1 when set now, 0 when already set, KC_ERR_INVALID when out of [0, max). */
int range_bitmap_allocate(struct range_bitmap *b, int i);
/* AllocateNext with the offset strategy: the offset set, or -1 when the range is full. */
int range_bitmap_allocate_next(struct range_bitmap *b, range_rand_fn rnd);
/* Release: a no-op for values not set or out of range. */
void range_bitmap_release(struct range_bitmap *b, int i);
int range_bitmap_has(const struct range_bitmap *b, int i);
/* Free(): items left. */
int range_bitmap_free_count(const struct range_bitmap *b);
/* big.Int.Bytes(): big-endian, no leading zero bytes (empty for no bits).  malloc()ed
 * (*ret may be NULL when *ret_len is 0); 0 or KC_ERR_NOMEM. */
int range_bitmap_snapshot(const struct range_bitmap *b, unsigned char **ret, size_t *ret_len);
/* Restore from big.Int bytes; bits at or past max are dropped. */
void range_bitmap_restore(struct range_bitmap *b, const unsigned char *data, size_t len);

/* --- the IP and port ranges ------------------------------------------------------------------ */

enum range_kind {
	RANGE_IP,
	RANGE_PORT,
};

struct svc_range {
	enum range_kind kind;
	char spec[64];    /* RangeAllocation.range: "10.0.0.0/24" (masked), "30000-32767" */
	uint32_t network; /* IP: the network address; port: the first port */
	uint32_t base;    /* the value of offset 0: network + 1, or the first port */
	struct range_bitmap bm;
};

/*
 * An IPv4 service CIDR ("10.96.0.0/12"; the host bits are masked as net.ParseCIDR does).
 * max = 2^(32-prefix) - 2 (no network, no broadcast address), offset min(max(16,
 * size/16), 256) and 0 for ranges of 16 addresses or less.  KC_ERR_UNSUPPORTED for an IPv6
 * CIDR, KC_ERR_INVALID when it does not parse; err (may be NULL) gets why.
 */
int svc_range_init_ip(struct svc_range *r, const char *cidr, char *err, size_t errlen);
/* A port range "30000-32767" (base 30000, size 2768): offset min(max(16, size/32), 128). */
int svc_range_init_ports(struct svc_range *r, int base, int size);
void svc_range_release(struct svc_range *r);

/* The offset of a value in the range, or -1 when not in it. */
int svc_range_offset(const struct svc_range *r, uint32_t value);
uint32_t svc_range_value(const struct svc_range *r, int offset);
/* Text of a value: "10.0.0.7", "30001" (buf of >= 16 bytes). */
const char *svc_range_format(const struct svc_range *r, uint32_t value, char *buf, size_t size);
/* Parses an IPv4 address to a host-order value: 0 or KC_ERR_INVALID (IPv6 too). */
int svc_range_parse_ipv4(const char *s, uint32_t *ret);

/*
 * The v1 RangeAllocation of r's bitmap: {"kind":"RangeAllocation","apiVersion":"v1",
 * "metadata":{"creationTimestamp":null},"range":spec,"data":base64}.  New reference, NULL
 * when out of memory.
 */
json_t *svc_range_encode(const struct svc_range *r);
/*
 * Loads a stored RangeAllocation (JSON text) into r's bitmap.  0; KC_ERR_INVALID when it does
 * not decode; KC_ERR_CONFLICT when its range is not r's ("the provided range does not match
 * the current range"): the bitmap is then left empty.
 */
int svc_range_decode(struct svc_range *r, const char *json, size_t len);

#endif
