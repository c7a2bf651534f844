/*
 * printers_workloads.c - Table printers for apps/v1, batch/v1 and policy/v1 (upstream:
 * pkg/printers/internalversion/printers.go printDeployment, printReplicaSet, printStatefulSet,
 * printDaemonSet, printControllerRevision, printJob, printCronJob, printPodDisruptionBudget).
 */
#include <stdio.h>
#include <string.h>

#include "libkcommon/errors.h"
#include "libkcommon/meta.h"

#include "kube-apiserver/registry/printers_util.h"

/* ---- deployments ------------------------------------------------------------------------------- */

static const struct printer_column deployment_columns[] = {
	PRINTER_COL_NAME,
	PRINTER_COL("Ready", "string", "Number of the pod with ready state"),
	PRINTER_COL("Up-to-date", "string", printers_desc_deploy_updated),
	PRINTER_COL("Available", "string", printers_desc_deploy_available),
	PRINTER_COL_AGE,
	PRINTER_COLS_CONTAINERS,
	PRINTER_COL_WIDE("Selector", "string", printers_desc_deploy_selector),
};

static int
deployment_row(struct printer_row *row, const json_t *obj)
{
	printer_row_add_str(row, printers_str0(obj, "metadata.name"));
	printer_row_add_ready_of_desired(row, obj);
	printer_row_add_int(row, printers_int(obj, "status.updatedReplicas"));
	printer_row_add_int(row, printers_int(obj, "status.availableReplicas"));
	printer_row_add_creation_age(row, obj);
	printer_row_add_template_containers(row, obj);
	printer_row_add_selector_string(row, printers_get(obj, "spec.selector"));
	return row->err;
}

PRINTER_DEFINE(printer_deployments, "apps", "deployments", deployment_columns, deployment_row);

/* ---- replicasets ---------------------------------------------------------------------------------- */

static const struct printer_column replicaset_columns[] = {
	PRINTER_COL_NAME,
	PRINTER_COL("Desired", "integer", printers_desc_rs_desired),
	PRINTER_COL("Current", "integer", printers_desc_rs_current),
	PRINTER_COL("Ready", "integer", printers_desc_rs_ready),
	PRINTER_COL_AGE,
	PRINTER_COLS_CONTAINERS,
	PRINTER_COL_WIDE("Selector", "string", printers_desc_rs_selector),
};

static int
replicaset_row(struct printer_row *row, const json_t *obj)
{
	printer_row_add_str(row, printers_str0(obj, "metadata.name"));
	printer_row_add_replica_counts(row, obj);
	printer_row_add_creation_age(row, obj);
	printer_row_add_template_containers(row, obj);
	printer_row_add_label_selector(row, printers_get(obj, "spec.selector"));
	return row->err;
}

PRINTER_DEFINE(printer_replicasets, "apps", "replicasets", replicaset_columns, replicaset_row);

/* ---- statefulsets ---------------------------------------------------------------------------- */

static const struct printer_column statefulset_columns[] = {
	PRINTER_COL_NAME,
	PRINTER_COL("Ready", "string", "Number of the pod with ready state"),
	PRINTER_COL_AGE,
	PRINTER_COLS_CONTAINERS,
};

static int
statefulset_row(struct printer_row *row, const json_t *obj)
{
	printer_row_add_str(row, printers_str0(obj, "metadata.name"));
	printer_row_add_ready_of_desired(row, obj);
	printer_row_add_creation_age(row, obj);
	printer_row_add_template_containers(row, obj);
	return row->err;
}

PRINTER_DEFINE(printer_statefulsets, "apps", "statefulsets", statefulset_columns, statefulset_row);

/* ---- daemonsets ------------------------------------------------------------------------------- */

static const struct printer_column daemonset_columns[] = {
	PRINTER_COL_NAME,
	PRINTER_COL("Desired", "integer", printers_desc_ds_desired),
	PRINTER_COL("Current", "integer", printers_desc_ds_current),
	PRINTER_COL("Ready", "integer", printers_desc_ds_ready),
	PRINTER_COL("Up-to-date", "integer", printers_desc_ds_updated),
	PRINTER_COL("Available", "integer", printers_desc_ds_available),
	PRINTER_COL("Node Selector", "string", printers_desc_pod_node_selector),
	PRINTER_COL_AGE,
	PRINTER_COLS_CONTAINERS,
	PRINTER_COL_WIDE("Selector", "string", printers_desc_ds_selector),
};

static int
daemonset_row(struct printer_row *row, const json_t *obj)
{
	printer_row_add_str(row, printers_str0(obj, "metadata.name"));
	printer_row_add_int(row, printers_int(obj, "status.desiredNumberScheduled"));
	printer_row_add_int(row, printers_int(obj, "status.currentNumberScheduled"));
	printer_row_add_int(row, printers_int(obj, "status.numberReady"));
	printer_row_add_int(row, printers_int(obj, "status.updatedNumberScheduled"));
	printer_row_add_int(row, printers_int(obj, "status.numberAvailable"));
	printer_row_add_labels(row, printers_get(obj, "spec.template.spec.nodeSelector"));
	printer_row_add_creation_age(row, obj);
	printer_row_add_template_containers(row, obj);
	printer_row_add_label_selector(row, printers_get(obj, "spec.selector"));
	return row->err;
}

PRINTER_DEFINE(printer_daemonsets, "apps", "daemonsets", daemonset_columns, daemonset_row);

/* ---- controllerrevisions ------------------------------------------------------------------- */

static const struct printer_column controllerrevision_columns[] = {
	PRINTER_COL_NAME,
	PRINTER_COL("Controller", "string", "Controller of the object"),
	PRINTER_COL("Revision", "string", printers_desc_cr_revision),
	PRINTER_COL_AGE,
};

/*
 * formatResourceName(GroupKind, name, true) of the controller reference: "daemonset.apps/web",
 * "kind/name" in the core group, the bare name when group and kind are both empty.  An
 * apiVersion with more than one "/" fails schema.ParseGroupVersion, and upstream then fails
 * the whole table (KC_ERR_INTERNAL).
 */
static int
controller_name(struct printer_row *row, const json_t *obj)
{
	const json_t *ref = kc_meta_controller_of(obj);
	const char *api_version, *kind, *slash;
	struct printers_text t = PRINTERS_TEXT_INIT;
	size_t group_len = 0;

	if (ref == NULL) {
		printer_row_add_str(row, "<none>");
		return 0;
	}
	api_version = printers_str0(ref, "apiVersion");
	kind = printers_str0(ref, "kind");
	slash = strchr(api_version, '/');
	if (slash != NULL) {
		if (strchr(slash + 1, '/') != NULL)
			return KC_ERR_INTERNAL;
		group_len = (size_t)(slash - api_version);
	}
	if (group_len == 0 && *kind == '\0') {
		printer_row_add_str(row, printers_str0(ref, "name"));
		return 0;
	}
	printers_text_add(&t, kind);
	if (group_len > 0)
		printers_text_addf(&t, ".%.*s", (int)group_len, api_version);
	for (size_t i = 0; i < t.sb.len; i++)
		if (t.sb.buf[i] >= 'A' && t.sb.buf[i] <= 'Z')
			t.sb.buf[i] = (char)(t.sb.buf[i] - 'A' + 'a');
	printers_text_addf(&t, "/%s", printers_str0(ref, "name"));
	printer_row_add_text(row, &t);
	return 0;
}

static int
controllerrevision_row(struct printer_row *row, const json_t *obj)
{
	int r;

	printer_row_add_str(row, printers_str0(obj, "metadata.name"));
	r = controller_name(row, obj);
	if (r < 0)
		return r;
	printer_row_add_int(row, printers_int(obj, "revision"));
	printer_row_add_creation_age(row, obj);
	return row->err;
}

PRINTER_DEFINE(printer_controllerrevisions, "apps", "controllerrevisions",
	       controllerrevision_columns, controllerrevision_row);

/* ---- jobs ------------------------------------------------------------------------------------ */

static const struct printer_column job_columns[] = {
	PRINTER_COL_NAME,
	PRINTER_COL("Status", "string", "Status of the job."),
	PRINTER_COL("Completions", "string", printers_desc_job_succeeded),
	PRINTER_COL("Duration", "string", "Time required to complete the job."),
	PRINTER_COL_AGE,
	PRINTER_COLS_CONTAINERS,
	PRINTER_COL_WIDE("Selector", "string", printers_desc_job_selector),
};

/* hasJobCondition: the first condition of that type decides. */
static int
has_job_condition(const json_t *job, const char *type)
{
	const json_t *c;
	size_t i;

	json_array_foreach(printers_array(job, "status.conditions"), i, c)
		if (strcmp(printers_str0(c, "type"), type) == 0)
			return strcmp(printers_str0(c, "status"), "True") == 0;
	return 0;
}

static const char *
job_status(const json_t *job)
{
	if (has_job_condition(job, "Complete"))
		return "Complete";
	if (has_job_condition(job, "Failed"))
		return "Failed";
	if (printers_has(job, "metadata.deletionTimestamp"))
		return "Terminating";
	if (has_job_condition(job, "Suspended"))
		return "Suspended";
	if (has_job_condition(job, "FailureTarget"))
		return "FailureTarget";
	return "Running";
}

/* "1/3", or without completions "0/1" and for parallel jobs "0/1 of 4". */
static void
job_completions(struct printer_row *row, const json_t *job)
{
	long long succeeded = printers_int(job, "status.succeeded");
	long long parallelism = printers_int(job, "spec.parallelism");

	if (printers_has(job, "spec.completions"))
		printer_row_add_strf(row, "%lld/%lld", succeeded,
				     (long long)printers_int(job, "spec.completions"));
	else if (parallelism > 1)
		printer_row_add_strf(row, "%lld/1 of %lld", succeeded, parallelism);
	else
		printer_row_add_strf(row, "%lld/1", succeeded);
}

/* "" before the start, the time running so far, or completion - start. */
static void
job_duration(struct printer_row *row, const json_t *job)
{
	int64_t start = printers_time(job, "status.startTime");
	int64_t done = printers_time(job, "status.completionTime");
	char buf[PRINTERS_DURATION_BUFSZ];

	if (start == PRINTERS_TIME_ZERO)
		printer_row_add_str(row, "");
	else if (done == PRINTERS_TIME_ZERO)
		printer_row_add_str(row,
				    printers_human_duration(printers_time_sub(row->now_ns, start),
							    buf, sizeof(buf)));
	else
		printer_row_add_str(row, printers_human_duration(printers_time_sub(done, start),
								 buf, sizeof(buf)));
}

static int
job_row(struct printer_row *row, const json_t *job)
{
	printer_row_add_str(row, printers_str0(job, "metadata.name"));
	printer_row_add_str(row, job_status(job));
	job_completions(row, job);
	job_duration(row, job);
	printer_row_add_creation_age(row, job);
	printer_row_add_template_containers(row, job);
	printer_row_add_label_selector(row, printers_get(job, "spec.selector"));
	return row->err;
}

PRINTER_DEFINE(printer_jobs, "batch", "jobs", job_columns, job_row);

/* ---- cronjobs ---------------------------------------------------------------------------------- */

static const struct printer_column cronjob_columns[] = {
	PRINTER_COL_NAME,
	PRINTER_COL("Schedule", "string", printers_desc_cj_schedule),
	PRINTER_COL("Timezone", "string", printers_desc_cj_timezone),
	PRINTER_COL("Suspend", "boolean", printers_desc_cj_suspend),
	PRINTER_COL("Active", "integer", printers_desc_cj_active),
	PRINTER_COL("Last Schedule", "string", printers_desc_cj_last),
	PRINTER_COL_AGE,
	PRINTER_COLS_CONTAINERS,
	PRINTER_COL_WIDE("Selector", "string", printers_desc_job_selector),
};

static int
cronjob_row(struct printer_row *row, const json_t *cj)
{
	const json_t *suspend = printers_get(cj, "spec.suspend");
	const char *tz = printers_str(cj, "spec.timeZone");

	printer_row_add_str(row, printers_str0(cj, "metadata.name"));
	printer_row_add_str(row, printers_str0(cj, "spec.schedule"));
	printer_row_add_str(row, tz != NULL ? tz : "<none>");
	/* printBoolPtr: a string cell in a "boolean" column, as upstream */
	printer_row_add_str(row, json_is_boolean(suspend)
					 ? (json_is_true(suspend) ? "True" : "False")
					 : "<unset>");
	printer_row_add_int(row, (int64_t)printers_len(cj, "status.active"));
	if (printers_has(cj, "status.lastScheduleTime"))
		printer_row_add_age(row, cj, "status.lastScheduleTime");
	else
		printer_row_add_str(row, "<none>");
	printer_row_add_creation_age(row, cj);
	printer_row_add_containers(
		row, printers_array(cj, "spec.jobTemplate.spec.template.spec.containers"));
	printer_row_add_label_selector(row, printers_get(cj, "spec.jobTemplate.spec.selector"));
	return row->err;
}

PRINTER_DEFINE(printer_cronjobs, "batch", "cronjobs", cronjob_columns, cronjob_row);

/* ---- poddisruptionbudgets ------------------------------------------------------------------ */

static const struct printer_column pdb_columns[] = {
	PRINTER_COL_NAME,
	PRINTER_COL("Min Available", "string",
		    "The minimum number of pods that must be available."),
	PRINTER_COL("Max Unavailable", "string",
		    "The maximum number of pods that may be unavailable."),
	PRINTER_COL("Allowed Disruptions", "integer",
		    "Calculated number of pods that may be disrupted at this time."),
	PRINTER_COL_AGE,
};

/* IntOrString.String(), or "N/A" when unset. */
static void
add_int_or_string(struct printer_row *row, const json_t *v)
{
	if (json_is_integer(v))
		printer_row_add_strf(row, "%lld", (long long)json_integer_value(v));
	else if (json_is_string(v))
		printer_row_add_str(row, json_string_value(v));
	else
		printer_row_add_str(row, "N/A");
}

static int
pdb_row(struct printer_row *row, const json_t *obj)
{
	printer_row_add_str(row, printers_str0(obj, "metadata.name"));
	add_int_or_string(row, printers_get(obj, "spec.minAvailable"));
	add_int_or_string(row, printers_get(obj, "spec.maxUnavailable"));
	printer_row_add_int(row, printers_int(obj, "status.disruptionsAllowed"));
	printer_row_add_creation_age(row, obj);
	return row->err;
}

PRINTER_DEFINE(printer_poddisruptionbudgets, "policy", "poddisruptionbudgets", pdb_columns,
	       pdb_row);
