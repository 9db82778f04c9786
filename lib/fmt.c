/* SPDX-License-Identifier: MIT */
#include "fmt.h"

#include <limits.h>

struct out {
	char *buf;
	size_t size;
	size_t len; /* what the whole output needs, written or not */
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_text(struct out *o, const char *s, size_t max)
{
	for (size_t i = 0; i < max && s[i]; i++)
		put(o, s[i]);
}

static void put_number(struct out *o, unsigned long long v, unsigned base, int negative, int width,
		       char pad)
{
	char digits[3 * sizeof(v) + 1];
	int n = 0;

	do {
		digits[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (negative && pad == '0')
		put(o, '-');
	for (int len = n + negative; width > len; width--)
		put(o, pad);
	if (negative && pad != '0')
		put(o, '-');
	while (n)
		put(o, digits[--n]);
}

static int read_count(const char **p)
{
	int n = 0;

	while (**p >= '0' && **p <= '9') {
		if (n < INT_MAX / 10 - 1)
			n = n * 10 + (**p - '0');
		(*p)++;
	}
	return n;
}

/* One conversion at *p (just past its '%'); 0 when it is not one we know.
 * ap is the address of fmt_vsnprintf's va_copy (C11 7.16: how a helper
 * consumes arguments). */
static int convert(struct out *o, const char **p, va_list *ap)
{
	char pad = ' ';
	int width, precision = -1, is_long = 0;
	long long sv;
	unsigned long long uv;

	if (**p == '0') {
		pad = '0';
		(*p)++;
	}
	width = read_count(p);
	if (**p == '.') {
		(*p)++;
		precision = read_count(p);
	}
	while (**p == 'l' && is_long < 2) { /* l, ll */
		is_long++;
		(*p)++;
	}
	if (**p == '\0')
		return 0;
	switch (*(*p)++) {
	case '%':
		put(o, '%');
		return 1;
	case 'c':
		put(o, (char)va_arg(*ap, int));
		return 1;
	case 's': {
		const char *s = va_arg(*ap, const char *);

		put_text(o, s ? s : "(null)", precision < 0 ? (size_t)-1 : (size_t)precision);
		return 1;
	}
	case 'd':
	case 'i':
		sv = is_long == 2 ? va_arg(*ap, long long)
		     : is_long ? va_arg(*ap, long) : va_arg(*ap, int);
		/* -(v + 1) + 1 keeps LLONG_MIN defined. */
		uv = sv < 0 ? (unsigned long long)(-(sv + 1)) + 1 : (unsigned long long)sv;
		put_number(o, uv, 10, sv < 0, width, pad);
		return 1;
	case 'u':
	case 'x':
		uv = is_long == 2 ? va_arg(*ap, unsigned long long)
		     : is_long ? va_arg(*ap, unsigned long) : va_arg(*ap, unsigned);
		put_number(o, uv, (*p)[-1] == 'u' ? 10 : 16, 0, width, pad);
		return 1;
	default:
		return 0;
	}
}

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };
	va_list args;

	va_copy(args, ap);
	for (const char *p = fmt; *p;) {
		const char *start = p;

		if (*p != '%') {
			put(&o, *p++);
			continue;
		}
		p++;
		if (!convert(&o, &p, &args)) {
			put_text(&o, start, (size_t)-1); /* unknown: the rest as text */
			break;
		}
	}
	va_end(args);
	if (size > 0)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return o.len > INT_MAX ? INT_MAX : (int)o.len;
}

int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
