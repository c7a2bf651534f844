/*
 * knft_types.c - nftables datatypes of set keys and map values: names to kernel ids and
 * lengths, and values between nft text and register bytes (upstream: nftables src/datatype.c
 * and the concatenation rules of src/expression.c, which knftables relies on through nft).
 *
 * Every part of a concatenation occupies a multiple of 4 bytes (one or more 32-bit
 * registers), zero padded; addresses and ports are big endian, marks and integers host endian.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/netfilter/nf_tables.h>

#include "kube-proxy/nftables/knft_internal.h"
#include "libkcommon/errors.h"

struct type_info {
	const char *name;
	uint32_t id;
	uint32_t len;
};

static const struct type_info types[] = {
	{ "ipv4_addr", KNFT_TYPE_IPADDR, 4 },
	{ "ipv6_addr", KNFT_TYPE_IP6ADDR, 16 },
	{ "inet_proto", KNFT_TYPE_INET_PROTOCOL, 1 },
	{ "inet_service", KNFT_TYPE_INET_SERVICE, 2 },
	{ "mark", KNFT_TYPE_MARK, 4 },
	{ "integer", KNFT_TYPE_INTEGER, 4 },
	{ "ether_addr", KNFT_TYPE_ETHERADDR, 6 },
	{ "ifname", KNFT_TYPE_IFNAME, 16 },
};

static const struct type_info *
type_by_name(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strlen(types[i].name) == len && strncmp(types[i].name, name, len) == 0)
			return &types[i];
	return NULL;
}

static const struct type_info *
type_by_id(uint32_t id)
{
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (types[i].id == id)
			return &types[i];
	return NULL;
}

static uint32_t
pad4(uint32_t n)
{
	return (n + 3) & ~3u;
}

int
knft_type_parse(const char *type, struct knft_type *ret, char *err, size_t errlen)
{
	const char *p = type;

	memset(ret, 0, sizeof(*ret));
	while (p && *p) {
		const struct type_info *ti;
		size_t len;

		while (*p == ' ')
			p++;
		len = strcspn(p, " .");
		ti = type_by_name(p, len);
		if (!ti)
			return kc_err_fail(KC_ERR_INVALID, err, errlen, "unknown type \"%.*s\"",
					   (int)len, p);
		if (ret->n == KNFT_MAX_CONCAT)
			return kc_err_fail(KC_ERR_INVALID, err, errlen,
					   "too many concatenated types in \"%s\"", type);
		ret->part_id[ret->n] = ti->id;
		ret->part_len[ret->n] = ti->len;
		ret->id = (ret->id << KNFT_TYPE_BITS) | ti->id;
		ret->len += pad4(ti->len);
		ret->n++;
		p += len;
		while (*p == ' ')
			p++;
		if (*p == '.')
			p++;
		else if (*p)
			return kc_err_fail(KC_ERR_INVALID, err, errlen, "bad type \"%s\"", type);
	}
	if (ret->n == 0)
		return kc_err_fail(KC_ERR_INVALID, err, errlen, "empty type");
	if (ret->n == 1)
		ret->len = ret->part_len[0];
	return 0;
}

static int
parse_u32(const char *s, size_t len, uint32_t max, uint32_t *ret)
{
	char buf[32], *end;
	unsigned long v;

	if (len == 0 || len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	errno = 0;
	v = strtoul(buf, &end, 0);
	if (*end || errno || v > max || buf[0] == '-')
		return -1;
	*ret = (uint32_t)v;
	return 0;
}

int
knft_proto_parse(const char *s, size_t len, uint32_t *ret)
{
	static const struct {
		const char *name;
		uint32_t proto;
	} protos[] = {
		{ "tcp", 6 }, { "udp", 17 }, { "sctp", 132 }, { "icmp", 1 },
		{ "icmpv6", 58 }, { "ipv6-icmp", 58 }, { "udplite", 136 }, { "esp", 50 },
	};

	for (size_t i = 0; i < sizeof(protos) / sizeof(protos[0]); i++)
		if (strlen(protos[i].name) == len && strncmp(protos[i].name, s, len) == 0) {
			*ret = protos[i].proto;
			return 0;
		}
	return parse_u32(s, len, 255, ret);
}

/* An address with an optional "/prefix" or "-end": start and inclusive end. */
static int
parse_addr(int af, const char *s, size_t len, uint8_t *start, uint8_t *end, int *is_range)
{
	char buf[INET6_ADDRSTRLEN + 8], *sep;
	size_t alen = af == AF_INET ? 4 : 16;

	if (len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	*is_range = 0;
	if ((sep = strchr(buf, '/'))) {
		uint32_t plen;

		*sep = '\0';
		if (parse_u32(sep + 1, strlen(sep + 1), alen * 8, &plen) < 0 ||
		    inet_pton(af, buf, start) != 1)
			return -1;
		for (size_t i = 0; i < alen; i++) {
			unsigned int bits = plen > i * 8 ? plen - i * 8 : 0;
			uint8_t mask = bits >= 8 ? 0xff : (uint8_t)(0xff << (8 - bits));

			start[i] &= mask;
			end[i] = start[i] | (uint8_t)~mask;
		}
		*is_range = 1;
		return 0;
	}
	if ((sep = strchr(buf, '-'))) {
		*sep = '\0';
		if (inet_pton(af, buf, start) != 1 || inet_pton(af, sep + 1, end) != 1)
			return -1;
		*is_range = 1;
		return 0;
	}
	if (inet_pton(af, buf, start) != 1)
		return -1;
	memcpy(end, start, alen);
	return 0;
}

static int
parse_ether(const char *s, size_t len, uint8_t *out)
{
	unsigned int b[6];
	char buf[32], tail;

	if (len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (sscanf(buf, "%x:%x:%x:%x:%x:%x%c", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5],
		   &tail) != 6)
		return -1;
	for (int i = 0; i < 6; i++) {
		if (b[i] > 0xff)
			return -1;
		out[i] = (uint8_t)b[i];
	}
	return 0;
}

/* One part of a key: value into data (and the inclusive end of a range into end). */
static int
parse_part(uint32_t id, const char *s, size_t len, uint8_t *data, uint8_t *end, int *is_range)
{
	uint32_t v, v2;
	uint16_t port;
	const char *dash;

	*is_range = 0;
	switch (id) {
	case KNFT_TYPE_IPADDR:
		return parse_addr(AF_INET, s, len, data, end, is_range);
	case KNFT_TYPE_IP6ADDR:
		return parse_addr(AF_INET6, s, len, data, end, is_range);
	case KNFT_TYPE_INET_PROTOCOL:
		if (knft_proto_parse(s, len, &v) < 0)
			return -1;
		data[0] = end[0] = (uint8_t)v;
		return 0;
	case KNFT_TYPE_INET_SERVICE:
		dash = memchr(s, '-', len);
		if (dash) {
			if (parse_u32(s, (size_t)(dash - s), 65535, &v) < 0 ||
			    parse_u32(dash + 1, len - (size_t)(dash - s) - 1, 65535, &v2) < 0)
				return -1;
			*is_range = 1;
		} else if (parse_u32(s, len, 65535, &v) < 0) {
			return -1;
		} else {
			v2 = v;
		}
		port = htons((uint16_t)v);
		memcpy(data, &port, 2);
		port = htons((uint16_t)v2);
		memcpy(end, &port, 2);
		return 0;
	case KNFT_TYPE_MARK:
	case KNFT_TYPE_INTEGER:
		if (parse_u32(s, len, UINT32_MAX, &v) < 0)
			return -1;
		memcpy(data, &v, 4);
		memcpy(end, &v, 4);
		return 0;
	case KNFT_TYPE_ETHERADDR:
		if (parse_ether(s, len, data) < 0)
			return -1;
		memcpy(end, data, 6);
		return 0;
	case KNFT_TYPE_IFNAME:
		if (len >= 2 && s[0] == '"' && s[len - 1] == '"') {
			s++;
			len -= 2;
		}
		if (len == 0 || len >= 16)
			return -1;
		memcpy(data, s, len);
		memcpy(end, s, len);
		return 0;
	}
	return -1;
}

int
knft_data_parse(enum knft_family family, const struct knft_type *t, const char *text,
		uint8_t *data, uint8_t *end, int *ret_is_range, char *err, size_t errlen)
{
	const char *p = text;
	uint32_t off = 0;
	uint8_t scratch[64];
	int any_range = 0;

	(void)family;
	memset(data, 0, t->len);
	if (end)
		memset(end, 0, t->len);
	for (unsigned int i = 0; i < t->n; i++) {
		const char *next;
		size_t len;
		int is_range;

		while (*p == ' ')
			p++;
		next = strstr(p, " . ");
		len = next ? (size_t)(next - p) : strlen(p);
		while (len && p[len - 1] == ' ')
			len--;
		if (i + 1 < t->n && !next)
			return kc_err_fail(KC_ERR_INVALID, err, errlen,
					   "\"%s\": expected %u concatenated values", text, t->n);
		if (i + 1 == t->n && next)
			return kc_err_fail(KC_ERR_INVALID, err, errlen,
					   "\"%s\": too many concatenated values", text);
		if (parse_part(t->part_id[i], p, len, data + off, end ? end + off : scratch,
			       &is_range) < 0)
			return kc_err_fail(KC_ERR_INVALID, err, errlen,
					   "\"%.*s\" is not a valid %s", (int)len, p,
					   type_by_id(t->part_id[i])->name);
		any_range |= is_range;
		off += t->n > 1 ? pad4(t->part_len[i]) : t->part_len[i];
		p = next ? next + 3 : p + len;
	}
	if (any_range && (!end || !ret_is_range))
		return kc_err_fail(KC_ERR_INVALID, err, errlen,
				   "\"%s\": a range or prefix needs an interval set", text);
	if (ret_is_range)
		*ret_is_range = any_range;
	return 0;
}

static int
format_part(uint32_t id, const uint8_t *d, struct kc_strbuf *out)
{
	char buf[INET6_ADDRSTRLEN];
	uint32_t v;
	uint16_t port;

	switch (id) {
	case KNFT_TYPE_IPADDR:
		return kc_strbuf_adds(out, inet_ntop(AF_INET, d, buf, sizeof(buf)));
	case KNFT_TYPE_IP6ADDR:
		return kc_strbuf_adds(out, inet_ntop(AF_INET6, d, buf, sizeof(buf)));
	case KNFT_TYPE_INET_PROTOCOL:
		switch (d[0]) {
		case 6:
			return kc_strbuf_adds(out, "tcp");
		case 17:
			return kc_strbuf_adds(out, "udp");
		case 132:
			return kc_strbuf_adds(out, "sctp");
		}
		return kc_strbuf_addf(out, "%u", d[0]);
	case KNFT_TYPE_INET_SERVICE:
		memcpy(&port, d, 2);
		return kc_strbuf_addf(out, "%u", ntohs(port));
	case KNFT_TYPE_MARK:
		memcpy(&v, d, 4);
		return kc_strbuf_addf(out, "0x%08x", v);
	case KNFT_TYPE_ETHERADDR:
		return kc_strbuf_addf(out, "%02x:%02x:%02x:%02x:%02x:%02x", d[0], d[1], d[2],
				      d[3], d[4], d[5]);
	case KNFT_TYPE_IFNAME:
		return kc_strbuf_addf(out, "\"%.16s\"", (const char *)d);
	default:
		memcpy(&v, d, 4);
		return kc_strbuf_addf(out, "%u", v);
	}
}

int
knft_data_format(const struct knft_type *t, const uint8_t *data, size_t len,
		 struct kc_strbuf *out)
{
	uint32_t off = 0;
	int r = 0;

	for (unsigned int i = 0; r >= 0 && i < t->n; i++) {
		uint32_t plen = t->n > 1 ? pad4(t->part_len[i]) : t->part_len[i];

		if (off + t->part_len[i] > len)
			return KC_ERR_PARSE;
		if (i)
			r = kc_strbuf_adds(out, " . ");
		if (r >= 0)
			r = format_part(t->part_id[i], data + off, out);
		off += plen;
	}
	return r;
}

int
knft_type_from_id(uint32_t id, uint32_t len, struct knft_type *ret)
{
	uint32_t parts[KNFT_MAX_CONCAT];
	unsigned int n = 0;

	memset(ret, 0, sizeof(*ret));
	ret->id = id;
	while (id && n < KNFT_MAX_CONCAT) {
		parts[n++] = id & ((1u << KNFT_TYPE_BITS) - 1);
		id >>= KNFT_TYPE_BITS;
	}
	if (id || n == 0)
		return KC_ERR_UNSUPPORTED;
	for (unsigned int i = 0; i < n; i++) {
		const struct type_info *ti = type_by_id(parts[n - 1 - i]);

		if (!ti)
			return KC_ERR_UNSUPPORTED;
		ret->part_id[i] = ti->id;
		ret->part_len[i] = ti->len;
		ret->len += pad4(ti->len);
	}
	ret->n = n;
	if (n == 1)
		ret->len = ret->part_len[0];
	/* integer keys come in any width: trust the kernel's length */
	if (n == 1 && ret->part_id[0] == KNFT_TYPE_INTEGER && len)
		ret->part_len[0] = ret->len = len;
	return 0;
}
