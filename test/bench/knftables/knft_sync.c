/*
 * knft_sync.c - the kube-proxy nftables benchmark: a full sync of S services x E
 * endpoints (upstream pkg/proxy/nftables/proxier.go's layout: base chains, service and endpoint
 * chains, the service-ips vmap) programmed through knft_run() versus `nft -f` of the same
 * transaction rendered by knft_tx_render(), then an incremental change of one service.
 *
 * Usage (root): knft_sync [SERVICES [ENDPOINTS]]  (default 10000 x 5).  Runs in a network
 * namespace of its own (unshare(CLONE_NEWNET)); prints one line per measurement.
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kube-proxy/nftables/knftables.h"
#include "libkcommon/strbuf.h"

#define TABLE "kube-proxy"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
base_chain(struct knft_tx *tx, const char *name, const char *type, const char *hook,
	   const char *prio)
{
	struct knft_chain c = { .name = name, .type = type, .hook = hook, .priority = prio };

	knft_tx_chain(tx, KNFT_ADD, &c);
	knft_tx_chain(tx, KNFT_FLUSH, &c);
}

static void
ensure_chain(struct knft_tx *tx, const char *name)
{
	knft_tx_add_chain(tx, name);
	knft_tx_flush_chain(tx, name);
}

/* setupNFTables(): the fixed part of every sync. */
static void
setup(struct knft_tx *tx)
{
	struct knft_set vmap = { .name = "service-ips",
				 .type = "ipv4_addr . inet_proto . inet_service",
				 .value_type = "verdict",
				 .comment = "ClusterIP, ExternalIP and LoadBalancer IP traffic" };
	struct knft_set np = { .name = "service-nodeports", .type = "inet_proto . inet_service",
			       .value_type = "verdict", .comment = "NodePort traffic" };
	struct knft_set noep = { .name = "no-endpoint-services",
				 .type = "ipv4_addr . inet_proto . inet_service",
				 .value_type = "verdict",
				 .comment = "vmap to drop or reject packets to services with no "
					    "endpoints" };

	struct knft_set noepnp = { .name = "no-endpoint-nodeports",
				   .type = "inet_proto . inet_service", .value_type = "verdict",
				   .comment = "vmap to drop or reject packets to service nodeports "
					      "with no endpoints" };

	knft_tx_table(tx, KNFT_ADD, "rules for kube-proxy");
	base_chain(tx, "filter-prerouting", "filter", "prerouting", "dstnat - 10");
	base_chain(tx, "filter-input", "filter", "input", "dstnat - 10");
	base_chain(tx, "filter-forward", "filter", "forward", "dstnat - 10");
	base_chain(tx, "filter-output", "filter", "output", "dstnat - 10");
	base_chain(tx, "nat-prerouting", "nat", "prerouting", "dstnat");
	base_chain(tx, "nat-output", "nat", "output", "dstnat");
	base_chain(tx, "nat-postrouting", "nat", "postrouting", "srcnat");
	ensure_chain(tx, "service-endpoints-check");
	knft_tx_add_rulef(tx, "filter-input", "ct state new jump service-endpoints-check");
	knft_tx_add_rulef(tx, "filter-forward", "ct state new jump service-endpoints-check");
	knft_tx_add_rulef(tx, "filter-output", "ct state new jump service-endpoints-check");
	ensure_chain(tx, "firewall-check");
	knft_tx_add_rulef(tx, "filter-prerouting", "ct state new jump firewall-check");
	knft_tx_add_rulef(tx, "filter-output", "ct state new jump firewall-check");
	ensure_chain(tx, "services");
	knft_tx_add_rulef(tx, "nat-output", "jump services");
	knft_tx_add_rulef(tx, "nat-prerouting", "jump services");
	ensure_chain(tx, "masquerading");
	knft_tx_add_rulef(tx, "nat-postrouting", "jump masquerading");
	ensure_chain(tx, "mark-for-masquerade");
	knft_tx_add_rulef(tx, "mark-for-masquerade", "mark set mark or 0x4000");
	knft_tx_add_rulef(tx, "masquerading", "mark and 0x4000 == 0 return");
	knft_tx_add_rulef(tx, "masquerading", "mark set mark xor 0x4000");
	knft_tx_add_rulef(tx, "masquerading", "masquerade fully-random");
	knft_tx_map(tx, KNFT_ADD, &noep);
	knft_tx_map(tx, KNFT_ADD, &np);
	knft_tx_map(tx, KNFT_ADD, &noepnp);
	knft_tx_add_chain(tx, "reject-chain");
	knft_tx_flush_chain(tx, "reject-chain");
	knft_tx_add_rulef(tx, "reject-chain", "reject");
	knft_tx_add_rulef(tx, "service-endpoints-check",
			  "ip daddr . meta l4proto . th dport vmap @no-endpoint-services");
	knft_tx_add_rulef(tx, "service-endpoints-check",
			  "fib daddr type local ip daddr != 127.0.0.0/8 meta l4proto . th dport "
			  "vmap @no-endpoint-nodeports");
	knft_tx_map(tx, KNFT_ADD, &vmap);
	knft_tx_add_rulef(tx, "services", "ip daddr . meta l4proto . th dport vmap @service-ips");
	knft_tx_add_rulef(tx, "services",
			  "fib daddr type local ip daddr != 127.0.0.0/8 meta l4proto . th dport "
			  "vmap @service-nodeports");
	knft_tx_map(tx, KNFT_FLUSH, &vmap);
	knft_tx_map(tx, KNFT_FLUSH, &np);
	knft_tx_map(tx, KNFT_FLUSH, &noep);
	knft_tx_map(tx, KNFT_FLUSH, &noepnp);
}

/* One service port with `eps` endpoints; gen shifts the endpoint addresses. */
static void
service(struct knft_tx *tx, int i, int eps, int gen)
{
	char svc[128], ep[8][160], key[64], val[160], vmap[2048];
	size_t off = 0;
	struct knft_element e = { .set = "service-ips", .key = key, .value = val };
	char cip[32];

	snprintf(cip, sizeof(cip), "172.30.%d.%d", i / 250, i % 250 + 1);
	snprintf(svc, sizeof(svc), "service-%08X-ns%d/svc%d/tcp/p80", (unsigned)i * 2654435761u,
		 i % 100, i);
	ensure_chain(tx, svc);
	for (int j = 0; j < eps && j < 8; j++) {
		char eip[32];

		snprintf(eip, sizeof(eip), "10.%d.%d.%d", 100 + gen + j, i / 250, i % 250 + 1);
		snprintf(ep[j], sizeof(ep[j]), "endpoint-%08X-ns%d/svc%d/tcp/p80__%s/8080",
			 (unsigned)(i * 31 + j), i % 100, i, eip);
		ensure_chain(tx, ep[j]);
		knft_tx_add_rulef(tx, ep[j], "ip saddr %s jump mark-for-masquerade", eip);
		knft_tx_add_rulef(tx, ep[j], "meta l4proto tcp dnat to %s:8080", eip);
		off += (size_t)snprintf(vmap + off, sizeof(vmap) - off, "%s%d : goto %s",
					j ? " , " : "", j, ep[j]);
	}
	knft_tx_add_rulef(tx, svc, "ip daddr %s tcp dport 80 ip saddr != 10.0.0.0/8 jump "
				   "mark-for-masquerade", cip);
	knft_tx_add_rulef(tx, svc, "numgen random mod %d vmap { %s }", eps, vmap);
	snprintf(key, sizeof(key), "%s . tcp . 80", cip);
	snprintf(val, sizeof(val), "goto %s", svc);
	knft_tx_element(tx, KNFT_ADD, &e);
}

static int
run_nft(const char *file)
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		execlp("nft", "nft", "-f", file, (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

static int
timed_run(struct knft *nft, struct knft_tx *tx, const char *what, double *ret)
{
	char err[1024];
	double t0 = now();
	int r = knft_run(nft, tx, err, sizeof(err));

	*ret = now() - t0;
	if (r < 0)
		fprintf(stderr, "%s: %s\n", what, err);
	return r;
}

static struct knft_tx *
full_sync(int services, int eps, int gen)
{
	struct knft_tx *tx = knft_tx_new(KNFT_IP, TABLE);

	setup(tx);
	for (int i = 0; i < services; i++)
		service(tx, i, eps, gen);
	return tx;
}

int
main(int argc, char **argv)
{
	int services = argc > 1 ? atoi(argv[1]) : 10000;
	int eps = argc > 2 ? atoi(argv[2]) : 5;
	char file[] = "/tmp/knft_sync.XXXXXX", err[512];
	struct kc_strbuf text = KC_STRBUF_INIT;
	struct knft_tx *tx, *inc;
	struct knft *nft;
	double t_build, t_ours, t_nft, t_ours2, t_nft2, t_inc, t0;
	FILE *f;
	int fd;

	if (unshare(CLONE_NEWNET) < 0) {
		fprintf(stderr, "unshare(CLONE_NEWNET): %s (run as root)\n", strerror(errno));
		return 77;
	}
	nft = knft_open(err, sizeof(err));
	if (!nft) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	t0 = now();
	tx = full_sync(services, eps, 0);
	t_build = now() - t0;
	knft_tx_render(tx, &text);
	fd = mkstemp(file);
	f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f || fwrite(text.buf, 1, text.len, f) != text.len || fclose(f) != 0) {
		perror("writing the rendered ruleset");
		return 1;
	}
	printf("ruleset: %d services x %d endpoints: %zu operations, %zu bytes of nft text "
	       "(building the transaction: %.1f ms)\n",
	       services, eps, knft_tx_len(tx), text.len, t_build * 1e3);

	/* first sync into an empty namespace: ours, then nft -f after deleting the table */
	if (timed_run(nft, tx, "netlink full sync", &t_ours) < 0)
		return 1;
	if (getenv("KNFT_BENCH_QUICK")) {
		/* only the incremental numbers: skip the (slow) nft -f comparisons */
		printf("initial full sync: netlink %.1f ms\n", t_ours * 1e3);
		goto incremental;
	}
	if (knft_delete_table(nft, KNFT_IP, TABLE, err, sizeof(err)) < 0)
		return fprintf(stderr, "%s\n", err), 1;
	t0 = now();
	if (run_nft(file) < 0)
		return fprintf(stderr, "nft -f %s failed\n", file), 1;
	t_nft = now() - t0;
	printf("initial full sync: netlink %.1f ms, nft -f %.1f ms (ratio %.2f)\n", t_ours * 1e3,
	       t_nft * 1e3, t_ours / t_nft);

	/* resync over the existing table (what a periodic full sync does) */
	t0 = now();
	if (run_nft(file) < 0)
		return fprintf(stderr, "nft -f %s (resync) failed\n", file), 1;
	t_nft2 = now() - t0;
	if (timed_run(nft, tx, "netlink resync", &t_ours2) < 0)
		return 1;
	printf("full resync over the existing table: netlink %.1f ms, nft -f %.1f ms (ratio "
	       "%.2f)\n",
	       t_ours2 * 1e3, t_nft2 * 1e3, t_ours2 / t_nft2);

incremental:
	/* incremental changes: one service's endpoints move (5 times, the median counts) */
	{
		double samples[5];
		int loops = getenv("KNFT_BENCH_INC_LOOPS") ? atoi(getenv("KNFT_BENCH_INC_LOOPS")) : 0;

		/* for profiling: repeat incremental changes before measuring */
		for (int k = 0; k < loops; k++) {
			inc = knft_tx_new(KNFT_IP, TABLE);
			service(inc, k % services, eps, 1 + k % 2);
			if (timed_run(nft, inc, "netlink incremental", &samples[0]) < 0)
				return 1;
			knft_tx_free(inc);
		}
		for (int k = 0; k < 5; k++) {
			inc = knft_tx_new(KNFT_IP, TABLE);
			service(inc, (services / 7 * (k + 1)) % services, eps, 1 + k % 2);
			if (timed_run(nft, inc, "netlink incremental", &samples[k]) < 0)
				return 1;
			if (k < 4)
				knft_tx_free(inc);
		}
		for (int a = 0; a < 5; a++)
			for (int b2 = a + 1; b2 < 5; b2++)
				if (samples[b2] < samples[a]) {
					double tmp = samples[a];

					samples[a] = samples[b2];
					samples[b2] = tmp;
				}
		t_inc = samples[2];
		printf("incremental change of one service (%zu operations): netlink median %.2f "
		       "ms (min %.2f, max %.2f)\n",
		       knft_tx_len(inc), t_inc * 1e3, samples[0] * 1e3, samples[4] * 1e3);
	}
	{
		/* the same change through nft -f: the kernel's share of it */
		struct kc_strbuf itext = KC_STRBUF_INIT;
		struct knft_tx *inc2 = knft_tx_new(KNFT_IP, TABLE);

		service(inc2, services / 2, eps, 2);
		knft_tx_render(inc2, &itext);
		f = fopen(file, "w");
		if (!f || fwrite(itext.buf, 1, itext.len, f) != itext.len || fclose(f) != 0)
			return perror("writing the incremental ruleset"), 1;
		t0 = now();
		if (run_nft(file) < 0)
			return fprintf(stderr, "nft -f %s (incremental) failed\n", file), 1;
		printf("the same kind of change through nft -f: %.2f ms\n", (now() - t0) * 1e3);
		kc_strbuf_release(&itext);
		knft_tx_free(inc2);
	}
	unlink(file);
	kc_strbuf_release(&text);
	knft_tx_free(inc);
	knft_tx_free(tx);
	knft_close(nft);
	return 0;
}
