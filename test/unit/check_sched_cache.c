/*
 * check_sched_cache.c - the scheduler cache (kube-scheduler/internal/cache.c): nodes and
 * assigned pods, assume/confirm/forget/expire, and incremental snapshots (upstream:
 * internal/cache/cache_test.go TestAssumePodScheduled, TestExpirePod, TestAddPodWillConfirm,
 * TestSchedulerCache_UpdateSnapshot).
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "kube-scheduler/internal/cache.h"
#include "libkcommon/errors.h"
#include "libkcommon/json.h"
#include "test/unit/testutil/testutil.h"

#define SEC 1000000000LL

static int64_t fake_now;

static int64_t
now_fn(void)
{
	return fake_now;
}

static json_t *
make_node(const char *name, const char *cpu, const char *image)
{
	char buf[768];

	snprintf(buf, sizeof(buf),
		 "{\"kind\":\"Node\",\"metadata\":{\"name\":\"%s\",\"labels\":{\"kubernetes.io/hostname\":\"%s\"}},"
		 "\"status\":{\"allocatable\":{\"cpu\":\"%s\",\"memory\":\"16Gi\",\"pods\":\"110\"},"
		 "\"capacity\":{\"cpu\":\"%s\",\"memory\":\"16Gi\",\"pods\":\"110\"}%s%s%s}}",
		 name, name, cpu, cpu, image ? ",\"images\":[{\"names\":[\"" : "", image ? image : "",
		 image ? "\"],\"sizeBytes\":1000000}]" : "");
	return kc_test_json(buf);
}

static json_t *
make_pod(const char *name, const char *node, const char *cpu, int anti_affinity)
{
	char buf[1024];

	snprintf(buf, sizeof(buf),
		 "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"%s\",\"namespace\":\"default\",\"uid\":\"uid-%s\","
		 "\"labels\":{\"app\":\"web\"}},\"spec\":{%s%s%s\"containers\":[{\"name\":\"c\",\"image\":\"nginx\","
		 "\"resources\":{\"requests\":{\"cpu\":\"%s\"}}}]%s}}",
		 name, name, node ? "\"nodeName\":\"" : "", node ? node : "", node ? "\"," : "", cpu,
		 anti_affinity ? ",\"affinity\":{\"podAntiAffinity\":{\"requiredDuringSchedulingIgnoredDuringExecution\":"
				 "[{\"labelSelector\":{\"matchLabels\":{\"app\":\"web\"}},\"topologyKey\":\"kubernetes.io/hostname\"}]}}"
			       : "");
	return kc_test_json(buf);
}

static struct sched_cache *
cache_with_nodes(int n)
{
	struct sched_cache *c = sched_cache_new(0, now_fn);
	char name[32];

	fake_now = 100 * SEC;
	ck_assert_ptr_nonnull(c);
	for (int i = 0; i < n; i++) {
		json_t *node;

		snprintf(name, sizeof(name), "node-%d", i);
		node = make_node(name, "4", NULL);
		ck_assert_int_eq(sched_cache_add_node(c, node), 0);
		json_decref(node);
	}
	return c;
}

static void
add_assigned(struct sched_cache *c, const char *name, const char *node, const char *cpu)
{
	json_t *pod = make_pod(name, node, cpu, 0);

	ck_assert_int_eq(sched_cache_add_pod(c, pod), 0);
	json_decref(pod);
}

static int64_t
node_cpu(struct sched_cache *c, const char *node)
{
	const struct sched_node_info *ni = sched_cache_node_info(c, node);

	return ni ? ni->requested.milli_cpu : -1;
}

START_TEST(test_pods_sum_on_nodes)
{
	struct sched_cache *c = cache_with_nodes(2);
	struct sched_cache_stats st;

	add_assigned(c, "a", "node-0", "500m");
	add_assigned(c, "b", "node-0", "1");
	add_assigned(c, "c", "node-1", "250m");
	ck_assert_int_eq(node_cpu(c, "node-0"), 1500);
	ck_assert_int_eq(node_cpu(c, "node-1"), 250);
	ck_assert_int_eq(sched_cache_node_info(c, "node-0")->allocatable.milli_cpu, 4000);
	ck_assert_int_eq(sched_cache_remove_pod(c, "uid-a"), 0);
	ck_assert_int_eq(node_cpu(c, "node-0"), 1000);
	ck_assert_int_eq(sched_cache_remove_pod(c, "uid-a"), KC_ERR_NOT_FOUND);
	sched_cache_stats(c, &st);
	ck_assert_uint_eq(st.nodes, 2);
	ck_assert_uint_eq(st.pods, 2);
	sched_cache_free(c);
}
END_TEST

START_TEST(test_update_pod_moves_requests)
{
	struct sched_cache *c = cache_with_nodes(2);
	json_t *pod = make_pod("a", "node-0", "500m", 0);

	ck_assert_int_eq(sched_cache_add_pod(c, pod), 0);
	kc_json_set_path_steal(pod, "spec.containers.0.resources.requests.cpu", json_string("2"));
	ck_assert_int_eq(sched_cache_update_pod(c, pod), 0);
	ck_assert_int_eq(node_cpu(c, "node-0"), 2000);
	ck_assert_uint_eq(sched_cache_node_info(c, "node-0")->n_pods, 1);
	json_decref(pod);
	sched_cache_free(c);
}
END_TEST

START_TEST(test_assume_then_confirm)
{
	struct sched_cache *c = cache_with_nodes(2);
	json_t *pending = make_pod("a", NULL, "1", 0), *bound = make_pod("a", "node-1", "1", 0);
	struct sched_pod_info *pi = sched_pod_info_new(pending);
	struct sched_cache_stats st;

	ck_assert_int_eq(sched_cache_assume_pod(c, pi, "node-1"), 0);
	ck_assert_int_eq(sched_cache_assume_pod(c, pi, "node-1"), KC_ERR_ALREADY_EXISTS);
	ck_assert(sched_cache_is_assumed(c, "uid-a"));
	ck_assert_int_eq(node_cpu(c, "node-1"), 1000);
	ck_assert_int_eq(sched_cache_finish_binding(c, "uid-a"), 0);
	ck_assert_int_eq(sched_cache_add_pod(c, bound), 0);
	ck_assert(!sched_cache_is_assumed(c, "uid-a"));
	ck_assert_int_eq(node_cpu(c, "node-1"), 1000);
	ck_assert_uint_eq(sched_cache_node_info(c, "node-1")->n_pods, 1);
	sched_cache_stats(c, &st);
	ck_assert_uint_eq(st.assumed, 0);
	ck_assert_int_eq(sched_cache_forget_pod(c, "uid-a"), KC_ERR_NOT_FOUND);
	sched_pod_info_unref(pi);
	json_decref(pending);
	json_decref(bound);
	sched_cache_free(c);
}
END_TEST

START_TEST(test_confirm_on_other_node_moves)
{
	struct sched_cache *c = cache_with_nodes(2);
	json_t *pending = make_pod("a", NULL, "1", 0), *bound = make_pod("a", "node-0", "1", 0);
	struct sched_pod_info *pi = sched_pod_info_new(pending);

	ck_assert_int_eq(sched_cache_assume_pod(c, pi, "node-1"), 0);
	ck_assert_int_eq(sched_cache_add_pod(c, bound), 0);
	ck_assert_int_eq(node_cpu(c, "node-1"), 0);
	ck_assert_int_eq(node_cpu(c, "node-0"), 1000);
	ck_assert_str_eq(sched_cache_pod_node(c, "uid-a"), "node-0");
	sched_pod_info_unref(pi);
	json_decref(pending);
	json_decref(bound);
	sched_cache_free(c);
}
END_TEST

START_TEST(test_forget)
{
	struct sched_cache *c = cache_with_nodes(1);
	json_t *pending = make_pod("a", NULL, "3", 0);
	struct sched_pod_info *pi = sched_pod_info_new(pending);

	ck_assert_int_eq(sched_cache_assume_pod(c, pi, "node-0"), 0);
	ck_assert_int_eq(node_cpu(c, "node-0"), 3000);
	ck_assert_int_eq(sched_cache_forget_pod(c, "uid-a"), 0);
	ck_assert_int_eq(node_cpu(c, "node-0"), 0);
	ck_assert_ptr_null(sched_cache_pod_node(c, "uid-a"));
	sched_pod_info_unref(pi);
	json_decref(pending);
	sched_cache_free(c);
}
END_TEST

START_TEST(test_expire_after_ttl)
{
	struct sched_cache *c = sched_cache_new(30 * SEC, now_fn);
	json_t *node = make_node("n", "4", NULL), *pending = make_pod("a", NULL, "1", 0);
	struct sched_pod_info *pi = sched_pod_info_new(pending);

	fake_now = 0;
	sched_cache_add_node(c, node);
	ck_assert_int_eq(sched_cache_assume_pod(c, pi, "n"), 0);
	/* Not expired before the binding finished, however long it takes. */
	fake_now += 100 * SEC;
	ck_assert_uint_eq(sched_cache_cleanup_assumed(c), 0);
	sched_cache_finish_binding(c, "uid-a");
	fake_now += 30 * SEC - 1;
	ck_assert_uint_eq(sched_cache_cleanup_assumed(c), 0);
	fake_now += 1;
	ck_assert_uint_eq(sched_cache_cleanup_assumed(c), 1);
	ck_assert_int_eq(node_cpu(c, "n"), 0);
	sched_pod_info_unref(pi);
	json_decref(pending);
	json_decref(node);
	sched_cache_free(c);
}
END_TEST

START_TEST(test_ttl_zero_never_expires)
{
	struct sched_cache *c = cache_with_nodes(1);
	json_t *pending = make_pod("a", NULL, "1", 0);
	struct sched_pod_info *pi = sched_pod_info_new(pending);

	sched_cache_assume_pod(c, pi, "node-0");
	sched_cache_finish_binding(c, "uid-a");
	fake_now += 3600 * SEC;
	ck_assert_uint_eq(sched_cache_cleanup_assumed(c), 0);
	ck_assert(sched_cache_is_assumed(c, "uid-a"));
	sched_pod_info_unref(pi);
	json_decref(pending);
	sched_cache_free(c);
}
END_TEST

START_TEST(test_snapshot_incremental)
{
	struct sched_cache *c = cache_with_nodes(500);
	struct sched_cache_snapshot *s = sched_cache_snapshot_new();
	struct sched_cache_stats st0, st1;
	struct sched_node_info *before;

	ck_assert_int_eq(sched_cache_update_snapshot(c, s), 0);
	ck_assert_uint_eq(s->s.n_nodes, 500);
	ck_assert_str_eq(s->s.nodes[0]->name, "node-0");
	ck_assert_str_eq(s->s.nodes[499]->name, "node-499");
	before = sched_snapshot_get(&s->s, "node-7");
	sched_cache_stats(c, &st0);
	/* Nothing changed: nothing is cloned. */
	ck_assert_int_eq(sched_cache_update_snapshot(c, s), 0);
	sched_cache_stats(c, &st1);
	ck_assert_uint_eq(st1.cloned, st0.cloned);
	/* One pod: one node cloned, the list is not rebuilt, the pointer stays. */
	add_assigned(c, "a", "node-7", "1");
	ck_assert_int_eq(sched_cache_update_snapshot(c, s), 0);
	sched_cache_stats(c, &st1);
	ck_assert_uint_eq(st1.cloned, st0.cloned + 1);
	ck_assert_uint_eq(st1.list_rebuilds, st0.list_rebuilds);
	ck_assert_ptr_eq(sched_snapshot_get(&s->s, "node-7"), before);
	ck_assert_int_eq(before->requested.milli_cpu, 1000);
	ck_assert_ptr_eq(s->s.nodes[7], before);
	/* The snapshot is frozen: a later change does not show until the next update. */
	add_assigned(c, "b", "node-7", "1");
	ck_assert_int_eq(before->requested.milli_cpu, 1000);
	ck_assert_int_eq(sched_cache_update_snapshot(c, s), 0);
	ck_assert_int_eq(before->requested.milli_cpu, 2000);
	sched_cache_snapshot_free(s);
	sched_cache_free(c);
}
END_TEST

START_TEST(test_snapshot_node_add_remove)
{
	struct sched_cache *c = cache_with_nodes(3);
	struct sched_cache_snapshot *s = sched_cache_snapshot_new();
	json_t *node = make_node("late", "8", NULL);

	ck_assert_int_eq(sched_cache_update_snapshot(c, s), 0);
	ck_assert_uint_eq(s->s.n_nodes, 3);
	sched_cache_add_node(c, node);
	ck_assert_int_eq(sched_cache_update_snapshot(c, s), 0);
	ck_assert_uint_eq(s->s.n_nodes, 4);
	ck_assert_str_eq(s->s.nodes[3]->name, "late");
	add_assigned(c, "a", "node-1", "1");
	ck_assert_int_eq(sched_cache_remove_node(c, "node-1"), 0);
	ck_assert_int_eq(sched_cache_remove_node(c, "node-1"), KC_ERR_NOT_FOUND);
	ck_assert_int_eq(sched_cache_update_snapshot(c, s), 0);
	ck_assert_uint_eq(s->s.n_nodes, 3);
	ck_assert_ptr_null(sched_snapshot_get(&s->s, "node-1"));
	/* The pod keeps a node-less NodeInfo until it goes. */
	ck_assert_ptr_nonnull(sched_cache_node_info(c, "node-1"));
	ck_assert_int_eq(sched_cache_remove_pod(c, "uid-a"), 0);
	ck_assert_ptr_null(sched_cache_node_info(c, "node-1"));
	json_decref(node);
	sched_cache_snapshot_free(s);
	sched_cache_free(c);
}
END_TEST

START_TEST(test_pod_before_node)
{
	struct sched_cache *c = sched_cache_new(0, now_fn);
	struct sched_cache_snapshot *s = sched_cache_snapshot_new();
	json_t *node = make_node("n", "4", NULL);

	add_assigned(c, "a", "n", "1");
	ck_assert_int_eq(sched_cache_update_snapshot(c, s), 0);
	ck_assert_uint_eq(s->s.n_nodes, 0);
	sched_cache_add_node(c, node);
	ck_assert_int_eq(sched_cache_update_snapshot(c, s), 0);
	ck_assert_uint_eq(s->s.n_nodes, 1);
	ck_assert_int_eq(s->s.nodes[0]->requested.milli_cpu, 1000);
	json_decref(node);
	sched_cache_snapshot_free(s);
	sched_cache_free(c);
}
END_TEST

START_TEST(test_snapshot_affinity_lists)
{
	struct sched_cache *c = cache_with_nodes(3);
	struct sched_cache_snapshot *s = sched_cache_snapshot_new();
	json_t *pod = make_pod("anti", "node-2", "100m", 1);

	ck_assert_int_eq(sched_cache_update_snapshot(c, s), 0);
	ck_assert_uint_eq(s->s.n_have_pods_with_required_anti_affinity, 0);
	ck_assert_int_eq(sched_cache_add_pod(c, pod), 0);
	ck_assert_int_eq(sched_cache_update_snapshot(c, s), 0);
	ck_assert_uint_eq(s->s.n_have_pods_with_affinity, 1);
	ck_assert_uint_eq(s->s.n_have_pods_with_required_anti_affinity, 1);
	ck_assert_str_eq(s->s.have_pods_with_required_anti_affinity[0]->name, "node-2");
	sched_cache_remove_pod(c, "uid-anti");
	ck_assert_int_eq(sched_cache_update_snapshot(c, s), 0);
	ck_assert_uint_eq(s->s.n_have_pods_with_required_anti_affinity, 0);
	json_decref(pod);
	sched_cache_snapshot_free(s);
	sched_cache_free(c);
}
END_TEST

START_TEST(test_image_counts)
{
	struct sched_cache *c = sched_cache_new(0, now_fn);
	struct sched_cache_snapshot *s = sched_cache_snapshot_new();
	json_t *n1 = make_node("n1", "4", "nginx:1.25"), *n2 = make_node("n2", "4", "nginx:1.25");
	struct sched_node_info *ni;

	sched_cache_add_node(c, n1);
	sched_cache_add_node(c, n2);
	ck_assert_int_eq(sched_cache_update_snapshot(c, s), 0);
	ni = sched_snapshot_get(&s->s, "n1");
	ck_assert_uint_eq(ni->n_images, 1);
	ck_assert_int_eq(ni->images[0].num_nodes, 2);
	json_decref(n1);
	json_decref(n2);
	sched_cache_snapshot_free(s);
	sched_cache_free(c);
}
END_TEST

START_TEST(test_bad_input)
{
	struct sched_cache *c = sched_cache_new(0, now_fn);
	json_t *no_name = kc_test_json("{\"metadata\":{}}");
	json_t *unassigned = make_pod("a", NULL, "1", 0);

	ck_assert_int_eq(sched_cache_add_node(c, no_name), KC_ERR_INVALID);
	ck_assert_int_eq(sched_cache_add_pod(c, unassigned), KC_ERR_INVALID);
	ck_assert_int_eq(sched_cache_remove_node(c, "nope"), KC_ERR_NOT_FOUND);
	ck_assert_int_eq(sched_cache_finish_binding(c, "nope"), KC_ERR_NOT_FOUND);
	json_decref(no_name);
	json_decref(unassigned);
	sched_cache_free(c);
}
END_TEST

static Suite *
sched_cache_suite(void)
{
	Suite *s = suite_create("sched_cache");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_pods_sum_on_nodes);
	tcase_add_test(tc, test_update_pod_moves_requests);
	tcase_add_test(tc, test_assume_then_confirm);
	tcase_add_test(tc, test_confirm_on_other_node_moves);
	tcase_add_test(tc, test_forget);
	tcase_add_test(tc, test_expire_after_ttl);
	tcase_add_test(tc, test_ttl_zero_never_expires);
	tcase_add_test(tc, test_snapshot_incremental);
	tcase_add_test(tc, test_snapshot_node_add_remove);
	tcase_add_test(tc, test_pod_before_node);
	tcase_add_test(tc, test_snapshot_affinity_lists);
	tcase_add_test(tc, test_image_counts);
	tcase_add_test(tc, test_bad_input);
	tcase_set_timeout(tc, 20);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(sched_cache_suite)
