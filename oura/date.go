package oura

import (
	"fmt"
	"time"

	"github.com/ringkit/oura-go/internal/ouraapi"
)

// Date is a civil day (year, month, day) with no time zone, as Oura's day
// fields and day filters use. The zero Date means "no date". Dates compare
// with ==, Before, After and Compare, and encode as "YYYY-MM-DD".
//
// Methods: Year, Month, Day, Weekday, String, IsZero, AddDays, DaysSince,
// Before, After, Equal, Compare, In (the first instant of the day in a location),
// MarshalText and UnmarshalText.
type Date = ouraapi.Date

// NewDate returns the date of year, month and day, normalized like
// time.Date (February 30 becomes March 1 or 2). Years outside 1 to 9999
// give the zero Date.
func NewDate(year int, month time.Month, day int) Date { return ouraapi.NewDate(year, month, day) }

// ParseDate parses a day written as YYYY-MM-DD. Its errors wrap
// ErrInvalidArgument.
func ParseDate(s string) (Date, error) {
	d, err := ouraapi.ParseDate(s)
	if err != nil {
		return Date{}, fmt.Errorf("%w: %w", err, ErrInvalidArgument)
	}
	return d, nil
}

// DateOf returns the day on which t falls in t's location.
func DateOf(t time.Time) Date { return ouraapi.DateOf(t) }

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
