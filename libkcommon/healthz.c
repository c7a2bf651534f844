/*
 * healthz.c - named health checks served as upstream's healthz package does (upstream:
 * staging/src/k8s.io/apiserver/pkg/server/healthz/healthz.go handleRootHealth,
 * adaptCheckToHandler, getExcludedChecks), and the /metrics handler.
 */
#include <stdlib.h>
#include <string.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/healthz.h"
#include "libkcommon/log.h"
#include "libkcommon/metrics.h"
#include "libkcommon/strbuf.h"
#include "libkcommon/strv.h"

#define TEXT_PLAIN "text/plain; charset=utf-8"

struct check {
	char *name;
	kc_healthz_check_fn fn;
	void *arg;
};

struct kc_healthz {
	char *path; /* "/healthz" */
	char *name; /* "healthz": the first path segment, as upstream names it */
	char *subtree;
	struct check *checks;
	size_t nchecks;
	void (*first_healthy)(void *);
	void *first_healthy_arg;
};

int
kc_healthz_ping(void *arg, struct kc_strbuf *reason)
{
	return 0;
}

struct kc_healthz *
kc_healthz_new(const char *path)
{
	struct kc_healthz *h = calloc(1, sizeof(*h));
	const char *seg;

	if (h == NULL)
		return NULL;
	seg = path[0] == '/' ? path + 1 : path;
	h->path = strdup(path);
	h->name = strndup(seg, strcspn(seg, "/"));
	if (h->path == NULL || h->name == NULL || asprintf(&h->subtree, "%s/", path) < 0) {
		h->subtree = NULL;
		return kc_healthz_free(h);
	}
	return h;
}

struct kc_healthz *
kc_healthz_free(struct kc_healthz *h)
{
	size_t i;

	if (h == NULL)
		return NULL;
	for (i = 0; i < h->nchecks; i++)
		free(h->checks[i].name);
	free(h->checks);
	free(h->path);
	free(h->name);
	free(h->subtree);
	free(h);
	return NULL;
}

static struct check *
find_check(struct kc_healthz *h, const char *name)
{
	size_t i;

	for (i = 0; i < h->nchecks; i++)
		if (strcmp(h->checks[i].name, name) == 0)
			return &h->checks[i];
	return NULL;
}

int
kc_healthz_add(struct kc_healthz *h, const char *name, kc_healthz_check_fn fn, void *arg)
{
	struct check *n;

	if (name == NULL || name[0] == '\0' || fn == NULL)
		return KC_ERR_INVALID;
	if (find_check(h, name) != NULL)
		return KC_ERR_ALREADY_EXISTS;
	n = realloc(h->checks, (h->nchecks + 1) * sizeof(*n));
	if (n == NULL)
		return KC_ERR_NOMEM;
	h->checks = n;
	n[h->nchecks].name = strdup(name);
	if (n[h->nchecks].name == NULL)
		return KC_ERR_NOMEM;
	n[h->nchecks].fn = fn;
	n[h->nchecks].arg = arg;
	h->nchecks++;
	return 0;
}

void
kc_healthz_on_first_healthy(struct kc_healthz *h, void (*fn)(void *arg), void *arg)
{
	h->first_healthy = fn;
	h->first_healthy_arg = arg;
}

/* The checks in force: the registered ones, or upstream's lone "ping". */
static const struct check *
checks_in_force(struct kc_healthz *h, size_t *n)
{
	static char ping_name[] = "ping";
	static const struct check ping = { ping_name, kc_healthz_ping, NULL };

	if (h->nchecks == 0) {
		*n = 1;
		return &ping;
	}
	*n = h->nchecks;
	return h->checks;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every ?exclude= value (repeatable), de-duplicated and sorted, as a sets.String. */
static int
excluded_checks(const struct kc_http_request *req, struct kc_strv *out)
{
	const char *name, *value;
	size_t i;
	int r;

	for (i = 0; kc_http_query_nth(req, i, &name, &value) == 0; i++) {
		if (strcmp(name, "exclude") != 0 || kc_strv_contains(out, value))
			continue;
		r = kc_strv_push(out, value);
		if (r < 0)
			return r;
	}
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(char *), cmp_str);
	return 0;
}

static void
reply_text(struct kc_http_request *req, int status, const struct kc_strbuf *body)
{
	kc_http_reply_header_add(req, "X-Content-Type-Options", "nosniff");
	kc_http_reply(req, status, TEXT_PLAIN, body->buf, body->len);
}

/* handleRootHealth */
static void
serve_root(struct kc_http_request *req, struct kc_healthz *h)
{
	struct kc_strbuf out = KC_STRBUF_INIT, why = KC_STRBUF_INIT, logbuf = KC_STRBUF_INIT;
	struct kc_strv excluded = KC_STRV_INIT;
	char *used;
	const struct check *checks;
	size_t n, i, failed = 0;

	checks = checks_in_force(h, &n);
	excluded_checks(req, &excluded);
	used = calloc(excluded.n + 1, 1);
	for (i = 0; i < n; i++) {
		size_t j;

		for (j = 0; j < excluded.n && strcmp(excluded.v[j], checks[i].name) != 0; j++)
			;
		if (j < excluded.n) {
			if (used != NULL)
				used[j] = 1;
			kc_strbuf_addf(&out, "[+]%s excluded: ok\n", checks[i].name);
			continue;
		}
		kc_strbuf_reset(&why);
		if (checks[i].fn(checks[i].arg, &why) < 0) {
			kc_strbuf_addf(&out, "[-]%s failed: reason withheld\n", checks[i].name);
			kc_strbuf_addf(&logbuf, "[-]%s failed: %s\n", checks[i].name,
				       why.len ? why.buf : "unknown");
			failed++;
		} else {
			kc_strbuf_addf(&out, "[+]%s ok\n", checks[i].name);
		}
	}
	kc_strbuf_reset(&why);
	for (i = 0; used != NULL && i < excluded.n; i++)
		if (!used[i])
			kc_strbuf_addf(&why, "%s\"%s\"", why.len ? "," : "", excluded.v[i]);
	if (why.len > 0)
		kc_strbuf_addf(&out,
			       "warn: some health checks cannot be excluded: no matches for %s\n",
			       why.buf);
	if (failed > 0) {
		kc_v(2, "%s check failed\n%s", h->name, logbuf.buf);
		kc_strbuf_addf(&out, "%s check failed\n", h->name); /* http.Error adds the \n */
		reply_text(req, 500, &out);
	} else {
		if (h->first_healthy != NULL) {
			void (*fn)(void *) = h->first_healthy;

			h->first_healthy = NULL;
			fn(h->first_healthy_arg);
		}
		if (!kc_http_query_has(req, "verbose")) {
			kc_strbuf_reset(&out);
			kc_strbuf_adds(&out, "ok");
		} else {
			kc_strbuf_addf(&out, "%s check passed\n", h->name);
		}
		reply_text(req, 200, &out);
	}
	free(used);
	kc_strv_release(&excluded);
	kc_strbuf_release(&out);
	kc_strbuf_release(&why);
	kc_strbuf_release(&logbuf);
}

/* adaptCheckToHandler */
static void
serve_one(struct kc_http_request *req, const struct check *c)
{
	struct kc_strbuf why = KC_STRBUF_INIT, out = KC_STRBUF_INIT;

	if (c->fn(c->arg, &why) < 0) {
		kc_strbuf_addf(&out, "internal server error: %s\n", why.len ? why.buf : "unknown");
		reply_text(req, 500, &out);
	} else {
		kc_http_reply(req, 200, TEXT_PLAIN, "ok", 2);
	}
	kc_strbuf_release(&why);
	kc_strbuf_release(&out);
}

void
kc_healthz_handler(struct kc_http_request *req, void *arg)
{
	struct kc_healthz *h = arg;
	const struct check *checks;
	size_t n, i, plen = strlen(h->path);

	if (strcmp(req->path, h->path) == 0) {
		serve_root(req, h);
		return;
	}
	if (strncmp(req->path, h->subtree, plen + 1) == 0) {
		checks = checks_in_force(h, &n);
		for (i = 0; i < n; i++) {
			if (strcmp(req->path + plen + 1, checks[i].name) == 0) {
				serve_one(req, &checks[i]);
				return;
			}
		}
	}
	kc_http_reply_error(req, 404, "the server could not find the requested resource");
}

void
kc_healthz_routes(struct kc_healthz *h, struct kc_http_route out[2])
{
	out[0] = (struct kc_http_route){ h->path, kc_healthz_handler, h };
	out[1] = (struct kc_http_route){ h->subtree, kc_healthz_handler, h };
}

void
kc_metrics_handler(struct kc_http_request *req, void *registry)
{
	struct kc_strbuf out = KC_STRBUF_INIT;

	if (kc_metrics_write(registry, &out) < 0) {
		kc_strbuf_release(&out);
		kc_http_reply_error(req, 500, "metrics: out of memory");
		return;
	}
	kc_http_reply(req, 200, KC_METRICS_CONTENT_TYPE, out.buf, out.len);
	kc_strbuf_release(&out);
}
