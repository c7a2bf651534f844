/*
 * printers.c - THE printer table (group/resource -> columns and row function), the default
 * NAME / CREATED AT table, and the helpers every row function shares (upstream:
 * pkg/printers/internalversion/printers.go AddHandlers() and its small helpers,
 * staging/src/k8s.io/apiserver/pkg/registry/rest/table.go, apimachinery util/duration).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libkcommon/errors.h"
#include "libkcommon/labels.h"
#include "libkcommon/meta.h"
#include "libkcommon/quantity.h"

#include "kube-apiserver/registry/printers.h"
#include "kube-apiserver/registry/printers_util.h"
#include "kube-apiserver/registry/registry.h"

#define NSEC_PER_SEC  1000000000LL
#define NSEC_PER_MIN  (60 * NSEC_PER_SEC)
#define NSEC_PER_HOUR (60 * NSEC_PER_MIN)

/* ---- the table ------------------------------------------------------------------------------ */

extern const struct printer printer_pods, printer_podtemplates, printer_nodes, printer_namespaces,
	printer_services, printer_endpoints, printer_configmaps, printer_secrets,
	printer_serviceaccounts, printer_events, printer_persistentvolumes,
	printer_persistentvolumeclaims, printer_resourcequotas, printer_replicationcontrollers;
extern const struct printer printer_deployments, printer_replicasets, printer_statefulsets,
	printer_daemonsets, printer_controllerrevisions, printer_jobs, printer_cronjobs,
	printer_poddisruptionbudgets;
extern const struct printer printer_events_k8s_io, printer_leases, printer_priorityclasses,
	printer_runtimeclasses, printer_endpointslices, printer_certificatesigningrequests,
	printer_rolebindings, printer_clusterrolebindings, printer_storageclasses, printer_csinodes,
	printer_csidrivers, printer_csistoragecapacities, printer_volumeattachments;

/* Resources absent here (limitranges, roles, clusterroles, ...) use printer_default, as
 * upstream's storage for them uses rest.NewDefaultTableConvertor. */
const struct printer *const printers[] = {
	/* core/v1 (printers_core.c) */
	&printer_configmaps,
	&printer_endpoints,
	&printer_events,
	&printer_namespaces,
	&printer_nodes,
	&printer_persistentvolumeclaims,
	&printer_persistentvolumes,
	&printer_pods,
	&printer_podtemplates,
	&printer_replicationcontrollers,
	&printer_resourcequotas,
	&printer_secrets,
	&printer_serviceaccounts,
	&printer_services,
	/* apps/v1, batch/v1, policy/v1 (printers_workloads.c) */
	&printer_controllerrevisions,
	&printer_daemonsets,
	&printer_deployments,
	&printer_replicasets,
	&printer_statefulsets,
	&printer_cronjobs,
	&printer_jobs,
	&printer_poddisruptionbudgets,
	/* the other groups (printers_cluster.c) */
	&printer_certificatesigningrequests,
	&printer_leases,
	&printer_endpointslices,
	&printer_events_k8s_io,
	&printer_runtimeclasses,
	&printer_clusterrolebindings,
	&printer_rolebindings,
	&printer_priorityclasses,
	&printer_csidrivers,
	&printer_csinodes,
	&printer_csistoragecapacities,
	&printer_storageclasses,
	&printer_volumeattachments,
	NULL,
};

const struct printer *
printers_lookup(const char *group, const char *resource)
{
	if (group == NULL || resource == NULL)
		return NULL;
	for (const struct printer *const *p = printers; *p != NULL; p++)
		if (strcmp((*p)->group, group) == 0 && strcmp((*p)->resource, resource) == 0)
			return *p;
	return NULL;
}

const struct printer *
printers_for(const struct api_resource *res)
{
	const struct printer *p = res != NULL ? printers_lookup(res->group, res->resource) : NULL;

	return p != NULL ? p : &printer_default;
}

/* ---- the default table ------------------------------------------------------------------------ */

static const struct printer_column default_columns[] = {
	PRINTER_COL_NAME,
	PRINTER_COL("Created At", "date", printers_desc_age),
};

/* m.GetCreationTimestamp().Time.UTC().Format(time.RFC3339); the zero time is year 1. */
static int
default_row(struct printer_row *row, const json_t *obj)
{
	int64_t t = printers_time(obj, "metadata.creationTimestamp");
	char buf[KC_META_TIME_BUFSZ];

	printer_row_add_str(row, printers_str0(obj, "metadata.name"));
	if (t == PRINTERS_TIME_ZERO)
		printer_row_add_str(row, "0001-01-01T00:00:00Z");
	else
		printer_row_add_str(row, kc_meta_time_format(t, buf, sizeof(buf)));
	return row->err;
}

const struct printer printer_default = {
	"", "", default_columns, KC_ARRAY_SIZE(default_columns), default_row,
};

int
printers_row(const struct printer *p, const json_t *obj, int64_t now_ns, json_t **ret_cells,
	     json_t **ret_conditions)
{
	struct printer_row row = { .now_ns = now_ns };
	int r;

	if (!json_is_object(obj))
		return KC_ERR_INVALID;
	row.cells = json_array();
	if (row.cells == NULL)
		return KC_ERR_NOMEM;
	r = p->row(&row, obj);
	if (r == 0 && row.err < 0)
		r = row.err;
	/* A row function that forgets a cell would shift every column after it. */
	if (r == 0 && json_array_size(row.cells) != p->n_columns)
		r = KC_ERR_INTERNAL;
	if (r < 0) {
		json_decref(row.cells);
		json_decref(row.conditions);
		return r;
	}
	*ret_cells = row.cells;
	*ret_conditions = row.conditions;
	return 0;
}

/* ---- HumanDuration --------------------------------------------------------------------------- */

const char *
printers_human_duration(int64_t d, char *buf, size_t size)
{
	/* int(d.Seconds()) and int(d / time.Minute) truncate toward zero, as C division does. */
	int64_t seconds = d / NSEC_PER_SEC, minutes, hours;

	if (seconds < -1) {
		snprintf(buf, size, "<invalid>");
		return buf;
	}
	if (seconds < 0) {
		snprintf(buf, size, "0s");
		return buf;
	}
	if (seconds < 60 * 2) {
		snprintf(buf, size, "%llds", (long long)seconds);
		return buf;
	}
	minutes = d / NSEC_PER_MIN;
	if (minutes < 10) {
		if (seconds % 60 == 0)
			snprintf(buf, size, "%lldm", (long long)minutes);
		else
			snprintf(buf, size, "%lldm%llds", (long long)minutes,
				 (long long)(seconds % 60));
		return buf;
	}
	if (minutes < 60 * 3) {
		snprintf(buf, size, "%lldm", (long long)minutes);
		return buf;
	}
	hours = d / NSEC_PER_HOUR;
	if (hours < 8) {
		if (minutes % 60 == 0)
			snprintf(buf, size, "%lldh", (long long)hours);
		else
			snprintf(buf, size, "%lldh%lldm", (long long)hours,
				 (long long)(minutes % 60));
	} else if (hours < 48) {
		snprintf(buf, size, "%lldh", (long long)hours);
	} else if (hours < 24 * 8) {
		if (hours % 24 == 0)
			snprintf(buf, size, "%lldd", (long long)(hours / 24));
		else
			snprintf(buf, size, "%lldd%lldh", (long long)(hours / 24),
				 (long long)(hours % 24));
	} else if (hours < 24 * 365 * 2) {
		snprintf(buf, size, "%lldd", (long long)(hours / 24));
	} else if (hours < 24 * 365 * 8) {
		if ((hours / 24) % 365 == 0)
			snprintf(buf, size, "%lldy", (long long)(hours / 24 / 365));
		else
			snprintf(buf, size, "%lldy%lldd", (long long)(hours / 24 / 365),
				 (long long)((hours / 24) % 365));
	} else {
		snprintf(buf, size, "%lldy", (long long)(hours / 24 / 365));
	}
	return buf;
}

/* ---- reading objects ---------------------------------------------------------------------- */

const json_t *
printers_get(const json_t *obj, const char *path)
{
	const json_t *v = obj;
	char key[64];

	while (v != NULL && *path != '\0') {
		size_t n = strcspn(path, ".");

		if (!json_is_object(v) || n >= sizeof(key))
			return NULL;
		memcpy(key, path, n);
		key[n] = '\0';
		v = json_object_get(v, key);
		path += n;
		if (*path == '.')
			path++;
	}
	return v;
}

const char *
printers_str(const json_t *obj, const char *path)
{
	return json_string_value(printers_get(obj, path));
}

const char *
printers_str0(const json_t *obj, const char *path)
{
	const char *s = printers_str(obj, path);

	return s != NULL ? s : "";
}

int64_t
printers_int(const json_t *obj, const char *path)
{
	return json_integer_value(printers_get(obj, path));
}

int
printers_bool(const json_t *obj, const char *path, int dflt)
{
	const json_t *v = printers_get(obj, path);

	return json_is_boolean(v) ? json_is_true(v) : dflt;
}

int
printers_has(const json_t *obj, const char *path)
{
	const json_t *v = printers_get(obj, path);

	return v != NULL && !json_is_null(v);
}

const json_t *
printers_array(const json_t *obj, const char *path)
{
	const json_t *v = printers_get(obj, path);

	return json_is_array(v) ? v : NULL;
}

size_t
printers_len(const json_t *obj, const char *path)
{
	return json_array_size(printers_get(obj, path));
}

size_t
printers_map_len(const json_t *obj, const char *path)
{
	return json_object_size(printers_get(obj, path));
}

int64_t
printers_time(const json_t *obj, const char *path)
{
	const char *s = printers_str(obj, path);
	int64_t ns;

	if (s == NULL || kc_meta_time_parse(s, &ns) < 0)
		return PRINTERS_TIME_ZERO;
	return ns;
}

const char *
printers_since(const struct printer_row *row, int64_t t, char *buf, size_t size)
{
	if (t == PRINTERS_TIME_ZERO) {
		snprintf(buf, size, "<unknown>");
		return buf;
	}
	return printers_human_duration(printers_time_sub(row->now_ns, t), buf, size);
}

int64_t
printers_time_sub(int64_t a, int64_t b)
{
	int64_t d;

	if (__builtin_sub_overflow(a, b, &d))
		return a > b ? INT64_MAX : INT64_MIN;
	return d;
}

const char *
printers_quantity(const json_t *q, char *buf, size_t size)
{
	char num[32];
	const char *s = json_string_value(q);

	if (json_is_integer(q)) {
		snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(q));
		s = num;
	}
	if (s == NULL || size < KC_QUANTITY_BUFSZ) {
		snprintf(buf, size, "0");
		return buf;
	}
	/* Stored quantities are already canonical; a text we cannot parse is shown as is. */
	if (strlen(s) >= size || kc_quantity_normalize(s, buf, size, NULL) < 0)
		snprintf(buf, size, "%s", s);
	return buf;
}

/* ---- text ----------------------------------------------------------------------------------- */

void
printers_text_release(struct printers_text *t)
{
	kc_strbuf_release(&t->sb);
}

void
printers_text_add(struct printers_text *t, const char *s)
{
	int r;

	if (t->err < 0 || s == NULL)
		return;
	r = kc_strbuf_adds(&t->sb, s);
	if (r < 0)
		t->err = r;
}

void
printers_text_addf(struct printers_text *t, const char *fmt, ...)
{
	va_list ap;
	int r;

	if (t->err < 0)
		return;
	va_start(ap, fmt);
	r = kc_strbuf_vaddf(&t->sb, fmt, ap);
	va_end(ap);
	if (r < 0)
		t->err = r;
}

void
printers_text_join(struct printers_text *t, const char *sep, const char *s)
{
	if (t->pieces++ > 0)
		printers_text_add(t, sep);
	printers_text_add(t, s);
}

/* ---- cells ------------------------------------------------------------------------------------ */

void
printer_row_add(struct printer_row *row, json_t *cell)
{
	if (row->err < 0) {
		json_decref(cell);
		return;
	}
	if (cell == NULL || json_array_append_new(row->cells, cell) < 0)
		row->err = KC_ERR_NOMEM;
}

void
printer_row_add_str(struct printer_row *row, const char *s)
{
	/* Text comes from parsed JSON (valid UTF-8), so NULL here means out of memory. */
	printer_row_add(row, json_string(s != NULL ? s : ""));
}

void
printer_row_add_strf(struct printer_row *row, const char *fmt, ...)
{
	struct printers_text t = PRINTERS_TEXT_INIT;
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = kc_strbuf_vaddf(&t.sb, fmt, ap);
	va_end(ap);
	if (r < 0)
		t.err = r;
	printer_row_add_text(row, &t);
}

void
printer_row_add_text(struct printer_row *row, struct printers_text *t)
{
	if (t->err < 0 && row->err == 0)
		row->err = t->err;
	else
		printer_row_add_str(row, t->sb.buf);
	printers_text_release(t);
}

void
printer_row_add_int(struct printer_row *row, int64_t v)
{
	printer_row_add(row, json_integer(v));
}

void
printer_row_add_bool(struct printer_row *row, int b)
{
	printer_row_add(row, json_boolean(b));
}

void
printer_row_add_age(struct printer_row *row, const json_t *obj, const char *path)
{
	char buf[PRINTERS_DURATION_BUFSZ];

	printer_row_add_str(row, printers_since(row, printers_time(obj, path), buf, sizeof(buf)));
}

void
printer_row_add_creation_age(struct printer_row *row, const json_t *obj)
{
	printer_row_add_age(row, obj, "metadata.creationTimestamp");
}

void
printer_row_add_containers(struct printer_row *row, const json_t *containers)
{
	struct printers_text names = PRINTERS_TEXT_INIT, images = PRINTERS_TEXT_INIT;
	size_t i, n = json_array_size(containers);

	for (i = 0; i < n; i++) {
		const json_t *c = json_array_get(containers, i);

		printers_text_add(&names, printers_str(c, "name"));
		printers_text_add(&images, printers_str(c, "image"));
		if (i != n - 1) {
			printers_text_add(&names, ",");
			printers_text_add(&images, ",");
		}
	}
	printer_row_add_text(row, &names);
	printer_row_add_text(row, &images);
}

void
printer_row_add_template_containers(struct printer_row *row, const json_t *obj)
{
	printer_row_add_containers(row, printers_array(obj, "spec.template.spec.containers"));
}

void
printer_row_add_replica_counts(struct printer_row *row, const json_t *obj)
{
	printer_row_add_int(row, printers_int(obj, "spec.replicas"));
	printer_row_add_int(row, printers_int(obj, "status.replicas"));
	printer_row_add_int(row, printers_int(obj, "status.readyReplicas"));
}

void
printer_row_add_ready_of_desired(struct printer_row *row, const json_t *obj)
{
	printer_row_add_strf(row, "%lld/%lld", (long long)printers_int(obj, "status.readyReplicas"),
			     (long long)printers_int(obj, "spec.replicas"));
}

int
printers_compare_strings(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void
printer_row_add_labels(struct printer_row *row, const json_t *set)
{
	struct printers_text t = PRINTERS_TEXT_INIT;
	size_t n = json_is_object(set) ? json_object_size(set) : 0, i = 0;
	KC_AUTOFREE const char **keys = NULL;
	const char *key;
	json_t *v;

	if (n == 0) {
		printer_row_add_str(row, "<none>");
		return;
	}
	keys = calloc(n, sizeof(*keys));
	if (keys == NULL) {
		printer_row_add(row, NULL);
		return;
	}
	json_object_foreach((json_t *)set, key, v)
		keys[i++] = key;
	qsort(keys, n, sizeof(*keys), printers_compare_strings);
	for (i = 0; i < n; i++) {
		printers_text_join(&t, ",", keys[i]);
		printers_text_add(&t, "=");
		printers_text_add(&t, json_string_value(json_object_get(set, keys[i])));
	}
	printer_row_add_text(row, &t);
}

/* LabelSelectorAsSelector(s).String(): *ret_text malloc()ed; KC_ERR_INVALID, KC_ERR_NOMEM. */
static int
selector_text(const json_t *selector, char **ret_text)
{
	struct kc_label_selector *sel = NULL;
	int r = kc_labels_from_label_selector(selector, &sel, NULL);

	if (r < 0)
		return r;
	*ret_text = kc_label_selector_string(sel);
	kc_label_selector_free(sel);
	return *ret_text != NULL ? 0 : KC_ERR_NOMEM;
}

void
printer_row_add_label_selector(struct printer_row *row, const json_t *selector)
{
	KC_AUTOFREE char *text = NULL;
	int r = selector_text(selector, &text);

	if (r == KC_ERR_NOMEM)
		printer_row_add(row, NULL);
	else if (r < 0)
		printer_row_add_str(row, "<error>");
	else
		printer_row_add_str(row, *text != '\0' ? text : "<none>");
}

void
printer_row_add_selector_string(struct printer_row *row, const json_t *selector)
{
	KC_AUTOFREE char *text = NULL;
	int r = selector_text(selector, &text);

	if (r == KC_ERR_NOMEM)
		printer_row_add(row, NULL);
	else
		printer_row_add_str(row, r < 0 ? "<invalid>" : text);
}

void
printer_row_set_condition(struct printer_row *row, const char *type, const char *status,
			  const char *reason, const char *message)
{
	json_t *c;

	if (row->err < 0)
		return;
	c = json_pack("[{s:s, s:s, s:s, s:s}]", "type", type, "status", status, "reason", reason,
		      "message", message);
	if (c == NULL) {
		row->err = KC_ERR_NOMEM;
		return;
	}
	json_decref(row->conditions);
	row->conditions = c;
}
