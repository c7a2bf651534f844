/*
 * hashmap.c - struct kc_strmap, the string -> pointer hash map under the store, the workqueue and
 * the event recorder (upstream: Go's built-in map[string]T, which client-go's cache and
 * workqueue are built on).  Chained buckets, a power of two of them, doubled when the load passes
 * one; keys hashed with SipHash-1-3 under a per-process random key, so that names chosen by API
 * users cannot make every key land in one bucket (Go seeds its maps for the same reason).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "libkcommon/clock.h"
#include "libkcommon/duration.h"
#include "libkcommon/errors.h"
#include "libkcommon/hashmap.h"

/* ---- SipHash-1-3 (Aumasson, Bernstein), 64-bit output ---- */

static uint64_t kc_hash_k0, kc_hash_k1;
static int kc_hash_seeded;

static void
hash_seed(void)
{
	uint64_t k[2];

	if (kc_hash_seeded)
		return;
	if (getrandom(k, sizeof(k), GRND_NONBLOCK) != (ssize_t)sizeof(k)) {
		int64_t now = kc_clock_real_ns();

		k[0] = (uint64_t)(now % KC_NSEC_PER_SEC) * 0x9e3779b97f4a7c15ULL ^
		       (uint64_t)getpid();
		k[1] = (uint64_t)(now / KC_NSEC_PER_SEC) * 0xc2b2ae3d27d4eb4fULL ^ (uintptr_t)&now;
	}
	kc_hash_k0 = k[0];
	kc_hash_k1 = k[1];
	kc_hash_seeded = 1;
}

#define ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))
#define SIPROUND                   \
	do {                       \
		v0 += v1;          \
		v1 = ROTL(v1, 13); \
		v1 ^= v0;          \
		v0 = ROTL(v0, 32); \
		v2 += v3;          \
		v3 = ROTL(v3, 16); \
		v3 ^= v2;          \
		v0 += v3;          \
		v3 = ROTL(v3, 21); \
		v3 ^= v0;          \
		v2 += v1;          \
		v1 = ROTL(v1, 17); \
		v1 ^= v2;          \
		v2 = ROTL(v2, 32); \
	} while (0)

static uint64_t
hash_str(const char *s, size_t len)
{
	uint64_t v0 = 0x736f6d6570736575ULL ^ kc_hash_k0;
	uint64_t v1 = 0x646f72616e646f6dULL ^ kc_hash_k1;
	uint64_t v2 = 0x6c7967656e657261ULL ^ kc_hash_k0;
	uint64_t v3 = 0x7465646279746573ULL ^ kc_hash_k1;
	uint64_t b = (uint64_t)len << 56, m;
	const unsigned char *p = (const unsigned char *)s;
	size_t i, left = len & 7;

	for (i = 0; i + 8 <= len; i += 8) {
		memcpy(&m, p + i, 8);
		v3 ^= m;
		SIPROUND;
		v0 ^= m;
	}
	for (size_t j = 0; j < left; j++)
		b |= (uint64_t)p[i + j] << (8 * j);
	v3 ^= b;
	SIPROUND;
	v0 ^= b;
	v2 ^= 0xff;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	return v0 ^ v1 ^ v2 ^ v3;
}

/* ---- kc_strmap ---- */

struct strmap_node {
	struct strmap_node *next;
	uint64_t hash;
	void *value;
	char key[]; /* NUL-terminated copy */
};

struct kc_strmap {
	struct strmap_node **buckets;
	size_t nbuckets; /* a power of two */
	size_t size;
};

#define STRMAP_MIN_BUCKETS 16

struct kc_strmap *
kc_strmap_new(void)
{
	struct kc_strmap *m = calloc(1, sizeof(*m));

	if (m == NULL)
		return NULL;
	hash_seed();
	m->buckets = calloc(STRMAP_MIN_BUCKETS, sizeof(*m->buckets));
	if (m->buckets == NULL) {
		free(m);
		return NULL;
	}
	m->nbuckets = STRMAP_MIN_BUCKETS;
	return m;
}

struct kc_strmap *
kc_strmap_free(struct kc_strmap *m, void (*free_value)(void *value))
{
	if (m == NULL)
		return NULL;
	for (size_t i = 0; i < m->nbuckets; i++) {
		struct strmap_node *n = m->buckets[i], *next;

		for (; n != NULL; n = next) {
			next = n->next;
			if (free_value != NULL)
				free_value(n->value);
			free(n);
		}
	}
	free(m->buckets);
	free(m);
	return NULL;
}

size_t
kc_strmap_size(const struct kc_strmap *m)
{
	return m->size;
}

static struct strmap_node **
strmap_slot(const struct kc_strmap *m, const char *key, uint64_t hash)
{
	struct strmap_node **pp = &m->buckets[hash & (m->nbuckets - 1)];

	for (; *pp != NULL; pp = &(*pp)->next)
		if ((*pp)->hash == hash && strcmp((*pp)->key, key) == 0)
			break;
	return pp;
}

void *
kc_strmap_get(const struct kc_strmap *m, const char *key)
{
	struct strmap_node *n = *strmap_slot(m, key, hash_str(key, strlen(key)));

	return n != NULL ? n->value : NULL;
}

int
kc_strmap_contains(const struct kc_strmap *m, const char *key)
{
	return *strmap_slot(m, key, hash_str(key, strlen(key))) != NULL;
}

/* Doubles the table; on out of memory the map keeps working at a higher load. */
static void
strmap_grow(struct kc_strmap *m)
{
	size_t nb = m->nbuckets * 2;
	struct strmap_node **b = calloc(nb, sizeof(*b));

	if (b == NULL)
		return;
	for (size_t i = 0; i < m->nbuckets; i++) {
		struct strmap_node *n = m->buckets[i], *next;

		for (; n != NULL; n = next) {
			next = n->next;
			n->next = b[n->hash & (nb - 1)];
			b[n->hash & (nb - 1)] = n;
		}
	}
	free(m->buckets);
	m->buckets = b;
	m->nbuckets = nb;
}

int
kc_strmap_put(struct kc_strmap *m, const char *key, void *value, void **ret_old)
{
	size_t len = strlen(key);
	uint64_t hash = hash_str(key, len);
	struct strmap_node **pp = strmap_slot(m, key, hash), *n;

	if (*pp != NULL) {
		if (ret_old != NULL)
			*ret_old = (*pp)->value;
		(*pp)->value = value;
		return 0;
	}
	n = malloc(sizeof(*n) + len + 1);
	if (n == NULL)
		return KC_ERR_NOMEM;
	memcpy(n->key, key, len + 1);
	n->hash = hash;
	n->value = value;
	n->next = NULL;
	*pp = n;
	m->size++;
	if (ret_old != NULL)
		*ret_old = NULL;
	if (m->size > m->nbuckets)
		strmap_grow(m);
	return 1;
}

int
kc_strmap_remove(struct kc_strmap *m, const char *key, void **ret_value)
{
	struct strmap_node **pp = strmap_slot(m, key, hash_str(key, strlen(key))), *n = *pp;

	if (n == NULL) {
		if (ret_value != NULL)
			*ret_value = NULL;
		return 0;
	}
	*pp = n->next;
	if (ret_value != NULL)
		*ret_value = n->value;
	free(n);
	m->size--;
	return 1;
}

int
kc_strmap_next(const struct kc_strmap *m, struct kc_strmap_iter *it, const char **ret_key,
	       void **ret_value)
{
	struct strmap_node *n = it->node;

	/* it->node is the next node to return, so removing the one just returned is safe. */
	while (n == NULL) {
		if (it->bucket >= m->nbuckets)
			return 0;
		n = m->buckets[it->bucket++];
	}
	it->node = n->next;
	if (ret_key != NULL)
		*ret_key = n->key;
	if (ret_value != NULL)
		*ret_value = n->value;
	return 1;
}
