/*
 * store_testutil.c - a store call's result, collected by its callback, and waiting for a
 * store_set's caches, for the tests of kube-apiserver's registry store against etcd.
 */
#include <stdio.h>
#include <string.h>

#include <event2/event.h>

#include "kube-apiserver/registry/store.h"
#include "test/unit/testutil/loop_testutil.h"
#include "test/unit/testutil/store_testutil.h"

void
store_test_on_result(void *arg, json_t *status, const struct store_result *res)
{
	struct store_test_result *r = arg;

	r->done = 1;
	if (status != NULL) {
		r->code = (int)json_integer_value(json_object_get(status, "code"));
		snprintf(r->message, sizeof(r->message), "%s",
			 json_string_value(json_object_get(status, "message")));
		json_decref(status);
		return;
	}
	r->obj = json_deep_copy(res->obj);
	r->created = res->created;
	r->deleted = res->deleted;
	r->unchanged = res->unchanged;
	r->graceful = res->graceful;
}

void
store_test_result_release(struct store_test_result *r)
{
	json_decref(r->obj);
	memset(r, 0, sizeof(*r));
}

int
store_test_wait_ready(struct event_base *base, struct store_set *set, long ms)
{
	for (long end = kc_test_mono_ms() + ms; !store_set_ready(set) && kc_test_mono_ms() < end;)
		event_base_loop(base, EVLOOP_ONCE | EVLOOP_NONBLOCK);
	return store_set_ready(set);
}
