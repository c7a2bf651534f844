/*
 * printers.h - the server-side printers behind `kubectl get`: for each group/resource, the
 * meta.k8s.io/v1 Table column definitions and the function that turns one stored object into
 * the cells of its row (upstream: pkg/printers/internalversion/printers.go AddHandlers() and
 * the print* functions, pkg/printers/tablegenerator.go; resources without a printer get the
 * default NAME / CREATED AT table of staging/src/k8s.io/apiserver/pkg/registry/rest/table.go).
 *
 * The apiserver always prints "wide" (pkg/printers/storage: GenerateOptions{Wide: true}): every
 * row has one cell per column, priority-1 columns included; kubectl hides those without -o wide.
 *
 * Objects are the stored JSON of the served version (core/v1 Pod, apps/v1 Deployment, ...),
 * defaulted as create/update stored them.  Fields absent or of the wrong JSON type read as Go's
 * zero values, so a malformed object still gives a row (never a crash).  Events are printed
 * from either shape (core/v1 involvedObject/message/... or events.k8s.io/v1 regarding/note/...),
 * chosen by the object's apiVersion.
 *
 * Nothing here keeps state; all functions may be called from the loop thread at any time.
 */
#ifndef KUBE_APISERVER_REGISTRY_PRINTERS_H
#define KUBE_APISERVER_REGISTRY_PRINTERS_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

struct api_resource;

/* metav1.TableColumnDefinition. */
struct printer_column {
	const char *name;        /* "Name", "Ready", "Nominated Node" */
	const char *type;        /* "string", "integer", "boolean", "date" (OpenAPI types) */
	const char *format;      /* "name" for the column holding the object's name, else "" */
	const char *description; /* upstream's text (mostly the field's SwaggerDoc) */
	int priority;            /* 0 always shown, 1 only with -o wide */
};

/*
 * One row being built.  The row function appends exactly one cell per column to `cells` with
 * the printer_row_add_*() helpers (printers_util.h) and may set `conditions`
 * (metav1.TableRowCondition array, e.g. Completed for finished pods).  The helpers record the
 * first failure in `err` and do nothing after it, so a row function checks once at its end.
 */
struct printer_row {
	int64_t now_ns;     /* "now" for AGE and other durations, ns since the epoch */
	json_t *cells;      /* array, owned by the row */
	json_t *conditions; /* NULL, or an owned array */
	int err;            /* 0, or the first KC_ERR_* met */
};

/* Fills row from obj (borrowed); returns 0 or a negative KC_ERR_*. */
typedef int printer_row_fn(struct printer_row *row, const json_t *obj);

struct printer {
	const char *group;    /* "" for core */
	const char *resource; /* "pods" */
	const struct printer_column *columns;
	size_t n_columns;
	printer_row_fn *row;
};

/* Every printer, ending with NULL. */
extern const struct printer *const printers[];

/* The default table (rest.defaultTableConvertor): Name, Created At. */
extern const struct printer printer_default;

/* The printer registered for group/resource, or NULL when the resource has none. */
const struct printer *printers_lookup(const char *group, const char *resource);

/* The printer for res: its own, or &printer_default.  Never NULL. */
const struct printer *printers_for(const struct api_resource *res);

/*
 * The cells of obj's row as printer p prints them at now_ns: *ret_cells gets a new array
 * (p->n_columns cells), *ret_conditions a new array or NULL.  Returns 0; KC_ERR_INVALID when
 * obj is not a JSON object; KC_ERR_INTERNAL when obj cannot be printed (upstream fails the
 * whole request then: a ControllerRevision whose controller apiVersion does not parse);
 * KC_ERR_NOMEM.  Nothing is returned on failure.
 */
int printers_row(const struct printer *p, const json_t *obj, int64_t now_ns, json_t **ret_cells,
		 json_t **ret_conditions);

/*
 * duration.HumanDuration: "0s" for -1s < d < 1s, "<invalid>" below -1s, then "59s", "119s",
 * "2m", "2m3s", "10m", "179m", "3h", "3h5m", "8h", "47h", "2d", "2d3h", "8d", "729d", "2y",
 * "3y45d", "8y".  Writes into buf (>= PRINTERS_DURATION_BUFSZ) and returns it.
 */
#define PRINTERS_DURATION_BUFSZ 32
const char *printers_human_duration(int64_t ns, char *buf, size_t size);

#endif
