/*
 * printers_core.c - Table printers for core/v1 resources and for both Event shapes
 * (upstream: pkg/printers/internalversion/printers.go printPod, printNode, printService,
 * printEndpoints, printEvent, printPersistentVolume(Claim), printResourceQuota, ... and the
 * helpers they call: pkg/apis/core/helper GetAccessModesAsString / GetPersistentVolume(Claim)
 * Class, pkg/api/pod IsRestartableInitContainer).
 *
 * Upstream prints the internal types, converted from v1; where that conversion matters it is
 * done here: a Pod's IP is status.podIP over status.podIPs[0], a Service's cluster IP is
 * spec.clusterIP over spec.clusterIPs[0], a Secret's data includes stringData.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libkcommon/errors.h"
#include "libkcommon/meta.h"

#include "kube-apiserver/registry/printers_util.h"

/* ---- pods ------------------------------------------------------------------------------------ */

static const struct printer_column pod_columns[] = {
	PRINTER_COL_NAME,
	PRINTER_COL("Ready", "string",
		    "The aggregate readiness state of this pod for accepting traffic."),
	PRINTER_COL("Status", "string", "The aggregate status of the containers in this pod."),
	PRINTER_COL(
		"Restarts", "string",
		"The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
	PRINTER_COL_AGE,
	PRINTER_COL_WIDE("IP", "string", printers_desc_pod_ip),
	PRINTER_COL_WIDE("Node", "string", printers_desc_pod_node),
	PRINTER_COL_WIDE("Nominated Node", "string", printers_desc_pod_nominated),
	PRINTER_COL_WIDE("Readiness Gates", "string", printers_desc_pod_gates),
};

/* The STATUS text: a borrowed string after an optional "Init:", or a formatted one in buf. */
struct pod_reason {
	const char *prefix;
	const char *text;
	char buf[64];
};

static void
reason_set(struct pod_reason *r, const char *prefix, const char *text)
{
	r->prefix = prefix;
	r->text = text;
}

static void __attribute__((format(printf, 2, 3)))
reason_setf(struct pod_reason *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->buf, sizeof(r->buf), fmt, ap);
	va_end(ap);
	reason_set(r, "", r->buf);
}

static int
reason_is(const struct pod_reason *r, const char *s)
{
	return *r->prefix == '\0' && strcmp(r->text, s) == 0;
}

/* podutil.IsRestartableInitContainer(initContainers[name]); the last entry of a name wins. */
static int
is_restartable_init_container(const json_t *pod, const char *name)
{
	const json_t *inits = printers_array(pod, "spec.initContainers"), *found = NULL, *c;
	size_t i;

	json_array_foreach(inits, i, c)
		if (name != NULL && strcmp(printers_str0(c, "name"), name) == 0)
			found = c;
	return found != NULL && strcmp(printers_str0(found, "restartPolicy"), "Always") == 0;
}

/* lastRestartDate.Before(finishedAt) for a status whose lastState.terminated is set. */
static void
note_restart_date(const json_t *status, int64_t *last)
{
	int64_t t;

	if (!printers_has(status, "lastState.terminated"))
		return;
	t = printers_time(status, "lastState.terminated.finishedAt");
	if (t != PRINTERS_TIME_ZERO && (*last == PRINTERS_TIME_ZERO || *last < t))
		*last = t;
}

static const json_t *
find_condition(const json_t *conditions, const char *type)
{
	const json_t *c;
	size_t i;

	json_array_foreach(conditions, i, c)
		if (strcmp(printers_str0(c, "type"), type) == 0)
			return c;
	return NULL;
}

static int
condition_status_is(const json_t *cond, const char *status)
{
	return cond != NULL && strcmp(printers_str0(cond, "status"), status) == 0;
}

/* hasPodReadyCondition: any Ready condition that is True. */
static int
has_pod_ready_condition(const json_t *conditions)
{
	const json_t *c;
	size_t i;

	json_array_foreach(conditions, i, c)
		if (strcmp(printers_str0(c, "type"), "Ready") == 0 &&
		    condition_status_is(c, "True"))
			return 1;
	return 0;
}

struct pod_counts {
	long long restarts;
	long long ready;
	long long total;
	int64_t last_restart;
};

/* The init container loop of printPod; returns whether the pod is still initializing. */
static int
pod_init_status(const json_t *pod, struct pod_reason *reason, struct pod_counts *all,
		struct pod_counts *sidecars)
{
	const json_t *statuses = printers_array(pod, "status.initContainerStatuses"), *st;
	size_t i, n_inits = printers_len(pod, "spec.initContainers");

	json_array_foreach(statuses, i, st) {
		const char *name = printers_str(st, "name");
		int restartable = is_restartable_init_container(pod, name);
		const char *why;

		all->restarts += printers_int(st, "restartCount");
		note_restart_date(st, &all->last_restart);
		if (restartable) {
			sidecars->restarts += printers_int(st, "restartCount");
			note_restart_date(st, &sidecars->last_restart);
		}
		if (printers_has(st, "state.terminated") &&
		    printers_int(st, "state.terminated.exitCode") == 0)
			continue;
		if (restartable && printers_bool(st, "started", 0)) {
			if (printers_bool(st, "ready", 0))
				all->ready++;
			continue;
		}
		if (printers_has(st, "state.terminated")) {
			why = printers_str0(st, "state.terminated.reason");
			if (*why != '\0')
				reason_set(reason, "Init:", why);
			else if (printers_int(st, "state.terminated.signal") != 0)
				reason_setf(reason, "Init:Signal:%lld",
					    (long long)printers_int(st, "state.terminated.signal"));
			else
				reason_setf(
					reason, "Init:ExitCode:%lld",
					(long long)printers_int(st, "state.terminated.exitCode"));
			return 1;
		}
		why = printers_str0(st, "state.waiting.reason");
		if (printers_has(st, "state.waiting") && *why != '\0' &&
		    strcmp(why, "PodInitializing") != 0)
			reason_set(reason, "Init:", why);
		else
			reason_setf(reason, "Init:%lld/%lld", (long long)i, (long long)n_inits);
		return 1;
	}
	return 0;
}

/* The regular container loop of printPod (last to first, as upstream). */
static void
pod_container_status(const json_t *pod, struct pod_reason *reason, struct pod_counts *c)
{
	const json_t *statuses = printers_array(pod, "status.containerStatuses");
	int has_running = 0;
	size_t i;

	for (i = json_array_size(statuses); i-- > 0;) {
		const json_t *st = json_array_get(statuses, i);
		const char *waiting = printers_str0(st, "state.waiting.reason");
		const char *terminated = printers_str0(st, "state.terminated.reason");

		c->restarts += printers_int(st, "restartCount");
		note_restart_date(st, &c->last_restart);
		if (printers_has(st, "state.waiting") && *waiting != '\0') {
			reason_set(reason, "", waiting);
		} else if (printers_has(st, "state.terminated") && *terminated != '\0') {
			reason_set(reason, "", terminated);
		} else if (printers_has(st, "state.terminated")) {
			if (printers_int(st, "state.terminated.signal") != 0)
				reason_setf(reason, "Signal:%lld",
					    (long long)printers_int(st, "state.terminated.signal"));
			else
				reason_setf(
					reason, "ExitCode:%lld",
					(long long)printers_int(st, "state.terminated.exitCode"));
		} else if (printers_bool(st, "ready", 0) && printers_has(st, "state.running")) {
			has_running = 1;
			c->ready++;
		}
	}
	/* Back to Running when a container still runs after another completed. */
	if (reason_is(reason, "Completed") && has_running)
		reason_set(reason, "",
			   has_pod_ready_condition(printers_array(pod, "status.conditions"))
				   ? "Running"
				   : "NotReady");
}

static void
pod_add_wide(struct printer_row *row, const json_t *pod)
{
	const char *ip = printers_str0(pod, "status.podIP");
	const json_t *gates = printers_array(pod, "spec.readinessGates"), *gate;
	const json_t *conditions = printers_array(pod, "status.conditions");
	const char *node = printers_str0(pod, "spec.nodeName");
	const char *nominated = printers_str0(pod, "status.nominatedNodeName");
	size_t i, true_conditions = 0;

	if (*ip == '\0')
		ip = printers_str0(json_array_get(printers_array(pod, "status.podIPs"), 0), "ip");
	printer_row_add_str(row, *ip != '\0' ? ip : "<none>");
	printer_row_add_str(row, *node != '\0' ? node : "<none>");
	printer_row_add_str(row, *nominated != '\0' ? nominated : "<none>");
	if (json_array_size(gates) == 0) {
		printer_row_add_str(row, "<none>");
		return;
	}
	json_array_foreach(gates, i, gate) {
		const char *type = printers_str0(gate, "conditionType");

		if (condition_status_is(find_condition(conditions, type), "True"))
			true_conditions++;
	}
	printer_row_add_strf(row, "%zu/%zu", true_conditions, json_array_size(gates));
}

static int
pod_row(struct printer_row *row, const json_t *pod)
{
	const char *phase = printers_str0(pod, "status.phase");
	const char *status_reason = printers_str0(pod, "status.reason");
	struct pod_counts all = { .last_restart = PRINTERS_TIME_ZERO };
	struct pod_counts sidecars = { .last_restart = PRINTERS_TIME_ZERO };
	const json_t *inits = printers_array(pod, "spec.initContainers"), *c;
	struct pod_reason reason;
	char age[PRINTERS_DURATION_BUFSZ];
	size_t i;

	reason_set(&reason, "", *status_reason != '\0' ? status_reason : phase);
	json_array_foreach(printers_array(pod, "status.conditions"), i, c)
		if (strcmp(printers_str0(c, "type"), "PodScheduled") == 0 &&
		    strcmp(printers_str0(c, "reason"), "SchedulingGated") == 0)
			reason_set(&reason, "", "SchedulingGated");
	if (strcmp(phase, "Succeeded") == 0)
		printer_row_set_condition(row, "Completed", "True", "Succeeded",
					  "The pod has completed successfully.");
	else if (strcmp(phase, "Failed") == 0)
		printer_row_set_condition(row, "Completed", "True", "Failed", "The pod failed.");

	all.total = printers_len(pod, "spec.containers");
	json_array_foreach(inits, i, c)
		if (strcmp(printers_str0(c, "restartPolicy"), "Always") == 0)
			all.total++;

	if (!pod_init_status(pod, &reason, &all, &sidecars) ||
	    condition_status_is(
		    find_condition(printers_array(pod, "status.conditions"), "Initialized"),
		    "True")) {
		/* Past initialization only the sidecars' restarts still count. */
		all.restarts = sidecars.restarts;
		all.last_restart = sidecars.last_restart;
		pod_container_status(pod, &reason, &all);
	}

	if (printers_has(pod, "metadata.deletionTimestamp") &&
	    strcmp(status_reason, "NodeLost") == 0)
		reason_set(&reason, "", "Unknown");
	else if (printers_has(pod, "metadata.deletionTimestamp") && strcmp(phase, "Failed") != 0 &&
		 strcmp(phase, "Succeeded") != 0)
		reason_set(&reason, "", "Terminating");

	printer_row_add_str(row, printers_str0(pod, "metadata.name"));
	printer_row_add_strf(row, "%lld/%lld", all.ready, all.total);
	printer_row_add_strf(row, "%s%s", reason.prefix, reason.text);
	if (all.restarts != 0 && all.last_restart != PRINTERS_TIME_ZERO)
		printer_row_add_strf(row, "%lld (%s ago)", all.restarts,
				     printers_since(row, all.last_restart, age, sizeof(age)));
	else
		printer_row_add_strf(row, "%lld", all.restarts);
	printer_row_add_creation_age(row, pod);
	pod_add_wide(row, pod);
	return row->err;
}

PRINTER_DEFINE(printer_pods, "", "pods", pod_columns, pod_row);

/* ---- podtemplates ------------------------------------------------------------------------------ */

static const struct printer_column podtemplate_columns[] = {
	PRINTER_COL_NAME,
	PRINTER_COL("Containers", "string", PRINTERS_DESC_CONTAINERS),
	PRINTER_COL("Images", "string", PRINTERS_DESC_IMAGES),
	PRINTER_COL("Pod Labels", "string", "The labels for the pod template."),
};

static int
podtemplate_row(struct printer_row *row, const json_t *obj)
{
	printer_row_add_str(row, printers_str0(obj, "metadata.name"));
	printer_row_add_containers(row, printers_array(obj, "template.spec.containers"));
	printer_row_add_labels(row, printers_get(obj, "template.metadata.labels"));
	return row->err;
}

PRINTER_DEFINE(printer_podtemplates, "", "podtemplates", podtemplate_columns, podtemplate_row);

/* ---- replicationcontrollers ----------------------------------------------------------------- */

static const struct printer_column rc_columns[] = {
	PRINTER_COL_NAME,
	PRINTER_COL("Desired", "integer", printers_desc_rc_desired),
	PRINTER_COL("Current", "integer", printers_desc_rc_current),
	PRINTER_COL("Ready", "integer", printers_desc_rc_ready),
	PRINTER_COL_AGE,
	PRINTER_COLS_CONTAINERS,
	PRINTER_COL_WIDE("Selector", "string", printers_desc_rc_selector),
};

static int
rc_row(struct printer_row *row, const json_t *obj)
{
	printer_row_add_str(row, printers_str0(obj, "metadata.name"));
	printer_row_add_replica_counts(row, obj);
	printer_row_add_creation_age(row, obj);
	printer_row_add_template_containers(row, obj);
	printer_row_add_labels(row, printers_get(obj, "spec.selector"));
	return row->err;
}

PRINTER_DEFINE(printer_replicationcontrollers, "", "replicationcontrollers", rc_columns, rc_row);

/* ---- services ---------------------------------------------------------------------------------- */

static const struct printer_column service_columns[] = {
	PRINTER_COL_NAME,
	PRINTER_COL("Type", "string", printers_desc_svc_type),
	PRINTER_COL("Cluster-IP", "string", printers_desc_svc_cluster_ip),
	PRINTER_COL("External-IP", "string", printers_desc_svc_external_ips),
	PRINTER_COL("Port(s)", "string", printers_desc_svc_ports),
	PRINTER_COL_AGE,
	PRINTER_COL_WIDE("Selector", "string", printers_desc_svc_selector),
};

/* loadBalancerStatusStringer(wide): the sorted, distinct IPs (else hostnames) of ingress. */
static void
load_balancer_text(const json_t *ingress, struct printers_text *t)
{
	size_t i, n = json_array_size(ingress), k = 0;
	KC_AUTOFREE const char **addrs = NULL;

	if (n == 0)
		return;
	addrs = calloc(n, sizeof(*addrs));
	if (addrs == NULL) {
		t->err = KC_ERR_NOMEM;
		return;
	}
	for (i = 0; i < n; i++) {
		const char *ip = printers_str0(json_array_get(ingress, i), "ip");
		const char *host = printers_str0(json_array_get(ingress, i), "hostname");

		if (*ip != '\0')
			addrs[k++] = ip;
		else if (*host != '\0')
			addrs[k++] = host;
	}
	qsort(addrs, k, sizeof(*addrs), printers_compare_strings);
	for (i = 0; i < k; i++)
		if (i == 0 || strcmp(addrs[i], addrs[i - 1]) != 0)
			printers_text_join(t, ",", addrs[i]);
}

static void
join_strings(struct printers_text *t, const json_t *list)
{
	const json_t *v;
	size_t i;

	json_array_foreach(list, i, v)
		printers_text_join(t, ",", json_string_value(v));
}

/* getServiceExternalIP(svc, wide=true). */
static void
service_external_ip(struct printer_row *row, const json_t *svc)
{
	const char *type = printers_str0(svc, "spec.type");
	const json_t *external = printers_array(svc, "spec.externalIPs");
	struct printers_text t = PRINTERS_TEXT_INIT;

	if (strcmp(type, "ClusterIP") == 0 || strcmp(type, "NodePort") == 0) {
		if (json_array_size(external) > 0)
			join_strings(&t, external);
		else
			printers_text_add(&t, "<none>");
	} else if (strcmp(type, "LoadBalancer") == 0) {
		/* the load balancer's addresses first, then spec.externalIPs */
		load_balancer_text(printers_array(svc, "status.loadBalancer.ingress"), &t);
		if (json_array_size(external) > 0)
			join_strings(&t, external);
		else if (t.pieces == 0)
			printers_text_add(&t, "<pending>");
	} else if (strcmp(type, "ExternalName") == 0) {
		printers_text_add(&t, printers_str0(svc, "spec.externalName"));
	} else {
		printers_text_add(&t, "<unknown>");
	}
	printer_row_add_text(row, &t);
}

/* makePortString: "80/TCP", "80:30080/TCP", joined with ","; "<none>" when there are none. */
static void
service_ports(struct printer_row *row, const json_t *svc)
{
	struct printers_text t = PRINTERS_TEXT_INIT;
	const json_t *p;
	size_t i;

	json_array_foreach(printers_array(svc, "spec.ports"), i, p) {
		if (i > 0)
			printers_text_add(&t, ",");
		if (printers_int(p, "nodePort") > 0)
			printers_text_addf(&t, "%lld:%lld/%s", (long long)printers_int(p, "port"),
					   (long long)printers_int(p, "nodePort"),
					   printers_str0(p, "protocol"));
		else
			printers_text_addf(&t, "%lld/%s", (long long)printers_int(p, "port"),
					   printers_str0(p, "protocol"));
	}
	if (t.sb.len == 0)
		printers_text_add(&t, "<none>");
	printer_row_add_text(row, &t);
}

static int
service_row(struct printer_row *row, const json_t *svc)
{
	const char *ip = printers_str0(svc, "spec.clusterIP");

	if (*ip == '\0')
		ip = json_string_value(json_array_get(printers_array(svc, "spec.clusterIPs"), 0));
	printer_row_add_str(row, printers_str0(svc, "metadata.name"));
	printer_row_add_str(row, printers_str0(svc, "spec.type"));
	printer_row_add_str(row, ip != NULL ? ip : "<none>");
	service_external_ip(row, svc);
	service_ports(row, svc);
	printer_row_add_creation_age(row, svc);
	printer_row_add_labels(row, printers_get(svc, "spec.selector"));
	return row->err;
}

PRINTER_DEFINE(printer_services, "", "services", service_columns, service_row);

/* ---- endpoints --------------------------------------------------------------------------------- */

static const struct printer_column endpoints_columns[] = {
	PRINTER_COL_NAME,
	PRINTER_COL("Endpoints", "string", printers_desc_ep_subsets),
	PRINTER_COL_AGE,
};

#define ENDPOINTS_SHOWN 3

/* One address (or ip:port) into the first ENDPOINTS_SHOWN, counting the rest. */
static void
endpoints_list_add(struct printers_text *t, size_t *shown, int *more, const char *ip,
		   const json_t *port)
{
	if (*shown == ENDPOINTS_SHOWN) {
		*more = 1;
		return;
	}
	if (*shown > 0)
		printers_text_add(t, ",");
	(*shown)++;
	if (port == NULL)
		printers_text_add(t, ip);
	else if (strchr(ip, ':') != NULL) /* net.JoinHostPort */
		printers_text_addf(t, "[%s]:%lld", ip, (long long)printers_int(port, "port"));
	else
		printers_text_addf(t, "%s:%lld", ip, (long long)printers_int(port, "port"));
}

/* formatEndpoints(endpoints, nil): "10.0.0.1:80,10.0.0.2:80 + 3 more...", "<none>". */
static void
endpoints_format(struct printer_row *row, const json_t *ep)
{
	const json_t *subsets = printers_array(ep, "subsets"), *ss, *addr, *port;
	struct printers_text t = PRINTERS_TEXT_INIT;
	size_t i, j, k, shown = 0, count = 0;
	int more = 0;

	if (json_array_size(subsets) == 0) {
		printer_row_add_str(row, "<none>");
		return;
	}
	json_array_foreach(subsets, i, ss) {
		const json_t *addrs = printers_array(ss, "addresses");

		if (printers_len(ss, "ports") == 0) {
			/* headless services may have no ports */
			count += json_array_size(addrs);
			json_array_foreach(addrs, j, addr)
				endpoints_list_add(&t, &shown, &more, printers_str0(addr, "ip"),
						   NULL);
			continue;
		}
		json_array_foreach(printers_array(ss, "ports"), k, port) {
			count += json_array_size(addrs);
			json_array_foreach(addrs, j, addr)
				endpoints_list_add(&t, &shown, &more, printers_str0(addr, "ip"),
						   port);
		}
	}
	if (more)
		printers_text_addf(&t, " + %zu more...", count - ENDPOINTS_SHOWN);
	printer_row_add_text(row, &t);
}

static int
endpoints_row(struct printer_row *row, const json_t *ep)
{
	printer_row_add_str(row, printers_str0(ep, "metadata.name"));
	endpoints_format(row, ep);
	printer_row_add_creation_age(row, ep);
	return row->err;
}

PRINTER_DEFINE(printer_endpoints, "", "endpoints", endpoints_columns, endpoints_row);

/* ---- nodes ------------------------------------------------------------------------------------ */

static const struct printer_column node_columns[] = {
	PRINTER_COL_NAME,
	PRINTER_COL("Status", "string", "The status of the node"),
	PRINTER_COL("Roles", "string", "The roles of the node"),
	PRINTER_COL_AGE,
	PRINTER_COL("Version", "string", printers_desc_node_kubelet),
	PRINTER_COL_WIDE("Internal-IP", "string", printers_desc_node_addresses),
	PRINTER_COL_WIDE("External-IP", "string", printers_desc_node_addresses),
	PRINTER_COL_WIDE("OS-Image", "string", printers_desc_node_os),
	PRINTER_COL_WIDE("Kernel-Version", "string", printers_desc_node_kernel),
	PRINTER_COL_WIDE("Container-Runtime", "string", printers_desc_node_runtime),
};

#define LABEL_NODE_ROLE_PREFIX "node-role.kubernetes.io/"
#define LABEL_NODE_ROLE        "kubernetes.io/role"

/* "Ready" / "NotReady" / "Unknown" from the Ready condition (the last of that type wins, as
 * in upstream's map), then ",SchedulingDisabled" for a cordoned node. */
static void
node_status(struct printer_row *row, const json_t *node)
{
	const json_t *c, *ready = NULL;
	const char *status = "Unknown";
	size_t i;

	json_array_foreach(printers_array(node, "status.conditions"), i, c)
		if (strcmp(printers_str0(c, "type"), "Ready") == 0)
			ready = c;
	if (ready != NULL)
		status = condition_status_is(ready, "True") ? "Ready" : "NotReady";
	printer_row_add_strf(row, "%s%s", status,
			     printers_bool(node, "spec.unschedulable", 0) ? ",SchedulingDisabled"
									  : "");
}

/* findNodeRoles: node-role.kubernetes.io/<role> keys and kubernetes.io/role values, sorted,
 * distinct, joined with ","; "<none>". */
static void
node_roles(struct printer_row *row, const json_t *node)
{
	const json_t *labels = kc_meta_labels(node);
	size_t i, n = json_object_size(labels), k = 0;
	struct printers_text t = PRINTERS_TEXT_INIT;
	KC_AUTOFREE const char **roles = NULL;
	const char *key;
	json_t *v;

	if (n > 0 && (roles = calloc(n, sizeof(*roles))) == NULL) {
		printer_row_add(row, NULL);
		return;
	}
	json_object_foreach((json_t *)labels, key, v) {
		const char *value = json_string_value(v);

		if (strncmp(key, LABEL_NODE_ROLE_PREFIX, strlen(LABEL_NODE_ROLE_PREFIX)) == 0) {
			if (key[strlen(LABEL_NODE_ROLE_PREFIX)] != '\0')
				roles[k++] = key + strlen(LABEL_NODE_ROLE_PREFIX);
		} else if (strcmp(key, LABEL_NODE_ROLE) == 0 && value != NULL && *value != '\0') {
			roles[k++] = value;
		}
	}
	if (k > 0)
		qsort(roles, k, sizeof(*roles), printers_compare_strings);
	for (i = 0; i < k; i++)
		if (i == 0 || strcmp(roles[i], roles[i - 1]) != 0)
			printers_text_join(&t, ",", roles[i]);
	if (t.sb.len == 0)
		printers_text_add(&t, "<none>");
	printer_row_add_text(row, &t);
}

/* The first address of that type, or "<none>". */
static void
node_address(struct printer_row *row, const json_t *node, const char *type)
{
	const json_t *a;
	size_t i;

	json_array_foreach(printers_array(node, "status.addresses"), i, a) {
		if (strcmp(printers_str0(a, "type"), type) == 0) {
			printer_row_add_str(row, printers_str0(a, "address"));
			return;
		}
	}
	printer_row_add_str(row, "<none>");
}

static void
add_or_unknown(struct printer_row *row, const char *s)
{
	printer_row_add_str(row, *s != '\0' ? s : "<unknown>");
}

static int
node_row(struct printer_row *row, const json_t *node)
{
	printer_row_add_str(row, printers_str0(node, "metadata.name"));
	node_status(row, node);
	node_roles(row, node);
	printer_row_add_creation_age(row, node);
	printer_row_add_str(row, printers_str0(node, "status.nodeInfo.kubeletVersion"));
	node_address(row, node, "InternalIP");
	node_address(row, node, "ExternalIP");
	add_or_unknown(row, printers_str0(node, "status.nodeInfo.osImage"));
	add_or_unknown(row, printers_str0(node, "status.nodeInfo.kernelVersion"));
	add_or_unknown(row, printers_str0(node, "status.nodeInfo.containerRuntimeVersion"));
	return row->err;
}

PRINTER_DEFINE(printer_nodes, "", "nodes", node_columns, node_row);

/* ---- events (core/v1 and events.k8s.io/v1) ------------------------------------------------ */

static const struct printer_column event_columns[] = {
	PRINTER_COL("Last Seen", "string", printers_desc_ev_last),
	PRINTER_COL("Type", "string", printers_desc_ev_type),
	PRINTER_COL("Reason", "string", printers_desc_ev_reason),
	PRINTER_COL("Object", "string", printers_desc_ev_object),
	PRINTER_COL_WIDE("Subobject", "string", printers_desc_ev_subobject),
	PRINTER_COL_WIDE("Source", "string", printers_desc_ev_source),
	PRINTER_COL("Message", "string", printers_desc_ev_message),
	PRINTER_COL_WIDE("First Seen", "string", printers_desc_ev_first),
	PRINTER_COL_WIDE("Count", "string", printers_desc_ev_count),
	{ "Name", "string", "name", printers_desc_name, 1 },
};

/* The JSON names of the internal Event's fields in each served shape. */
struct event_fields {
	const char *involved;
	const char *message;
	const char *source_component;
	const char *source_host;
	const char *first;
	const char *last;
	const char *count;
	const char *reporting_controller;
};

static const struct event_fields core_event_fields = {
	"involvedObject", "message", "source.component",   "source.host", "firstTimestamp",
	"lastTimestamp",  "count",   "reportingComponent",
};

/* pkg/apis/events/v1 conversion: regarding, note, deprecated* */
static const struct event_fields events_event_fields = {
	"regarding",
	"note",
	"deprecatedSource.component",
	"deprecatedSource.host",
	"deprecatedFirstTimestamp",
	"deprecatedLastTimestamp",
	"deprecatedCount",
	"reportingController",
};

/* unicode.IsSpace for the rune at s (n bytes left); its length, or 0 when not a space. */
static size_t
space_len(const unsigned char *s, size_t n)
{
	unsigned int cp;

	if (n >= 1 && (*s == ' ' || (*s >= '\t' && *s <= '\r')))
		return 1;
	if (n >= 2 && s[0] == 0xc2 && (s[1] == 0x85 || s[1] == 0xa0))
		return 2;
	if (n < 3 || (s[0] & 0xf0) != 0xe0)
		return 0;
	cp = ((s[0] & 0x0fu) << 12) | ((s[1] & 0x3fu) << 6) | (s[2] & 0x3fu);
	if (cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp == 0x2028 || cp == 0x2029 ||
	    cp == 0x202f || cp == 0x205f || cp == 0x3000)
		return 3;
	return 0;
}

/* strings.TrimSpace: the spaces' lengths are 1 to 3 bytes, so the end is found by trying each. */
static void
add_trimmed(struct printer_row *row, const char *text)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t n = strlen(text), k;

	while (n > 0 && (k = space_len(s, n)) > 0) {
		s += k;
		n -= k;
	}
	for (;;) {
		for (k = 1; k <= 3 && k <= n; k++)
			if (space_len(s + n - k, k) == k)
				break;
		if (k > 3 || k > n)
			break;
		n -= k;
	}
	printer_row_add(row, json_stringn((const char *)s, n));
}

/* translateTimestampSince / translateMicroTimestampSince into buf. */
static const char *
event_since(const struct printer_row *row, const json_t *ev, const char *path, char *buf)
{
	return printers_since(row, printers_time(ev, path), buf, PRINTERS_DURATION_BUFSZ);
}

static void
event_target(struct printer_row *row, const json_t *involved)
{
	const char *kind = printers_str0(involved, "kind"), *name = printers_str0(involved, "name");
	KC_AUTOFREE char *lower = strdup(kind);

	if (lower == NULL) {
		printer_row_add(row, NULL);
		return;
	}
	for (char *p = lower; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	if (*name != '\0')
		printer_row_add_strf(row, "%s/%s", lower, name);
	else
		printer_row_add_str(row, lower);
}

/* formatEventSource: component (or reportingController), then ", host" (or instance). */
static void
event_source(struct printer_row *row, const json_t *ev, const struct event_fields *f)
{
	const char *component = printers_str0(ev, f->source_component);
	const char *host = printers_str0(ev, f->source_host);

	if (*component == '\0')
		component = printers_str0(ev, f->reporting_controller);
	if (*host == '\0')
		host = printers_str0(ev, "reportingInstance");
	if (*host == '\0')
		printer_row_add_str(row, component);
	else
		printer_row_add_strf(row, "%s, %s", component, host);
}

static int
event_row(struct printer_row *row, const json_t *ev)
{
	const struct event_fields *f =
		strncmp(printers_str0(ev, "apiVersion"), "events.k8s.io/", 14) == 0
			? &events_event_fields
			: &core_event_fields;
	char first[PRINTERS_DURATION_BUFSZ], last[PRINTERS_DURATION_BUFSZ];
	const char *first_seen, *last_seen;
	int64_t count = printers_int(ev, f->count);

	first_seen = event_since(row, ev, f->first, first);
	if (printers_time(ev, f->first) == PRINTERS_TIME_ZERO)
		first_seen = event_since(row, ev, "eventTime", first);
	last_seen = event_since(row, ev, f->last, last);
	if (printers_time(ev, f->last) == PRINTERS_TIME_ZERO)
		last_seen = first_seen;
	if (printers_has(ev, "series")) {
		last_seen = event_since(row, ev, "series.lastObservedTime", last);
		count = printers_int(ev, "series.count");
	} else if (count == 0) {
		count = 1; /* singleton events of the new API have no count */
	}

	printer_row_add_str(row, last_seen);
	printer_row_add_str(row, printers_str0(ev, "type"));
	printer_row_add_str(row, printers_str0(ev, "reason"));
	event_target(row, printers_get(ev, f->involved));
	printer_row_add_str(row, printers_str0(printers_get(ev, f->involved), "fieldPath"));
	event_source(row, ev, f);
	add_trimmed(row, printers_str0(ev, f->message));
	printer_row_add_str(row, first_seen);
	printer_row_add_int(row, count);
	printer_row_add_str(row, printers_str0(ev, "metadata.name"));
	return row->err;
}

PRINTER_DEFINE(printer_events, "", "events", event_columns, event_row);
PRINTER_DEFINE(printer_events_k8s_io, "events.k8s.io", "events", event_columns, event_row);

/* ---- namespaces, configmaps, secrets, serviceaccounts ---------------------------------------- */

static const struct printer_column namespace_columns[] = {
	PRINTER_COL_NAME,
	PRINTER_COL("Status", "string", "The status of the namespace"),
	PRINTER_COL_AGE,
};

static int
namespace_row(struct printer_row *row, const json_t *obj)
{
	printer_row_add_str(row, printers_str0(obj, "metadata.name"));
	printer_row_add_str(row, printers_str0(obj, "status.phase"));
	printer_row_add_creation_age(row, obj);
	return row->err;
}

PRINTER_DEFINE(printer_namespaces, "", "namespaces", namespace_columns, namespace_row);

static const struct printer_column configmap_columns[] = {
	PRINTER_COL_NAME,
	PRINTER_COL("Data", "string", printers_desc_cm_data),
	PRINTER_COL_AGE,
};

static int
configmap_row(struct printer_row *row, const json_t *obj)
{
	printer_row_add_str(row, printers_str0(obj, "metadata.name"));
	printer_row_add_int(row, (int64_t)(printers_map_len(obj, "data") +
					   printers_map_len(obj, "binaryData")));
	printer_row_add_creation_age(row, obj);
	return row->err;
}

PRINTER_DEFINE(printer_configmaps, "", "configmaps", configmap_columns, configmap_row);

static const struct printer_column secret_columns[] = {
	PRINTER_COL_NAME,
	PRINTER_COL("Type", "string", printers_desc_secret_type),
	PRINTER_COL("Data", "string", printers_desc_secret_data),
	PRINTER_COL_AGE,
};

/* len(internal Data): v1 stringData is merged into data by the conversion. */
static int64_t
secret_data_len(const json_t *obj)
{
	const json_t *data = printers_get(obj, "data"),
		     *string_data = printers_get(obj, "stringData");
	int64_t n = json_is_object(data) ? (int64_t)json_object_size(data) : 0;
	const char *key;
	json_t *v;

	if (json_is_object(string_data))
		json_object_foreach((json_t *)string_data, key, v)
			if (json_object_get(data, key) == NULL)
				n++;
	return n;
}

static int
secret_row(struct printer_row *row, const json_t *obj)
{
	printer_row_add_str(row, printers_str0(obj, "metadata.name"));
	printer_row_add_str(row, printers_str0(obj, "type"));
	printer_row_add_int(row, secret_data_len(obj));
	printer_row_add_creation_age(row, obj);
	return row->err;
}

PRINTER_DEFINE(printer_secrets, "", "secrets", secret_columns, secret_row);

static const struct printer_column serviceaccount_columns[] = {
	PRINTER_COL_NAME,
	PRINTER_COL("Secrets", "string", printers_desc_sa_secrets),
	PRINTER_COL_AGE,
};

static int
serviceaccount_row(struct printer_row *row, const json_t *obj)
{
	printer_row_add_str(row, printers_str0(obj, "metadata.name"));
	printer_row_add_int(row, (int64_t)printers_len(obj, "secrets"));
	printer_row_add_creation_age(row, obj);
	return row->err;
}

PRINTER_DEFINE(printer_serviceaccounts, "", "serviceaccounts", serviceaccount_columns,
	       serviceaccount_row);

/* ---- persistentvolumes, persistentvolumeclaims ---------------------------------------------- */

#define BETA_STORAGE_CLASS_ANNOTATION "volume.beta.kubernetes.io/storage-class"

/* helper.GetAccessModesAsString: RWO,ROX,RWX,RWOP in that order, each once. */
static void
add_access_modes(struct printer_row *row, const json_t *modes)
{
	static const struct {
		const char *mode, *abbrev;
	} known[] = {
		{ "ReadWriteOnce", "RWO" },
		{ "ReadOnlyMany", "ROX" },
		{ "ReadWriteMany", "RWX" },
		{ "ReadWriteOncePod", "RWOP" },
	};
	struct printers_text t = PRINTERS_TEXT_INIT;
	const json_t *m;
	size_t i, j;

	for (i = 0; i < KC_ARRAY_SIZE(known); i++) {
		json_array_foreach(modes, j, m) {
			if (json_is_string(m) && strcmp(json_string_value(m), known[i].mode) == 0) {
				printers_text_join(&t, ",", known[i].abbrev);
				break;
			}
		}
	}
	printer_row_add_text(row, &t);
}

/* GetPersistentVolume(Claim)Class: the beta annotation first, then spec.storageClassName. */
static const char *
storage_class_of(const json_t *obj)
{
	const json_t *ann = kc_meta_annotations(obj);
	const char *beta = json_string_value(json_object_get(ann, BETA_STORAGE_CLASS_ANNOTATION));

	return beta != NULL ? beta : printers_str0(obj, "spec.storageClassName");
}

static void
add_or_unset(struct printer_row *row, const char *s)
{
	printer_row_add_str(row, s != NULL ? s : "<unset>");
}

static const struct printer_column pv_columns[] = {
	PRINTER_COL_NAME,
	PRINTER_COL("Capacity", "string", printers_desc_pv_capacity),
	PRINTER_COL("Access Modes", "string", printers_desc_pv_modes),
	PRINTER_COL("Reclaim Policy", "string", printers_desc_pv_reclaim),
	PRINTER_COL("Status", "string", printers_desc_pv_phase),
	PRINTER_COL("Claim", "string", printers_desc_pv_claim),
	PRINTER_COL("StorageClass", "string", "StorageClass of the pv"),
	PRINTER_COL("VolumeAttributesClass", "string", "VolumeAttributesClass of the pv"),
	PRINTER_COL("Reason", "string", printers_desc_pv_reason),
	PRINTER_COL_AGE,
	PRINTER_COL_WIDE("VolumeMode", "string", printers_desc_pv_mode),
};

static int
pv_row(struct printer_row *row, const json_t *pv)
{
	char qty[PRINTERS_QUANTITY_BUFSZ];

	printer_row_add_str(row, printers_str0(pv, "metadata.name"));
	printer_row_add_str(row, printers_quantity(printers_get(pv, "spec.capacity.storage"), qty,
						   sizeof(qty)));
	add_access_modes(row, printers_array(pv, "spec.accessModes"));
	printer_row_add_str(row, printers_str0(pv, "spec.persistentVolumeReclaimPolicy"));
	printer_row_add_str(row, printers_has(pv, "metadata.deletionTimestamp")
					 ? "Terminating"
					 : printers_str0(pv, "status.phase"));
	if (printers_has(pv, "spec.claimRef"))
		printer_row_add_strf(row, "%s/%s", printers_str0(pv, "spec.claimRef.namespace"),
				     printers_str0(pv, "spec.claimRef.name"));
	else
		printer_row_add_str(row, "");
	printer_row_add_str(row, storage_class_of(pv));
	add_or_unset(row, printers_str(pv, "spec.volumeAttributesClassName"));
	printer_row_add_str(row, printers_str0(pv, "status.reason"));
	printer_row_add_creation_age(row, pv);
	add_or_unset(row, printers_str(pv, "spec.volumeMode"));
	return row->err;
}

PRINTER_DEFINE(printer_persistentvolumes, "", "persistentvolumes", pv_columns, pv_row);

static const struct printer_column pvc_columns[] = {
	PRINTER_COL_NAME,
	PRINTER_COL("Status", "string", printers_desc_pvc_phase),
	PRINTER_COL("Volume", "string", printers_desc_pvc_volume),
	PRINTER_COL("Capacity", "string", printers_desc_pvc_capacity),
	PRINTER_COL("Access Modes", "string", printers_desc_pvc_modes),
	PRINTER_COL("StorageClass", "string", "StorageClass of the pvc"),
	PRINTER_COL("VolumeAttributesClass", "string", "VolumeAttributesClass of the pvc"),
	PRINTER_COL_AGE,
	PRINTER_COL_WIDE("VolumeMode", "string", printers_desc_pvc_mode),
};

static int
pvc_row(struct printer_row *row, const json_t *pvc)
{
	const char *volume = printers_str0(pvc, "spec.volumeName");
	const json_t *ann = kc_meta_annotations(pvc);
	const char *cls = json_string_value(json_object_get(ann, BETA_STORAGE_CLASS_ANNOTATION));
	char qty[PRINTERS_QUANTITY_BUFSZ];

	if (cls == NULL)
		cls = printers_str0(pvc, "spec.storageClassName");
	printer_row_add_str(row, printers_str0(pvc, "metadata.name"));
	printer_row_add_str(row, printers_has(pvc, "metadata.deletionTimestamp")
					 ? "Terminating"
					 : printers_str0(pvc, "status.phase"));
	printer_row_add_str(row, volume);
	/* Capacity and access modes are shown once the claim is bound to a volume. */
	if (*volume != '\0') {
		printer_row_add_str(row,
				    printers_quantity(printers_get(pvc, "status.capacity.storage"),
						      qty, sizeof(qty)));
		add_access_modes(row, printers_array(pvc, "status.accessModes"));
	} else {
		printer_row_add_str(row, "");
		printer_row_add_str(row, "");
	}
	printer_row_add_str(row, cls);
	add_or_unset(row, printers_str(pvc, "spec.volumeAttributesClassName"));
	printer_row_add_creation_age(row, pvc);
	add_or_unset(row, printers_str(pvc, "spec.volumeMode"));
	return row->err;
}

PRINTER_DEFINE(printer_persistentvolumeclaims, "", "persistentvolumeclaims", pvc_columns, pvc_row);

/* ---- resourcequotas ---------------------------------------------------------------------------- */

static const struct printer_column resourcequota_columns[] = {
	PRINTER_COL_NAME,
	PRINTER_COL(
		"Request", "string",
		"Request represents a minimum amount of cpu/memory that a container may consume."),
	PRINTER_COL(
		"Limit", "string",
		"Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node."),
	PRINTER_COL_AGE,
};

/* "cpu: 100m/1, pods: 2/10" for requests, the "limits.*" resources in the second column. */
static int
resourcequota_row(struct printer_row *row, const json_t *obj)
{
	const json_t *hard = printers_get(obj, "status.hard"),
		     *used = printers_get(obj, "status.used");
	struct printers_text request = PRINTERS_TEXT_INIT, limit = PRINTERS_TEXT_INIT;
	size_t i, n = json_is_object(hard) ? json_object_size(hard) : 0;
	KC_AUTOFREE const char **names = NULL;
	const char *key;
	json_t *v;

	if (n > 0 && (names = calloc(n, sizeof(*names))) == NULL)
		return KC_ERR_NOMEM;
	i = 0;
	if (n > 0) {
		json_object_foreach((json_t *)hard, key, v)
			names[i++] = key;
		qsort(names, n, sizeof(*names), printers_compare_strings);
	}
	for (i = 0; i < n; i++) {
		const char *dot = strchr(names[i], '.');
		struct printers_text *t =
			dot != NULL && dot - names[i] == 6 && strncmp(names[i], "limits", 6) == 0
				? &limit
				: &request;
		char u[PRINTERS_QUANTITY_BUFSZ], h[PRINTERS_QUANTITY_BUFSZ];

		printers_text_join(t, ", ", "");
		printers_text_addf(
			t, "%s: %s/%s", names[i],
			printers_quantity(json_object_get(used, names[i]), u, sizeof(u)),
			printers_quantity(json_object_get(hard, names[i]), h, sizeof(h)));
	}
	printer_row_add_str(row, printers_str0(obj, "metadata.name"));
	printer_row_add_text(row, &request);
	printer_row_add_text(row, &limit);
	printer_row_add_creation_age(row, obj);
	return row->err;
}

PRINTER_DEFINE(printer_resourcequotas, "", "resourcequotas", resourcequota_columns,
	       resourcequota_row);
