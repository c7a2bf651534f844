/*
 * config.c - KubeSchedulerConfiguration v1: decoding, defaults, the default plugin set and
 * validation (upstream: pkg/scheduler/apis/config/v1/defaults.go, default_plugins.go
 * getDefaultPlugins/mergePlugins, validation/validation.go, and
 * cmd/kube-scheduler/app/options/configfile.go + options.go ApplyTo).  See config.h.
 *
 * Decoding is strict as upstream's codec (serializer.EnableStrict): an unknown field is an
 * error ("strict decoding error: unknown field \"profiles[0].foo\"").
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kube-scheduler/config.h"
#include "kube-scheduler/options.h"
#include "libkcommon/duration.h"
#include "libkcommon/errors.h"
#include "libkcommon/flags.h"
#include "libkcommon/json.h"
#include "libkcommon/log.h"
#include "libkcommon/strbuf.h"
#include "libkcommon/yaml.h"

#define CONFIG_GROUP_VERSION "kubescheduler.config.k8s.io/v1"
#define CONFIG_KIND "KubeSchedulerConfiguration"

static const char *const ep_fields[SCHED_EP_COUNT] = {
	"preEnqueue", "queueSort", "preFilter", "filter", "postFilter", "preScore", "score",
	"reserve", "permit", "preBind", "bind", "postBind", "multiPoint",
};

const char *
sched_ext_point_field(enum sched_ext_point ep)
{
	return ep < SCHED_EP_COUNT ? ep_fields[ep] : "";
}

/* getDefaultPlugins (v1.32): everything through multiPoint, with the default score weights. */
static const struct {
	const char *name;
	int32_t weight;
} default_plugins[] = {
	{ "SchedulingGates", 0 },
	{ "PrioritySort", 0 },
	{ "NodeUnschedulable", 0 },
	{ "NodeName", 0 },
	{ "TaintToleration", 3 },
	{ "NodeAffinity", 2 },
	{ "NodePorts", 0 },
	{ "NodeResourcesFit", 1 },
	{ "VolumeRestrictions", 0 },
	{ "NodeVolumeLimits", 0 },
	{ "VolumeBinding", 0 },
	{ "VolumeZone", 0 },
	{ "PodTopologySpread", 2 },
	{ "InterPodAffinity", 2 },
	{ "DefaultPreemption", 0 },
	{ "NodeResourcesBalancedAllocation", 1 },
	{ "ImageLocality", 1 },
	{ "DefaultBinder", 0 },
};

int
sched_config_is_default_plugin(const char *name)
{
	for (size_t i = 0; i < sizeof(default_plugins) / sizeof(default_plugins[0]); i++)
		if (strcmp(default_plugins[i].name, name) == 0)
			return 1;
	return 0;
}

/* ---- plugin sets -------------------------------------------------------------------------- */

static void
plugin_set_release(struct sched_config_plugin_set *set)
{
	for (size_t i = 0; i < set->n_enabled; i++)
		free(set->enabled[i].name);
	free(set->enabled);
	kc_strv_release(&set->disabled);
	memset(set, 0, sizeof(*set));
}

static int
plugin_set_push(struct sched_config_plugin_set *set, const char *name, int32_t weight)
{
	struct sched_config_plugin *v = realloc(set->enabled, (set->n_enabled + 1) * sizeof(*v));

	if (!v)
		return KC_ERR_NOMEM;
	set->enabled = v;
	v[set->n_enabled].name = strdup(name);
	if (!v[set->n_enabled].name)
		return KC_ERR_NOMEM;
	v[set->n_enabled++].weight = weight;
	return 0;
}

static const struct sched_config_plugin *
plugin_set_find(const struct sched_config_plugin_set *set, const char *name, size_t *ret_index)
{
	for (size_t i = 0; i < set->n_enabled; i++) {
		if (strcmp(set->enabled[i].name, name) == 0) {
			if (ret_index)
				*ret_index = i;
			return &set->enabled[i];
		}
	}
	return NULL;
}

/*
 * mergePluginSet: the defaults not disabled (all of them gone with "*"), each replaced in
 * place by a custom entry of the same name, then the other custom entries in their order.
 */
static int
merge_plugin_set(const struct sched_config_plugin_set *def, const struct sched_config_plugin_set *custom,
		 struct sched_config_plugin_set *out)
{
	unsigned char *replaced = calloc(custom->n_enabled + 1, 1);
	int r = 0;

	if (!replaced)
		return KC_ERR_NOMEM;
	for (size_t i = 0; r >= 0 && i < custom->disabled.n; i++)
		r = kc_strv_push(&out->disabled, custom->disabled.v[i]);
	for (size_t i = 0; r >= 0 && i < def->disabled.n; i++)
		r = kc_strv_push(&out->disabled, def->disabled.v[i]);
	if (r >= 0 && !kc_strv_contains(&out->disabled, "*")) {
		for (size_t i = 0; r >= 0 && i < def->n_enabled; i++) {
			const struct sched_config_plugin *p = &def->enabled[i], *c;
			size_t idx;

			if (kc_strv_contains(&out->disabled, p->name))
				continue;
			c = plugin_set_find(custom, p->name, &idx);
			if (c) {
				replaced[idx] = 1;
				p = c;
			}
			r = plugin_set_push(out, p->name, p->weight);
		}
	}
	for (size_t i = 0; r >= 0 && i < custom->n_enabled; i++)
		if (!replaced[i])
			r = plugin_set_push(out, custom->enabled[i].name, custom->enabled[i].weight);
	free(replaced);
	return r;
}

static int
default_multi_point(struct sched_config_plugin_set *set)
{
	for (size_t i = 0; i < sizeof(default_plugins) / sizeof(default_plugins[0]); i++)
		if (plugin_set_push(set, default_plugins[i].name, default_plugins[i].weight) < 0)
			return KC_ERR_NOMEM;
	return 0;
}

/* ---- lifecycle ------------------------------------------------------------------------------ */

static void
profile_release(struct sched_config_profile *p)
{
	free(p->scheduler_name);
	for (int ep = 0; ep < SCHED_EP_COUNT; ep++)
		plugin_set_release(&p->plugins[ep]);
	json_decref(p->plugin_config);
	memset(p, 0, sizeof(*p));
}

struct sched_config *
sched_config_free(struct sched_config *cfg)
{
	if (!cfg)
		return NULL;
	for (size_t i = 0; i < cfg->n_profiles; i++)
		profile_release(&cfg->profiles[i]);
	free(cfg->profiles);
	free(cfg->resource_lock);
	free(cfg->resource_name);
	free(cfg->resource_namespace);
	free(cfg->kubeconfig);
	free(cfg->content_type);
	free(cfg);
	return NULL;
}

static int
set_str(char **dst, const char *s)
{
	char *copy = s ? strdup(s) : NULL;

	if (s && !copy)
		return KC_ERR_NOMEM;
	free(*dst);
	*dst = copy;
	return 0;
}

/* SetDefaults_KubeSchedulerConfiguration for the scalar fields. */
static struct sched_config *
config_new_scalars(void)
{
	struct sched_config *cfg = calloc(1, sizeof(*cfg));

	if (!cfg)
		return NULL;
	cfg->parallelism = SCHED_DEFAULT_PARALLELISM;
	cfg->percentage_of_nodes_to_score = SCHED_DEFAULT_PERCENTAGE_OF_NODES;
	cfg->pod_initial_backoff_seconds = 1;
	cfg->pod_max_backoff_seconds = 10;
	cfg->leader_elect = 1;
	cfg->lease_duration_ns = 15LL * 1000000000;
	cfg->renew_deadline_ns = 10LL * 1000000000;
	cfg->retry_period_ns = 2LL * 1000000000;
	cfg->qps = 50;
	cfg->burst = 100;
	if (set_str(&cfg->resource_lock, "leases") < 0 || set_str(&cfg->resource_name, "kube-scheduler") < 0 ||
	    set_str(&cfg->resource_namespace, "kube-system") < 0 ||
	    set_str(&cfg->content_type, "application/vnd.kubernetes.protobuf") < 0)
		return sched_config_free(cfg);
	return cfg;
}

static int
add_profile(struct sched_config *cfg, struct sched_config_profile **ret)
{
	struct sched_config_profile *v = realloc(cfg->profiles, (cfg->n_profiles + 1) * sizeof(*v));

	if (!v)
		return KC_ERR_NOMEM;
	cfg->profiles = v;
	*ret = &v[cfg->n_profiles++];
	memset(*ret, 0, sizeof(**ret));
	(*ret)->percentage_of_nodes_to_score = -1;
	return 0;
}

struct sched_config *
sched_config_new_default(void)
{
	struct sched_config *cfg = config_new_scalars();
	struct sched_config_profile *p;

	if (!cfg)
		return NULL;
	if (add_profile(cfg, &p) < 0 || set_str(&p->scheduler_name, SCHED_DEFAULT_SCHEDULER_NAME) < 0 ||
	    default_multi_point(&p->plugins[SCHED_EP_MULTI_POINT]) < 0)
		return sched_config_free(cfg);
	return cfg;
}

const struct sched_config_profile *
sched_config_profile(const struct sched_config *cfg, const char *name)
{
	for (size_t i = 0; i < cfg->n_profiles; i++)
		if (name && strcmp(cfg->profiles[i].scheduler_name, name) == 0)
			return &cfg->profiles[i];
	return NULL;
}

/* ---- decoding ------------------------------------------------------------------------------- */

struct decoder {
	struct kc_strv *errs;
	int failed;
};

static void
decode_error(struct decoder *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
decode_error(struct decoder *d, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = kc_vstrfmt(fmt, ap);
	va_end(ap);
	if (msg)
		kc_strv_push_steal(d->errs, msg);
	d->failed = 1;
}

/* Strict decoding: every key of obj must be one of `known` (NULL-terminated). */
static void
check_fields(struct decoder *d, const json_t *obj, const char *path, const char *const *known)
{
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)obj, key, v) {
		size_t i;

		for (i = 0; known[i]; i++)
			if (strcmp(known[i], key) == 0)
				break;
		if (!known[i])
			decode_error(d, "strict decoding error: unknown field \"%s%s%s\"", path, *path ? "." : "", key);
	}
}

static const json_t *
want_type(struct decoder *d, const json_t *obj, const char *key, const char *path, json_type type,
	  const char *go_type)
{
	json_t *v = json_object_get(obj, key);

	if (!v || json_is_null(v))
		return NULL;
	if (json_typeof(v) == type || (type == JSON_INTEGER && json_is_real(v) &&
				       json_real_value(v) == (double)(int64_t)json_real_value(v)) ||
	    (type == JSON_REAL && json_is_number(v)) || (type == JSON_TRUE && json_is_boolean(v)))
		return v;
	decode_error(d, "json: cannot unmarshal %s into Go struct field %s%s%s of type %s",
		     kc_json_go_kind(v), path, *path ? "." : "", key, go_type);
	return NULL;
}

static int
get_int(struct decoder *d, const json_t *obj, const char *key, const char *path, int64_t *dst)
{
	const json_t *v = want_type(d, obj, key, path, JSON_INTEGER, "int32");

	if (!v)
		return 0;
	*dst = json_is_integer(v) ? json_integer_value(v) : (int64_t)json_real_value(v);
	return 1;
}

static void
get_str(struct decoder *d, const json_t *obj, const char *key, const char *path, char **dst)
{
	const json_t *v = want_type(d, obj, key, path, JSON_STRING, "string");

	if (v && set_str(dst, json_string_value(v)) < 0)
		decode_error(d, "out of memory");
}

static void
get_duration(struct decoder *d, const json_t *obj, const char *key, const char *path, int64_t *dst)
{
	const json_t *v = want_type(d, obj, key, path, JSON_STRING, "v1.Duration");

	if (v && kc_duration_parse(json_string_value(v), dst) < 0)
		decode_error(d, "time: invalid duration \"%s\"", json_string_value(v));
}

static void
decode_plugin_set(struct decoder *d, const json_t *obj, const char *path, struct sched_config_plugin_set *set)
{
	static const char *const set_fields[] = { "enabled", "disabled", NULL };
	static const char *const plugin_fields[] = { "name", "weight", NULL };
	const char *lists[] = { "enabled", "disabled" };

	if (!json_is_object(obj)) {
		decode_error(d, "json: cannot unmarshal %s into Go struct field %s of type v1.PluginSet",
			     kc_json_go_kind(obj), path);
		return;
	}
	check_fields(d, obj, path, set_fields);
	for (int l = 0; l < 2; l++) {
		const json_t *arr = json_object_get(obj, lists[l]), *item;
		size_t i;

		if (!arr || json_is_null(arr))
			continue;
		if (!json_is_array(arr)) {
			decode_error(d, "json: cannot unmarshal %s into Go struct field %s.%s of type []v1.Plugin",
				     kc_json_go_kind(arr), path, lists[l]);
			continue;
		}
		json_array_foreach(arr, i, item) {
			char sub[256];
			char *name = NULL;
			int64_t weight = 0;

			snprintf(sub, sizeof(sub), "%s.%s[%zu]", path, lists[l], i);
			if (!json_is_object(item)) {
				decode_error(d, "json: cannot unmarshal %s into Go struct field %s of type v1.Plugin",
					     kc_json_go_kind(item), sub);
				continue;
			}
			check_fields(d, item, sub, plugin_fields);
			get_str(d, item, "name", sub, &name);
			get_int(d, item, "weight", sub, &weight);
			if (!name)
				name = strdup("");
			if (l == 0)
				plugin_set_push(set, name, (int32_t)weight);
			else
				kc_strv_push(&set->disabled, name);
			free(name);
		}
	}
}

static void
decode_plugins(struct decoder *d, const json_t *obj, const char *path,
	       struct sched_config_plugin_set custom[SCHED_EP_COUNT])
{
	static const char *const fields[] = { "preEnqueue", "queueSort", "preFilter", "filter", "postFilter",
					      "preScore", "score", "reserve", "permit", "preBind", "bind",
					      "postBind", "multiPoint", NULL };

	if (!json_is_object(obj)) {
		decode_error(d, "json: cannot unmarshal %s into Go struct field %s of type v1.Plugins",
			     kc_json_go_kind(obj), path);
		return;
	}
	check_fields(d, obj, path, fields);
	for (int ep = 0; ep < SCHED_EP_COUNT; ep++) {
		const json_t *set = json_object_get(obj, ep_fields[ep]);
		char sub[160];

		if (!set || json_is_null(set))
			continue;
		snprintf(sub, sizeof(sub), "%s.%s", path, ep_fields[ep]);
		decode_plugin_set(d, set, sub, &custom[ep]);
	}
}

static void
decode_plugin_config(struct decoder *d, const json_t *arr, const char *path, struct sched_config_profile *p)
{
	static const char *const fields[] = { "name", "args", NULL };
	const json_t *item;
	size_t i;

	if (!json_is_array(arr)) {
		decode_error(d, "json: cannot unmarshal %s into Go struct field %s of type []v1.PluginConfig",
			     kc_json_go_kind(arr), path);
		return;
	}
	p->plugin_config = json_object();
	json_array_foreach(arr, i, item) {
		char sub[160];
		char *name = NULL;
		json_t *args;

		snprintf(sub, sizeof(sub), "%s[%zu]", path, i);
		if (!json_is_object(item)) {
			decode_error(d, "json: cannot unmarshal %s into Go struct field %s of type v1.PluginConfig",
				     kc_json_go_kind(item), sub);
			continue;
		}
		check_fields(d, item, sub, fields);
		get_str(d, item, "name", sub, &name);
		if (!name)
			name = strdup("");
		if (json_object_get(p->plugin_config, name))
			decode_error(d, "%s: Duplicate value: \"%s\"", sub, name);
		args = json_object_get(item, "args");
		json_object_set(p->plugin_config, name, args ? args : json_null());
		free(name);
	}
}

static void
decode_profile(struct decoder *d, const json_t *obj, size_t index, size_t n_profiles, struct sched_config_profile *p)
{
	static const char *const fields[] = { "schedulerName", "percentageOfNodesToScore", "plugins",
					      "pluginConfig", NULL };
	struct sched_config_plugin_set custom[SCHED_EP_COUNT], def[SCHED_EP_COUNT];
	const json_t *v;
	char path[64];
	int64_t pct;

	memset(custom, 0, sizeof(custom));
	memset(def, 0, sizeof(def));
	snprintf(path, sizeof(path), "profiles[%zu]", index);
	if (!json_is_object(obj)) {
		decode_error(d, "json: cannot unmarshal %s into Go struct field %s of type v1.KubeSchedulerProfile",
			     kc_json_go_kind(obj), path);
		return;
	}
	check_fields(d, obj, path, fields);
	get_str(d, obj, "schedulerName", path, &p->scheduler_name);
	/* Only a lone profile gets the default name (SetDefaults_KubeSchedulerConfiguration). */
	if (!json_object_get(obj, "schedulerName") && n_profiles == 1)
		set_str(&p->scheduler_name, SCHED_DEFAULT_SCHEDULER_NAME);
	if (!p->scheduler_name)
		set_str(&p->scheduler_name, "");
	if (get_int(d, obj, "percentageOfNodesToScore", path, &pct))
		p->percentage_of_nodes_to_score = (int32_t)pct;
	if ((v = json_object_get(obj, "plugins")) && !json_is_null(v)) {
		char sub[80];

		snprintf(sub, sizeof(sub), "%s.plugins", path);
		decode_plugins(d, v, sub, custom);
	}
	if ((v = json_object_get(obj, "pluginConfig")) && !json_is_null(v)) {
		char sub[80];

		snprintf(sub, sizeof(sub), "%s.pluginConfig", path);
		decode_plugin_config(d, v, sub, p);
	}
	default_multi_point(&def[SCHED_EP_MULTI_POINT]);
	for (int ep = 0; ep < SCHED_EP_COUNT; ep++) {
		if (merge_plugin_set(&def[ep], &custom[ep], &p->plugins[ep]) < 0)
			decode_error(d, "out of memory");
		plugin_set_release(&custom[ep]);
		plugin_set_release(&def[ep]);
	}
}

static void
decode_leader_election(struct decoder *d, const json_t *obj, struct sched_config *cfg)
{
	static const char *const fields[] = { "leaderElect", "leaseDuration", "renewDeadline", "retryPeriod",
					      "resourceLock", "resourceName", "resourceNamespace", NULL };
	const json_t *v;

	check_fields(d, obj, "leaderElection", fields);
	if ((v = want_type(d, obj, "leaderElect", "leaderElection", JSON_TRUE, "bool")))
		cfg->leader_elect = json_is_true(v);
	get_duration(d, obj, "leaseDuration", "leaderElection", &cfg->lease_duration_ns);
	get_duration(d, obj, "renewDeadline", "leaderElection", &cfg->renew_deadline_ns);
	get_duration(d, obj, "retryPeriod", "leaderElection", &cfg->retry_period_ns);
	get_str(d, obj, "resourceLock", "leaderElection", &cfg->resource_lock);
	get_str(d, obj, "resourceName", "leaderElection", &cfg->resource_name);
	get_str(d, obj, "resourceNamespace", "leaderElection", &cfg->resource_namespace);
}

static void
decode_client_connection(struct decoder *d, const json_t *obj, struct sched_config *cfg)
{
	static const char *const fields[] = { "kubeconfig", "acceptContentTypes", "contentType", "qps", "burst", NULL };
	const json_t *v;
	int64_t burst;

	check_fields(d, obj, "clientConnection", fields);
	get_str(d, obj, "kubeconfig", "clientConnection", &cfg->kubeconfig);
	get_str(d, obj, "contentType", "clientConnection", &cfg->content_type);
	if ((v = want_type(d, obj, "qps", "clientConnection", JSON_REAL, "float32")))
		cfg->qps = json_number_value(v);
	if (get_int(d, obj, "burst", "clientConnection", &burst))
		cfg->burst = (int)burst;
}

static void
decode_top(struct decoder *d, const json_t *doc, struct sched_config *cfg)
{
	static const char *const fields[] = { "apiVersion", "kind", "parallelism", "leaderElection",
					      "clientConnection", "healthzBindAddress", "metricsBindAddress",
					      "enableProfiling", "enableContentionProfiling",
					      "percentageOfNodesToScore", "podInitialBackoffSeconds",
					      "podMaxBackoffSeconds", "profiles", "extenders",
					      "delayCacheUntilActive", NULL };
	const json_t *v;
	int64_t n;

	check_fields(d, doc, "", fields);
	if (get_int(d, doc, "parallelism", "", &n))
		cfg->parallelism = (int32_t)n;
	if (get_int(d, doc, "percentageOfNodesToScore", "", &n))
		cfg->percentage_of_nodes_to_score = (int32_t)n;
	get_int(d, doc, "podInitialBackoffSeconds", "", &cfg->pod_initial_backoff_seconds);
	get_int(d, doc, "podMaxBackoffSeconds", "", &cfg->pod_max_backoff_seconds);
	if ((v = want_type(d, doc, "leaderElection", "", JSON_OBJECT, "v1.LeaderElectionConfiguration")))
		decode_leader_election(d, v, cfg);
	if ((v = want_type(d, doc, "clientConnection", "", JSON_OBJECT, "v1.ClientConnectionConfiguration")))
		decode_client_connection(d, v, cfg);
	if ((v = want_type(d, doc, "extenders", "", JSON_ARRAY, "[]v1.Extender")) && json_array_size(v) > 0)
		kc_warning("KubeSchedulerConfiguration: extenders are not supported by ckube and are ignored");
	v = want_type(d, doc, "profiles", "", JSON_ARRAY, "[]v1.KubeSchedulerProfile");
	if (v && json_array_size(v) > 0) {
		for (size_t i = 0; i < json_array_size(v); i++) {
			struct sched_config_profile *p;

			if (add_profile(cfg, &p) < 0) {
				decode_error(d, "out of memory");
				return;
			}
			decode_profile(d, json_array_get(v, i), i, json_array_size(v), p);
		}
	} else {
		/* No profiles: one default-scheduler profile with the default plugins. */
		struct sched_config_profile *p;

		if (add_profile(cfg, &p) < 0 || set_str(&p->scheduler_name, SCHED_DEFAULT_SCHEDULER_NAME) < 0 ||
		    default_multi_point(&p->plugins[SCHED_EP_MULTI_POINT]) < 0)
			decode_error(d, "out of memory");
	}
}

static int
check_type_meta(const json_t *doc, struct kc_strv *errs)
{
	const char *api_version = kc_json_get_string(doc, "apiVersion", "");
	const char *kind = kc_json_get_string(doc, "kind", "");

	if (!*kind) {
		kc_strv_pushf(errs, "Object 'Kind' is missing in '%s'", "KubeSchedulerConfiguration document");
		return KC_ERR_PARSE;
	}
	if (strcmp(kind, CONFIG_KIND) != 0 || strcmp(api_version, CONFIG_GROUP_VERSION) != 0) {
		kc_strv_pushf(errs, "no kind \"%s\" is registered for version \"%s\" in scheme \"pkg/scheduler/apis/config/scheme/scheme.go:30\"",
			      kind, api_version);
		return KC_ERR_PARSE;
	}
	return 0;
}

int
sched_config_load(const char *data, size_t len, struct sched_config **ret, struct kc_strv *errs)
{
	struct decoder d = { .errs = errs };
	json_auto_t *doc = NULL;
	struct sched_config *cfg;
	char err[256];
	int r;

	*ret = NULL;
	r = kc_yaml_load(data, len, KC_YAML_STRICT, &doc, err, sizeof(err));
	if (r < 0) {
		kc_strv_pushf(errs, "%s", err);
		return KC_ERR_PARSE;
	}
	if (!json_is_object(doc)) {
		kc_strv_pushf(errs, "couldn't decode as KubeSchedulerConfiguration: not an object");
		return KC_ERR_PARSE;
	}
	r = check_type_meta(doc, errs);
	if (r < 0)
		return r;
	cfg = config_new_scalars();
	if (!cfg)
		return KC_ERR_NOMEM;
	decode_top(&d, doc, cfg);
	if (d.failed) {
		sched_config_free(cfg);
		return KC_ERR_PARSE;
	}
	if (sched_config_validate(cfg, errs) != 0) {
		sched_config_free(cfg);
		return KC_ERR_INVALID;
	}
	*ret = cfg;
	return 0;
}

int
sched_config_load_file(const char *path, struct sched_config **ret, struct kc_strv *errs)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;
	int r;

	*ret = NULL;
	if (!f) {
		kc_strv_pushf(errs, "open %s: %m", path);
		return KC_ERR_SYSTEM;
	}
	do {
		if (len + 4096 > cap) {
			char *nb = realloc(buf, cap = cap * 2 + 8192);

			if (!nb) {
				free(buf);
				fclose(f);
				return KC_ERR_NOMEM;
			}
			buf = nb;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	fclose(f);
	r = sched_config_load(buf ? buf : "", len, ret, errs);
	free(buf);
	return r;
}

/* ---- validation ----------------------------------------------------------------------------- */

static void
validate_percentage(const char *path, int32_t pct, struct kc_strv *errs)
{
	if (pct < 0 || pct > 100)
		kc_strv_pushf(errs, "%s: Invalid value: %d: not in valid range [0-100]", path, pct);
}

static void
validate_leader_election(const struct sched_config *cfg, struct kc_strv *errs)
{
	char a[32], b[32];

	if (!cfg->leader_elect)
		return;
	if (cfg->lease_duration_ns <= 0)
		kc_strv_pushf(errs, "leaderElection.leaseDuration: Invalid value: \"%s\": must be greater than zero",
			      kc_duration_format(cfg->lease_duration_ns, a, sizeof(a)));
	if (cfg->renew_deadline_ns <= 0)
		kc_strv_pushf(errs, "leaderElection.renewDeadline: Invalid value: \"%s\": must be greater than zero",
			      kc_duration_format(cfg->renew_deadline_ns, a, sizeof(a)));
	if (cfg->retry_period_ns <= 0)
		kc_strv_pushf(errs, "leaderElection.retryPeriod: Invalid value: \"%s\": must be greater than zero",
			      kc_duration_format(cfg->retry_period_ns, a, sizeof(a)));
	if (cfg->lease_duration_ns <= cfg->renew_deadline_ns)
		kc_strv_pushf(errs, "leaderElection.leaseDuration: Invalid value: \"%s\": LeaseDuration must be greater than RenewDeadline",
			      kc_duration_format(cfg->renew_deadline_ns, b, sizeof(b)));
	if (!cfg->resource_lock || !*cfg->resource_lock)
		kc_strv_pushf(errs, "leaderElection.resourceLock: Invalid value: \"\": resourceLock is required");
	else if (strcmp(cfg->resource_lock, "leases") != 0)
		kc_strv_pushf(errs, "leaderElection.resourceLock: Invalid value: \"%s\": resourceLock value must be \"leases\"",
			      cfg->resource_lock);
	if (!cfg->resource_name || !*cfg->resource_name)
		kc_strv_pushf(errs, "leaderElection.resourceName: Invalid value: \"\": resourceName is required");
	if (!cfg->resource_namespace || !*cfg->resource_namespace)
		kc_strv_pushf(errs, "leaderElection.resourceNamespace: Invalid value: \"\": resourceNamespace is required");
}

static int
same_queue_sort(const struct sched_config_plugin_set *a, const struct sched_config_plugin_set *b)
{
	if (a->n_enabled != b->n_enabled || a->disabled.n != b->disabled.n)
		return 0;
	for (size_t i = 0; i < a->n_enabled; i++)
		if (strcmp(a->enabled[i].name, b->enabled[i].name) != 0)
			return 0;
	for (size_t i = 0; i < a->disabled.n; i++)
		if (strcmp(a->disabled.v[i], b->disabled.v[i]) != 0)
			return 0;
	return 1;
}

static void
validate_profile(const struct sched_config_profile *p, size_t i, struct kc_strv *errs)
{
	char path[96];

	if (!p->scheduler_name || !*p->scheduler_name)
		kc_strv_pushf(errs, "profiles[%zu].schedulerName: Required value", i);
	if (p->percentage_of_nodes_to_score != -1) {
		snprintf(path, sizeof(path), "profiles[%zu].percentageOfNodesToScore", i);
		validate_percentage(path, p->percentage_of_nodes_to_score, errs);
	}
	for (int ep = 0; ep < SCHED_EP_COUNT; ep++) {
		const struct sched_config_plugin_set *set = &p->plugins[ep];

		for (size_t j = 0; j < set->n_enabled; j++) {
			if (set->enabled[j].weight < 0)
				kc_strv_pushf(errs, "profiles[%zu].plugins.%s.enabled[%zu].weight: Invalid value: %d: must be greater than zero",
					      i, ep_fields[ep], j, set->enabled[j].weight);
			if (!*set->enabled[j].name)
				kc_strv_pushf(errs, "profiles[%zu].plugins.%s.enabled[%zu].name: Required value", i,
					      ep_fields[ep], j);
		}
	}
}

int
sched_config_validate(const struct sched_config *cfg, struct kc_strv *errs)
{
	size_t before = errs->n;

	if (cfg->burst < 0)
		kc_strv_pushf(errs, "clientConnection.burst: Invalid value: %d: must be non-negative", cfg->burst);
	validate_leader_election(cfg, errs);
	if (cfg->parallelism <= 0)
		kc_strv_pushf(errs, "parallelism: Invalid value: %d: should be an integer value greater than zero",
			      cfg->parallelism);
	if (cfg->n_profiles == 0)
		kc_strv_pushf(errs, "profiles: Required value");
	for (size_t i = 0; i < cfg->n_profiles; i++) {
		validate_profile(&cfg->profiles[i], i, errs);
		for (size_t j = 0; j < i; j++)
			if (strcmp(cfg->profiles[i].scheduler_name, cfg->profiles[j].scheduler_name) == 0) {
				kc_strv_pushf(errs, "profiles[%zu].schedulerName: Duplicate value: \"%s\"", i,
					      cfg->profiles[i].scheduler_name);
				break;
			}
	}
	for (size_t i = 1; i < cfg->n_profiles; i++)
		if (!same_queue_sort(&cfg->profiles[0].plugins[SCHED_EP_QUEUE_SORT],
				     &cfg->profiles[i].plugins[SCHED_EP_QUEUE_SORT]))
			kc_strv_pushf(errs, "profiles[%zu].plugins.queueSort: Invalid value: \"%s\": queueSort must be the same for all profiles",
				      i, cfg->profiles[i].plugins[SCHED_EP_QUEUE_SORT].n_enabled
					      ? cfg->profiles[i].plugins[SCHED_EP_QUEUE_SORT].enabled[0].name : "");
	validate_percentage("percentageOfNodesToScore", cfg->percentage_of_nodes_to_score, errs);
	if (cfg->pod_initial_backoff_seconds <= 0)
		kc_strv_pushf(errs, "podInitialBackoffSeconds: Invalid value: %lld: must be greater than 0",
			      (long long)cfg->pod_initial_backoff_seconds);
	if (cfg->pod_max_backoff_seconds < cfg->pod_initial_backoff_seconds)
		kc_strv_pushf(errs, "podMaxBackoffSeconds: Invalid value: %lld: must be greater than or equal to PodInitialBackoffSeconds",
			      (long long)cfg->pod_max_backoff_seconds);
	return (int)(errs->n - before);
}

/* ---- flags ---------------------------------------------------------------------------------- */

/* ApplyLeaderElectionTo: only the flags given on the command line override. */
static int
apply_leader_election_flags(const struct kube_scheduler_options *o, struct kc_flagset *fs,
			    struct sched_config *cfg)
{
	int r = 0;

	if (kc_flags_changed(fs, "leader-elect"))
		cfg->leader_elect = o->leader_elect;
	if (kc_flags_changed(fs, "leader-elect-lease-duration"))
		cfg->lease_duration_ns = o->leader_elect_lease_duration;
	if (kc_flags_changed(fs, "leader-elect-renew-deadline"))
		cfg->renew_deadline_ns = o->leader_elect_renew_deadline;
	if (kc_flags_changed(fs, "leader-elect-retry-period"))
		cfg->retry_period_ns = o->leader_elect_retry_period;
	if (kc_flags_changed(fs, "leader-elect-resource-lock"))
		r |= set_str(&cfg->resource_lock, o->leader_elect_resource_lock);
	if (kc_flags_changed(fs, "leader-elect-resource-name"))
		r |= set_str(&cfg->resource_name, o->leader_elect_resource_name);
	if (kc_flags_changed(fs, "leader-elect-resource-namespace"))
		r |= set_str(&cfg->resource_namespace, o->leader_elect_resource_namespace);
	return r < 0 ? KC_ERR_NOMEM : 0;
}

/* ApplyDeprecated: the deprecated client flags when there is no --config. */
static int
apply_deprecated_flags(const struct kube_scheduler_options *o, struct kc_flagset *fs, struct sched_config *cfg)
{
	int r = 0;

	if (kc_flags_nonempty(o->kubeconfig))
		r |= set_str(&cfg->kubeconfig, o->kubeconfig);
	if (kc_flags_changed(fs, "kube-api-content-type"))
		r |= set_str(&cfg->content_type, o->kube_api_content_type);
	if (kc_flags_changed(fs, "kube-api-qps"))
		cfg->qps = o->kube_api_qps;
	if (kc_flags_changed(fs, "kube-api-burst"))
		cfg->burst = o->kube_api_burst;
	return r < 0 ? KC_ERR_NOMEM : 0;
}

int
sched_config_from_options(const struct kube_scheduler_options *o, struct kc_flagset *fs,
			  struct sched_config **ret, struct kc_strv *errs)
{
	struct sched_config *cfg = NULL;
	int r;

	*ret = NULL;
	if (kc_flags_nonempty(o->config)) {
		r = sched_config_load_file(o->config, &cfg, errs);
		if (r < 0)
			return r;
	} else {
		cfg = sched_config_new_default();
		if (!cfg)
			return KC_ERR_NOMEM;
		r = apply_deprecated_flags(o, fs, cfg);
		if (r < 0) {
			sched_config_free(cfg);
			return r;
		}
	}
	r = apply_leader_election_flags(o, fs, cfg);
	if (r == 0 && sched_config_validate(cfg, errs) != 0)
		r = KC_ERR_INVALID;
	if (r < 0) {
		sched_config_free(cfg);
		return r;
	}
	*ret = cfg;
	return 0;
}
