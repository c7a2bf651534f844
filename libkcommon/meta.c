/*
 * meta.c - metav1 helpers on jansson objects (upstream: staging/src/k8s.io/apimachinery/pkg/
 * apis/meta/v1/{controller_ref.go,time.go,micro_time.go}, pkg/api/meta/conditions.go,
 * client-go/tools/cache/store.go key functions, apiserver/pkg/storage/names/generate.go).
 *
 * Time parsing follows Go's time.Parse for the RFC 3339 layouts, including what it tolerates
 * beyond RFC 3339: a one-digit hour, a comma before the fraction, offsets up to 24:60.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/clock.h"
#include "libkcommon/duration.h"
#include "libkcommon/errors.h"
#include "libkcommon/meta.h"

/* ---- ObjectMeta ------------------------------------------------------------------------- */

const json_t *
kc_meta_metadata(const json_t *obj)
{
	const json_t *m = json_object_get(obj, "metadata");

	return json_is_object(m) ? m : NULL;
}

static const char *
meta_string(const json_t *obj, const char *name)
{
	return json_string_value(json_object_get(kc_meta_metadata(obj), name));
}

const char *
kc_meta_name(const json_t *obj)
{
	return meta_string(obj, "name");
}

const char *
kc_meta_namespace(const json_t *obj)
{
	return meta_string(obj, "namespace");
}

const char *
kc_meta_uid(const json_t *obj)
{
	return meta_string(obj, "uid");
}

const char *
kc_meta_resource_version(const json_t *obj)
{
	return meta_string(obj, "resourceVersion");
}

const char *
kc_meta_generate_name(const json_t *obj)
{
	return meta_string(obj, "generateName");
}

int64_t
kc_meta_generation(const json_t *obj)
{
	return json_integer_value(json_object_get(kc_meta_metadata(obj), "generation"));
}

static const json_t *
meta_object(const json_t *obj, const char *name)
{
	const json_t *v = json_object_get(kc_meta_metadata(obj), name);

	return json_is_object(v) ? v : NULL;
}

const json_t *
kc_meta_labels(const json_t *obj)
{
	return meta_object(obj, "labels");
}

const json_t *
kc_meta_annotations(const json_t *obj)
{
	return meta_object(obj, "annotations");
}

const char *
kc_meta_label(const json_t *obj, const char *key)
{
	return json_string_value(json_object_get(kc_meta_labels(obj), key));
}

const char *
kc_meta_annotation(const json_t *obj, const char *key)
{
	return json_string_value(json_object_get(kc_meta_annotations(obj), key));
}

int
kc_meta_is_being_deleted(const json_t *obj)
{
	const json_t *ts = json_object_get(kc_meta_metadata(obj), "deletionTimestamp");

	return ts != NULL && !json_is_null(ts);
}

int
kc_meta_has_finalizer(const json_t *obj, const char *name)
{
	const json_t *list = json_object_get(kc_meta_metadata(obj), "finalizers");
	size_t i;
	json_t *f;

	json_array_foreach(list, i, f) {
		if (json_is_string(f) && strcmp(json_string_value(f), name) == 0)
			return 1;
	}
	return 0;
}

char *
kc_meta_key(const json_t *obj)
{
	const char *ns, *name;
	char *key;

	if (kc_meta_metadata(obj) == NULL)
		return NULL;
	ns = kc_meta_namespace(obj);
	name = kc_meta_name(obj);
	if (name == NULL)
		name = "";
	if (ns == NULL || ns[0] == '\0')
		return strdup(name);
	if (asprintf(&key, "%s/%s", ns, name) < 0)
		return NULL;
	return key;
}

int
kc_meta_split_key(const char *key, char **ret_namespace, char **ret_name)
{
	const char *slash = strchr(key, '/');
	KC_AUTOFREE char *ns = NULL;
	char *name;

	if (slash != NULL && strchr(slash + 1, '/') != NULL)
		return KC_ERR_INVALID; /* unexpected key format: %q */
	ns = slash != NULL ? strndup(key, (size_t)(slash - key)) : strdup("");
	name = strdup(slash != NULL ? slash + 1 : key);
	if (ns == NULL || name == NULL) {
		free(name);
		return KC_ERR_NOMEM;
	}
	*ret_namespace = kc_take_ptr(ns);
	*ret_name = name;
	return 0;
}

/* ---- owner references ------------------------------------------------------------------- */

const json_t *
kc_meta_owner_references(const json_t *obj)
{
	const json_t *refs = json_object_get(kc_meta_metadata(obj), "ownerReferences");

	return json_is_array(refs) ? refs : NULL;
}

const json_t *
kc_meta_controller_of(const json_t *obj)
{
	const json_t *refs = kc_meta_owner_references(obj);
	size_t i;
	json_t *ref;

	json_array_foreach(refs, i, ref) {
		if (json_is_true(json_object_get(ref, "controller")))
			return ref;
	}
	return NULL;
}

int
kc_meta_is_controlled_by(const json_t *obj, const json_t *owner)
{
	const char *uid = json_string_value(json_object_get(kc_meta_controller_of(obj), "uid"));
	const char *owner_uid = kc_meta_uid(owner);

	if (uid == NULL)
		return 0;
	return strcmp(uid, owner_uid != NULL ? owner_uid : "") == 0;
}

json_t *
kc_meta_new_controller_ref(const json_t *owner, const char *api_version, const char *kind)
{
	const char *name = kc_meta_name(owner), *uid = kc_meta_uid(owner);

	return json_pack("{s:s, s:s, s:s, s:s, s:b, s:b}", "apiVersion", api_version, "kind", kind,
			 "name", name != NULL ? name : "", "uid", uid != NULL ? uid : "",
			 "blockOwnerDeletion", 1, "controller", 1);
}

/* ---- time -------------------------------------------------------------------------------- */

int64_t
kc_meta_now(void)
{
	return kc_clock_real_ns();
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int
days_in_month(int64_t y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

/* UTC civil time of ns: floor division so times before 1970 print correctly. */
static const char *
format_time(int64_t ns, int micro, char *buf, size_t size)
{
	int64_t sec = ns / KC_NSEC_PER_SEC, frac = ns % KC_NSEC_PER_SEC, days, rem, y;
	int mo, d;

	if (frac < 0) {
		frac += KC_NSEC_PER_SEC;
		sec--;
	}
	days = sec / 86400;
	rem = sec % 86400;
	if (rem < 0) {
		rem += 86400;
		days--;
	}
	civil_from_days(days, &y, &mo, &d);
	if (micro)
		snprintf(buf, size, "%04lld-%02d-%02dT%02d:%02d:%02d.%06lldZ", (long long)y, mo, d,
			 (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60),
			 (long long)(frac / 1000));
	else
		snprintf(buf, size, "%04lld-%02d-%02dT%02d:%02d:%02dZ", (long long)y, mo, d,
			 (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60));
	return buf;
}

const char *
kc_meta_time_format(int64_t ns, char *buf, size_t size)
{
	return format_time(ns, 0, buf, size);
}

const char *
kc_meta_micro_time_format(int64_t ns, char *buf, size_t size)
{
	return format_time(ns, 1, buf, size);
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* getnum: one or two digits (exactly two when fixed). */
static int
getnum(const char **s, int fixed)
{
	const char *p = *s;
	int v;

	if (!is_digit(p[0]))
		return -1;
	if (!is_digit(p[1])) {
		if (fixed)
			return -1;
		*s = p + 1;
		return p[0] - '0';
	}
	v = (p[0] - '0') * 10 + (p[1] - '0');
	*s = p + 2;
	return v;
}

/* parseNanoseconds on ".ddd": the first nine digits count, the rest are dropped. */
static int64_t
fraction_ns(const char *digits, size_t n)
{
	int64_t v = 0;
	size_t i;

	for (i = 0; i < n && i < 9; i++)
		v = v * 10 + (digits[i] - '0');
	for (; i < 9; i++)
		v *= 10;
	return v;
}

/* micro_digits: 0 for RFC3339 (optional fraction of any length), 6 for RFC3339Micro. */
static int
parse_time(const char *s, int micro_digits, int64_t *ret_ns)
{
	int mo, d, h, mi, se, off = 0;
	int64_t y = 0, nsec = 0, sec;

	for (int i = 0; i < 4; i++) {
		if (!is_digit(s[i]))
			return KC_ERR_INVALID;
		y = y * 10 + (s[i] - '0');
	}
	s += 4;
	if (*s++ != '-' || (mo = getnum(&s, 1)) < 0 || *s++ != '-' || (d = getnum(&s, 1)) < 0 ||
	    *s++ != 'T' || (h = getnum(&s, 0)) < 0 || *s++ != ':' || (mi = getnum(&s, 1)) < 0 ||
	    *s++ != ':' || (se = getnum(&s, 1)) < 0)
		return KC_ERR_INVALID;
	if (mo < 1 || mo > 12 || h >= 24 || mi >= 60 || se >= 60)
		return KC_ERR_INVALID; /* month/hour/minute/second out of range */
	if ((s[0] == '.' || s[0] == ',') && is_digit(s[1])) {
		size_t n = strspn(s + 1, "0123456789");

		if (micro_digits != 0 && n < (size_t)micro_digits)
			return KC_ERR_INVALID;
		if (micro_digits != 0)
			n = (size_t)micro_digits;
		nsec = fraction_ns(s + 1, n);
		s += 1 + n;
	} else if (micro_digits != 0) {
		return KC_ERR_INVALID;
	}
	if (s[0] == 'Z') {
		s++;
	} else if ((s[0] == '+' || s[0] == '-') && is_digit(s[1]) && is_digit(s[2]) &&
		   s[3] == ':' && is_digit(s[4]) && is_digit(s[5])) {
		int oh = (s[1] - '0') * 10 + (s[2] - '0'), om = (s[4] - '0') * 10 + (s[5] - '0');

		if (oh > 24 || om > 60)
			return KC_ERR_INVALID; /* time zone offset out of range */
		off = (oh * 60 + om) * 60 * (s[0] == '-' ? -1 : 1);
		s += 6;
	} else {
		return KC_ERR_INVALID;
	}
	if (*s != '\0' || d < 1 || d > days_in_month(y, mo))
		return KC_ERR_INVALID; /* extra text, day out of range */
	sec = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se - off;
	if (sec > INT64_MAX / KC_NSEC_PER_SEC - 1 || sec < INT64_MIN / KC_NSEC_PER_SEC + 1)
		return KC_ERR_RANGE;
	*ret_ns = sec * KC_NSEC_PER_SEC + nsec;
	return 0;
}

int
kc_meta_time_parse(const char *s, int64_t *ret_ns)
{
	return parse_time(s, 0, ret_ns);
}

int
kc_meta_micro_time_parse(const char *s, int64_t *ret_ns)
{
	return parse_time(s, 6, ret_ns);
}

json_t *
kc_meta_time_json(int64_t ns)
{
	char buf[KC_META_TIME_BUFSZ];

	return json_string(kc_meta_time_format(ns, buf, sizeof(buf)));
}

json_t *
kc_meta_time_now_json(void)
{
	return kc_meta_time_json(kc_meta_now());
}

/* ---- conditions ---------------------------------------------------------------------------- */

json_t *
kc_meta_status_conditions(const json_t *obj)
{
	json_t *c = json_object_get(json_object_get(obj, "status"), "conditions");

	return json_is_array(c) ? c : NULL;
}

json_t *
kc_meta_find_condition(const json_t *conditions, const char *type)
{
	size_t i;
	json_t *c;

	json_array_foreach(conditions, i, c) {
		const char *t = json_string_value(json_object_get(c, "type"));

		if (t != NULL && strcmp(t, type) == 0)
			return c;
	}
	return NULL;
}

static const char *
str_or_empty(const json_t *obj, const char *name)
{
	const char *s = json_string_value(json_object_get(obj, name));

	return s != NULL ? s : "";
}

/* A lastTransitionTime that is set (metav1.Time.IsZero() is false). */
static int
has_time(const json_t *cond)
{
	const char *t = json_string_value(json_object_get(cond, "lastTransitionTime"));

	return t != NULL && t[0] != '\0';
}

/* Copies the string field name from src to dst when it differs; 1 when it did. */
static int
sync_string(json_t *dst, const json_t *src, const char *name, int *r)
{
	const char *want = str_or_empty(src, name);

	if (strcmp(str_or_empty(dst, name), want) == 0 && json_object_get(dst, name) != NULL)
		return 0;
	if (strcmp(str_or_empty(dst, name), want) == 0) {
		/* absent and "" are the same Go value: add the field without a change */
		if (json_object_set_new(dst, name, json_string(want)) < 0)
			*r = KC_ERR_NOMEM;
		return 0;
	}
	if (json_object_set_new(dst, name, json_string(want)) < 0)
		*r = KC_ERR_NOMEM;
	return 1;
}

static int
update_condition(json_t *existing, const json_t *cond, int64_t now_ns)
{
	const char *status = str_or_empty(cond, "status");
	json_int_t gen = json_integer_value(json_object_get(cond, "observedGeneration"));
	int changed = 0, r = 0;

	if (strcmp(str_or_empty(existing, "status"), status) != 0) {
		json_t *ltt = has_time(cond)
				      ? json_deep_copy(json_object_get(cond, "lastTransitionTime"))
				      : kc_meta_time_json(now_ns);

		if (json_object_set_new(existing, "status", json_string(status)) < 0 ||
		    json_object_set_new(existing, "lastTransitionTime", ltt) < 0)
			return KC_ERR_NOMEM;
		changed = 1;
	}
	changed |= sync_string(existing, cond, "reason", &r);
	changed |= sync_string(existing, cond, "message", &r);
	if (json_integer_value(json_object_get(existing, "observedGeneration")) != gen) {
		if (gen == 0)
			json_object_del(existing, "observedGeneration"); /* omitempty */
		else if (json_object_set_new(existing, "observedGeneration", json_integer(gen)) < 0)
			r = KC_ERR_NOMEM;
		changed = 1;
	}
	return r < 0 ? r : changed;
}

int
kc_meta_set_condition(json_t *conditions, const json_t *cond, int64_t now_ns)
{
	const char *type = json_string_value(json_object_get(cond, "type"));
	json_t *existing, *copy;

	if (type == NULL || !json_is_array(conditions))
		return KC_ERR_INVALID;
	existing = kc_meta_find_condition(conditions, type);
	if (existing != NULL)
		return update_condition(existing, cond, now_ns);
	copy = json_deep_copy(cond);
	if (copy == NULL)
		return KC_ERR_NOMEM;
	if (!has_time(copy) &&
	    json_object_set_new(copy, "lastTransitionTime", kc_meta_time_json(now_ns)) < 0) {
		json_decref(copy);
		return KC_ERR_NOMEM;
	}
	if (json_array_append_new(conditions, copy) < 0)
		return KC_ERR_NOMEM;
	return 1;
}

int
kc_meta_remove_condition(json_t *conditions, const char *type)
{
	int removed = 0;

	for (size_t i = json_array_size(conditions); i-- > 0;) {
		const char *t =
			json_string_value(json_object_get(json_array_get(conditions, i), "type"));

		if (t != NULL && strcmp(t, type) == 0) {
			json_array_remove(conditions, i);
			removed = 1;
		}
	}
	return removed;
}

int
kc_meta_is_condition_status(const json_t *conditions, const char *type, const char *status)
{
	const json_t *c = kc_meta_find_condition(conditions, type);

	return c != NULL && strcmp(str_or_empty(c, "status"), status) == 0;
}

int
kc_meta_is_condition_true(const json_t *conditions, const char *type)
{
	return kc_meta_is_condition_status(conditions, type, "True");
}

int
kc_meta_is_condition_false(const json_t *conditions, const char *type)
{
	return kc_meta_is_condition_status(conditions, type, "False");
}

/* ---- identity ---------------------------------------------------------------------------- */

static int
random_bytes_uncached(unsigned char *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t k = getrandom(buf + got, n - got, 0);

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			break;
		got += (size_t)k;
	}
	if (got < n) {
		int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);

		if (fd < 0)
			return KC_ERR_SYSTEM;
		while (got < n) {
			ssize_t k = read(fd, buf + got, n - got);

			if (k < 0 && errno == EINTR)
				continue;
			if (k <= 0) {
				close(fd);
				return KC_ERR_SYSTEM;
			}
			got += (size_t)k;
		}
		close(fd);
	}
	return 0;
}

/*
 * The kernel's CSPRNG output, fetched 256 bytes at a time: one getrandom() per 16 uids instead
 * of one per object an apiserver creates.  Per thread, and dropped in a forked child so parent
 * and child never hand out the same bytes.
 */
static __thread unsigned char random_pool[256];
static __thread size_t random_pool_left;
static pthread_once_t random_pool_once = PTHREAD_ONCE_INIT;

static void
random_pool_forget(void)
{
	explicit_bzero(random_pool, sizeof(random_pool));
	random_pool_left = 0;
}

static void
random_pool_register_atfork(void)
{
	pthread_atfork(NULL, NULL, random_pool_forget);
}

static int
random_bytes(unsigned char *buf, size_t n)
{
	unsigned char *from;

	pthread_once(&random_pool_once, random_pool_register_atfork);
	if (n > sizeof(random_pool))
		return random_bytes_uncached(buf, n);
	if (random_pool_left < n) {
		if (random_bytes_uncached(random_pool, sizeof(random_pool)) < 0)
			return KC_ERR_SYSTEM;
		random_pool_left = sizeof(random_pool);
	}
	from = random_pool + sizeof(random_pool) - random_pool_left;
	memcpy(buf, from, n);
	explicit_bzero(from, n); /* handed out once */
	random_pool_left -= n;
	return 0;
}

int
kc_meta_new_uid(char *buf, size_t size)
{
	unsigned char b[16];
	int r;

	if (size < KC_META_UID_BUFSZ)
		return KC_ERR_RANGE;
	r = random_bytes(b, sizeof(b));
	if (r < 0)
		return r;
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40); /* version 4 */
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80); /* RFC 4122 variant */
	snprintf(buf, size, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12],
		 b[13], b[14], b[15]);
	return 0;
}

char *
kc_meta_generate_name_from(const char *base)
{
	/* k8s.io/apimachinery/pkg/util/rand: consonants and digits, no vowels, no 0/1/3 */
	static const char alphabet[] = "bcdfghjklmnpqrstvwxz2456789";
	size_t len = strlen(base);
	unsigned char rnd[5];
	char *name;

	if (len > 58)
		len = 58; /* maxGeneratedNameLength = 63 - randomLength */
	if (random_bytes(rnd, sizeof(rnd)) < 0)
		return NULL;
	name = malloc(len + 6);
	if (name == NULL)
		return NULL;
	memcpy(name, base, len);
	for (size_t i = 0; i < 5; i++)
		name[len + i] = alphabet[rnd[i] % (sizeof(alphabet) - 1)];
	name[len + 5] = '\0';
	return name;
}
