/*
 * validation.h - name, label, number and address checks with upstream's exact messages, and
 * field.Error text (upstream: staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go
 * and validation/field/errors.go, path.go; k8s.io/utils/net ParseIPSloppy/ParseCIDRSloppy).
 *
 * Each kc_validation_is_*() appends upstream's messages for value to errs and returns how many
 * it appended: 0 means valid.  errs may be NULL to test only.  On allocation failure it
 * returns KC_ERR_NOMEM (errs may then hold some of the messages).  The messages appear as
 * they are in 422 responses, e.g. via kc_validation_field_invalid().
 */
#ifndef KC_VALIDATION_H
#define KC_VALIDATION_H

#include <stddef.h>
#include <stdint.h>

struct kc_strbuf;
struct kc_strv;

#define KC_VALIDATION_DNS1123_LABEL_MAX     63
#define KC_VALIDATION_DNS1123_SUBDOMAIN_MAX 253
#define KC_VALIDATION_DNS1035_LABEL_MAX     63
#define KC_VALIDATION_LABEL_VALUE_MAX       63
#define KC_VALIDATION_QUALIFIED_NAME_MAX    63

/* Label keys, annotation keys, finalizers: "[prefix/]name" (IsQualifiedName). */
int kc_validation_is_qualified_name(const char *value, struct kc_strv *errs);
/* Label values: empty or a qualified name part of at most 63 characters. */
int kc_validation_is_valid_label_value(const char *value, struct kc_strv *errs);
/* Lower case RFC 1123 label (namespace names, ...). */
int kc_validation_is_dns1123_label(const char *value, struct kc_strv *errs);
/* Lower case RFC 1123 subdomain (most object names). */
int kc_validation_is_dns1123_subdomain(const char *value, struct kc_strv *errs);
/* RFC 1035 label (Service names). */
int kc_validation_is_dns1035_label(const char *value, struct kc_strv *errs);
/* "*." followed by a DNS-1123 subdomain. */
int kc_validation_is_wildcard_dns1123_subdomain(const char *value, struct kc_strv *errs);
int kc_validation_is_c_identifier(const char *value, struct kc_strv *errs);
/* 1..65535. */
int kc_validation_is_valid_port_num(int64_t port, struct kc_strv *errs);
int kc_validation_is_in_range(int64_t value, int64_t min, int64_t max, struct kc_strv *errs);
int kc_validation_is_valid_group_id(int64_t gid, struct kc_strv *errs);
int kc_validation_is_valid_user_id(int64_t uid, struct kc_strv *errs);
/* IANA_SVC_NAME: at most 15 of [-a-z0-9], a letter, no "--", no leading/trailing '-'. */
int kc_validation_is_valid_port_name(const char *port, struct kc_strv *errs);
int kc_validation_is_valid_percent(const char *value, struct kc_strv *errs);
int kc_validation_is_http_header_name(const char *value, struct kc_strv *errs);
int kc_validation_is_env_var_name(const char *value, struct kc_strv *errs);
int kc_validation_is_config_map_key(const char *value, struct kc_strv *errs);
/* IsRelaxedEnvVarName: non-empty printable ASCII other than '='. */
int kc_validation_is_relaxed_env_var_name(const char *value, struct kc_strv *errs);
/*
 * Checks that return whole field errors for path (as upstream's field.ErrorList ones):
 * IsFullyQualifiedName (a subdomain of at least three segments), IsFullyQualifiedDomainName
 * (two segments, a trailing dot allowed), IsDomainPrefixedPath ("acme.io/foo").
 */
int kc_validation_is_fully_qualified_name(const char *path, const char *name, struct kc_strv *errs);
int kc_validation_is_fully_qualified_domain_name(const char *path, const char *name,
						 struct kc_strv *errs);
int kc_validation_is_domain_prefixed_path(const char *path, const char *value,
					  struct kc_strv *errs);
/*
 * IP and CIDR checks push the field.Invalid detail only ("must be a valid IP address, (e.g.
 * 10.9.8.7 or 2001:db8::ffff)"); wrap it with kc_validation_field_invalid() for the full text.
 */
int kc_validation_is_valid_ip(const char *value, struct kc_strv *errs);
int kc_validation_is_valid_ipv4_address(const char *value, struct kc_strv *errs);
int kc_validation_is_valid_ipv6_address(const char *value, struct kc_strv *errs);
int kc_validation_is_valid_cidr(const char *value, struct kc_strv *errs);

/*
 * ParseIPSloppy: dotted IPv4 (leading zeros allowed, read as decimal) or IPv6 (embedded IPv4
 * allowed, no zone).  Writes the 16-byte form (IPv4 as ::ffff:a.b.c.d) to ret and returns 4 or
 * 6 (an IPv4-mapped IPv6 text gives 4, as Go's To4()); KC_ERR_INVALID when not an address.
 */
int kc_validation_parse_ip(const char *s, unsigned char ret[16]);
/* ParseCIDRSloppy: "<ip>/<bits>"; returns 4 or 6 (the family of the text), KC_ERR_INVALID. */
int kc_validation_parse_cidr(const char *s, unsigned char ret_ip[16], int *ret_prefix_len);

/* Message builders shared with other validators. */
char *kc_validation_max_len_error(int length); /* "must be no more than N characters" */
char *kc_validation_inclusive_range_error(int64_t lo, int64_t hi);
/* RegexError(msg, fmt, examples...): examples is NULL-terminated (or NULL). */
char *kc_validation_regex_error(const char *msg, const char *fmt, const char *const *examples);
extern const char kc_validation_empty_error[]; /* "must be non-empty" */

/*
 * field.Error text: "<path>: <type>[: <value>][: <detail>]", appended to errs.  Values are
 * quoted as Go's %q.  Each returns 1 (one message added) or KC_ERR_NOMEM.  An empty path prints
 * as "" (field.NewPath("")), a NULL path as "<nil>".
 */
int kc_validation_field_invalid(struct kc_strv *errs, const char *path, const char *value,
				const char *detail);
int kc_validation_field_invalid_int(struct kc_strv *errs, const char *path, int64_t value,
				    const char *detail);
int kc_validation_field_required(struct kc_strv *errs, const char *path, const char *detail);
int kc_validation_field_forbidden(struct kc_strv *errs, const char *path, const char *detail);
int kc_validation_field_duplicate(struct kc_strv *errs, const char *path, const char *value);
int kc_validation_field_not_found(struct kc_strv *errs, const char *path, const char *value);
/* "Unsupported value: "x": supported values: "a", "b"" (valid NULL-terminated, may be NULL). */
int kc_validation_field_not_supported(struct kc_strv *errs, const char *path, const char *value,
				      const char *const *valid);
/* "Too long: may not be more than N bytes" (max < 0: "value is too long"). */
int kc_validation_field_too_long(struct kc_strv *errs, const char *path, int64_t max);
/* "Too many: N: must have at most M items". */
int kc_validation_field_too_many(struct kc_strv *errs, const char *path, int64_t actual,
				 int64_t max);
int kc_validation_field_internal(struct kc_strv *errs, const char *path, const char *detail);

/*
 * utilerrors.NewAggregate(...).Error(): "" for none, the message for one, "[a, b]" for more,
 * duplicates dropped.  Returns a malloc()ed string or NULL when out of memory.
 */
char *kc_validation_aggregate(const struct kc_strv *msgs);

/* Appends s (len bytes) quoted as Go's strconv.Quote / %q.  0 or KC_ERR_NOMEM. */
int kc_validation_quote(struct kc_strbuf *sb, const char *s, size_t len);

/*
 * Decodes one UTF-8 sequence at s as Go does: returns the bytes consumed (1..4) and the rune,
 * or 1 and U+FFFD for an invalid or truncated sequence.  len must be > 0.
 */
size_t kc_validation_decode_rune(const char *s, size_t len, uint32_t *ret_rune);

#endif
