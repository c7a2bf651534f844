/*
 * check_ipallocator.c - the Service IP and NodePort allocators: the bitmap (allocate all,
 * exhaustion, release, the upper band first, specific values, edges), the IP and port ranges
 * (sizes and KEP-3070 offsets, masking, IPv6 refused), the RangeAllocation encoding, the
 * repair's rebuild with its leak rounds, and range_store against a real etcd: two allocators
 * on one key (two apiservers) never hand out a value twice.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>
#include <event2/event.h>

#include "kube-apiserver/controlplane/repair.h"
#include "kube-apiserver/registry/range_allocator.h"
#include "kube-apiserver/registry/range_store.h"
#include "kube-apiserver/registry/service_alloc.h"
#include "kube-apiserver/storage/etcd3.h"
#include "libkcommon/cleanup.h"
#include "libkcommon/clock.h"
#include "libkcommon/errors.h"
#include "test/unit/testutil/etcd_server.h"
#include "test/unit/testutil/loop_testutil.h"
#include "test/unit/testutil/testutil.h"

/* A deterministic "random" source: always the same start. */
static double fixed_rand_value;

static double
fixed_rand(void)
{
	return fixed_rand_value;
}

/* --- bitmap -------------------------------------------------------------------------------------- */

START_TEST(test_allocate_all_then_full)
{
	struct range_bitmap b;
	int seen[64] = { 0 };

	ck_assert_int_eq(range_bitmap_init(&b, 64, 8), 0);
	for (int i = 0; i < 64; i++) {
		int off = range_bitmap_allocate_next(&b, kc_clock_rand_unit);

		ck_assert_int_ge(off, 0);
		ck_assert_int_lt(off, 64);
		ck_assert_int_eq(seen[off], 0);
		seen[off] = 1;
	}
	ck_assert_int_eq(range_bitmap_free_count(&b), 0);
	ck_assert_int_eq(range_bitmap_allocate_next(&b, kc_clock_rand_unit), -1);
	range_bitmap_release(&b, 17);
	ck_assert_int_eq(range_bitmap_free_count(&b), 1);
	ck_assert_int_eq(range_bitmap_allocate_next(&b, kc_clock_rand_unit), 17);
	range_bitmap_release_all(&b);
}
END_TEST

START_TEST(test_specific_and_release)
{
	struct range_bitmap b;

	ck_assert_int_eq(range_bitmap_init(&b, 10, 0), 0);
	ck_assert_int_eq(range_bitmap_allocate(&b, 3), 1);
	ck_assert_int_eq(range_bitmap_allocate(&b, 3), 0);
	ck_assert_int_eq(range_bitmap_has(&b, 3), 1);
	ck_assert_int_eq(range_bitmap_allocate(&b, 10), KC_ERR_INVALID);
	ck_assert_int_eq(range_bitmap_allocate(&b, -1), KC_ERR_INVALID);
	ck_assert_int_eq(range_bitmap_has(&b, 10), 0);
	ck_assert_int_eq(b.count, 1);
	range_bitmap_release(&b, 4); /* not set: no-op */
	range_bitmap_release(&b, 99);
	ck_assert_int_eq(b.count, 1);
	range_bitmap_release(&b, 3);
	ck_assert_int_eq(b.count, 0);
	ck_assert_int_eq(range_bitmap_allocate(&b, 9), 1);
	ck_assert_int_eq(range_bitmap_allocate(&b, 0), 1);
	ck_assert_int_eq(range_bitmap_free_count(&b), 8);
	range_bitmap_release_all(&b);
}
END_TEST

/* Random starts 0.0 .. 0.99: the upper band fills first, whatever the start. */
START_TEST(test_upper_band_first)
{
	struct range_bitmap b;

	fixed_rand_value = _i / 10.0;
	ck_assert_int_eq(range_bitmap_init(&b, 254, 16), 0);
	for (int i = 0; i < 254 - 16; i++)
		ck_assert_int_ge(range_bitmap_allocate_next(&b, fixed_rand), 16);
	for (int i = 0; i < 16; i++)
		ck_assert_int_lt(range_bitmap_allocate_next(&b, fixed_rand), 16);
	ck_assert_int_eq(range_bitmap_allocate_next(&b, fixed_rand), -1);
	range_bitmap_release_all(&b);
}
END_TEST

START_TEST(test_scan_wraps_from_random_start)
{
	struct range_bitmap b;

	fixed_rand_value = 0.999;
	ck_assert_int_eq(range_bitmap_init(&b, 20, 4), 0);
	/* start at the band's last item, then wrap to its first */
	ck_assert_int_eq(range_bitmap_allocate_next(&b, fixed_rand), 19);
	ck_assert_int_eq(range_bitmap_allocate_next(&b, fixed_rand), 4);
	ck_assert_int_eq(range_bitmap_allocate(&b, 5), 1);
	ck_assert_int_eq(range_bitmap_allocate_next(&b, fixed_rand), 6);
	range_bitmap_release_all(&b);
}
END_TEST

START_TEST(test_empty_range)
{
	struct range_bitmap b;

	ck_assert_int_eq(range_bitmap_init(&b, 0, 0), 0);
	ck_assert_int_eq(range_bitmap_allocate_next(&b, kc_clock_rand_unit), -1);
	ck_assert_int_eq(range_bitmap_allocate(&b, 0), KC_ERR_INVALID);
	range_bitmap_release_all(&b);
}
END_TEST

/* big.Int.Bytes(): big-endian, no leading zeros. */
static const struct {
	int bits[4];
	size_t n;
	const char *hex;
} snap_cases[] = {
	{ { 0 }, 0, "" },
	{ { 0 }, 1, "01" },
	{ { 7 }, 1, "80" },
	{ { 8 }, 1, "0100" },
	{ { 0, 9 }, 2, "0201" },
	{ { 0, 1, 2, 3 }, 4, "0f" },
	{ { 99 }, 1, "08000000000000000000000000" },
};

START_TEST(test_snapshot_bytes)
{
	struct range_bitmap b, c;
	KC_AUTOFREE unsigned char *bytes = NULL;
	char hex[128] = "";
	size_t len;

	ck_assert_int_eq(range_bitmap_init(&b, 100, 0), 0);
	for (size_t i = 0; i < snap_cases[_i].n; i++)
		range_bitmap_allocate(&b, snap_cases[_i].bits[i]);
	ck_assert_int_eq(range_bitmap_snapshot(&b, &bytes, &len), 0);
	for (size_t i = 0; i < len; i++)
		snprintf(hex + 2 * i, 3, "%02x", bytes[i]);
	ck_assert_str_eq(hex, snap_cases[_i].hex);
	ck_assert_int_eq(range_bitmap_init(&c, 100, 0), 0);
	range_bitmap_restore(&c, bytes, len);
	ck_assert_int_eq(c.count, (int)snap_cases[_i].n);
	for (size_t i = 0; i < snap_cases[_i].n; i++)
		ck_assert(range_bitmap_has(&c, snap_cases[_i].bits[i]));
	range_bitmap_release_all(&b);
	range_bitmap_release_all(&c);
}
END_TEST

START_TEST(test_restore_drops_bits_past_max)
{
	static const unsigned char data[] = { 0xff, 0xff };
	struct range_bitmap b;

	ck_assert_int_eq(range_bitmap_init(&b, 10, 0), 0);
	range_bitmap_restore(&b, data, sizeof(data));
	ck_assert_int_eq(b.count, 10);
	ck_assert_int_eq(range_bitmap_free_count(&b), 0);
	range_bitmap_release_all(&b);
}
END_TEST

/* --- ranges -------------------------------------------------------------------------------------- */

static const struct {
	const char *cidr, *spec;
	int max, offset;
	const char *first;
} ip_cases[] = {
	{ "10.0.0.0/24", "10.0.0.0/24", 254, 16, "10.0.0.1" },
	{ "10.96.0.0/12", "10.96.0.0/12", 1048574, 256, "10.96.0.1" },
	{ "10.0.0.0/29", "10.0.0.0/29", 6, 0, "10.0.0.1" },
	{ "10.0.0.0/28", "10.0.0.0/28", 14, 0, "10.0.0.1" },
	{ "10.0.0.0/27", "10.0.0.0/27", 30, 16, "10.0.0.1" },
	{ "10.0.0.0/21", "10.0.0.0/21", 2046, 128, "10.0.0.1" },
	{ "10.0.0.0/20", "10.0.0.0/20", 4094, 256, "10.0.0.1" },
	{ "192.168.7.9/24", "192.168.7.0/24", 254, 16, "192.168.7.1" },
	{ "10.0.0.0/31", "10.0.0.0/31", 0, 0, "10.0.0.1" },
};

START_TEST(test_ip_range)
{
	struct svc_range r;
	char buf[32];

	ck_assert_int_eq(svc_range_init_ip(&r, ip_cases[_i].cidr, NULL, 0), 0);
	ck_assert_str_eq(r.spec, ip_cases[_i].spec);
	ck_assert_int_eq(r.bm.max, ip_cases[_i].max);
	ck_assert_int_eq(r.bm.offset, ip_cases[_i].offset);
	ck_assert_str_eq(svc_range_format(&r, r.base, buf, sizeof(buf)), ip_cases[_i].first);
	svc_range_release(&r);
}
END_TEST

static const struct {
	int base, size, offset;
	const char *spec;
} port_cases[] = {
	{ 30000, 2768, 86, "30000-32767" },
	{ 30000, 101, 16, "30000-30100" },
	{ 30000, 16, 0, "30000-30015" },
	{ 30000, 17, 16, "30000-30016" },
	{ 20000, 10000, 128, "20000-29999" },
	{ 30000, 1, 0, "30000-30000" },
};

START_TEST(test_port_range)
{
	struct svc_range r;

	ck_assert_int_eq(svc_range_init_ports(&r, port_cases[_i].base, port_cases[_i].size), 0);
	ck_assert_str_eq(r.spec, port_cases[_i].spec);
	ck_assert_int_eq(r.bm.max, port_cases[_i].size);
	ck_assert_int_eq(r.bm.offset, port_cases[_i].offset);
	svc_range_release(&r);
}
END_TEST

START_TEST(test_bad_ranges)
{
	struct svc_range r;
	char err[256];

	ck_assert_int_eq(svc_range_init_ip(&r, "fd00::/112", err, sizeof(err)), KC_ERR_UNSUPPORTED);
	ck_assert_ptr_nonnull(strstr(err, "IPv6 service cluster IP ranges are not supported"));
	ck_assert_int_eq(svc_range_init_ip(&r, "10.0.0.0", err, sizeof(err)), KC_ERR_INVALID);
	ck_assert_int_eq(svc_range_init_ip(&r, "bogus/8", err, sizeof(err)), KC_ERR_INVALID);
	ck_assert_int_eq(svc_range_init_ip(&r, NULL, NULL, 0), KC_ERR_INVALID);
}
END_TEST

/* Which values are in a range, and at which offset. */
static const struct {
	int port;
	const char *ip;
	uint32_t value;
	int offset;
} edge_cases[] = {
	{ 0, "10.0.0.0", 0, -1 },   { 0, "10.0.0.1", 0, 0 },   { 0, "10.0.0.254", 0, 253 },
	{ 0, "10.0.0.255", 0, -1 }, { 0, "10.0.1.1", 0, -1 },  { 0, "9.255.255.255", 0, -1 },
	{ 1, NULL, 30000, 0 },      { 1, NULL, 32767, 2767 }, { 1, NULL, 32768, -1 },
	{ 1, NULL, 29999, -1 },     { 1, NULL, 0, -1 },
};

START_TEST(test_range_edges)
{
	struct svc_range r;
	uint32_t v = edge_cases[_i].value;

	if (edge_cases[_i].port)
		ck_assert_int_eq(svc_range_init_ports(&r, 30000, 2768), 0);
	else
		ck_assert_int_eq(svc_range_init_ip(&r, "10.0.0.0/24", NULL, 0), 0);
	if (edge_cases[_i].ip != NULL)
		ck_assert_int_eq(svc_range_parse_ipv4(edge_cases[_i].ip, &v), 0);
	ck_assert_int_eq(svc_range_offset(&r, v), edge_cases[_i].offset);
	if (edge_cases[_i].offset >= 0)
		ck_assert_uint_eq(svc_range_value(&r, edge_cases[_i].offset), v);
	svc_range_release(&r);
}
END_TEST

START_TEST(test_parse_ipv4)
{
	uint32_t v;

	ck_assert_int_eq(svc_range_parse_ipv4("10.1.2.3", &v), 0);
	ck_assert_uint_eq(v, 0x0a010203u);
	ck_assert_int_eq(svc_range_parse_ipv4("fd00::1", &v), KC_ERR_INVALID);
	ck_assert_int_eq(svc_range_parse_ipv4("None", &v), KC_ERR_INVALID);
	ck_assert_int_eq(svc_range_parse_ipv4("", &v), KC_ERR_INVALID);
	ck_assert_int_eq(svc_range_parse_ipv4(NULL, &v), KC_ERR_INVALID);
}
END_TEST

/* --- RangeAllocation ----------------------------------------------------------------------------- */

START_TEST(test_encode)
{
	struct svc_range r;
	json_auto_t *obj = NULL;
	KC_AUTOFREE char *text = NULL;

	ck_assert_int_eq(svc_range_init_ip(&r, "10.0.0.0/29", NULL, 0), 0);
	obj = svc_range_encode(&r);
	text = json_dumps(obj, JSON_COMPACT);
	ck_assert_str_eq(text, "{\"kind\":\"RangeAllocation\",\"apiVersion\":\"v1\",\"metadata\":"
			       "{\"creationTimestamp\":null},\"range\":\"10.0.0.0/29\",\"data\":\"\"}");
	range_bitmap_allocate(&r.bm, 0);
	range_bitmap_allocate(&r.bm, 5);
	json_decref(obj);
	obj = svc_range_encode(&r);
	ck_assert_str_eq(json_string_value(json_object_get(obj, "data")), "IQ==");
	svc_range_release(&r);
}
END_TEST

START_TEST(test_decode)
{
	static const char ok[] = "{\"kind\":\"RangeAllocation\",\"range\":\"30000-32767\","
				 "\"data\":\"AQAB\"}";
	static const char other[] = "{\"range\":\"30000-30100\",\"data\":\"AQ==\"}";
	static const char bad64[] = "{\"range\":\"30000-32767\",\"data\":\"!!\"}";
	struct svc_range r;

	ck_assert_int_eq(svc_range_init_ports(&r, 30000, 2768), 0);
	ck_assert_int_eq(svc_range_decode(&r, ok, strlen(ok)), 0);
	ck_assert_int_eq(r.bm.count, 2);
	ck_assert(range_bitmap_has(&r.bm, 0));
	ck_assert(range_bitmap_has(&r.bm, 16));
	ck_assert_int_eq(svc_range_decode(&r, other, strlen(other)), KC_ERR_CONFLICT);
	ck_assert_int_eq(r.bm.count, 0);
	ck_assert_int_eq(svc_range_decode(&r, bad64, strlen(bad64)), KC_ERR_INVALID);
	ck_assert_int_eq(svc_range_decode(&r, "nope", 4), KC_ERR_INVALID);
	ck_assert_int_eq(svc_range_decode(&r, "[]", 2), KC_ERR_INVALID);
	svc_range_release(&r);
}
END_TEST

START_TEST(test_encode_decode_roundtrip)
{
	struct svc_range a, b;
	json_auto_t *obj = NULL;
	KC_AUTOFREE char *text = NULL;

	ck_assert_int_eq(svc_range_init_ip(&a, "10.96.0.0/12", NULL, 0), 0);
	ck_assert_int_eq(svc_range_init_ip(&b, "10.96.0.0/12", NULL, 0), 0);
	for (int i = 0; i < 500; i++)
		range_bitmap_allocate_next(&a.bm, kc_clock_rand_unit);
	range_bitmap_allocate(&a.bm, a.bm.max - 1);
	obj = svc_range_encode(&a);
	text = json_dumps(obj, JSON_COMPACT);
	ck_assert_int_eq(svc_range_decode(&b, text, strlen(text)), 0);
	ck_assert_int_eq(b.bm.count, a.bm.count);
	ck_assert_int_eq(memcmp(a.bm.bits, b.bm.bits, (size_t)a.bm.max / 8 + 1), 0);
	svc_range_release(&a);
	svc_range_release(&b);
}
END_TEST

/* --- the repair ---------------------------------------------------------------------------------- */

START_TEST(test_repair_rebuild)
{
	struct svc_range r;
	struct range_bitmap stored, out;
	struct repair_leaks leaks = { 0 };
	uint32_t in_use[3];

	ck_assert_int_eq(svc_range_init_ports(&r, 30000, 100), 0);
	ck_assert_int_eq(range_bitmap_init(&stored, 100, 16), 0);
	ck_assert_int_eq(range_bitmap_init(&out, 100, 16), 0);
	range_bitmap_allocate(&stored, 1);
	range_bitmap_allocate(&stored, 2);
	range_bitmap_allocate(&stored, 3);
	in_use[0] = 30002;
	in_use[1] = 30003;
	in_use[2] = 30004;
	/* 30004 repaired; 30001 leaked, kept for 3 rounds */
	ck_assert_int_eq(repair_rebuild(&r, &stored, in_use, 3, &leaks, &out), 1);
	ck_assert(range_bitmap_has(&out, 1) && range_bitmap_has(&out, 4));
	ck_assert_int_eq(out.count, 4);
	range_bitmap_copy(&stored, &out);
	ck_assert_int_eq(repair_rebuild(&r, &stored, in_use, 3, &leaks, &out), 0);
	ck_assert_int_eq(repair_rebuild(&r, &stored, in_use, 3, &leaks, &out), 0);
	ck_assert(range_bitmap_has(&out, 1));
	/* the fourth round releases it */
	ck_assert_int_eq(repair_rebuild(&r, &stored, in_use, 3, &leaks, &out), 1);
	ck_assert(!range_bitmap_has(&out, 1));
	ck_assert_int_eq(out.count, 3);
	repair_leaks_release(&leaks);
	range_bitmap_release_all(&stored);
	range_bitmap_release_all(&out);
	svc_range_release(&r);
}
END_TEST

START_TEST(test_repair_leak_count_resets)
{
	struct svc_range r;
	struct range_bitmap stored, out;
	struct repair_leaks leaks = { 0 };
	uint32_t svc = 30001, outside = 40000;

	ck_assert_int_eq(svc_range_init_ports(&r, 30000, 100), 0);
	ck_assert_int_eq(range_bitmap_init(&stored, 100, 16), 0);
	ck_assert_int_eq(range_bitmap_init(&out, 100, 16), 0);
	range_bitmap_allocate(&stored, 1);
	repair_rebuild(&r, &stored, NULL, 0, &leaks, &out);
	repair_rebuild(&r, &stored, NULL, 0, &leaks, &out);
	ck_assert_int_eq(leaks.n, 1);
	ck_assert_int_eq(leaks.rounds[0], 2);
	/* the Service showed up: no longer a leak, and a value outside the range is ignored */
	ck_assert_int_eq(repair_rebuild(&r, &stored, &svc, 1, &leaks, &out), 0);
	ck_assert_int_eq(leaks.n, 0);
	ck_assert_int_eq(repair_rebuild(&r, &stored, &outside, 1, &leaks, &out), 0);
	ck_assert_int_eq(leaks.n, 1);
	ck_assert_int_eq(leaks.rounds[0], 1);
	repair_leaks_release(&leaks);
	range_bitmap_release_all(&stored);
	range_bitmap_release_all(&out);
	svc_range_release(&r);
}
END_TEST

/* --- what a Service holds --------------------------------------------------------------------- */

static const struct {
	const char *svc;
	uint32_t ip;
	size_t n_ports;
	uint32_t port0;
} values_cases[] = {
	{ "{\"spec\":{\"type\":\"ClusterIP\",\"clusterIP\":\"10.0.0.7\"}}", 0x0a000007u, 0, 0 },
	{ "{\"spec\":{\"type\":\"ClusterIP\",\"clusterIP\":\"None\",\"clusterIPs\":[\"None\"]}}", 0,
	  0, 0 },
	{ "{\"spec\":{\"type\":\"ExternalName\",\"externalName\":\"a.b\"}}", 0, 0, 0 },
	{ "{\"spec\":{\"type\":\"NodePort\",\"clusterIP\":\"10.0.0.8\",\"ports\":[{\"port\":80,"
	  "\"nodePort\":30001},{\"port\":80,\"protocol\":\"UDP\",\"nodePort\":30001}]}}",
	  0x0a000008u, 1, 30001 },
	{ "{\"spec\":{\"type\":\"LoadBalancer\",\"clusterIP\":\"10.0.0.9\",\"ports\":[{\"port\":80,"
	  "\"nodePort\":30001}],\"healthCheckNodePort\":30002}}",
	  0x0a000009u, 2, 30001 },
	{ "{\"spec\":{\"type\":\"ClusterIP\",\"clusterIP\":\"fd00::1\"}}", 0, 0, 0 },
	{ "{}", 0, 0, 0 },
};

START_TEST(test_values_of)
{
	json_auto_t *svc = kc_test_json(values_cases[_i].svc);
	struct service_values v;

	service_alloc_values_of(svc, &v);
	ck_assert_uint_eq(v.ip, values_cases[_i].ip);
	ck_assert_uint_eq(v.n_ports, values_cases[_i].n_ports);
	if (v.n_ports > 0)
		ck_assert_uint_eq(v.ports[0], values_cases[_i].port0);
}
END_TEST

/* --- range_store against etcd ------------------------------------------------------------------ */

static struct event_base *base;
static struct kc_etcd3 *e3;

static void
client_setup(void)
{
	base = event_base_new();
	e3 = etcd_test_client(base, etcd_test, 5000); /* a fresh keyspace per test */
}

static void
client_teardown(void)
{
	e3 = kc_etcd3_free(e3);
	event_base_loop(base, EVLOOP_NONBLOCK);
	event_base_free(base);
	base = NULL;
}

static struct range_store *
ip_store(const char *cidr)
{
	struct svc_range r;

	ck_assert_int_eq(svc_range_init_ip(&r, cidr, NULL, 0), 0);
	return range_store_new(e3, "/ranges/serviceips", &r, NULL);
}

struct answer {
	int done;
	int err;
	struct range_item items[8];
	size_t n;
};

static void
on_answer(void *arg, int err, const struct range_item *items, size_t n)
{
	struct answer *a = arg;

	a->done++;
	a->err = err;
	a->n = n < 8 ? n : 8;
	if (a->n > 0)
		memcpy(a->items, items, a->n * sizeof(*items));
}

static struct answer
apply_one(struct range_store *rs, enum range_op op, uint32_t value, unsigned flags)
{
	struct range_item it = { .op = op, .value = value };
	struct answer a = { 0 };

	ck_assert_ptr_nonnull(range_store_apply(rs, &it, 1, flags, on_answer, &a));
	ck_assert_int_eq(a.done, 0); /* never from inside the call */
	ck_assert(kc_test_run_until(base, kc_test_flag_set, &a.done, 10000));
	return a;
}

/* Two allocators on one key (two apiservers), 30 allocations each at the same time. */
START_TEST(test_two_stores_never_double_allocate)
{
	struct range_store *a = ip_store("10.0.0.0/24"), *b = ip_store("10.0.0.0/24");
	struct answer an[60];
	struct range_item next = { .op = RANGE_ALLOCATE_NEXT };
	int seen[256] = { 0 }, done = 0;

	memset(an, 0, sizeof(an));
	for (int i = 0; i < 60; i++)
		ck_assert_ptr_nonnull(
			range_store_apply(i % 2 ? a : b, &next, 1, 0, on_answer, &an[i]));
	for (long end = kc_test_mono_ms() + 20000; done < 60 && kc_test_mono_ms() < end;) {
		event_base_loop(base, EVLOOP_ONCE);
		done = 0;
		for (int i = 0; i < 60; i++)
			done += an[i].done;
	}
	ck_assert_int_eq(done, 60);
	for (int i = 0; i < 60; i++) {
		uint32_t v = an[i].items[0].value;

		ck_assert_int_eq(an[i].err, 0);
		ck_assert_uint_eq(v >> 8, 0x0a0000u);
		ck_assert_int_eq(seen[v & 0xff], 0);
		seen[v & 0xff] = 1;
	}
	/* a specific value the other store took is refused after its reload */
	{
		struct answer x = apply_one(a, RANGE_ALLOCATE, 0x0a000005u, 0);
		struct answer y = apply_one(b, RANGE_ALLOCATE, 0x0a000005u, 0);

		ck_assert_int_eq(x.err, 0);
		ck_assert_int_eq(y.err, KC_ERR_INVALID);
		ck_assert_int_eq(y.items[0].result, RANGE_ALLOCATED);
		ck_assert_int_eq(range_store_range(b)->bm.count, 61);
	}
	range_store_free(a);
	range_store_free(b);
}
END_TEST

static void
on_read_state(void *arg, int err, const struct range_bitmap *state, int64_t rev)
{
	int64_t *ret = arg;

	ck_assert_int_eq(err, 0);
	ck_assert_ptr_nonnull(state);
	*ret = rev;
}

START_TEST(test_dry_run_release_and_replace)
{
	struct range_store *rs = ip_store("10.0.0.0/29");
	struct range_bitmap empty;
	struct answer a;
	int64_t rev = -1, rev2 = -1;
	char buf[256];

	a = apply_one(rs, RANGE_ALLOCATE_NEXT, 0, RANGE_DRY_RUN);
	ck_assert_int_eq(a.err, 0);
	ck_assert_uint_eq(a.items[0].value, 0x0a000000u); /* the network, as DryRun() */
	a = apply_one(rs, RANGE_ALLOCATE, 0x0b000001u, RANGE_DRY_RUN);
	ck_assert_int_eq(a.err, KC_ERR_INVALID);
	ck_assert_str_eq(range_item_error(rs, &a.items[0], buf, sizeof(buf)),
			 "the provided IP (11.0.0.1) is not in the valid range. The range of valid "
			 "IPs is 10.0.0.0/29");
	ck_assert_ptr_nonnull(range_store_read(rs, on_read_state, &rev));
	for (long end = kc_test_mono_ms() + 5000; rev < 0 && kc_test_mono_ms() < end;)
		event_base_loop(base, EVLOOP_ONCE);
	ck_assert_int_eq(rev, 0); /* dry runs wrote nothing: the key is absent */
	for (int i = 0; i < 6; i++)
		ck_assert_int_eq(apply_one(rs, RANGE_ALLOCATE_NEXT, 0, 0).err, 0);
	a = apply_one(rs, RANGE_ALLOCATE_NEXT, 0, 0);
	ck_assert_int_eq(a.items[0].result, RANGE_FULL);
	ck_assert_str_eq(range_item_error(rs, &a.items[0], buf, sizeof(buf)), "range is full");
	ck_assert_int_eq(apply_one(rs, RANGE_RELEASE, 0x0a000003u, 0).err, 0);
	ck_assert_uint_eq(apply_one(rs, RANGE_ALLOCATE_NEXT, 0, 0).items[0].value, 0x0a000003u);
	/* replace on a stale revision is a conflict; on the current one it lands */
	ck_assert_int_eq(range_bitmap_init(&empty, 6, 0), 0);
	ck_assert_ptr_nonnull(range_store_replace(rs, &empty, 1, on_answer, &a));
	a.done = 0;
	ck_assert(kc_test_run_until(base, kc_test_flag_set, &a.done, 5000));
	ck_assert_int_eq(a.err, KC_ERR_CONFLICT);
	ck_assert_ptr_nonnull(range_store_read(rs, on_read_state, &rev2));
	for (long end = kc_test_mono_ms() + 5000; rev2 < 0 && kc_test_mono_ms() < end;)
		event_base_loop(base, EVLOOP_ONCE);
	a.done = 0;
	ck_assert_ptr_nonnull(range_store_replace(rs, &empty, rev2, on_answer, &a));
	ck_assert(kc_test_run_until(base, kc_test_flag_set, &a.done, 5000));
	ck_assert_int_eq(a.err, 0);
	ck_assert_int_eq(range_store_range(rs)->bm.count, 0);
	range_bitmap_release_all(&empty);
	range_store_free(rs);
}
END_TEST

START_TEST(test_free_fails_queued)
{
	struct range_store *rs = ip_store("10.0.0.0/24");
	struct range_item next = { .op = RANGE_ALLOCATE_NEXT };
	struct answer a = { 0 }, b = { 0 };

	ck_assert_ptr_nonnull(range_store_apply(rs, &next, 1, 0, on_answer, &a));
	ck_assert_ptr_nonnull(range_store_apply(rs, &next, 1, 0, on_answer, &b));
	range_req_cancel(range_store_apply(rs, &next, 1, 0, on_answer, &b));
	range_store_free(rs);
	ck_assert_int_eq(a.done, 1);
	ck_assert_int_eq(a.err, KC_ERR_UNAVAILABLE);
	ck_assert_int_eq(b.done, 1); /* the cancelled one did not answer */
}
END_TEST

static Suite *
ipallocator_suite(void)
{
	Suite *s = suite_create("ipallocator");
	TCase *tc = tcase_create("pure");

	tcase_add_test(tc, test_allocate_all_then_full);
	tcase_add_test(tc, test_specific_and_release);
	tcase_add_loop_test(tc, test_upper_band_first, 0, 10);
	tcase_add_test(tc, test_scan_wraps_from_random_start);
	tcase_add_test(tc, test_empty_range);
	tcase_add_loop_test(tc, test_snapshot_bytes, 0, (int)KC_ARRAY_SIZE(snap_cases));
	tcase_add_test(tc, test_restore_drops_bits_past_max);
	tcase_add_loop_test(tc, test_ip_range, 0, (int)KC_ARRAY_SIZE(ip_cases));
	tcase_add_loop_test(tc, test_port_range, 0, (int)KC_ARRAY_SIZE(port_cases));
	tcase_add_test(tc, test_bad_ranges);
	tcase_add_loop_test(tc, test_range_edges, 0, (int)KC_ARRAY_SIZE(edge_cases));
	tcase_add_test(tc, test_parse_ipv4);
	tcase_add_test(tc, test_encode);
	tcase_add_test(tc, test_decode);
	tcase_add_test(tc, test_encode_decode_roundtrip);
	tcase_add_test(tc, test_repair_rebuild);
	tcase_add_test(tc, test_repair_leak_count_resets);
	tcase_add_loop_test(tc, test_values_of, 0, (int)KC_ARRAY_SIZE(values_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("etcd");
	tcase_set_timeout(tc, 60);
	tcase_add_unchecked_fixture(tc, etcd_test_setup, etcd_test_teardown);
	tcase_add_checked_fixture(tc, client_setup, client_teardown);
	tcase_add_test(tc, test_two_stores_never_double_allocate);
	tcase_add_test(tc, test_dry_run_release_and_replace);
	tcase_add_test(tc, test_free_fails_queued);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(ipallocator_suite)
