/*
 * kpsync.c - kube-proxy sync benchmark: N Services with M endpoints each, fed to the proxier as
 * a recorded watch would deliver them (objects into the stores the informers fill, events into
 * the change tracker), synced into the kernel of the current network namespace through
 * knftables/netlink; then K single-service endpoint changes, each timed from the event to the
 * kernel's ACK.  Writes the first full transaction as an `nft -f` script (knft_tx_render) so
 * run.sh can time nft loading the same ruleset.
 *
 *	kpsync [--services N] [--endpoints M] [--changes K] [--render FILE]
 *
 * Prints one "key value" line per figure: full_sync_ms, change_p50_ms, change_p99_ms,
 * change_max_ms, rss_kib (VmHWM), chains, rules, elements.
 */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include <jansson.h>

#include "kube-proxy/backend.h"
#include "kube-proxy/proxier.h"
#include "kube-proxy/proxy.h"
#include "libkcommon/clock.h"
#include "libkcommon/errors.h"
#include "libkcommon/store.h"
#include "libkcommon/strbuf.h"

static json_t *
make_service(int i)
{
	char name[32], ip[32];

	snprintf(name, sizeof(name), "svc-%05d", i);
	snprintf(ip, sizeof(ip), "10.96.%d.%d", (i + 1) >> 8, (i + 1) & 255);
	return json_pack("{s:s, s:s, s:{s:s, s:s, s:s}, s:{s:s, s:[s], s:[{s:s, s:i, s:s}]}}",
			 "apiVersion", "v1", "kind", "Service", "metadata", "name", name,
			 "namespace", "bench", "resourceVersion", "1", "spec", "clusterIP", ip,
			 "clusterIPs", ip, "ports", "name", "http", "port", 80, "protocol", "TCP");
}

/* Endpoint k's address: 10.128.0.0/9 holds 8M of them. */
static void
endpoint_ip(long k, char *buf, size_t size)
{
	snprintf(buf, size, "10.%ld.%ld.%ld", 128 + (k >> 16), (k >> 8) & 255, k & 255);
}

static json_t *
make_slice(int i, int m, long first)
{
	char name[32], svc[32], ip[32];
	json_t *eps = json_array();
	int j;

	snprintf(name, sizeof(name), "svc-%05d-abcde", i);
	snprintf(svc, sizeof(svc), "svc-%05d", i);
	for (j = 0; j < m; j++) {
		endpoint_ip(first + j, ip, sizeof(ip));
		json_array_append_new(eps,
				      json_pack("{s:[s], s:{s:b}, s:s}", "addresses", ip,
						"conditions", "ready", 1, "nodeName", "node-1"));
	}
	return json_pack("{s:s, s:s, s:{s:s, s:s, s:{s:s}}, s:s, s:[{s:s, s:i, s:s}], s:o}",
			 "apiVersion", "discovery.k8s.io/v1", "kind", "EndpointSlice", "metadata",
			 "name", name, "namespace", "bench", "labels", KP_SERVICE_NAME_LABEL, svc,
			 "addressType", "IPv4", "ports", "name", "http", "port", 8080, "protocol",
			 "TCP", "endpoints", eps);
}

static int
accept_all(void *arg, const struct kp_tx *tx, char *err, size_t errlen)
{
	(void)arg;
	(void)tx;
	(void)err;
	(void)errlen;
	return 0;
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

static long
status_kib(const char *field)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	size_t len = strlen(field);
	long kib = -1;

	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, field, len) == 0 && line[len] == ':') {
			kib = atol(line + len + 1);
			break;
		}
	if (f)
		fclose(f);
	return kib;
}

static int
render(struct kp_proxier *p, const struct kp_backend *be, const char *path)
{
	struct kp_tx tx = { 0 };
	struct kc_strbuf sb = KC_STRBUF_INIT;
	FILE *f;
	int r = kp_proxier_build(p, be, 0, &tx);

	if (r >= 0)
		r = kp_tx_render_knft(&tx, 4, &sb);
	kp_tx_release(&tx);
	kp_proxier_need_full_sync(p);
	if (r < 0 || !(f = fopen(path, "w"))) {
		kc_strbuf_release(&sb);
		return -1;
	}
	fwrite(sb.buf, 1, sb.len, f);
	fclose(f);
	kc_strbuf_release(&sb);
	return 0;
}

int
main(int argc, char **argv)
{
	int n = 10000, m = 5, changes = 100, i;
	const char *render_path = NULL;
	struct kp_proxier_config cfg = { .family = 4,
					 .hostname = "node-1",
					 .node_ip = "10.0.0.1",
					 .masquerade_bit = 14,
					 .detect_local_mode = "ClusterCIDR",
					 .local_cidr = "10.128.0.0/9" };
	struct kc_store *services = kc_store_new(), *slices = kc_store_new();
	struct kp_backend be;
	struct kp_nft *nft;
	struct kp_proxier *p;
	int64_t t0, *lat;
	struct rusage ru0, ru1;
	size_t chains, rules, elements;
	char err[512];
	long next_ep;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--services") == 0 && i + 1 < argc)
			n = atoi(argv[++i]);
		else if (strcmp(argv[i], "--endpoints") == 0 && i + 1 < argc)
			m = atoi(argv[++i]);
		else if (strcmp(argv[i], "--changes") == 0 && i + 1 < argc)
			changes = atoi(argv[++i]);
		else if (strcmp(argv[i], "--render") == 0 && i + 1 < argc)
			render_path = argv[++i];
		else {
			fprintf(stderr,
				"usage: kpsync [--services N] [--endpoints M] [--changes K] [--render FILE]\n");
			return 2;
		}
	}
	if (n <= 0 || m <= 0 || changes <= 0 || !services || !slices ||
	    kc_store_add_index(slices, KP_SLICE_INDEX, kp_slice_index_fn, NULL) < 0)
		return 2;
	nft = kp_nft_open(4, &be, err, sizeof(err));
	p = kp_proxier_new(&cfg);
	if (!nft || !p) {
		fprintf(stderr, "kpsync: %s\n", nft ? "out of memory" : err);
		return 1;
	}
	kp_proxier_set_stores(p, services, slices);
	/* The recorded watch: every Service and EndpointSlice as an ADDED event. */
	for (i = 0; i < n; i++) {
		json_t *full_svc = make_service(i), *full_slice = make_slice(i, m, (long)i * m);
		/* as the informers keep them (the daemon's transforms) */
		json_t *svc = kp_slim_service(NULL, full_svc),
		       *slice = kp_slim_slice(NULL, full_slice);

		json_decref(full_svc);
		json_decref(full_slice);
		kc_store_add(services, svc, NULL);
		kc_store_add(slices, slice, NULL);
		kp_tracker_service_update(kp_proxier_tracker(p), NULL, svc);
		kp_tracker_slice_update(kp_proxier_tracker(p), NULL, slice);
		json_decref(svc);
		json_decref(slice);
	}
	malloc_trim(0);
	printf("objects_rss_kib %ld\n", status_kib("VmRSS"));
	if (render_path && render(p, &be, render_path) < 0) {
		fprintf(stderr, "kpsync: cannot render %s\n", render_path);
		return 1;
	}
	t0 = kc_clock_mono_ns();
	if (getenv("KPSYNC_NO_KERNEL"))
		be.run = accept_all; /* what the proxier's own state and work cost */
	if (kp_proxier_sync(p, &be, t0, NULL, err, sizeof(err)) < 0) {
		fprintf(stderr, "kpsync: full sync: %s\n", err);
		return 1;
	}
	printf("full_sync_ms %.1f\n", (double)(kc_clock_mono_ns() - t0) / 1e6);
	printf("after_full_sync_rss_kib %ld\n", status_kib("VmRSS"));
	malloc_trim(0);
	printf("after_trim_rss_kib %ld\n", status_kib("VmRSS"));
	lat = calloc((size_t)changes, sizeof(*lat));
	getrusage(RUSAGE_SELF, &ru0);
	next_ep = (long)n * m;
	for (i = 0; i < changes; i++) {
		int svc = (int)(((long)i * 7919) % n);
		json_t *full = make_slice(svc, m, next_ep), *old = NULL;
		json_t *slice = kp_slim_slice(NULL, full);
		int64_t start = kc_clock_mono_ns(), now;

		json_decref(full);
		next_ep += m; /* every endpoint replaced: m chains out, m chains in */
		kc_store_add(slices, slice, &old);
		kp_tracker_slice_update(kp_proxier_tracker(p), old, slice);
		json_decref(old);
		json_decref(slice);
		if (!kp_proxier_has_work(p, start)) {
			fprintf(stderr, "kpsync: change %d was not seen by the change tracker\n", i);
			return 1;
		}
		if (getenv("KPSYNC_BUILD_ONLY")) {
			struct kp_tx tx = { 0 };

			kp_proxier_build(p, &be, start, &tx);
			kp_tx_release(&tx);
		} else if (kp_proxier_sync(p, &be, start, NULL, err, sizeof(err)) < 0) {
			fprintf(stderr, "kpsync: change %d: %s\n", i, err);
			return 1;
		}
		now = kc_clock_mono_ns();
		lat[i] = now - start;
		/* the stale chains of the previous change are deleted by this sync's successor */
		if (kp_proxier_has_work(p, now + 1000000000LL))
			kp_proxier_sync(p, &be, now + 1000000000LL, NULL, err, sizeof(err));
	}
	getrusage(RUSAGE_SELF, &ru1);
	/* where change time goes: user space (ours and knftables) or the kernel's commit */
	printf("changes_user_ms %.1f\nchanges_sys_ms %.1f\n",
	       ((double)(ru1.ru_utime.tv_sec - ru0.ru_utime.tv_sec) * 1e3 +
		(double)(ru1.ru_utime.tv_usec - ru0.ru_utime.tv_usec) / 1e3),
	       ((double)(ru1.ru_stime.tv_sec - ru0.ru_stime.tv_sec) * 1e3 +
		(double)(ru1.ru_stime.tv_usec - ru0.ru_stime.tv_usec) / 1e3));
	qsort(lat, (size_t)changes, sizeof(*lat), cmp_i64);
	printf("change_p50_ms %.2f\n", (double)lat[changes / 2] / 1e6);
	printf("change_p99_ms %.2f\n",
	       (double)lat[(changes * 99) / 100 - (changes >= 100 ? 0 : 0)] / 1e6);
	printf("change_max_ms %.2f\n", (double)lat[changes - 1] / 1e6);
	kp_proxier_counts(p, &chains, &rules, &elements);
	printf("chains %zu\nrules %zu\nelements %zu\n", chains, rules, elements);
	printf("rss_kib %ld\nrss_hwm_kib %ld\n", status_kib("VmRSS"), status_kib("VmHWM"));
	free(lat);
	kp_proxier_free(p);
	kp_nft_close(nft);
	kc_store_free(services);
	kc_store_free(slices);
	return 0;
}
