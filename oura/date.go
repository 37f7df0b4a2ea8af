package oura

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Date is a civil day (year, month, day) with no time zone, as Oura's day
// fields and day filters use. The zero Date means "no date". Dates compare
// with ==, Before, After and Compare, and encode as "YYYY-MM-DD" in JSON
// and text.
type Date struct {
	n int32 // days since 0001-01-01, plus one; 0 is the zero Date
}

// NewDate returns the date of year, month and day, normalized like
// time.Date (February 30 becomes March 1 or 2). Years outside 1 to 9999
// give the zero Date.
func NewDate(year int, month time.Month, day int) Date {
	t := time.Date(year, month, day, 12, 0, 0, 0, time.UTC)
	return dateOfUTC(t)
}

// ParseDate parses a day written as YYYY-MM-DD. Its errors wrap
// ErrInvalidArgument.
func ParseDate(s string) (Date, error) {
	d, err := parseDate(s)
	if err != nil {
		return Date{}, fmt.Errorf("%w: %w", err, ErrInvalidArgument)
	}
	return d, nil
}

// DateOf returns the day on which t falls in t's location.
func DateOf(t time.Time) Date {
	if t.IsZero() {
		return Date{}
	}
	y, m, d := t.Date()
	return NewDate(y, m, d)
}

const (
	secondsPerDay = 24 * 60 * 60
	// unixToInternal is the number of days from 0001-01-01 to 1970-01-01.
	unixToInternal = 719162
	// firstDay and lastDay bound the representable range, 0001-01-01 to 9999-12-31.
	firstDay = 1
	lastDay  = 3652059
)

func dateOfUTC(t time.Time) Date {
	days := t.Unix()/secondsPerDay + unixToInternal
	if t.Unix() < 0 && t.Unix()%secondsPerDay != 0 {
		days--
	}
	n := days + 1
	if n < firstDay || n > lastDay {
		return Date{}
	}
	return Date{n: int32(n)}
}

// errDateSyntax is wrapped by the errors of parsing a date.
var errDateSyntax = errors.New("date must be YYYY-MM-DD")

// parseDate parses a day written as YYYY-MM-DD.
func parseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, fmt.Errorf("oura: parsing date %q: %w", truncate(s), errDateSyntax)
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || t.Year() < 1 {
		return Date{}, fmt.Errorf("oura: parsing date %q: %w", truncate(s), errDateSyntax)
	}
	return NewDate(t.Date()), nil // not DateOf: 0001-01-01 is the zero time.Time
}

func truncate(s string) string {
	if len(s) > 32 {
		return strings.ToValidUTF8(s[:32], "") + "..."
	}
	return s
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d.n == 0 }

// utc returns noon of d in UTC, which is safe for calendar arithmetic.
func (d Date) utc() time.Time {
	return time.Unix((int64(d.n)-1-unixToInternal)*secondsPerDay+12*3600, 0).UTC()
}

// Year returns d's year.
func (d Date) Year() int { return d.utc().Year() }

// Month returns d's month.
func (d Date) Month() time.Month { return d.utc().Month() }

// Day returns d's day of the month.
func (d Date) Day() int { return d.utc().Day() }

// Weekday returns d's day of the week.
func (d Date) Weekday() time.Weekday { return d.utc().Weekday() }

// String returns d as YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	var b [10]byte
	return string(d.appendTo(b[:0]))
}

func (d Date) appendTo(b []byte) []byte {
	y, m, dd := d.utc().Date()
	b = append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-')
	b = append(b, byte('0'+m/10), byte('0'+m%10), '-')
	return append(b, byte('0'+dd/10), byte('0'+dd%10))
}

// AddDays returns d plus n days (n may be negative). The zero Date stays
// zero, and a result outside years 1 to 9999 is the zero Date.
func (d Date) AddDays(n int) Date {
	if d.IsZero() {
		return d
	}
	v := int64(d.n) + int64(n)
	if v < firstDay || v > lastDay {
		return Date{}
	}
	return Date{n: int32(v)}
}

// DaysSince returns the number of days from e to d (negative when d is
// before e).
func (d Date) DaysSince(e Date) int { return int(d.n) - int(e.n) }

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.n < e.n }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.n > e.n }

// Equal reports whether d and e are the same day (the same as d == e).
func (d Date) Equal(e Date) bool { return d.n == e.n }

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.n < e.n:
		return -1
	case d.n > e.n:
		return 1
	}
	return 0
}

// In returns the first instant of d in loc (midnight, or the first
// instant after a daylight-saving gap); time.Local when loc is nil.
func (d Date) In(loc *time.Location) time.Time {
	if loc == nil {
		loc = time.Local
	}
	y, m, dd := d.utc().Date()
	t := time.Date(y, m, dd, 0, 0, 0, 0, loc)
	if t.Day() != dd {
		// Midnight fell in a daylight-saving gap and time.Date moved it back
		// into the day before: the day starts where the new zone begins.
		_, t = t.ZoneBounds()
	}
	return t
}

// MarshalText encodes d as YYYY-MM-DD. The zero Date encodes as "".
func (d Date) MarshalText() ([]byte, error) {
	if d.IsZero() {
		return []byte{}, nil
	}
	return d.appendTo(make([]byte, 0, 10)), nil
}

// UnmarshalText decodes YYYY-MM-DD; an empty text gives the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := parseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Today returns the current day in loc (time.Local when loc is nil).
func Today(loc *time.Location) Date {
	if loc == nil {
		loc = time.Local
	}
	return DateOf(time.Now().In(loc))
}

// DateRange is an inclusive range of days: both Start and End belong to it.
type DateRange struct {
	Start, End Date
}

// LastDays returns the n days ending today in loc (time.Local when nil):
// LastDays(7, loc) is the week from six days ago through today.
// n below 1 counts as 1.
func LastDays(n int, loc *time.Location) DateRange {
	end := Today(loc)
	if n < 1 {
		n = 1
	}
	return DateRange{Start: end.AddDays(1 - n), End: end}
}

// Days returns the number of days in r, or 0 when End is before Start.
func (r DateRange) Days() int {
	if r.End.Before(r.Start) {
		return 0
	}
	return r.End.DaysSince(r.Start) + 1
}

// Contains reports whether d falls in r.
func (r DateRange) Contains(d Date) bool {
	return !d.Before(r.Start) && !d.After(r.End)
}

// String returns r as "START..END".
func (r DateRange) String() string { return r.Start.String() + ".." + r.End.String() }

// Split cuts r into consecutive ranges of at most days days each, in order.
// It returns nil when r is empty or days is below 1.
func (r DateRange) Split(days int) []DateRange {
	if days < 1 || r.Days() == 0 {
		return nil
	}
	out := make([]DateRange, 0, (r.Days()+days-1)/days)
	for s := r.Start; ; s = s.AddDays(days) {
		e := s.AddDays(days - 1)
		if e.IsZero() || !e.Before(r.End) {
			return append(out, DateRange{Start: s, End: r.End})
		}
		out = append(out, DateRange{Start: s, End: e})
	}
}

// Times returns the half-open time range [first instant of Start, first
// instant of the day after End) in loc (time.Local when nil), the form
// HeartRate takes.
func (r DateRange) Times(loc *time.Location) (start, end time.Time) {
	if loc == nil {
		loc = time.Local
	}
	return r.Start.In(loc), r.End.AddDays(1).In(loc)
}
