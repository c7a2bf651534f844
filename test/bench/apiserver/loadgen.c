/*
 * loadgen.c - the load generator of the kube-apiserver benchmark (issue #3; run by
 * test/bench/apiserver/run.sh).  Upstream measures the same things with
 * test/integration/apiserver/apiserver_test.go's benchmarks and etcd's tools/benchmark; this is
 * our own small C equivalent: one libevent loop, a fixed number of keep-alive HTTP/1.1 connections
 * over TLS (as client-go keeps them), responses parsed with http-parser.
 *
 *	loadgen create  --api HOST:PORT --ca FILE --ns NS --kind configmaps|pods --n N --conc C
 *	loadgen etcd    --etcd URL --ns NS --n N --conc C [--conns K]
 *	loadgen list    --api HOST:PORT --ca FILE --path PATH --n N --expect ITEMS
 *	loadgen watch   --api HOST:PORT --ca FILE --ns NS --watchers W --n N --conc C
 *
 * Each mode prints one machine-readable line, "RESULT <mode> key=value ...", that run.sh reads,
 * and exits 1 when a request failed (the first failures are printed on stderr).  A watch's
 * lag is 0 when every watcher had the last event before the last create's response arrived.  Latencies are
 * from the first byte of the request written to the last byte of the response parsed.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/event.h>
#include <http_parser.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "kube-apiserver/storage/etcd3.h"
#include "libkcommon/clock.h"
#include "libkcommon/strbuf.h"

#define MAX_ERRORS_SHOWN 5
/* The per-event lag of a watch is sampled on this many watchers (each parses every line). */
#define WATCH_LAG_SAMPLERS 8

struct opts {
	const char *api; /* host:port */
	const char *ca;
	const char *etcd;
	const char *ns;
	const char *kind;
	const char *path;
	long n;
	long conc;
	long conns;
	long watchers;
	long expect;
	long size;
	long timeout_s;
};

struct conn;
typedef void (*conn_done_fn)(struct conn *c);

/* One keep-alive HTTPS connection with at most one request in flight. */
struct conn {
	struct bench *b;
	struct bufferevent *bev;
	http_parser parser;
	int id;
	int status;            /* of the response being read */
	int64_t t_sent;        /* when the request went out */
	struct kc_strbuf body; /* response body, when keep_body */
	struct kc_strbuf req;  /* the request being sent */
	int keep_body;
	conn_done_fn done; /* a whole response was read */
	/* watch */
	long events;
	int watch; /* a watcher, not a writer */
	int sampler;
	int64_t t_all; /* when the watcher had every event */
};

struct bench {
	struct opts o;
	struct event_base *base;
	SSL_CTX *ctx;
	struct sockaddr_in addr;
	char host[64];
	struct conn *conns;
	size_t n_conns;
	long next; /* next object index to write */
	long done; /* writes / lists finished */
	long errors;
	int64_t *lat; /* per-request latency, ns */
	int64_t t0, t_last_ack;
	/* watch */
	long watchers_ready;
	long watchers_done;
	long watchers_lost;
	int64_t *ev_lag;
	size_t n_ev_lag, cap_ev_lag;
	int writing;
	/* list */
	long bytes;
	long items;
};

static struct http_parser_settings parser_settings;

static void __attribute__((noreturn, format(printf, 1, 2))) die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "loadgen: ");
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(2);
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* The q-th percentile (0..100) of v (sorted in place), in milliseconds. */
static double
percentile_ms(int64_t *v, size_t n, int q)
{
	size_t i;

	if (n == 0)
		return 0;
	qsort(v, n, sizeof(*v), cmp_i64);
	i = (n * (size_t)q) / 100;
	if (i >= n)
		i = n - 1;
	return (double)v[i] / 1e6;
}

static void
note_error(struct bench *b, const char *what, int status, const char *body)
{
	if (b->errors++ < MAX_ERRORS_SHOWN)
		fprintf(stderr, "loadgen: %s: HTTP %d: %.300s\n", what, status, body ? body : "");
}

/* --- object bodies --------------------------------------------------------------------------- */

/* A ConfigMap of about o.size bytes; data.t is the monotonic time it was sent (watch lag). */
static void
configmap_body(struct kc_strbuf *sb, const struct opts *o, long i, int stored_form)
{
	long pad = o->size - 230;
	long k;

	kc_strbuf_addf(sb,
		       "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{"
		       "\"name\":\"cm-%ld\",\"namespace\":\"%s\",\"labels\":{\"app\":\"bench\"}",
		       i, o->ns);
	if (stored_form)
		/* what the apiserver adds before it writes to etcd */
		kc_strbuf_addf(sb,
			       ",\"uid\":\"6f1c7a52-0000-4000-8000-%012ld\","
			       "\"creationTimestamp\":\"2026-01-01T00:00:00Z\"",
			       i);
	kc_strbuf_addf(sb, "},\"data\":{\"t\":\"%" PRId64 "\",\"payload\":\"", kc_clock_mono_ns());
	for (k = 0; k < pad; k++)
		kc_strbuf_addch(sb, (char)('a' + (i + k) % 26));
	kc_strbuf_adds(sb, "\"}}");
}

/* A pod as a Deployment's ReplicaSet would create it (before the apiserver's defaults). */
static void
pod_body(struct kc_strbuf *sb, const struct opts *o, long i)
{
	kc_strbuf_addf(
		sb,
		"{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"pod-%ld\","
		"\"namespace\":\"%s\",\"labels\":{\"app\":\"bench\",\"pod-template-hash\":"
		"\"5d8f9c7b6\",\"shard\":\"s%ld\"},\"annotations\":{\"bench/owner\":\"loadgen\"}},"
		"\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":"
		"\"registry.k8s.io/nginx-slim:0.27\",\"ports\":[{\"name\":\"http\","
		"\"containerPort\":80}],\"env\":[{\"name\":\"MODE\",\"value\":\"bench\"}],"
		"\"resources\":{\"requests\":{\"cpu\":\"10m\",\"memory\":\"16Mi\"},"
		"\"limits\":{\"memory\":\"64Mi\"}},\"readinessProbe\":{\"httpGet\":"
		"{\"path\":\"/healthz\",\"port\":80},\"periodSeconds\":10}}],"
		"\"terminationGracePeriodSeconds\":5}}",
		i, o->ns, i % 16);
}

/* --- connections ------------------------------------------------------------------------------ */

static int
on_headers_complete(http_parser *p)
{
	struct conn *c = p->data;

	c->status = (int)p->status_code;
	if (c->watch && c->status == 200)
		c->b->watchers_ready++;
	return 0;
}

static void
watch_line(struct conn *c, const char *line, size_t len)
{
	struct bench *b = c->b;
	const char *t = memmem(line, len, "\"t\":\"", 5);

	if (!t || !c->sampler)
		return;
	if (b->n_ev_lag == b->cap_ev_lag) {
		b->cap_ev_lag = b->cap_ev_lag ? 2 * b->cap_ev_lag : 65536;
		b->ev_lag = realloc(b->ev_lag, b->cap_ev_lag * sizeof(*b->ev_lag));
		if (!b->ev_lag)
			die("out of memory");
	}
	b->ev_lag[b->n_ev_lag++] = kc_clock_mono_ns() - strtoll(t + 5, NULL, 10);
}

/* A watch body: count events (one per line); samplers also read each event's send time. */
static void
watch_body(struct conn *c, const char *at, size_t len)
{
	const char *p = at, *end = at + len, *nl;

	while ((nl = memchr(p, '\n', (size_t)(end - p)))) {
		if (c->sampler) {
			kc_strbuf_add(&c->body, p, (size_t)(nl - p));
			watch_line(c, c->body.buf, c->body.len);
			kc_strbuf_reset(&c->body);
		}
		if (c->status == 200 && memmem(p, (size_t)(nl - p), "\"type\":\"ERROR\"", 14))
			note_error(c->b, "watch event", 200, p);
		c->events++;
		p = nl + 1;
		if (c->events == c->b->o.n) {
			c->t_all = kc_clock_mono_ns();
			if (++c->b->watchers_done == c->b->o.watchers && !c->b->writing)
				event_base_loopexit(c->b->base, NULL);
		}
	}
	if (c->sampler && p < end)
		kc_strbuf_add(&c->body, p, (size_t)(end - p));
}

static int
on_body(http_parser *p, const char *at, size_t len)
{
	struct conn *c = p->data;

	if (c->watch && c->status == 200) {
		watch_body(c, at, len);
		return 0;
	}
	c->b->bytes += (long)len;
	if (c->keep_body || c->status >= 300)
		kc_strbuf_add(&c->body, at, len);
	return 0;
}

static int
on_message_complete(http_parser *p)
{
	struct conn *c = p->data;

	c->done(c);
	return 0;
}

static void
conn_read(struct bufferevent *bev, void *arg)
{
	struct conn *c = arg;
	struct evbuffer *in = bufferevent_get_input(bev);
	struct evbuffer_iovec v[16];
	int i, n;
	size_t used, total = 0;

	while ((n = evbuffer_peek(in, -1, NULL, v, 16)) > 0) {
		total = 0;
		for (i = 0; i < n && i < 16; i++) {
			used = http_parser_execute(&c->parser, &parser_settings, v[i].iov_base,
						   v[i].iov_len);
			if (c->parser.http_errno != HPE_OK)
				die("connection %d: bad response: %s", c->id,
				    http_errno_description(HTTP_PARSER_ERRNO(&c->parser)));
			total += used;
		}
		evbuffer_drain(in, total);
		if (n <= 16)
			break;
	}
}

static void
conn_event(struct bufferevent *bev, short what, void *arg)
{
	struct conn *c = arg;
	unsigned long e;

	(void)bev;
	if (what & BEV_EVENT_CONNECTED)
		return;
	e = bufferevent_get_openssl_error(c->bev);
	if (c->watch) {
		c->b->watchers_lost++;
		fprintf(stderr, "loadgen: watcher %d ended after %ld events\n", c->id, c->events);
		bufferevent_disable(c->bev, EV_READ | EV_WRITE);
		return;
	}
	die("connection %d: %s%s%s", c->id,
	    (what & BEV_EVENT_EOF) ? "closed by the server" : "error", e ? ": " : "",
	    e ? ERR_error_string(e, NULL) : "");
}

static void
conn_open(struct bench *b, struct conn *c, int id)
{
	SSL *ssl = SSL_new(b->ctx);
	int one = 1;

	if (!ssl)
		die("SSL_new failed");
	SSL_set_tlsext_host_name(ssl, b->host);
	X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), b->host);
	c->b = b;
	c->id = id;
	kc_strbuf_init(&c->body);
	http_parser_init(&c->parser, HTTP_RESPONSE);
	c->parser.data = c;
	c->bev = bufferevent_openssl_socket_new(b->base, -1, ssl, BUFFEREVENT_SSL_CONNECTING,
						BEV_OPT_CLOSE_ON_FREE);
	if (!c->bev)
		die("bufferevent_openssl_socket_new failed");
	bufferevent_setcb(c->bev, conn_read, NULL, conn_event, c);
	bufferevent_enable(c->bev, EV_READ | EV_WRITE);
	if (bufferevent_socket_connect(c->bev, (struct sockaddr *)&b->addr, sizeof(b->addr)) < 0)
		die("connect %s: %s", b->o.api, strerror(errno));
	/* as Go's net.Dial: a request's header and body records must not wait for an ACK */
	setsockopt(bufferevent_getfd(c->bev), IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
}

/*
 * Sends one request.  Head and body go out in one buffer, so one TLS record, as Go's
 * net/http writes a small request through its bufio.Writer in one flush.
 */
static void
conn_request(struct conn *c, const char *method, const char *path, const struct kc_strbuf *body)
{
	struct kc_strbuf *req = &c->req;
	int r;

	c->status = 0;
	kc_strbuf_reset(&c->body);
	kc_strbuf_reset(req);
	c->t_sent = kc_clock_mono_ns();
	r = kc_strbuf_addf(req,
			   "%s %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: ckube-loadgen\r\n"
			   "Accept: application/json\r\n",
			   method, path, c->b->o.api);
	if (r >= 0 && body)
		r = kc_strbuf_addf(req,
				   "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n",
				   body->len);
	if (r >= 0)
		r = body ? kc_strbuf_add(req, body->buf, body->len) : kc_strbuf_adds(req, "\r\n");
	if (r < 0 || evbuffer_add(bufferevent_get_output(c->bev), req->buf, req->len) < 0)
		die("out of memory");
}

static void
bench_setup_api(struct bench *b)
{
	const char *colon = strrchr(b->o.api ? b->o.api : "", ':');

	if (!b->o.api || !colon || (size_t)(colon - b->o.api) >= sizeof(b->host))
		die("--api HOST:PORT is required");
	memcpy(b->host, b->o.api, (size_t)(colon - b->o.api));
	b->host[colon - b->o.api] = '\0';
	b->addr.sin_family = AF_INET;
	b->addr.sin_port = htons((uint16_t)atoi(colon + 1));
	if (inet_pton(AF_INET, b->host, &b->addr.sin_addr) != 1)
		die("--api: %s is not an IPv4 address", b->host);
	b->ctx = SSL_CTX_new(TLS_client_method());
	if (!b->ctx)
		die("SSL_CTX_new failed");
	/* client-go's (crypto/tls) first choice on CPUs with AES instructions */
	SSL_CTX_set_ciphersuites(b->ctx, "TLS_AES_128_GCM_SHA256");
	if (b->o.ca) {
		if (SSL_CTX_load_verify_locations(b->ctx, b->o.ca, NULL) != 1)
			die("cannot load CA %s", b->o.ca);
		SSL_CTX_set_verify(b->ctx, SSL_VERIFY_PEER, NULL);
	}
	parser_settings.on_headers_complete = on_headers_complete;
	parser_settings.on_body = on_body;
	parser_settings.on_message_complete = on_message_complete;
}

static void
bench_conns(struct bench *b, size_t n, conn_done_fn done)
{
	size_t i;

	b->conns = calloc(n, sizeof(*b->conns));
	if (!b->conns)
		die("out of memory");
	b->n_conns = n;
	for (i = 0; i < n; i++) {
		conn_open(b, &b->conns[i], (int)i);
		b->conns[i].done = done;
	}
}

static void
bench_free(struct bench *b)
{
	size_t i;

	for (i = 0; i < b->n_conns; i++) {
		bufferevent_free(b->conns[i].bev);
		kc_strbuf_release(&b->conns[i].body);
		kc_strbuf_release(&b->conns[i].req);
	}
	free(b->conns);
	free(b->lat);
	free(b->ev_lag);
	SSL_CTX_free(b->ctx);
	event_base_free(b->base);
}

/* --- create ------------------------------------------------------------------------------------ */

static void create_next(struct conn *c);

static void
create_done(struct conn *c)
{
	struct bench *b = c->b;
	int64_t now = kc_clock_mono_ns();

	b->lat[b->done++] = now - c->t_sent;
	b->t_last_ack = now;
	if (c->status != 201) {
		kc_strbuf_addch(&c->body, '\0');
		note_error(b, "create", c->status, c->body.buf);
	}
	if (b->done == b->o.n) {
		b->writing = 0;
		if (!b->o.watchers || b->watchers_done == b->o.watchers)
			event_base_loopexit(b->base, NULL);
		return;
	}
	create_next(c);
}

static void
create_next(struct conn *c)
{
	struct bench *b = c->b;
	struct kc_strbuf body, path;
	int pods = strcmp(b->o.kind, "pods") == 0;

	if (b->next >= b->o.n)
		return;
	kc_strbuf_init(&body);
	kc_strbuf_init(&path);
	if (pods)
		pod_body(&body, &b->o, b->next);
	else
		configmap_body(&body, &b->o, b->next, 0);
	b->next++;
	kc_strbuf_addf(&path, "/api/v1/namespaces/%s/%s", b->o.ns, pods ? "pods" : "configmaps");
	conn_request(c, "POST", path.buf, &body);
	kc_strbuf_release(&body);
	kc_strbuf_release(&path);
}

static void
print_write_result(struct bench *b, const char *mode)
{
	double secs = (double)(b->t_last_ack - b->t0) / 1e9;

	printf("RESULT %s n=%ld conc=%ld secs=%.3f rate=%.0f p50_ms=%.2f p99_ms=%.2f errors=%ld\n",
	       mode, b->done, b->o.conc, secs, (double)b->done / secs,
	       percentile_ms(b->lat, (size_t)b->done, 50),
	       percentile_ms(b->lat, (size_t)b->done, 99), b->errors);
}

static void
writers_start(struct bench *b, size_t first)
{
	size_t i;

	b->writing = 1;
	b->t0 = kc_clock_mono_ns();
	for (i = first; i < b->n_conns; i++)
		create_next(&b->conns[i]);
}

static int
run_create(struct bench *b)
{
	bench_setup_api(b);
	b->lat = calloc((size_t)b->o.n, sizeof(*b->lat));
	bench_conns(b, (size_t)b->o.conc, create_done);
	writers_start(b, 0);
	event_base_dispatch(b->base);
	print_write_result(b, "create");
	return b->errors ? 1 : 0;
}

/* --- etcd: the same writes straight to etcd -------------------------------------------------- */

struct etcd_client {
	struct bench *b;
	struct kc_etcd3 *etcd;
	int64_t t_sent;
};

static void etcd_next(struct etcd_client *ec);

static void
etcd_done(void *arg, int err, const struct kc_etcd3_result *res)
{
	struct etcd_client *ec = arg;
	struct bench *b = ec->b;
	int64_t now = kc_clock_mono_ns();

	b->lat[b->done++] = now - ec->t_sent;
	b->t_last_ack = now;
	if (err < 0)
		note_error(b, "etcd txn", err, res->message);
	if (b->done == b->o.n)
		event_base_loopexit(b->base, NULL);
	else
		etcd_next(ec);
}

static void
etcd_next(struct etcd_client *ec)
{
	struct bench *b = ec->b;
	struct kc_strbuf body, key;

	if (b->next >= b->o.n)
		return;
	kc_strbuf_init(&body);
	kc_strbuf_init(&key);
	configmap_body(&body, &b->o, b->next, 1);
	kc_strbuf_addf(&key, "/configmaps/%s/cm-%ld", b->o.ns, b->next);
	b->next++;
	ec->t_sent = kc_clock_mono_ns();
	if (!kc_etcd3_create(ec->etcd, key.buf, body.buf, body.len, 0, etcd_done, ec))
		die("kc_etcd3_create failed");
	kc_strbuf_release(&body);
	kc_strbuf_release(&key);
}

static int
run_etcd(struct bench *b)
{
	long conns = b->o.conns > 0 ? b->o.conns : 1, i;
	struct kc_etcd3 **etcd = calloc((size_t)conns, sizeof(*etcd));
	struct etcd_client *ec = calloc((size_t)b->o.conc, sizeof(*ec));
	struct kc_etcd3_options eo = { .servers = &b->o.etcd, .n_servers = 1 };
	char err[256];

	if (!b->o.etcd)
		die("--etcd URL is required");
	b->lat = calloc((size_t)b->o.n, sizeof(*b->lat));
	if (!etcd || !ec || !b->lat)
		die("out of memory");
	/* clientv3 multiplexes every call on one connection, as the apiserver does; --conns
	 * gives etcd more connections to spread the same clients over */
	for (i = 0; i < conns; i++)
		if (kc_etcd3_new(b->base, &eo, &etcd[i], err, sizeof(err)) < 0)
			die("etcd: %s", err);
	b->t0 = kc_clock_mono_ns();
	for (i = 0; i < b->o.conc; i++) {
		ec[i].b = b;
		ec[i].etcd = etcd[i % conns];
		etcd_next(&ec[i]);
	}
	event_base_dispatch(b->base);
	print_write_result(b, "etcd");
	for (i = 0; i < conns; i++)
		kc_etcd3_free(etcd[i]);
	event_base_loop(b->base, EVLOOP_NONBLOCK);
	free(etcd);
	free(ec);
	return b->errors ? 1 : 0;
}

/* --- list ------------------------------------------------------------------------------------- */

static long
count_items(const struct kc_strbuf *body)
{
	const char *p = body->buf, *end = body->buf + body->len;
	long n = 0;

	/* every item's metadata has one, and so does the list's */
	while ((p = memmem(p, (size_t)(end - p), "\"resourceVersion\":\"", 19))) {
		n++;
		p += 19;
	}
	return n - 1;
}

static void
list_done(struct conn *c)
{
	struct bench *b = c->b;

	b->lat[b->done++] = kc_clock_mono_ns() - c->t_sent;
	b->items = count_items(&c->body);
	if (c->status != 200 || (b->o.expect && b->items != b->o.expect)) {
		kc_strbuf_addch(&c->body, '\0');
		fprintf(stderr, "loadgen: list: %ld items, want %ld\n", b->items, b->o.expect);
		note_error(b, "list", c->status, c->body.buf);
	}
	if (b->done == b->o.n) {
		event_base_loopexit(b->base, NULL);
		return;
	}
	conn_request(c, "GET", b->o.path, NULL);
}

static int
run_list(struct bench *b)
{
	long n = b->o.n;

	if (!b->o.path)
		die("--path is required");
	bench_setup_api(b);
	b->lat = calloc((size_t)n, sizeof(*b->lat));
	bench_conns(b, 1, list_done);
	b->conns[0].keep_body = 1;
	conn_request(&b->conns[0], "GET", b->o.path, NULL);
	event_base_dispatch(b->base);
	printf("RESULT list n=%ld items=%ld bytes_each=%ld p50_ms=%.1f p99_ms=%.1f errors=%ld\n",
	       b->done, b->items, b->done ? b->bytes / b->done : 0,
	       percentile_ms(b->lat, (size_t)b->done, 50),
	       percentile_ms(b->lat, (size_t)b->done, 99), b->errors);
	return b->errors ? 1 : 0;
}

/* --- watch ------------------------------------------------------------------------------------ */

static void
watch_ended(struct conn *c)
{
	/* a watch response that completed is a watch the server closed */
	c->b->watchers_lost++;
	fprintf(stderr, "loadgen: watch %d: HTTP %d, ended after %ld events\n", c->id, c->status,
		c->events);
}

static void
watch_wait_ready(evutil_socket_t fd, short what, void *arg)
{
	struct bench *b = arg;
	static int64_t since;
	struct timeval tick = { 0, 20000 };

	(void)fd;
	(void)what;
	if (!since)
		since = kc_clock_mono_ns();
	if (b->watchers_ready < b->o.watchers) {
		if (kc_clock_mono_ns() - since > 30 * 1000000000LL)
			die("only %ld of %ld watches started", b->watchers_ready, b->o.watchers);
		event_base_once(b->base, -1, EV_TIMEOUT, watch_wait_ready, b, &tick);
		return;
	}
	fprintf(stderr, "loadgen: %ld watches open after %.1f s; writing %ld objects\n",
		b->watchers_ready, (double)(kc_clock_mono_ns() - since) / 1e9, b->o.n);
	writers_start(b, (size_t)b->o.watchers);
}

static void
watch_deadline(evutil_socket_t fd, short what, void *arg)
{
	struct bench *b = arg;

	(void)fd;
	(void)what;
	fprintf(stderr,
		"loadgen: timed out: %ld of %ld watchers got every event, %ld writes done\n",
		b->watchers_done, b->o.watchers, b->done);
	b->errors++;
	event_base_loopexit(b->base, NULL);
}

static int
run_watch(struct bench *b)
{
	struct timeval now = { 0, 0 }, deadline = { b->o.timeout_s, 0 };
	long w = b->o.watchers, i;
	int64_t last = 0, min_events = b->o.n;
	char path[512];

	bench_setup_api(b);
	b->lat = calloc((size_t)b->o.n, sizeof(*b->lat));
	b->cap_ev_lag = 1 << 16;
	b->ev_lag = malloc(b->cap_ev_lag * sizeof(*b->ev_lag));
	if (!b->lat || !b->ev_lag)
		die("out of memory");
	bench_conns(b, (size_t)(w + b->o.conc), create_done);
	snprintf(path, sizeof(path),
		 "/api/v1/namespaces/%s/configmaps?watch=1&resourceVersion=0"
		 "&timeoutSeconds=600",
		 b->o.ns);
	for (i = 0; i < w; i++) {
		b->conns[i].done = watch_ended;
		b->conns[i].watch = 1;
		b->conns[i].sampler = i < WATCH_LAG_SAMPLERS;
		conn_request(&b->conns[i], "GET", path, NULL);
	}
	event_base_once(b->base, -1, EV_TIMEOUT, watch_wait_ready, b, &now);
	event_base_once(b->base, -1, EV_TIMEOUT, watch_deadline, b, &deadline);
	event_base_dispatch(b->base);
	for (i = 0; i < w; i++) {
		if (b->conns[i].t_all > last)
			last = b->conns[i].t_all;
		if (b->conns[i].events < min_events)
			min_events = b->conns[i].events;
	}
	if (b->watchers_done < w)
		b->errors++;
	print_write_result(b, "watch-writes");
	printf("RESULT watch watchers=%ld events=%ld min_events=%" PRId64 " complete=%ld lost=%ld "
	       "lag_ms=%.1f ev_p50_ms=%.1f ev_p99_ms=%.1f errors=%ld\n",
	       w, b->o.n, min_events, b->watchers_done, b->watchers_lost,
	       b->watchers_done < w   ? -1.0
	       : last > b->t_last_ack ? (double)(last - b->t_last_ack) / 1e6
				      : 0.0,
	       percentile_ms(b->ev_lag, b->n_ev_lag, 50), percentile_ms(b->ev_lag, b->n_ev_lag, 99),
	       b->errors);
	return b->errors || b->watchers_lost ? 1 : 0;
}

/* --- main ------------------------------------------------------------------------------------- */

static void
usage(void)
{
	fprintf(stderr,
		"usage: loadgen create|etcd|list|watch [--api HOST:PORT] [--ca FILE] "
		"[--etcd URL] [--ns NS] [--kind configmaps|pods] [--path PATH] [--n N] [--conc C] "
		"[--conns K] [--watchers W] [--expect ITEMS] [--size BYTES] [--timeout SECONDS]\n");
	exit(2);
}

static void
parse_args(struct opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "api", required_argument, NULL, 'a' },
		{ "ca", required_argument, NULL, 'c' },
		{ "etcd", required_argument, NULL, 'e' },
		{ "ns", required_argument, NULL, 's' },
		{ "kind", required_argument, NULL, 'k' },
		{ "path", required_argument, NULL, 'p' },
		{ "n", required_argument, NULL, 'n' },
		{ "conc", required_argument, NULL, 'C' },
		{ "conns", required_argument, NULL, 'K' },
		{ "watchers", required_argument, NULL, 'w' },
		{ "expect", required_argument, NULL, 'x' },
		{ "size", required_argument, NULL, 'z' },
		{ "timeout", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	*o = (struct opts){ .ns = "default",
			    .kind = "configmaps",
			    .n = 10000,
			    .conc = 32,
			    .conns = 1,
			    .size = 1024,
			    .timeout_s = 120 };
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 'a':
			o->api = optarg;
			break;
		case 'c':
			o->ca = optarg;
			break;
		case 'e':
			o->etcd = optarg;
			break;
		case 's':
			o->ns = optarg;
			break;
		case 'k':
			o->kind = optarg;
			break;
		case 'p':
			o->path = optarg;
			break;
		case 'n':
			o->n = atol(optarg);
			break;
		case 'C':
			o->conc = atol(optarg);
			break;
		case 'K':
			o->conns = atol(optarg);
			break;
		case 'w':
			o->watchers = atol(optarg);
			break;
		case 'x':
			o->expect = atol(optarg);
			break;
		case 'z':
			o->size = atol(optarg);
			break;
		case 't':
			o->timeout_s = atol(optarg);
			break;
		default:
			usage();
		}
	}
	if (o->n <= 0 || o->conc <= 0 || o->size < 256)
		die("--n and --conc must be positive, --size at least 256");
}

int
main(int argc, char **argv)
{
	struct bench b;
	const char *mode = argc > 1 ? argv[1] : "";
	int rc;

	memset(&b, 0, sizeof(b));
	parse_args(&b.o, argc - 1, argv + 1);
	b.base = event_base_new();
	if (!b.base)
		die("event_base_new failed");
	if (strcmp(mode, "create") == 0)
		rc = run_create(&b);
	else if (strcmp(mode, "etcd") == 0)
		rc = run_etcd(&b);
	else if (strcmp(mode, "list") == 0)
		rc = run_list(&b);
	else if (strcmp(mode, "watch") == 0 && b.o.watchers > 0)
		rc = run_watch(&b);
	else
		usage();
	fflush(stdout);
	bench_free(&b);
	return rc;
}
