/*
 * config.c - KubeProxyConfiguration v1alpha1: defaults, decoding, flags-or-file precedence and
 * validation (upstream: pkg/proxy/apis/config/v1alpha1/defaults.go,
 * pkg/proxy/apis/config/validation/validation.go, cmd/kube-proxy/app/options.go).
 *
 * Decoding is table driven: one row per field path of the v1alpha1 type, with the C field it
 * lands in (or none for fields ckube accepts and ignores).  A known field holding the wrong JSON
 * type is an error worded as Go's decoder; an unknown field is a warning (upstream's lenient
 * fallback after the strict decode fails).
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "kube-proxy/config.h"
#include "kube-proxy/options.h"
#include "libkcommon/duration.h"
#include "libkcommon/errors.h"
#include "libkcommon/flags.h"
#include "libkcommon/json.h"
#include "libkcommon/netutil.h"
#include "libkcommon/strbuf.h"
#include "libkcommon/yaml.h"

enum field_type {
	F_STRING,
	F_BOOL,
	F_INT,
	F_FLOAT,
	F_DURATION,
	F_STRV,
	F_IGNORED,
	F_OBJECT
};

struct field {
	const char *path; /* dotted JSON path below the document root */
	enum field_type type;
	size_t offset;
};

#define FIELD(path, type, member)                                      \
	{                                                              \
		path, type, offsetof(struct kube_proxy_config, member) \
	}
#define IGNORED(path)              \
	{                          \
		path, F_IGNORED, 0 \
	}
#define OBJECT(path)              \
	{                         \
		path, F_OBJECT, 0 \
	}

static const struct field fields[] = {
	FIELD("bindAddress", F_STRING, bind_address),
	IGNORED("bindAddressHardFail"),
	OBJECT("clientConnection"),
	FIELD("clientConnection.kubeconfig", F_STRING, kubeconfig),
	FIELD("clientConnection.contentType", F_STRING, content_type),
	IGNORED("clientConnection.acceptContentTypes"),
	FIELD("clientConnection.qps", F_FLOAT, qps),
	FIELD("clientConnection.burst", F_INT, burst),
	FIELD("clusterCIDR", F_STRING, cluster_cidr),
	FIELD("configSyncPeriod", F_DURATION, config_sync_period),
	OBJECT("conntrack"),
	FIELD("conntrack.maxPerCore", F_INT, conntrack_max_per_core),
	FIELD("conntrack.min", F_INT, conntrack_min),
	FIELD("conntrack.tcpBeLiberal", F_BOOL, conntrack_tcp_be_liberal),
	FIELD("conntrack.tcpEstablishedTimeout", F_DURATION, conntrack_tcp_established_timeout),
	FIELD("conntrack.tcpCloseWaitTimeout", F_DURATION, conntrack_tcp_close_wait_timeout),
	FIELD("conntrack.udpTimeout", F_DURATION, conntrack_udp_timeout),
	FIELD("conntrack.udpStreamTimeout", F_DURATION, conntrack_udp_stream_timeout),
	FIELD("detectLocalMode", F_STRING, detect_local_mode),
	OBJECT("detectLocal"),
	FIELD("detectLocal.bridgeInterface", F_STRING, bridge_interface),
	FIELD("detectLocal.interfaceNamePrefix", F_STRING, interface_name_prefix),
	IGNORED("enableProfiling"),
	IGNORED("featureGates"),
	FIELD("healthzBindAddress", F_STRING, healthz_bind_address),
	FIELD("hostnameOverride", F_STRING, hostname_override),
	IGNORED("iptables"),
	IGNORED("ipvs"),
	IGNORED("logging"),
	FIELD("metricsBindAddress", F_STRING, metrics_bind_address),
	FIELD("mode", F_STRING, mode),
	OBJECT("nftables"),
	FIELD("nftables.masqueradeAll", F_BOOL, masquerade_all),
	FIELD("nftables.masqueradeBit", F_INT, masquerade_bit),
	FIELD("nftables.minSyncPeriod", F_DURATION, min_sync_period),
	FIELD("nftables.syncPeriod", F_DURATION, sync_period),
	FIELD("nodePortAddresses", F_STRV, nodeport_addresses),
	FIELD("oomScoreAdj", F_INT, oom_score_adj),
	IGNORED("portRange"),
	IGNORED("showHiddenMetricsForVersion"),
	IGNORED("winkernel"),
	IGNORED("kind"),
	IGNORED("apiVersion"),
	{ NULL, 0, 0 },
};

static int
set_string(char **dst, const char *s)
{
	char *d = s ? strdup(s) : NULL;

	if (s && !d)
		return KC_ERR_NOMEM;
	free(*dst);
	*dst = d;
	return 0;
}

int
kube_proxy_config_defaults(struct kube_proxy_config *c)
{
	memset(c, 0, sizeof(*c));
	c->config_sync_period = 15 * 60 * 1000000000LL;
	c->conntrack_max_per_core = 32768;
	c->conntrack_min = 131072;
	c->conntrack_tcp_established_timeout = 24 * 3600 * 1000000000LL;
	c->conntrack_tcp_close_wait_timeout = 3600 * 1000000000LL;
	c->masquerade_bit = 14;
	c->sync_period = 30 * 1000000000LL;
	c->min_sync_period = 1000000000LL;
	c->oom_score_adj = -999;
	c->qps = 5;
	c->burst = 10;
	if (set_string(&c->bind_address, "0.0.0.0") < 0 ||
	    set_string(&c->healthz_bind_address, "0.0.0.0:10256") < 0 ||
	    set_string(&c->metrics_bind_address, "127.0.0.1:10249") < 0 ||
	    set_string(&c->detect_local_mode, "ClusterCIDR") < 0 ||
	    set_string(&c->content_type, "application/vnd.kubernetes.protobuf") < 0 ||
	    set_string(&c->mode, "") < 0) {
		kube_proxy_config_release(c);
		return KC_ERR_NOMEM;
	}
	return 0;
}

void
kube_proxy_config_release(struct kube_proxy_config *c)
{
	free(c->bind_address);
	free(c->cluster_cidr);
	free(c->detect_local_mode);
	free(c->bridge_interface);
	free(c->interface_name_prefix);
	free(c->healthz_bind_address);
	free(c->metrics_bind_address);
	free(c->hostname_override);
	free(c->mode);
	free(c->kubeconfig);
	free(c->content_type);
	kc_strv_release(&c->nodeport_addresses);
	memset(c, 0, sizeof(*c));
}

static const char *const go_types[] = {
	[F_STRING] = "string", [F_BOOL] = "bool",         [F_INT] = "int32",
	[F_FLOAT] = "float32", [F_DURATION] = "Duration", [F_STRV] = "[]string",
	[F_OBJECT] = "struct",
};

/* Stores v (a JSON value of the right type) into the field; KC_ERR_INVALID otherwise. */
static int
store_field(struct kube_proxy_config *c, const struct field *f, const json_t *v, char *err,
	    size_t errlen)
{
	void *dst = (char *)c + f->offset;
	int64_t ns;
	size_t i;

	if (json_is_null(v) || f->type == F_IGNORED || f->type == F_OBJECT)
		return f->type == F_OBJECT && !json_is_object(v) && !json_is_null(v)
			       ? kc_err_fail(
					 KC_ERR_INVALID, err, errlen,
					 "json: cannot unmarshal %s into Go struct field KubeProxyConfiguration.%s of type %s",
					 kc_json_go_kind(v), f->path, go_types[f->type])
			       : 0;
	switch (f->type) {
	case F_STRING:
		if (json_is_string(v))
			return set_string(dst, json_string_value(v));
		break;
	case F_BOOL:
		if (json_is_boolean(v)) {
			*(int *)dst = json_is_true(v);
			return 0;
		}
		break;
	case F_INT:
		if (json_is_integer(v) && json_integer_value(v) >= INT32_MIN &&
		    json_integer_value(v) <= INT32_MAX) {
			*(int *)dst = (int)json_integer_value(v);
			return 0;
		}
		break;
	case F_FLOAT:
		if (json_is_number(v)) {
			*(double *)dst = json_number_value(v);
			return 0;
		}
		break;
	case F_DURATION:
		if (json_is_string(v)) {
			if (kc_duration_parse(json_string_value(v), &ns) < 0)
				return kc_err_fail(KC_ERR_INVALID, err, errlen,
						   "time: invalid duration \"%s\"",
						   json_string_value(v));
			*(int64_t *)dst = ns;
			return 0;
		}
		break;
	case F_STRV:
		if (!json_is_array(v))
			break;
		kc_strv_release(dst);
		for (i = 0; i < json_array_size(v); i++) {
			const char *s = json_string_value(json_array_get(v, i));

			if (!s)
				return kc_err_fail(
					KC_ERR_INVALID, err, errlen,
					"json: cannot unmarshal %s into Go struct field KubeProxyConfiguration.%s of type string",
					kc_json_go_kind(json_array_get(v, i)), f->path);
			if (kc_strv_push(dst, s) < 0)
				return KC_ERR_NOMEM;
		}
		return 0;
	default:
		return 0;
	}
	return kc_err_fail(
		KC_ERR_INVALID, err, errlen,
		"json: cannot unmarshal %s into Go struct field KubeProxyConfiguration.%s of type %s",
		kc_json_go_kind(v), f->path, go_types[f->type]);
}

static const struct field *
find_field(const char *path)
{
	const struct field *f;

	for (f = fields; f->path; f++)
		if (strcmp(f->path, path) == 0)
			return f;
	return NULL;
}

/* Walks obj's keys below prefix: known fields are stored, unknown ones warned about. */
static int
apply_object(struct kube_proxy_config *c, const json_t *obj, const char *prefix,
	     struct kc_strv *warnings, char *err, size_t errlen)
{
	const char *key;
	json_t *v;
	int r = 0;

	json_object_foreach((json_t *)obj, key, v) {
		char path[256];
		const struct field *f;

		snprintf(path, sizeof(path), "%s%s%s", prefix, *prefix ? "." : "", key);
		f = find_field(path);
		if (!f) {
			if (warnings && kc_strv_pushf(warnings, "unknown field \"%s\"", path) < 0)
				return KC_ERR_NOMEM;
			continue;
		}
		r = store_field(c, f, v, err, errlen);
		if (r >= 0 && f->type == F_OBJECT && json_is_object(v))
			r = apply_object(c, v, path, warnings, err, errlen);
		if (r < 0)
			return r;
	}
	return 0;
}

int
kube_proxy_config_apply_json(struct kube_proxy_config *c, const json_t *doc,
			     struct kc_strv *warnings, char *err, size_t errlen)
{
	const char *kind = kc_json_get_string(doc, "kind", "");
	const char *api = kc_json_get_string(doc, "apiVersion", "");

	if (!json_is_object(doc))
		return kc_err_fail(
			KC_ERR_INVALID, err, errlen,
			"couldn't get version/kind; json parse error: the document is not an object");
	if (!*kind)
		return kc_err_fail(KC_ERR_INVALID, err, errlen,
				   "Object 'Kind' is missing in the configuration");
	if (strcmp(kind, "KubeProxyConfiguration") != 0 ||
	    strcmp(api, KUBE_PROXY_CONFIG_GROUP_VERSION) != 0)
		return kc_err_fail(
			KC_ERR_INVALID, err, errlen,
			"no kind \"%s\" is registered for version \"%s\" in scheme \"pkg/proxy/apis/config/scheme/scheme.go:28\"",
			kind, api);
	return apply_object(c, doc, "", warnings, err, errlen);
}

int
kube_proxy_config_load(const char *path, struct kube_proxy_config *c, struct kc_strv *warnings,
		       char *err, size_t errlen)
{
	char yerr[256];
	json_t *doc = NULL;
	int r;

	r = kube_proxy_config_defaults(c);
	if (r < 0)
		return r;
	r = kc_yaml_load_file(path, 0, &doc, yerr, sizeof(yerr));
	if (r == KC_ERR_SYSTEM)
		return kc_err_fail(r, err, errlen, "failed to read config file \"%s\", error: %s",
				   path, yerr);
	if (r < 0)
		return kc_err_fail(KC_ERR_PARSE, err, errlen,
				   "failed to decode config file \"%s\", error: %s", path, yerr);
	if (json_is_null(doc))
		r = kc_err_fail(
			KC_ERR_INVALID, err, errlen,
			"failed to decode config file \"%s\", error: Object 'Kind' is missing in the configuration",
			path);
	else
		r = kube_proxy_config_apply_json(c, doc, warnings, yerr, sizeof(yerr));
	if (r == KC_ERR_INVALID && !json_is_null(doc))
		kc_err_printf(err, errlen, "failed to decode config file \"%s\", error: %s", path,
			      yerr);
	json_decref(doc);
	return r;
}

/* The flag values as a configuration (no --config). */
static int
config_from_flags(const struct kube_proxy_options *o, struct kube_proxy_config *c)
{
	size_t i;
	int r = kube_proxy_config_defaults(c);

	if (r < 0)
		return r;
	c->config_sync_period = o->config_sync_period;
	c->conntrack_max_per_core = o->conntrack_max_per_core;
	c->conntrack_min = o->conntrack_min;
	c->conntrack_tcp_be_liberal = o->conntrack_tcp_be_liberal;
	c->conntrack_tcp_established_timeout = o->conntrack_tcp_timeout_established;
	c->conntrack_tcp_close_wait_timeout = o->conntrack_tcp_timeout_close_wait;
	c->conntrack_udp_timeout = o->conntrack_udp_timeout;
	c->conntrack_udp_stream_timeout = o->conntrack_udp_timeout_stream;
	c->masquerade_all = o->masquerade_all;
	c->oom_score_adj = o->oom_score_adj;
	c->qps = o->kube_api_qps;
	c->burst = o->kube_api_burst;
	if (set_string(&c->bind_address, o->bind_address) < 0 ||
	    set_string(&c->cluster_cidr, o->cluster_cidr) < 0 ||
	    set_string(&c->healthz_bind_address, o->healthz_bind_address) < 0 ||
	    set_string(&c->metrics_bind_address, o->metrics_bind_address) < 0 ||
	    set_string(&c->mode, o->proxy_mode ? o->proxy_mode : "") < 0 ||
	    set_string(&c->kubeconfig, o->kubeconfig) < 0 ||
	    set_string(&c->content_type, o->kube_api_content_type) < 0 ||
	    set_string(&c->bridge_interface, o->pod_bridge_interface) < 0 ||
	    set_string(&c->interface_name_prefix, o->pod_interface_name_prefix) < 0 ||
	    (kc_flags_nonempty(o->detect_local_mode) &&
	     set_string(&c->detect_local_mode, o->detect_local_mode) < 0))
		return KC_ERR_NOMEM;
	for (i = 0; i < o->nodeport_addresses.n; i++)
		if (kc_strv_push(&c->nodeport_addresses, o->nodeport_addresses.v[i]) < 0)
			return KC_ERR_NOMEM;
	return 0;
}

int
kube_proxy_config_complete(const struct kube_proxy_options *o, struct kube_proxy_config *c,
			   struct kc_strv *warnings, char *err, size_t errlen)
{
	int r;

	if (kc_flags_nonempty(o->config))
		r = kube_proxy_config_load(o->config, c, warnings, err, errlen);
	else
		r = config_from_flags(o, c);
	if (r == KC_ERR_NOMEM)
		kc_err_printf(err, errlen, "out of memory");
	/* --hostname-override wins over the file (kubeadm's DaemonSet passes both). */
	if (r >= 0 && kc_flags_nonempty(o->hostname_override))
		r = set_string(&c->hostname_override, o->hostname_override);
	return r;
}

#define INVALID "failed validate: KubeProxyConfiguration."

static int
validate_nftables(const struct kube_proxy_config *c, struct kc_strv *errs)
{
	char buf[64];
	int r = 0;

	if (c->masquerade_bit < 0 || c->masquerade_bit > 31)
		r = kc_strv_pushf(
			errs,
			INVALID
			"NFTables.MasqueradeBit: Invalid value: %d: must be within the range [0, 31]",
			c->masquerade_bit);
	if (r >= 0 && c->sync_period <= 0)
		r = kc_strv_pushf(
			errs,
			INVALID
			"NFTables.SyncPeriod: Invalid value: \"%s\": must be greater than 0",
			kc_duration_format(c->sync_period, buf, sizeof(buf)));
	if (r >= 0 && c->min_sync_period < 0)
		r = kc_strv_pushf(
			errs,
			INVALID
			"NFTables.MinSyncPeriod: Invalid value: \"%s\": must be greater than or equal to 0",
			kc_duration_format(c->min_sync_period, buf, sizeof(buf)));
	return r;
}

int
kube_proxy_config_validate(const struct kube_proxy_config *c, struct kc_strv *errs)
{
	struct kube_proxy_options o = { 0 };
	size_t before = errs->n;
	int r;

	/* The checks shared with the flags live in options.c; feed them the config's values. */
	o.proxy_mode = c->mode;
	o.detect_local_mode = c->detect_local_mode;
	o.config_sync_period = c->config_sync_period;
	o.oom_score_adj = c->oom_score_adj;
	o.conntrack_max_per_core = c->conntrack_max_per_core;
	o.conntrack_min = c->conntrack_min;
	o.cluster_cidr = c->cluster_cidr;
	o.nodeport_addresses = c->nodeport_addresses;
	r = kube_proxy_options_validate(&o, errs);
	if (r >= 0)
		r = validate_nftables(c, errs);
	if (r >= 0 && kc_flags_nonempty(c->healthz_bind_address) &&
	    kc_netutil_check_ip_port(c->healthz_bind_address, NULL, 0) < 0)
		r = kc_strv_pushf(
			errs, INVALID "HealthzBindAddress: Invalid value: \"%s\": must be IP:port",
			c->healthz_bind_address);
	if (r >= 0 && kc_flags_nonempty(c->metrics_bind_address) &&
	    kc_netutil_check_ip_port(c->metrics_bind_address, NULL, 0) < 0)
		r = kc_strv_pushf(
			errs, INVALID "MetricsBindAddress: Invalid value: \"%s\": must be IP:port",
			c->metrics_bind_address);
	return r < 0 ? r : (int)(errs->n - before);
}
