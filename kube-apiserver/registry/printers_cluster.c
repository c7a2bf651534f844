/*
 * printers_cluster.c - Table printers for the smaller API groups: certificates.k8s.io,
 * coordination.k8s.io, discovery.k8s.io, node.k8s.io, rbac.authorization.k8s.io,
 * scheduling.k8s.io and storage.k8s.io (upstream: pkg/printers/internalversion/printers.go
 * printCertificateSigningRequest, printLease, printEndpointSlice, printRuntimeClass,
 * printRoleBinding, printClusterRoleBinding, printPriorityClass, printStorageClass,
 * printCSINode, printCSIDriver, printCSIStorageCapacity, printVolumeAttachment;
 * pkg/apis/rbac/helpers.go SubjectsStrings, pkg/apis/storage/util IsDefaultAnnotation).
 */
#include <stdio.h>
#include <string.h>

#include "libkcommon/errors.h"
#include "libkcommon/meta.h"

#include "kube-apiserver/registry/printers_util.h"

#define NSEC_PER_SEC 1000000000LL

static void
add_name(struct printer_row *row, const json_t *obj)
{
	printer_row_add_str(row, printers_str0(obj, "metadata.name"));
}

/* ---- certificatesigningrequests ---------------------------------------------------------- */

static const struct printer_column csr_columns[] = {
	PRINTER_COL_NAME,
	PRINTER_COL_AGE,
	PRINTER_COL("SignerName", "string", printers_desc_csr_signer),
	PRINTER_COL("Requestor", "string", printers_desc_csr_requestor),
	PRINTER_COL("RequestedDuration", "string", printers_desc_csr_duration),
	PRINTER_COL("Condition", "string", printers_desc_csr_condition),
};

/* extractCSRStatus: Denied, else Approved, else Pending; then ",Failed" and ",Issued". */
static void
csr_condition(struct printer_row *row, const json_t *csr)
{
	int approved = 0, denied = 0, failed = 0;
	const json_t *c;
	size_t i;

	json_array_foreach(printers_array(csr, "status.conditions"), i, c) {
		const char *type = printers_str0(c, "type");

		approved |= strcmp(type, "Approved") == 0;
		denied |= strcmp(type, "Denied") == 0;
		failed |= strcmp(type, "Failed") == 0;
	}
	printer_row_add_strf(row, "%s%s%s",
			     denied     ? "Denied"
			     : approved ? "Approved"
					: "Pending",
			     failed ? ",Failed" : "",
			     *printers_str0(csr, "status.certificate") != '\0' ? ",Issued" : "");
}

/* csr.ExpirationSecondsToDuration; the field is an int32, so only bad input saturates. */
static int64_t
csr_expiration_ns(int64_t seconds)
{
	int64_t ns;

	if (__builtin_mul_overflow(seconds, NSEC_PER_SEC, &ns))
		return seconds > 0 ? INT64_MAX : INT64_MIN;
	return ns;
}

static int
csr_row(struct printer_row *row, const json_t *csr)
{
	const char *signer = printers_str0(csr, "spec.signerName");
	char buf[PRINTERS_DURATION_BUFSZ];

	add_name(row, csr);
	printer_row_add_creation_age(row, csr);
	printer_row_add_str(row, *signer != '\0' ? signer : "<none>");
	printer_row_add_str(row, printers_str0(csr, "spec.username"));
	if (printers_has(csr, "spec.expirationSeconds"))
		printer_row_add_str(
			row, printers_human_duration(
				     csr_expiration_ns(printers_int(csr, "spec.expirationSeconds")),
				     buf, sizeof(buf)));
	else
		printer_row_add_str(row, "<none>");
	csr_condition(row, csr);
	return row->err;
}

PRINTER_DEFINE(printer_certificatesigningrequests, "certificates.k8s.io",
	       "certificatesigningrequests", csr_columns, csr_row);

/* ---- leases ------------------------------------------------------------------------------------- */

static const struct printer_column lease_columns[] = {
	PRINTER_COL_NAME,
	PRINTER_COL("Holder", "string", printers_desc_lease_holder),
	PRINTER_COL_AGE,
};

static int
lease_row(struct printer_row *row, const json_t *obj)
{
	add_name(row, obj);
	printer_row_add_str(row, printers_str0(obj, "spec.holderIdentity"));
	printer_row_add_creation_age(row, obj);
	return row->err;
}

PRINTER_DEFINE(printer_leases, "coordination.k8s.io", "leases", lease_columns, lease_row);

/* ---- endpointslices ---------------------------------------------------------------------------- */

static const struct printer_column endpointslice_columns[] = {
	PRINTER_COL_NAME,
	PRINTER_COL("AddressType", "string", printers_desc_eps_type),
	PRINTER_COL("Ports", "string", printers_desc_eps_ports),
	PRINTER_COL("Endpoints", "string", printers_desc_eps_endpoints),
	PRINTER_COL_AGE,
};

#define SLICE_SHOWN 3

/* listWithMoreString: the first three, " + N more...", "<unset>" for none. */
struct shortlist {
	struct printers_text t;
	size_t shown;
	size_t count;
};

static void
shortlist_add(struct shortlist *l, const char *s)
{
	if (l->shown < SLICE_SHOWN) {
		printers_text_join(&l->t, ",", s);
		l->shown++;
	}
	l->count++;
}

static void
shortlist_done(struct printer_row *row, struct shortlist *l)
{
	if (l->count > SLICE_SHOWN)
		printers_text_addf(&l->t, " + %zu more...", l->count - SLICE_SHOWN);
	else if (l->t.sb.len == 0)
		printers_text_add(&l->t, "<unset>");
	printer_row_add_text(row, &l->t);
}

static int
endpointslice_row(struct printer_row *row, const json_t *obj)
{
	struct shortlist ports = { .t = PRINTERS_TEXT_INIT }, eps = { .t = PRINTERS_TEXT_INIT };
	const json_t *p, *ep, *addr;
	size_t i, j;

	json_array_foreach(printers_array(obj, "ports"), i, p) {
		char num[24];

		if (json_is_integer(printers_get(p, "port"))) {
			snprintf(num, sizeof(num), "%lld", (long long)printers_int(p, "port"));
			shortlist_add(&ports, num);
		} else {
			shortlist_add(&ports, printers_str(p, "name") != NULL
						      ? printers_str(p, "name")
						      : "*");
		}
	}
	json_array_foreach(printers_array(obj, "endpoints"), i, ep)
		json_array_foreach(printers_array(ep, "addresses"), j, addr)
			shortlist_add(&eps, json_is_string(addr) ? json_string_value(addr) : "");

	add_name(row, obj);
	printer_row_add_str(row, printers_str0(obj, "addressType"));
	shortlist_done(row, &ports);
	shortlist_done(row, &eps);
	printer_row_add_creation_age(row, obj);
	return row->err;
}

PRINTER_DEFINE(printer_endpointslices, "discovery.k8s.io", "endpointslices", endpointslice_columns,
	       endpointslice_row);

/* ---- runtimeclasses, priorityclasses ------------------------------------------------------ */

static const struct printer_column runtimeclass_columns[] = {
	PRINTER_COL_NAME,
	PRINTER_COL("Handler", "string", printers_desc_rtc_handler),
	PRINTER_COL_AGE,
};

static int
runtimeclass_row(struct printer_row *row, const json_t *obj)
{
	add_name(row, obj);
	printer_row_add_str(row, printers_str0(obj, "handler"));
	printer_row_add_creation_age(row, obj);
	return row->err;
}

PRINTER_DEFINE(printer_runtimeclasses, "node.k8s.io", "runtimeclasses", runtimeclass_columns,
	       runtimeclass_row);

static const struct printer_column priorityclass_columns[] = {
	PRINTER_COL_NAME,
	PRINTER_COL("Value", "integer", printers_desc_pc_value),
	PRINTER_COL("Global-Default", "boolean", printers_desc_pc_default),
	PRINTER_COL_AGE,
	PRINTER_COL("PreemptionPolicy", "string", printers_desc_pc_preemption),
};

static int
priorityclass_row(struct printer_row *row, const json_t *obj)
{
	add_name(row, obj);
	printer_row_add_int(row, printers_int(obj, "value"));
	printer_row_add_bool(row, printers_bool(obj, "globalDefault", 0));
	printer_row_add_creation_age(row, obj);
	printer_row_add_str(row, printers_str0(obj, "preemptionPolicy"));
	return row->err;
}

PRINTER_DEFINE(printer_priorityclasses, "scheduling.k8s.io", "priorityclasses",
	       priorityclass_columns, priorityclass_row);

/* ---- rolebindings, clusterrolebindings ------------------------------------------------------ */

static const struct printer_column rolebinding_columns[] = {
	PRINTER_COL_NAME,
	PRINTER_COL("Role", "string", printers_desc_rb_role),
	PRINTER_COL_AGE,
	PRINTER_COL_WIDE("Users", "string", "Users in the roleBinding"),
	PRINTER_COL_WIDE("Groups", "string", "Groups in the roleBinding"),
	PRINTER_COL_WIDE("ServiceAccounts", "string", "ServiceAccounts in the roleBinding"),
};

static const struct printer_column clusterrolebinding_columns[] = {
	PRINTER_COL_NAME,
	PRINTER_COL("Role", "string", printers_desc_crb_role),
	PRINTER_COL_AGE,
	PRINTER_COL_WIDE("Users", "string", "Users in the clusterRoleBinding"),
	PRINTER_COL_WIDE("Groups", "string", "Groups in the clusterRoleBinding"),
	PRINTER_COL_WIDE("ServiceAccounts", "string", "ServiceAccounts in the clusterRoleBinding"),
};

/* rbac.SubjectsStrings, each list joined with ", "; service accounts as "namespace/name". */
static int
binding_row(struct printer_row *row, const json_t *obj)
{
	struct printers_text users = PRINTERS_TEXT_INIT, groups = PRINTERS_TEXT_INIT,
			     sas = PRINTERS_TEXT_INIT;
	const json_t *s;
	size_t i;

	json_array_foreach(printers_array(obj, "subjects"), i, s) {
		const char *kind = printers_str0(s, "kind"), *name = printers_str0(s, "name");

		if (strcmp(kind, "ServiceAccount") == 0) {
			printers_text_join(&sas, ", ", "");
			printers_text_addf(&sas, "%s/%s", printers_str0(s, "namespace"), name);
		} else if (strcmp(kind, "User") == 0) {
			printers_text_join(&users, ", ", name);
		} else if (strcmp(kind, "Group") == 0) {
			printers_text_join(&groups, ", ", name);
		}
	}
	add_name(row, obj);
	printer_row_add_strf(row, "%s/%s", printers_str0(obj, "roleRef.kind"),
			     printers_str0(obj, "roleRef.name"));
	printer_row_add_creation_age(row, obj);
	printer_row_add_text(row, &users);
	printer_row_add_text(row, &groups);
	printer_row_add_text(row, &sas);
	return row->err;
}

PRINTER_DEFINE(printer_rolebindings, "rbac.authorization.k8s.io", "rolebindings",
	       rolebinding_columns, binding_row);
PRINTER_DEFINE(printer_clusterrolebindings, "rbac.authorization.k8s.io", "clusterrolebindings",
	       clusterrolebinding_columns, binding_row);

/* ---- storageclasses ------------------------------------------------------------------------ */

static const struct printer_column storageclass_columns[] = {
	PRINTER_COL_NAME,
	PRINTER_COL("Provisioner", "string", printers_desc_sc_provisioner),
	PRINTER_COL("ReclaimPolicy", "string", printers_desc_sc_reclaim),
	PRINTER_COL("VolumeBindingMode", "string", printers_desc_sc_binding),
	PRINTER_COL("AllowVolumeExpansion", "string", printers_desc_sc_expansion),
	PRINTER_COL_AGE,
};

static int
is_default_class(const json_t *obj)
{
	const char *ga = kc_meta_annotation(obj, "storageclass.kubernetes.io/is-default-class");
	const char *beta =
		kc_meta_annotation(obj, "storageclass.beta.kubernetes.io/is-default-class");

	return (ga != NULL && strcmp(ga, "true") == 0) ||
	       (beta != NULL && strcmp(beta, "true") == 0);
}

static int
storageclass_row(struct printer_row *row, const json_t *obj)
{
	const char *reclaim = printers_str(obj, "reclaimPolicy");
	const char *binding = printers_str(obj, "volumeBindingMode");

	printer_row_add_strf(row, "%s%s", printers_str0(obj, "metadata.name"),
			     is_default_class(obj) ? " (default)" : "");
	printer_row_add_str(row, printers_str0(obj, "provisioner"));
	printer_row_add_str(row, reclaim != NULL ? reclaim : "Delete");
	printer_row_add_str(row, binding != NULL ? binding : "Immediate");
	printer_row_add_bool(row, printers_bool(obj, "allowVolumeExpansion", 0));
	printer_row_add_creation_age(row, obj);
	return row->err;
}

PRINTER_DEFINE(printer_storageclasses, "storage.k8s.io", "storageclasses", storageclass_columns,
	       storageclass_row);

/* ---- csinodes, csidrivers, csistoragecapacities, volumeattachments ------------------------- */

static const struct printer_column csinode_columns[] = {
	PRINTER_COL_NAME,
	PRINTER_COL("Drivers", "integer",
		    "Drivers indicates the number of CSI drivers registered on the node"),
	PRINTER_COL_AGE,
};

static int
csinode_row(struct printer_row *row, const json_t *obj)
{
	add_name(row, obj);
	printer_row_add_int(row, (int64_t)printers_len(obj, "spec.drivers"));
	printer_row_add_creation_age(row, obj);
	return row->err;
}

PRINTER_DEFINE(printer_csinodes, "storage.k8s.io", "csinodes", csinode_columns, csinode_row);

static const struct printer_column csidriver_columns[] = {
	PRINTER_COL_NAME,
	PRINTER_COL("AttachRequired", "boolean", printers_desc_csid_attach),
	PRINTER_COL("PodInfoOnMount", "boolean", printers_desc_csid_podinfo),
	PRINTER_COL("StorageCapacity", "boolean", printers_desc_csid_capacity),
	PRINTER_COL("TokenRequests", "string", printers_desc_csid_tokens),
	PRINTER_COL("RequiresRepublish", "boolean", printers_desc_csid_republish),
	PRINTER_COL("Modes", "string", printers_desc_csid_modes),
	PRINTER_COL_AGE,
};

static int
csidriver_row(struct printer_row *row, const json_t *obj)
{
	struct printers_text tokens = PRINTERS_TEXT_INIT, modes = PRINTERS_TEXT_INIT;
	const json_t *v;
	size_t i;

	json_array_foreach(printers_array(obj, "spec.tokenRequests"), i, v)
		printers_text_join(&tokens, ",", printers_str0(v, "audience"));
	json_array_foreach(printers_array(obj, "spec.volumeLifecycleModes"), i, v)
		printers_text_join(&modes, ",", json_string_value(v));

	add_name(row, obj);
	printer_row_add_bool(row, printers_bool(obj, "spec.attachRequired", 1));
	printer_row_add_bool(row, printers_bool(obj, "spec.podInfoOnMount", 0));
	printer_row_add_bool(row, printers_bool(obj, "spec.storageCapacity", 0));
	if (!printers_has(obj, "spec.tokenRequests"))
		printers_text_add(&tokens, "<unset>");
	printer_row_add_text(row, &tokens);
	printer_row_add_bool(row, printers_bool(obj, "spec.requiresRepublish", 0));
	if (modes.sb.len == 0)
		printers_text_add(&modes, "<none>");
	printer_row_add_text(row, &modes);
	printer_row_add_creation_age(row, obj);
	return row->err;
}

PRINTER_DEFINE(printer_csidrivers, "storage.k8s.io", "csidrivers", csidriver_columns,
	       csidriver_row);

static const struct printer_column csistoragecapacity_columns[] = {
	PRINTER_COL_NAME,
	PRINTER_COL("StorageClassName", "string", printers_desc_csisc_class),
	PRINTER_COL("Capacity", "string", printers_desc_csisc_capacity),
};

static int
csistoragecapacity_row(struct printer_row *row, const json_t *obj)
{
	char qty[PRINTERS_QUANTITY_BUFSZ];

	add_name(row, obj);
	printer_row_add_str(row, printers_str0(obj, "storageClassName"));
	if (printers_has(obj, "capacity"))
		printer_row_add_str(
			row, printers_quantity(printers_get(obj, "capacity"), qty, sizeof(qty)));
	else
		printer_row_add_str(row, "<unset>");
	return row->err;
}

PRINTER_DEFINE(printer_csistoragecapacities, "storage.k8s.io", "csistoragecapacities",
	       csistoragecapacity_columns, csistoragecapacity_row);

static const struct printer_column volumeattachment_columns[] = {
	PRINTER_COL_NAME,
	{ "Attacher", "string", "name", printers_desc_va_attacher, 0 },
	PRINTER_COL("PV", "string", printers_desc_va_pv),
	PRINTER_COL("Node", "string", printers_desc_va_node),
	PRINTER_COL("Attached", "boolean", printers_desc_va_attached),
	PRINTER_COL_AGE,
};

static int
volumeattachment_row(struct printer_row *row, const json_t *obj)
{
	add_name(row, obj);
	printer_row_add_str(row, printers_str0(obj, "spec.attacher"));
	printer_row_add_str(row, printers_str0(obj, "spec.source.persistentVolumeName"));
	printer_row_add_str(row, printers_str0(obj, "spec.nodeName"));
	printer_row_add_bool(row, printers_bool(obj, "status.attached", 0));
	printer_row_add_creation_age(row, obj);
	return row->err;
}

PRINTER_DEFINE(printer_volumeattachments, "storage.k8s.io", "volumeattachments",
	       volumeattachment_columns, volumeattachment_row);
