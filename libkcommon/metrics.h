/*
 * metrics.h - counters, gauges and histograms with label sets, exposed in the Prometheus text
 * format 0.0.4 (upstream: k8s.io/component-base/metrics over prometheus/client_golang,
 * prometheus/common/expfmt text_create.go).
 *
 * A registry holds metric families; a family holds one series per label-value set, created on
 * first use and kept for the life of the registry.  Keep the series pointer when the labels are
 * fixed: updating it is a few atomic instructions, no lock, no allocation.  kc_metric_with()
 * finds (or, the first time, creates) a series by hashing its values under the family's lock,
 * without allocating after the first use.  Everything here is thread-safe.
 *
 * Output follows client_golang: families sorted by name, series by label values, numbers as Go's
 * strconv.FormatFloat(v, 'g', -1, 64) ("1", "0.005", "1.5e+06", "+Inf", "NaN"), label values
 * escaped (\\ \" \n), a family with labels and no series omitted.  Stability levels are part of
 * the help text, as component-base prints them ("[ALPHA] Number of ...").
 */
#ifndef KC_METRICS_H
#define KC_METRICS_H

#include <stddef.h>

struct kc_strbuf;
struct kc_metrics_registry;
struct kc_metric;        /* a family: name, help, type, label names */
struct kc_metric_series; /* one label-value set of a family */

enum kc_metric_type {
	KC_METRIC_COUNTER,
	KC_METRIC_GAUGE,
	KC_METRIC_HISTOGRAM,
};

struct kc_metrics_registry *kc_metrics_registry_new(void);
/* Frees the registry with its metrics; NULL-safe, returns NULL. */
struct kc_metrics_registry *kc_metrics_registry_free(struct kc_metrics_registry *reg);

/*
 * Registers a family.  `labels` is a NULL-terminated list of label names (NULL for none).
 * Registering an existing name again returns the existing family when type and labels agree,
 * NULL otherwise; NULL also for invalid names (metric: [a-zA-Z_:][a-zA-Z0-9_:]*, label:
 * [a-zA-Z_][a-zA-Z0-9_]* not starting "__"; "le" is refused on histograms) or out of memory.
 * The registry owns the family.
 */
struct kc_metric *kc_metrics_counter(struct kc_metrics_registry *reg, const char *name,
				     const char *help, const char *const *labels);
struct kc_metric *kc_metrics_gauge(struct kc_metrics_registry *reg, const char *name,
				   const char *help, const char *const *labels);
/* `buckets`: strictly increasing upper bounds (+Inf is implied); NULL selects
 * KC_METRICS_DEFAULT_BUCKETS. */
struct kc_metric *kc_metrics_histogram(struct kc_metrics_registry *reg, const char *name,
				       const char *help, const char *const *labels,
				       const double *buckets, size_t nbuckets);
/* A gauge read at exposition time (e.g. open watches); unlabelled. */
struct kc_metric *kc_metrics_gauge_func(struct kc_metrics_registry *reg, const char *name,
					const char *help, double (*fn)(void *arg), void *arg);

/* prometheus.DefBuckets: .005 .01 .025 .05 .1 .25 .5 1 2.5 5 10 */
extern const double KC_METRICS_DEFAULT_BUCKETS[11];

/* Fills out[0..count) with start, start*factor, ... (prometheus.ExponentialBuckets). */
void kc_metrics_exponential_buckets(double *out, double start, double factor, size_t count);
/* start, start+width, ... (prometheus.LinearBuckets). */
void kc_metrics_linear_buckets(double *out, double start, double width, size_t count);

/*
 * The series for label values given in the order of the family's label names (exactly as many
 * as names; none for an unlabelled family).  Borrowed, valid as long as the registry.  NULL when
 * m is NULL, the count is wrong (withv: a NULL value) or out of memory; the update functions
 * accept NULL and do nothing, so a failed lookup never crashes a hot path.
 */
struct kc_metric_series *kc_metric_with(struct kc_metric *m, ...);
struct kc_metric_series *kc_metric_withv(struct kc_metric *m, const char *const *values);

/* Counters: +1 / +v (v < 0 is ignored: counters only go up). */
void kc_metric_inc(struct kc_metric_series *s);
void kc_metric_add(struct kc_metric_series *s, double v);
/* Gauges: set, and add (either sign); kc_metric_inc works too. */
void kc_metric_set(struct kc_metric_series *s, double v);
void kc_metric_dec(struct kc_metric_series *s);
/* Histograms. */
void kc_metric_observe(struct kc_metric_series *s, double v);

/* The current value of a counter or gauge series, the sum of a histogram's (for tests). */
double kc_metric_value(const struct kc_metric_series *s);
/* A histogram series' observation count. */
unsigned long long kc_metric_count(const struct kc_metric_series *s);

/* Appends the text exposition of every family to out.  0 or KC_ERR_NOMEM. */
int kc_metrics_write(struct kc_metrics_registry *reg, struct kc_strbuf *out);

/* The exposition's Content-Type. */
#define KC_METRICS_CONTENT_TYPE "text/plain; version=0.0.4; charset=utf-8"

/* Formats v as Go's strconv.FormatFloat(v, 'g', -1, 64) (with "+Inf"); buf >= 32 bytes. */
const char *kc_metrics_format_float(double v, char *buf, size_t size);

#endif
