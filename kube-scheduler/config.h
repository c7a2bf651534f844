/*
 * config.h - KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1) (upstream:
 * pkg/scheduler/apis/config/types.go, v1/defaults.go, v1/default_plugins.go,
 * validation/validation.go, cmd/kube-scheduler/app/options/configfile.go + options.go ApplyTo).
 *
 * sched_config_load_file() reads --config, applies upstream's v1 defaults (the default plugin
 * set merged with the profile's enabled/disabled lists, percentageOfNodesToScore 0 = adaptive,
 * backoffs 1 s / 10 s, parallelism 16, leader election and client connection defaults) and
 * validates with upstream's messages.  sched_config_from_options() builds the same structure from
 * the deprecated flags when no --config is given, as upstream's Options.ApplyTo does; leader
 * election flags override the file only when given explicitly.
 */
#ifndef KUBE_SCHEDULER_CONFIG_H
#define KUBE_SCHEDULER_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "libkcommon/strv.h"

struct kc_flagset;
struct kube_scheduler_options;

#define SCHED_DEFAULT_SCHEDULER_NAME "default-scheduler"
#define SCHED_DEFAULT_PARALLELISM 16
#define SCHED_MIN_FEASIBLE_NODES_TO_FIND 100
#define SCHED_MIN_FEASIBLE_NODES_PERCENTAGE 5
#define SCHED_DEFAULT_PERCENTAGE_OF_NODES 0   /* adaptive */

enum sched_ext_point {
	SCHED_EP_PRE_ENQUEUE,
	SCHED_EP_QUEUE_SORT,
	SCHED_EP_PRE_FILTER,
	SCHED_EP_FILTER,
	SCHED_EP_POST_FILTER,
	SCHED_EP_PRE_SCORE,
	SCHED_EP_SCORE,
	SCHED_EP_RESERVE,
	SCHED_EP_PERMIT,
	SCHED_EP_PRE_BIND,
	SCHED_EP_BIND,
	SCHED_EP_POST_BIND,
	SCHED_EP_MULTI_POINT,
	SCHED_EP_COUNT,
};

/* The config file's field name of an extension point ("preFilter", "multiPoint", ...). */
const char *sched_ext_point_field(enum sched_ext_point ep);

struct sched_config_plugin {
	char *name;
	int32_t weight;  /* 0 = not set */
};

struct sched_config_plugin_set {
	struct sched_config_plugin *enabled;
	size_t n_enabled;
	struct kc_strv disabled;   /* may hold "*" */
};

struct sched_config_profile {
	char *scheduler_name;
	int32_t percentage_of_nodes_to_score;   /* -1 = not set (the global one applies) */
	struct sched_config_plugin_set plugins[SCHED_EP_COUNT];  /* after merging with defaults */
	json_t *plugin_config;                   /* object: plugin name -> args (owned) */
};

struct sched_config {
	int32_t parallelism;
	int32_t percentage_of_nodes_to_score;   /* 0 = adaptive */
	int64_t pod_initial_backoff_seconds;
	int64_t pod_max_backoff_seconds;
	/* leaderElection */
	int leader_elect;
	int64_t lease_duration_ns, renew_deadline_ns, retry_period_ns;
	char *resource_lock, *resource_name, *resource_namespace;
	/* clientConnection */
	char *kubeconfig;
	char *content_type;
	double qps;
	int burst;
	struct sched_config_profile *profiles;
	size_t n_profiles;
};

/* The v1 defaults (one default-scheduler profile with the default plugins). NULL on ENOMEM. */
struct sched_config *sched_config_new_default(void);
struct sched_config *sched_config_free(struct sched_config *cfg);

/*
 * Decodes a KubeSchedulerConfiguration document (YAML or JSON text) with defaults applied and
 * validates it.  On failure returns KC_ERR_PARSE/KC_ERR_INVALID and appends upstream-worded
 * messages to errs (one per problem).
 */
int sched_config_load(const char *data, size_t len, struct sched_config **ret, struct kc_strv *errs);
int sched_config_load_file(const char *path, struct sched_config **ret, struct kc_strv *errs);

/* Validation alone (ValidateKubeSchedulerConfiguration); the number of problems appended. */
int sched_config_validate(const struct sched_config *cfg, struct kc_strv *errs);

/*
 * Options.ApplyTo: the config from --config (or the defaults plus the deprecated flags when no
 * --config), then the leader election flags given explicitly.  fs tells which were given.
 */
int sched_config_from_options(const struct kube_scheduler_options *o, struct kc_flagset *fs,
			      struct sched_config **ret, struct kc_strv *errs);

/* numFeasibleNodesToFind: how many feasible nodes a cycle looks for among n_nodes. */
size_t sched_num_feasible_nodes_to_find(int32_t percentage, size_t n_nodes);

/* Whether name is one of upstream's default plugins (the framework skips, with a log line, a
 * default plugin ckube does not build, such as the volume plugins). */
int sched_config_is_default_plugin(const char *name);

/* The profile of that schedulerName (borrowed) or NULL. */
const struct sched_config_profile *sched_config_profile(const struct sched_config *cfg, const char *name);

#endif
