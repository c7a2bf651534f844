/*
 * store_testutil.h - what the tests of kube-apiserver's registry store against a real etcd
 * share: the result of one store call, collected by its callback (struct store_result, the
 * answer of registry/store.h's calls), and waiting for a store_set's caches to be ready.
 */
#ifndef KC_STORE_TESTUTIL_H
#define KC_STORE_TESTUTIL_H

#include <jansson.h>

struct event_base;
struct store_result;
struct store_set;

/* One store call's outcome; zero it before the call, store_test_on_result() fills it in. */
struct store_test_result {
	int done;
	int code;          /* 0 on success, else the Status code */
	char message[512]; /* the Status message */
	json_t *obj;       /* a copy of the object (owned), NULL on failure */
	int created, deleted, unchanged, graceful;
};

/* A store callback (arg: a struct store_test_result): takes status's reference. */
void store_test_on_result(void *arg, json_t *status, const struct store_result *res);
/* Drops r->obj and zeroes r for the next call. */
void store_test_result_release(struct store_test_result *r);

/*
 * Turns base (without blocking) until set's caches are ready or ms passed; returns whether they
 * are ready.
 */
int store_test_wait_ready(struct event_base *base, struct store_set *set, long ms);

#endif
