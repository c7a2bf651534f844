/*
 * metrics.c - a small Prometheus registry and its text exposition format 0.0.4 (upstream:
 * prometheus/client_golang prometheus/{counter,gauge,histogram,registry}.go and
 * prometheus/common/expfmt/text_create.go, as wrapped by k8s.io/component-base/metrics).
 *
 * Values are doubles stored as their bit patterns in uint64_t so that updates are lock-free
 * atomics (add is a compare-and-swap loop, as client_golang's atomic float add).  Series live in
 * a per-family hash table keyed by their label values; they are never removed.
 */
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/metrics.h"
#include "libkcommon/strbuf.h"

#define MAX_LABELS 16

const double KC_METRICS_DEFAULT_BUCKETS[11] = { .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10 };

struct kc_metric_series {
	struct kc_metric_series *next; /* hash chain */
	struct kc_metric *family;
	uint64_t hash;
	uint64_t value;   /* double bits: counter/gauge value, histogram sum */
	uint64_t count;   /* histogram observations */
	uint64_t *counts; /* histogram: per bucket (not cumulative), nbuckets + 1 (+Inf) */
	char *values[];   /* label values, then their bytes in the same allocation */
};

struct kc_metric {
	struct kc_metric *next; /* registry list */
	enum kc_metric_type type;
	char *name;
	char *help;
	char **labels; /* NULL-terminated */
	size_t nlabels;
	double *buckets;
	size_t nbuckets;
	double (*fn)(void *); /* gauge func */
	void *fn_arg;
	pthread_mutex_t lock; /* the hash table; values are atomics */
	struct kc_metric_series **table;
	size_t table_size; /* power of two */
	size_t nseries;
};

struct kc_metrics_registry {
	pthread_mutex_t lock;
	struct kc_metric *metrics;
	size_t nmetrics;
};

/* --- atomic doubles ------------------------------------------------------------------- */

static double
bits_to_double(uint64_t b)
{
	double d;

	memcpy(&d, &b, sizeof(d));
	return d;
}

static uint64_t
double_to_bits(double d)
{
	uint64_t b;

	memcpy(&b, &d, sizeof(b));
	return b;
}

static void
atomic_add_double(uint64_t *p, double v)
{
	uint64_t old = __atomic_load_n(p, __ATOMIC_RELAXED), new;

	do {
		new = double_to_bits(bits_to_double(old) + v);
	} while (!__atomic_compare_exchange_n(p, &old, new, 1, __ATOMIC_RELAXED, __ATOMIC_RELAXED));
}

static double
atomic_load_double(const uint64_t *p)
{
	return bits_to_double(__atomic_load_n(p, __ATOMIC_RELAXED));
}

/* --- names ------------------------------------------------------------------------- */

static int
valid_name(const char *s, int colons)
{
	const char *p;

	if (s == NULL || s[0] == '\0' || (s[0] >= '0' && s[0] <= '9'))
		return 0;
	for (p = s; *p != '\0'; p++) {
		char c = *p;

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || (colons && c == ':')))
			return 0;
	}
	return 1;
}

static int
valid_labels(const char *const *labels, int histogram)
{
	size_t i, j;

	for (i = 0; labels != NULL && labels[i] != NULL; i++) {
		if (i >= MAX_LABELS || !valid_name(labels[i], 0) ||
		    strncmp(labels[i], "__", 2) == 0 || (histogram && strcmp(labels[i], "le") == 0))
			return 0;
		for (j = 0; j < i; j++)
			if (strcmp(labels[i], labels[j]) == 0)
				return 0;
	}
	return 1;
}

/* --- registry --------------------------------------------------------------------- */

struct kc_metrics_registry *
kc_metrics_registry_new(void)
{
	struct kc_metrics_registry *reg = calloc(1, sizeof(*reg));

	if (reg != NULL)
		pthread_mutex_init(&reg->lock, NULL);
	return reg;
}

static void
metric_free(struct kc_metric *m)
{
	size_t i;

	for (i = 0; i < m->table_size; i++) {
		struct kc_metric_series *s = m->table[i], *next;

		for (; s != NULL; s = next) {
			next = s->next;
			free(s->counts);
			free(s);
		}
	}
	for (i = 0; m->labels != NULL && m->labels[i] != NULL; i++)
		free(m->labels[i]);
	free(m->labels);
	free(m->table);
	free(m->buckets);
	free(m->name);
	free(m->help);
	pthread_mutex_destroy(&m->lock);
	free(m);
}

struct kc_metrics_registry *
kc_metrics_registry_free(struct kc_metrics_registry *reg)
{
	struct kc_metric *m, *next;

	if (reg == NULL)
		return NULL;
	for (m = reg->metrics; m != NULL; m = next) {
		next = m->next;
		metric_free(m);
	}
	pthread_mutex_destroy(&reg->lock);
	free(reg);
	return NULL;
}

static int
same_shape(const struct kc_metric *m, enum kc_metric_type type, const char *const *labels,
	   const double *buckets, size_t nbuckets)
{
	size_t i, n = 0;

	while (labels != NULL && labels[n] != NULL)
		n++;
	if (m->type != type || m->nlabels != n || m->fn != NULL)
		return 0;
	for (i = 0; i < n; i++)
		if (strcmp(m->labels[i], labels[i]) != 0)
			return 0;
	if (type == KC_METRIC_HISTOGRAM &&
	    (m->nbuckets != nbuckets || memcmp(m->buckets, buckets, nbuckets * sizeof(double))))
		return 0;
	return 1;
}

static struct kc_metric *
metric_alloc(enum kc_metric_type type, const char *name, const char *help,
	     const char *const *labels, const double *buckets, size_t nbuckets)
{
	struct kc_metric *m = calloc(1, sizeof(*m));
	size_t n = 0, i;

	if (m == NULL)
		return NULL;
	pthread_mutex_init(&m->lock, NULL);
	m->type = type;
	while (labels != NULL && labels[n] != NULL)
		n++;
	m->nlabels = n;
	m->name = strdup(name);
	m->help = strdup(help ? help : "");
	m->labels = calloc(n + 1, sizeof(char *));
	m->table_size = 16;
	m->table = calloc(m->table_size, sizeof(*m->table));
	if (m->name == NULL || m->help == NULL || m->labels == NULL || m->table == NULL)
		goto fail;
	for (i = 0; i < n; i++)
		if ((m->labels[i] = strdup(labels[i])) == NULL)
			goto fail;
	if (type == KC_METRIC_HISTOGRAM) {
		m->buckets = malloc((nbuckets ? nbuckets : 1) * sizeof(double));
		if (m->buckets == NULL)
			goto fail;
		if (nbuckets > 0)
			memcpy(m->buckets, buckets, nbuckets * sizeof(double));
		m->nbuckets = nbuckets;
	}
	return m;
fail:
	metric_free(m);
	return NULL;
}

static struct kc_metric *
registry_add(struct kc_metrics_registry *reg, enum kc_metric_type type, const char *name,
	     const char *help, const char *const *labels, const double *buckets, size_t nbuckets)
{
	struct kc_metric *m;

	if (reg == NULL || !valid_name(name, 1) ||
	    !valid_labels(labels, type == KC_METRIC_HISTOGRAM))
		return NULL;
	pthread_mutex_lock(&reg->lock);
	for (m = reg->metrics; m != NULL; m = m->next)
		if (strcmp(m->name, name) == 0)
			break;
	if (m != NULL) {
		if (!same_shape(m, type, labels, buckets, nbuckets))
			m = NULL;
		pthread_mutex_unlock(&reg->lock);
		return m;
	}
	m = metric_alloc(type, name, help, labels, buckets, nbuckets);
	if (m != NULL) {
		m->next = reg->metrics;
		reg->metrics = m;
		reg->nmetrics++;
	}
	pthread_mutex_unlock(&reg->lock);
	/* an unlabelled family always shows, at zero until used */
	if (m != NULL && m->nlabels == 0)
		kc_metric_withv(m, (const char *const[]){ NULL });
	return m;
}

struct kc_metric *
kc_metrics_counter(struct kc_metrics_registry *reg, const char *name, const char *help,
		   const char *const *labels)
{
	return registry_add(reg, KC_METRIC_COUNTER, name, help, labels, NULL, 0);
}

struct kc_metric *
kc_metrics_gauge(struct kc_metrics_registry *reg, const char *name, const char *help,
		 const char *const *labels)
{
	return registry_add(reg, KC_METRIC_GAUGE, name, help, labels, NULL, 0);
}

struct kc_metric *
kc_metrics_histogram(struct kc_metrics_registry *reg, const char *name, const char *help,
		     const char *const *labels, const double *buckets, size_t nbuckets)
{
	size_t i;

	if (buckets == NULL) {
		buckets = KC_METRICS_DEFAULT_BUCKETS;
		nbuckets = KC_ARRAY_SIZE(KC_METRICS_DEFAULT_BUCKETS);
	}
	for (i = 0; i < nbuckets; i++) {
		if (isnan(buckets[i]) || (i > 0 && !(buckets[i] > buckets[i - 1])))
			return NULL;
	}
	if (nbuckets > 0 && isinf(buckets[nbuckets - 1]) && buckets[nbuckets - 1] > 0)
		nbuckets--; /* +Inf is always there */
	return registry_add(reg, KC_METRIC_HISTOGRAM, name, help, labels, buckets, nbuckets);
}

struct kc_metric *
kc_metrics_gauge_func(struct kc_metrics_registry *reg, const char *name, const char *help,
		      double (*fn)(void *arg), void *arg)
{
	struct kc_metric *m;

	if (fn == NULL)
		return NULL;
	m = registry_add(reg, KC_METRIC_GAUGE, name, help, NULL, NULL, 0);
	if (m != NULL && m->fn == NULL) {
		pthread_mutex_lock(&m->lock);
		m->fn = fn;
		m->fn_arg = arg;
		pthread_mutex_unlock(&m->lock);
	}
	return m;
}

void
kc_metrics_exponential_buckets(double *out, double start, double factor, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++, start *= factor)
		out[i] = start;
}

void
kc_metrics_linear_buckets(double *out, double start, double width, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		out[i] = start + width * (double)i;
}

/* --- series ------------------------------------------------------------------------ */

static uint64_t
hash_values(const char *const *values, size_t n)
{
	uint64_t h = 14695981039346656037ULL; /* FNV-1a */
	size_t i;

	for (i = 0; i < n; i++) {
		const unsigned char *p = (const unsigned char *)values[i];

		for (; *p != '\0'; p++)
			h = (h ^ *p) * 1099511628211ULL;
		h = (h ^ 0xff) * 1099511628211ULL; /* separator: ("a","bc") != ("ab","c") */
	}
	return h;
}

static struct kc_metric_series *
series_new(struct kc_metric *m, const char *const *values, uint64_t hash)
{
	size_t bytes = sizeof(struct kc_metric_series) + m->nlabels * sizeof(char *), i;
	struct kc_metric_series *s;
	char *p;

	for (i = 0; i < m->nlabels; i++)
		bytes += strlen(values[i]) + 1;
	s = calloc(1, bytes);
	if (s == NULL)
		return NULL;
	s->family = m;
	s->hash = hash;
	p = (char *)&s->values[m->nlabels];
	for (i = 0; i < m->nlabels; i++) {
		size_t len = strlen(values[i]) + 1;

		s->values[i] = memcpy(p, values[i], len);
		p += len;
	}
	if (m->type == KC_METRIC_HISTOGRAM) {
		s->counts = calloc(m->nbuckets + 1, sizeof(uint64_t));
		if (s->counts == NULL) {
			free(s);
			return NULL;
		}
	}
	return s;
}

static void
table_grow(struct kc_metric *m)
{
	size_t size = m->table_size * 2, i;
	struct kc_metric_series **t = calloc(size, sizeof(*t));

	if (t == NULL)
		return; /* longer chains, still correct */
	for (i = 0; i < m->table_size; i++) {
		struct kc_metric_series *s = m->table[i], *next;

		for (; s != NULL; s = next) {
			next = s->next;
			s->next = t[s->hash & (size - 1)];
			t[s->hash & (size - 1)] = s;
		}
	}
	free(m->table);
	m->table = t;
	m->table_size = size;
}

static int
values_equal(const struct kc_metric_series *s, const char *const *values, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(s->values[i], values[i]) != 0)
			return 0;
	return 1;
}

struct kc_metric_series *
kc_metric_withv(struct kc_metric *m, const char *const *values)
{
	struct kc_metric_series *s;
	uint64_t h;
	size_t i;

	if (m == NULL)
		return NULL;
	for (i = 0; i < m->nlabels; i++)
		if (values[i] == NULL)
			return NULL;
	h = hash_values(values, m->nlabels);
	pthread_mutex_lock(&m->lock);
	for (s = m->table[h & (m->table_size - 1)]; s != NULL; s = s->next)
		if (s->hash == h && values_equal(s, values, m->nlabels))
			break;
	if (s == NULL && (s = series_new(m, values, h)) != NULL) {
		s->next = m->table[h & (m->table_size - 1)];
		m->table[h & (m->table_size - 1)] = s;
		if (++m->nseries > m->table_size * 2)
			table_grow(m);
	}
	pthread_mutex_unlock(&m->lock);
	return s;
}

struct kc_metric_series *
kc_metric_with(struct kc_metric *m, ...)
{
	const char *values[MAX_LABELS + 1];
	va_list ap;
	size_t i;

	if (m == NULL)
		return NULL;
	va_start(ap, m);
	for (i = 0; i < m->nlabels; i++)
		values[i] = va_arg(ap, const char *);
	va_end(ap);
	values[m->nlabels] = NULL;
	return kc_metric_withv(m, values);
}

void
kc_metric_add(struct kc_metric_series *s, double v)
{
	if (s == NULL || s->family->type == KC_METRIC_HISTOGRAM)
		return;
	if (s->family->type == KC_METRIC_COUNTER && !(v >= 0))
		return;
	atomic_add_double(&s->value, v);
}

void
kc_metric_inc(struct kc_metric_series *s)
{
	kc_metric_add(s, 1);
}

void
kc_metric_dec(struct kc_metric_series *s)
{
	if (s != NULL && s->family->type == KC_METRIC_GAUGE)
		atomic_add_double(&s->value, -1);
}

void
kc_metric_set(struct kc_metric_series *s, double v)
{
	if (s != NULL && s->family->type == KC_METRIC_GAUGE)
		__atomic_store_n(&s->value, double_to_bits(v), __ATOMIC_RELAXED);
}

void
kc_metric_observe(struct kc_metric_series *s, double v)
{
	const struct kc_metric *m;
	size_t lo = 0, hi;

	if (s == NULL || s->family->type != KC_METRIC_HISTOGRAM)
		return;
	m = s->family;
	hi = m->nbuckets;
	while (lo < hi) { /* first bucket whose upper bound is >= v */
		size_t mid = (lo + hi) / 2;

		if (v <= m->buckets[mid])
			hi = mid;
		else
			lo = mid + 1;
	}
	__atomic_add_fetch(&s->counts[lo], 1, __ATOMIC_RELAXED);
	atomic_add_double(&s->value, v);
	__atomic_add_fetch(&s->count, 1, __ATOMIC_RELAXED);
}

double
kc_metric_value(const struct kc_metric_series *s)
{
	if (s == NULL)
		return 0;
	if (s->family->fn != NULL)
		return s->family->fn(s->family->fn_arg);
	return atomic_load_double(&s->value);
}

unsigned long long
kc_metric_count(const struct kc_metric_series *s)
{
	return s != NULL ? __atomic_load_n(&s->count, __ATOMIC_RELAXED) : 0;
}

/* --- exposition -------------------------------------------------------------------- */

const char *
kc_metrics_format_float(double v, char *buf, size_t size)
{
	int p, exp;
	char *e;

	if (isnan(v))
		return snprintf(buf, size, "NaN"), buf;
	if (isinf(v))
		return snprintf(buf, size, v > 0 ? "+Inf" : "-Inf"), buf;
	if (v == 0)
		return snprintf(buf, size, signbit(v) ? "-0" : "0"), buf;
	/* shortest digits that round-trip, then Go's %e-or-%f choice for 'g' with precision -1 */
	for (p = 1; p <= 17; p++) {
		snprintf(buf, size, "%.*e", p - 1, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	e = strchr(buf, 'e');
	exp = e ? atoi(e + 1) : 0;
	if (exp < -4 || exp >= 6) /* Go: shortest 'g' decides with precision 6 */
		return buf;
	snprintf(buf, size, "%.*f", p - 1 - exp > 0 ? p - 1 - exp : 0, v);
	return buf;
}

static int
add_escaped(struct kc_strbuf *out, const char *s, int quote)
{
	int r = 0;

	for (; *s != '\0' && r == 0; s++) {
		if (*s == '\\')
			r = kc_strbuf_add(out, "\\\\", 2);
		else if (*s == '\n')
			r = kc_strbuf_add(out, "\\n", 2);
		else if (*s == '"' && quote)
			r = kc_strbuf_add(out, "\\\"", 2);
		else
			r = kc_strbuf_addch(out, *s);
	}
	return r;
}

/* name{l1="v1",...,extra="x"} value\n */
static int
write_sample(struct kc_strbuf *out, const struct kc_metric *m, const char *suffix,
	     const struct kc_metric_series *s, const char *extra_name, const char *extra_value,
	     double v)
{
	char num[40];
	size_t i;
	int r = kc_strbuf_addf(out, "%s%s", m->name, suffix);

	if (r == 0 && (m->nlabels > 0 || extra_name != NULL)) {
		r = kc_strbuf_addch(out, '{');
		for (i = 0; r == 0 && i < m->nlabels; i++) {
			r = kc_strbuf_addf(out, "%s%s=\"", i ? "," : "", m->labels[i]);
			if (r == 0)
				r = add_escaped(out, s->values[i], 1);
			if (r == 0)
				r = kc_strbuf_addch(out, '"');
		}
		if (r == 0 && extra_name != NULL)
			r = kc_strbuf_addf(out, "%s%s=\"%s\"", m->nlabels ? "," : "", extra_name,
					   extra_value);
		if (r == 0)
			r = kc_strbuf_addch(out, '}');
	}
	if (r == 0)
		r = kc_strbuf_addf(out, " %s\n", kc_metrics_format_float(v, num, sizeof(num)));
	return r;
}

static int
write_histogram(struct kc_strbuf *out, const struct kc_metric *m, const struct kc_metric_series *s)
{
	uint64_t cum = 0;
	char le[40];
	size_t i;
	int r = 0;

	for (i = 0; r == 0 && i <= m->nbuckets; i++) {
		cum += __atomic_load_n(&s->counts[i], __ATOMIC_RELAXED);
		if (i < m->nbuckets)
			kc_metrics_format_float(m->buckets[i], le, sizeof(le));
		else
			snprintf(le, sizeof(le), "+Inf");
		r = write_sample(out, m, "_bucket", s, "le", le, (double)cum);
	}
	if (r == 0)
		r = write_sample(out, m, "_sum", s, NULL, NULL, atomic_load_double(&s->value));
	if (r == 0)
		r = write_sample(out, m, "_count", s, NULL, NULL, (double)cum);
	return r;
}

static int
cmp_series(const void *a, const void *b)
{
	const struct kc_metric_series *x = *(struct kc_metric_series *const *)a;
	const struct kc_metric_series *y = *(struct kc_metric_series *const *)b;
	size_t i;

	for (i = 0; i < x->family->nlabels; i++) {
		int c = strcmp(x->values[i], y->values[i]);

		if (c != 0)
			return c;
	}
	return 0;
}

static int
cmp_metric(const void *a, const void *b)
{
	return strcmp((*(struct kc_metric *const *)a)->name, (*(struct kc_metric *const *)b)->name);
}

static const char *const type_names[] = {
	[KC_METRIC_COUNTER] = "counter",
	[KC_METRIC_GAUGE] = "gauge",
	[KC_METRIC_HISTOGRAM] = "histogram",
};

static int
write_family(struct kc_strbuf *out, struct kc_metric *m)
{
	struct kc_metric_series **all;
	size_t n = 0, i;
	int r = 0;

	pthread_mutex_lock(&m->lock);
	all = malloc((m->nseries ? m->nseries : 1) * sizeof(*all));
	if (all == NULL) {
		pthread_mutex_unlock(&m->lock);
		return KC_ERR_NOMEM;
	}
	for (i = 0; i < m->table_size; i++) {
		struct kc_metric_series *s;

		for (s = m->table[i]; s != NULL; s = s->next)
			all[n++] = s;
	}
	pthread_mutex_unlock(&m->lock); /* series are never freed before the registry */
	if (n > 0) {
		qsort(all, n, sizeof(*all), cmp_series);
		r = kc_strbuf_addf(out, "# HELP %s ", m->name);
		if (r == 0)
			r = add_escaped(out, m->help, 0);
		if (r == 0)
			r = kc_strbuf_addf(out, "\n# TYPE %s %s\n", m->name, type_names[m->type]);
	}
	for (i = 0; r == 0 && i < n; i++) {
		if (m->type == KC_METRIC_HISTOGRAM)
			r = write_histogram(out, m, all[i]);
		else
			r = write_sample(out, m, "", all[i], NULL, NULL, kc_metric_value(all[i]));
	}
	free(all);
	return r;
}

int
kc_metrics_write(struct kc_metrics_registry *reg, struct kc_strbuf *out)
{
	struct kc_metric **all, *m;
	size_t n = 0, i;
	int r = 0;

	pthread_mutex_lock(&reg->lock);
	all = malloc((reg->nmetrics ? reg->nmetrics : 1) * sizeof(*all));
	if (all == NULL) {
		pthread_mutex_unlock(&reg->lock);
		return KC_ERR_NOMEM;
	}
	for (m = reg->metrics; m != NULL; m = m->next)
		all[n++] = m;
	pthread_mutex_unlock(&reg->lock);
	qsort(all, n, sizeof(*all), cmp_metric);
	for (i = 0; r == 0 && i < n; i++)
		r = write_family(out, all[i]);
	free(all);
	return r;
}
