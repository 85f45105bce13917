// SPDX-License-Identifier: MIT
/*
 * tetdh/vmm/rtc.c - the CMOS RTC (MC146818) at ports 0x70/0x71, IRQ 8:
 * what Linux's boot-time clock read (mach_get_cmos_time) and rtc_cmos
 * need, from the host clock (UTC).
 *
 *   0x00-0x09  seconds, alarm, minutes, alarm, hours, alarm, weekday,
 *              day, month, year: BCD or binary (register B DM), 24 h or
 *              12 h (register B 24/12) as the guest chooses
 *   0x0A (A)   UIP reads 0: an update never appears in progress; reading
 *              A or the seconds latches the time, so a register-by-
 *              register read cannot tear across a second boundary
 *   0x0B (B)   SET freezes the time the guest sees and its writes; on
 *              clearing SET the written time becomes an offset to the host
 *              clock (kept for this run only). PIE, AIE, UIE are honoured.
 *   0x0C (C)   IRQF/PF/AF/UF, cleared by reading (which lowers IRQ 8)
 *   0x0D (D)   VRT: the battery is fine
 *   0x32       century (the FADT's CENTURY index)
 *   the rest   114 bytes of CMOS RAM, zero at start
 *
 * Interrupts: one thread ticks while any of PIE/AIE/UIE is enabled (the
 * periodic rate from register A, at most 1 kHz here); with none enabled
 * it sleeps, and UF is still set lazily when C is read after a second
 * boundary. Bit 7 of the index port (the NMI mask) is stored and ignored.
 */
#include <stdlib.h>
#include <string.h>

#include "vmm.h"

#define RTC_IRQ        8
#define REG_SEC        0x00
#define REG_SEC_ALARM  0x01
#define REG_MIN        0x02
#define REG_MIN_ALARM  0x03
#define REG_HOUR       0x04
#define REG_HOUR_ALARM 0x05
#define REG_WDAY       0x06
#define REG_MDAY       0x07
#define REG_MON        0x08
#define REG_YEAR       0x09
#define REG_A          0x0a
#define REG_B          0x0b
#define REG_C          0x0c
#define REG_D          0x0d
#define REG_CENTURY    0x32

#define B_SET   0x80
#define B_PIE   0x40
#define B_AIE   0x20
#define B_UIE   0x10
#define B_DM    0x04    /* binary */
#define B_24H   0x02
#define C_IRQF  0x80
#define C_PF    0x40
#define C_AF    0x20
#define C_UF    0x10
#define D_VRT   0x80

#define PERIODIC_MIN_NS 1000000L   /* cap the periodic interrupt at 1 kHz */
#define LATCH_NS 500000000LL       /* a latched time serves reads this long */

struct rtc {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	struct vm *vm;
	uint8_t index;
	uint8_t cmos[128];
	int64_t offset;         /* guest time - host time, seconds */
	time_t latched;         /* guest time latched by reading A or seconds */
	struct timespec latched_at;
	bool frozen;            /* B.SET: time shown and written is `frozen_tm` */
	struct tm frozen_tm;
	time_t last_uf;         /* second of the last UF (lazy or ticked) */
	int irq_level;
};

static time_t guest_now(const struct rtc *r)
{
	return time(NULL) + r->offset;
}

static uint8_t to_reg(const struct rtc *r, int v)
{
	if (r->cmos[REG_B] & B_DM)
		return (uint8_t)v;
	return (uint8_t)((v / 10) << 4 | (v % 10));
}

static int from_reg(const struct rtc *r, uint8_t v)
{
	if (r->cmos[REG_B] & B_DM)
		return v;
	return (v >> 4) * 10 + (v & 0xf);
}

static uint8_t hour_to_reg(const struct rtc *r, int h)
{
	if (r->cmos[REG_B] & B_24H)
		return to_reg(r, h);
	int h12 = h % 12 ? h % 12 : 12;
	return (uint8_t)(to_reg(r, h12) | (h >= 12 ? 0x80 : 0));
}

static int hour_from_reg(const struct rtc *r, uint8_t v)
{
	if (r->cmos[REG_B] & B_24H)
		return from_reg(r, v);
	int h = from_reg(r, v & 0x7f) % 12;
	return (v & 0x80) ? h + 12 : h;
}

/* The broken-down guest time a time register read sees. */
static void shown_time(struct rtc *r, struct tm *tm, bool latch)
{
	struct timespec now;
	time_t t;

	if (r->frozen) {
		*tm = r->frozen_tm;
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (latch || !r->latched ||
	    (now.tv_sec - r->latched_at.tv_sec) * 1000000000LL +
	    (now.tv_nsec - r->latched_at.tv_nsec) > LATCH_NS) {
		r->latched = guest_now(r);
		r->latched_at = now;
	}
	t = r->latched;
	gmtime_r(&t, tm);
}

static uint8_t time_reg(struct rtc *r, unsigned reg)
{
	struct tm tm;

	shown_time(r, &tm, reg == REG_SEC);
	switch (reg) {
	case REG_SEC: return to_reg(r, tm.tm_sec);
	case REG_MIN: return to_reg(r, tm.tm_min);
	case REG_HOUR: return hour_to_reg(r, tm.tm_hour);
	case REG_WDAY: return to_reg(r, tm.tm_wday + 1);
	case REG_MDAY: return to_reg(r, tm.tm_mday);
	case REG_MON: return to_reg(r, tm.tm_mon + 1);
	case REG_YEAR: return to_reg(r, tm.tm_year % 100);
	default: return to_reg(r, 19 + tm.tm_year / 100);   /* REG_CENTURY */
	}
}

static void set_time_field(struct rtc *r, struct tm *tm, unsigned reg, uint8_t v)
{
	switch (reg) {
	case REG_SEC: tm->tm_sec = from_reg(r, v); break;
	case REG_MIN: tm->tm_min = from_reg(r, v); break;
	case REG_HOUR: tm->tm_hour = hour_from_reg(r, v); break;
	case REG_WDAY: break;                      /* derived from the date */
	case REG_MDAY: tm->tm_mday = from_reg(r, v); break;
	case REG_MON: tm->tm_mon = from_reg(r, v) - 1; break;
	case REG_YEAR:
		tm->tm_year = (tm->tm_year / 100) * 100 + from_reg(r, v);
		break;
	default:                                   /* REG_CENTURY */
		tm->tm_year = (from_reg(r, v) - 19) * 100 + tm->tm_year % 100;
		break;
	}
}

static void apply_time(struct rtc *r, struct tm *tm)
{
	time_t t = timegm(tm);

	if (t != (time_t)-1) {
		r->offset = (int64_t)(t - time(NULL));
		r->latched = 0;
	}
}

static bool is_time_reg(unsigned reg)
{
	return reg == REG_SEC || reg == REG_MIN || reg == REG_HOUR ||
	       (reg >= REG_WDAY && reg <= REG_YEAR) || reg == REG_CENTURY;
}

static void update_irq(struct rtc *r)
{
	uint8_t b = r->cmos[REG_B], c = r->cmos[REG_C];
	int level;

	if (c & (b & (B_PIE | B_AIE | B_UIE)))   /* C's flags line up with B's enables */
		c |= C_IRQF;
	else
		c &= (uint8_t)~C_IRQF;
	r->cmos[REG_C] = c;
	level = !!(c & C_IRQF);
	if (level != r->irq_level) {
		r->irq_level = level;
		kvm_irq_line(r->vm, RTC_IRQ, level);
	}
}

static bool alarm_matches(const struct rtc *r, const struct tm *tm)
{
	static const unsigned reg[3] = { REG_SEC_ALARM, REG_MIN_ALARM, REG_HOUR_ALARM };
	int now[3] = { tm->tm_sec, tm->tm_min, tm->tm_hour };

	for (unsigned i = 0; i < 3; i++) {
		uint8_t a = r->cmos[reg[i]];

		if ((a & 0xc0) == 0xc0)
			continue;                    /* "don't care" */
		int want = i == 2 ? hour_from_reg(r, a) : from_reg(r, a);
		if (want != now[i])
			return false;
	}
	return true;
}

/* A second boundary passed: update-ended, and maybe the alarm. */
static void second_tick(struct rtc *r, time_t t)
{
	struct tm tm;

	if (r->frozen || t == r->last_uf)
		return;
	r->last_uf = t;
	r->cmos[REG_C] |= C_UF;
	gmtime_r(&t, &tm);
	if (alarm_matches(r, &tm))
		r->cmos[REG_C] |= C_AF;
}

static uint8_t rtc_read(struct rtc *r, unsigned reg)
{
	uint8_t v;

	if (is_time_reg(reg))
		return time_reg(r, reg);
	switch (reg) {
	case REG_A:
		shown_time(r, &(struct tm){ 0 }, true);
		return r->cmos[REG_A] & 0x7f;            /* UIP = 0 */
	case REG_C:
		if (!(r->cmos[REG_B] & (B_PIE | B_AIE | B_UIE)))
			second_tick(r, guest_now(r));    /* lazy UF/AF */
		v = r->cmos[REG_C];
		r->cmos[REG_C] = 0;
		update_irq(r);
		return v;
	default:
		return r->cmos[reg];
	}
}

static void rtc_write(struct rtc *r, unsigned reg, uint8_t v)
{
	if (is_time_reg(reg)) {
		if (r->frozen) {
			set_time_field(r, &r->frozen_tm, reg, v);
		} else {
			struct tm tm;

			shown_time(r, &tm, true);
			set_time_field(r, &tm, reg, v);
			apply_time(r, &tm);
		}
		return;
	}
	switch (reg) {
	case REG_A:
		r->cmos[REG_A] = v & 0x7f;
		break;
	case REG_B:
		if ((v & B_SET) && !r->frozen) {
			shown_time(r, &r->frozen_tm, true);
			r->frozen = true;
		} else if (!(v & B_SET) && r->frozen) {
			r->frozen = false;
			apply_time(r, &r->frozen_tm);
		}
		if (v & B_SET)
			v &= (uint8_t)~B_UIE;               /* SET clears UIE */
		r->cmos[REG_B] = v;
		update_irq(r);
		pthread_cond_signal(&r->wake);
		break;
	case REG_C:
	case REG_D:
		break;                                   /* read-only */
	default:
		r->cmos[reg] = v;
		break;
	}
}

static void rtc_io(void *opaque, struct vcpu *cpu, uint16_t port, uint8_t *data,
		   unsigned size, bool write)
{
	struct rtc *r = opaque;

	(void)cpu;
	(void)size;
	pthread_mutex_lock(&r->lock);
	if (port == 0x70) {
		if (write)
			r->index = *data;
		else
			*data = 0xff;                    /* the index port is write-only */
	} else if (write) {
		rtc_write(r, r->index & 0x7f, *data);
	} else {
		*data = rtc_read(r, r->index & 0x7f);
	}
	pthread_mutex_unlock(&r->lock);
}

static long periodic_ns(const struct rtc *r)
{
	unsigned rs = r->cmos[REG_A] & 0xf;
	long ns;

	if (!rs)
		return 0;
	if (rs < 3)
		rs += 7;                                 /* 1, 2 behave as 8, 9 */
	ns = 1000000000L / (32768 >> (rs - 1));
	return ns < PERIODIC_MIN_NS ? PERIODIC_MIN_NS : ns;
}

static void *rtc_thread(void *arg)
{
	struct rtc *r = arg;
	struct timespec next_pf = { 0 };

	pthread_mutex_lock(&r->lock);
	while (!vm_stopping(r->vm)) {
		uint8_t b = r->cmos[REG_B];
		struct timespec now, wake;
		long pf = (b & B_PIE) ? periodic_ns(r) : 0;

		if (!(b & (B_PIE | B_AIE | B_UIE))) {
			pthread_cond_wait(&r->wake, &r->lock);
			continue;
		}
		clock_gettime(CLOCK_REALTIME, &now);
		second_tick(r, now.tv_sec + r->offset);
		if (pf) {
			if (next_pf.tv_sec == 0 || now.tv_sec > next_pf.tv_sec ||
			    (now.tv_sec == next_pf.tv_sec && now.tv_nsec >= next_pf.tv_nsec)) {
				r->cmos[REG_C] |= C_PF;
				next_pf = now;
				next_pf.tv_nsec += pf;
				if (next_pf.tv_nsec >= 1000000000L) {
					next_pf.tv_sec++;
					next_pf.tv_nsec -= 1000000000L;
				}
			}
		}
		update_irq(r);
		wake = (struct timespec){ now.tv_sec + 1, 0 };
		if (pf && (next_pf.tv_sec < wake.tv_sec ||
			   (next_pf.tv_sec == wake.tv_sec && next_pf.tv_nsec < wake.tv_nsec)))
			wake = next_pf;
		pthread_cond_timedwait(&r->wake, &r->lock, &wake);
	}
	pthread_mutex_unlock(&r->lock);
	return NULL;
}

int rtc_init(struct vm *vm)
{
	struct rtc *r = calloc(1, sizeof(*r));
	pthread_t t;

	if (!r)
		return -1;
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->wake, NULL);
	r->vm = vm;
	r->cmos[REG_A] = 0x26;          /* 32.768 kHz time base, 1024 Hz rate */
	r->cmos[REG_B] = B_24H;         /* BCD, 24 h, no interrupts */
	r->cmos[REG_D] = D_VRT;
	if (pthread_create(&t, NULL, rtc_thread, r)) {
		vmm_msg("cannot start the RTC thread");
		return -1;
	}
	pthread_detach(t);
	return ioport_register(vm, "rtc", 0x70, 2, IO_BYTEWISE, rtc_io, r);
}
