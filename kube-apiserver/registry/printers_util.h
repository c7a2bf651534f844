/*
 * printers_util.h - what the printers_<group>.c row functions share: JSON getters with Go's
 * zero-value semantics, the printer_row_add_*() cell appenders, a sticky-error text builder,
 * upstream's formatting helpers (labels.FormatLabels, metav1.FormatLabelSelector,
 * layoutContainerCells, translateTimestampSince, Quantity.String) and the column descriptions
 * (upstream: pkg/printers/internalversion/printers.go, the SwaggerDoc() texts of k8s.io/api
 * v0.32 and apimachinery meta/v1).
 *
 * Private to kube-apiserver/registry/printers*.c.
 */
#ifndef KUBE_APISERVER_REGISTRY_PRINTERS_UTIL_H
#define KUBE_APISERVER_REGISTRY_PRINTERS_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/strbuf.h"

#include "kube-apiserver/registry/printers.h"

/* ---- reading objects --------------------------------------------------------------------- */

/*
 * The value at a dotted path of object keys ("status.podIPs"), borrowed; NULL when a step is
 * absent or not an object.  Keys with dots (labels, annotations) go through json_object_get.
 */
const json_t *printers_get(const json_t *obj, const char *path);
/* The string at path, or NULL (absent, null or not a string). */
const char *printers_str(const json_t *obj, const char *path);
/* The string at path, or "" (Go's zero string). */
const char *printers_str0(const json_t *obj, const char *path);
/* The integer at path, or 0. */
int64_t printers_int(const json_t *obj, const char *path);
/* The boolean at path, or dflt when absent or not a boolean. */
int printers_bool(const json_t *obj, const char *path, int dflt);
/* A Go pointer or slice field is set: present and not null. */
int printers_has(const json_t *obj, const char *path);
/* The array at path, or NULL. */
const json_t *printers_array(const json_t *obj, const char *path);
/* len() of the Go slice at path: the array's size, else 0. */
size_t printers_len(const json_t *obj, const char *path);
/* len() of the Go map at path: the object's size, else 0. */
size_t printers_map_len(const json_t *obj, const char *path);

/* metav1.Time's zero value: absent, null or unparseable times read as this. */
#define PRINTERS_TIME_ZERO INT64_MIN
/* The RFC 3339 time at path in ns since the epoch, or PRINTERS_TIME_ZERO. */
int64_t printers_time(const json_t *obj, const char *path);

/* Time.Sub: a - b in ns, saturating at the int64 limits as Go's does. */
int64_t printers_time_sub(int64_t a, int64_t b);

/* translateTimestampSince: "<unknown>" for the zero time, else HumanDuration(now - t). */
const char *printers_since(const struct printer_row *row, int64_t t, char *buf, size_t size);

/* Quantity.String() of a stored quantity ("1Gi", "500m"); "0" when absent. buf >= 64 bytes. */
#define PRINTERS_QUANTITY_BUFSZ 64
const char *printers_quantity(const json_t *q, char *buf, size_t size);

/* qsort() comparison of two const char * (sets.String's sorted List()). */
int printers_compare_strings(const void *a, const void *b);

/* ---- text with a sticky error ------------------------------------------------------------ */

struct printers_text {
	struct kc_strbuf sb;
	int err;
	size_t pieces; /* printers_text_join() calls so far */
};

#define PRINTERS_TEXT_INIT                                  \
	{                                                   \
		.sb = KC_STRBUF_INIT, .err = 0, .pieces = 0 \
	}

void printers_text_release(struct printers_text *t);
void printers_text_add(struct printers_text *t, const char *s);
void printers_text_addf(struct printers_text *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* strings.Join one piece at a time: sep goes before every piece but the first. */
void printers_text_join(struct printers_text *t, const char *sep, const char *s);

/* ---- cells --------------------------------------------------------------------------------- */

/* Appends cell (stolen; NULL records KC_ERR_NOMEM). */
void printer_row_add(struct printer_row *row, json_t *cell);
/* A string cell; NULL is Go's "". */
void printer_row_add_str(struct printer_row *row, const char *s);
void printer_row_add_strf(struct printer_row *row, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* t's text, or t's error; releases t either way. */
void printer_row_add_text(struct printer_row *row, struct printers_text *t);
void printer_row_add_int(struct printer_row *row, int64_t v);
void printer_row_add_bool(struct printer_row *row, int b);
/* translateTimestampSince of the time at path. */
void printer_row_add_age(struct printer_row *row, const json_t *obj, const char *path);
/* metadata.creationTimestamp's age: every AGE column. */
void printer_row_add_creation_age(struct printer_row *row, const json_t *obj);
/* layoutContainerCells: two cells, the names and the images joined with ",". */
void printer_row_add_containers(struct printer_row *row, const json_t *containers);
/* layoutContainerCells of spec.template.spec.containers: every pod-template workload. */
void printer_row_add_template_containers(struct printer_row *row, const json_t *obj);
/* Desired, Current, Ready: spec.replicas, status.replicas, status.readyReplicas (RC, RS). */
void printer_row_add_replica_counts(struct printer_row *row, const json_t *obj);
/* "ready/desired": status.readyReplicas "/" spec.replicas (Deployment, StatefulSet). */
void printer_row_add_ready_of_desired(struct printer_row *row, const json_t *obj);
/* labels.FormatLabels: "a=b,c=d" sorted by key, "<none>" when empty. */
void printer_row_add_labels(struct printer_row *row, const json_t *set);
/* metav1.FormatLabelSelector: canonical text, "<none>" when it is empty, "<error>" if invalid. */
void printer_row_add_label_selector(struct printer_row *row, const json_t *selector);
/* LabelSelectorAsSelector(s).String(): like the above without "<none>"; "<invalid>" if bad. */
void printer_row_add_selector_string(struct printer_row *row, const json_t *selector);
/* Sets row->conditions to [{type, status, reason, message}] (metav1.TableRowCondition). */
void printer_row_set_condition(struct printer_row *row, const char *type, const char *status,
			       const char *reason, const char *message);

/* ---- column tables ------------------------------------------------------------------------- */

#define PRINTER_COL_NAME                                        \
	{                                                       \
		"Name", "string", "name", printers_desc_name, 0 \
	}
#define PRINTER_COL_AGE                                   \
	{                                                 \
		"Age", "string", "", printers_desc_age, 0 \
	}
#define PRINTER_COL(name, type, desc)   \
	{                               \
		name, type, "", desc, 0 \
	}
#define PRINTER_COL_WIDE(name, type, desc) \
	{                                  \
		name, type, "", desc, 1    \
	}
#define PRINTER_DEFINE(var, grp, res, cols, fn) \
	const struct printer var = { grp, res, cols, KC_ARRAY_SIZE(cols), fn }

/* Upstream's fixed descriptions shared by several printers. */
#define PRINTERS_DESC_CONTAINERS "Names of each container in the template."
#define PRINTERS_DESC_IMAGES     "Images referenced by each container in the template."
/* The two wide columns printer_row_add_containers fills: a pod template's names and images. */
#define PRINTER_COLS_CONTAINERS                                             \
	PRINTER_COL_WIDE("Containers", "string", PRINTERS_DESC_CONTAINERS), \
	PRINTER_COL_WIDE("Images", "string", PRINTERS_DESC_IMAGES)

/* The SwaggerDoc() texts (printers_descriptions.c). */
extern const char printers_desc_name[];
extern const char printers_desc_age[];
extern const char printers_desc_pod_ip[];
extern const char printers_desc_pod_node[];
extern const char printers_desc_pod_nominated[];
extern const char printers_desc_pod_gates[];
extern const char printers_desc_rc_desired[];
extern const char printers_desc_rc_current[];
extern const char printers_desc_rc_ready[];
extern const char printers_desc_rc_selector[];
extern const char printers_desc_pod_node_selector[];
extern const char printers_desc_svc_type[];
extern const char printers_desc_svc_cluster_ip[];
extern const char printers_desc_svc_external_ips[];
extern const char printers_desc_svc_ports[];
extern const char printers_desc_svc_selector[];
extern const char printers_desc_ep_subsets[];
extern const char printers_desc_node_kubelet[];
extern const char printers_desc_node_addresses[];
extern const char printers_desc_node_os[];
extern const char printers_desc_node_kernel[];
extern const char printers_desc_node_runtime[];
extern const char printers_desc_ev_last[];
extern const char printers_desc_ev_type[];
extern const char printers_desc_ev_reason[];
extern const char printers_desc_ev_object[];
extern const char printers_desc_ev_subobject[];
extern const char printers_desc_ev_source[];
extern const char printers_desc_ev_message[];
extern const char printers_desc_ev_first[];
extern const char printers_desc_ev_count[];
extern const char printers_desc_secret_type[];
extern const char printers_desc_secret_data[];
extern const char printers_desc_sa_secrets[];
extern const char printers_desc_pv_capacity[];
extern const char printers_desc_pv_modes[];
extern const char printers_desc_pv_reclaim[];
extern const char printers_desc_pv_phase[];
extern const char printers_desc_pv_claim[];
extern const char printers_desc_pv_reason[];
extern const char printers_desc_pv_mode[];
extern const char printers_desc_pvc_phase[];
extern const char printers_desc_pvc_volume[];
extern const char printers_desc_pvc_capacity[];
extern const char printers_desc_pvc_modes[];
extern const char printers_desc_pvc_mode[];
extern const char printers_desc_cm_data[];
extern const char printers_desc_rs_desired[];
extern const char printers_desc_rs_current[];
extern const char printers_desc_rs_ready[];
extern const char printers_desc_rs_selector[];
extern const char printers_desc_ds_desired[];
extern const char printers_desc_ds_current[];
extern const char printers_desc_ds_ready[];
extern const char printers_desc_ds_updated[];
extern const char printers_desc_ds_available[];
extern const char printers_desc_ds_selector[];
extern const char printers_desc_deploy_updated[];
extern const char printers_desc_deploy_available[];
extern const char printers_desc_deploy_selector[];
extern const char printers_desc_cr_revision[];
extern const char printers_desc_job_succeeded[];
extern const char printers_desc_job_selector[];
extern const char printers_desc_cj_schedule[];
extern const char printers_desc_cj_timezone[];
extern const char printers_desc_cj_suspend[];
extern const char printers_desc_cj_active[];
extern const char printers_desc_cj_last[];
extern const char printers_desc_rb_role[];
extern const char printers_desc_crb_role[];
extern const char printers_desc_csr_signer[];
extern const char printers_desc_csr_requestor[];
extern const char printers_desc_csr_duration[];
extern const char printers_desc_csr_condition[];
extern const char printers_desc_lease_holder[];
extern const char printers_desc_sc_provisioner[];
extern const char printers_desc_sc_reclaim[];
extern const char printers_desc_sc_binding[];
extern const char printers_desc_sc_expansion[];
extern const char printers_desc_pc_value[];
extern const char printers_desc_pc_default[];
extern const char printers_desc_pc_preemption[];
extern const char printers_desc_rtc_handler[];
extern const char printers_desc_va_attacher[];
extern const char printers_desc_va_pv[];
extern const char printers_desc_va_node[];
extern const char printers_desc_va_attached[];
extern const char printers_desc_eps_type[];
extern const char printers_desc_eps_ports[];
extern const char printers_desc_eps_endpoints[];
extern const char printers_desc_csid_attach[];
extern const char printers_desc_csid_podinfo[];
extern const char printers_desc_csid_capacity[];
extern const char printers_desc_csid_tokens[];
extern const char printers_desc_csid_republish[];
extern const char printers_desc_csid_modes[];
extern const char printers_desc_csisc_class[];
extern const char printers_desc_csisc_capacity[];

#endif
