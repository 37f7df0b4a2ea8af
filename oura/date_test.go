package oura_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ringkit/oura-go/oura"
)

func TestNewDate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		y    int
		m    time.Month
		d    int
		want string
	}{
		{2024, time.March, 1, "2024-03-01"},
		{2024, time.February, 29, "2024-02-29"},
		{2023, time.February, 29, "2023-03-01"}, // normalized like time.Date
		{2024, time.December, 32, "2025-01-01"},
		{1, time.January, 1, "0001-01-01"},
		{9999, time.December, 31, "9999-12-31"},
		{1969, time.December, 31, "1969-12-31"},
		{10000, time.January, 1, ""}, // out of range: zero
		{0, time.December, 31, ""},
	}
	for _, tt := range tests {
		d := oura.NewDate(tt.y, tt.m, tt.d)
		if got := d.String(); got != tt.want {
			t.Errorf("NewDate(%d, %s, %d) = %q; want %q", tt.y, tt.m, tt.d, got, tt.want)
		}
		if tt.want == "" && !d.IsZero() {
			t.Errorf("NewDate(%d, %s, %d) is not zero", tt.y, tt.m, tt.d)
		}
	}
	d := oura.NewDate(2024, time.March, 1)
	if d.Year() != 2024 || d.Month() != time.March || d.Day() != 1 || d.Weekday() != time.Friday {
		t.Fatalf("fields of %s: %d %s %d %s", d, d.Year(), d.Month(), d.Day(), d.Weekday())
	}
}

func TestParseDate(t *testing.T) {
	t.Parallel()
	d, err := oura.ParseDate("2024-02-29")
	if err != nil || d != oura.NewDate(2024, time.February, 29) {
		t.Fatalf("ParseDate = %v, %v", d, err)
	}
	for _, bad := range []string{"", "2024-2-29", "2023-02-29", "2024-13-01", "24-03-01", "2024-03-01T00:00:00Z", "2024/03/01", " 2024-03-01", "0000-01-01"} {
		if _, err := oura.ParseDate(bad); !errors.Is(err, oura.ErrInvalidArgument) {
			t.Errorf("ParseDate(%q) err = %v; want ErrInvalidArgument", bad, err)
		}
	}
}

func TestDateArithmeticAndOrder(t *testing.T) {
	t.Parallel()
	a := oura.NewDate(2024, time.February, 28)
	b := a.AddDays(2)
	if b.String() != "2024-03-01" || b.DaysSince(a) != 2 || a.DaysSince(b) != -2 {
		t.Fatalf("AddDays/DaysSince: %s, %d", b, b.DaysSince(a))
	}
	if !a.Before(b) || !b.After(a) || a.Compare(b) != -1 || b.Compare(a) != 1 || a.Compare(a) != 0 || !a.Equal(a) || a.Equal(b) {
		t.Fatal("ordering is wrong")
	}
	if !(oura.Date{}).AddDays(5).IsZero() {
		t.Fatal("zero date moved")
	}
	if !oura.NewDate(9999, time.December, 31).AddDays(1).IsZero() {
		t.Fatal("overflow past 9999 should give the zero date")
	}
	loc := time.FixedZone("X", -7*3600)
	if got := b.In(loc).Format(time.RFC3339); got != "2024-03-01T00:00:00-07:00" {
		t.Fatalf("In = %s", got)
	}
	if got := oura.DateOf(time.Date(2024, 3, 1, 23, 30, 0, 0, loc)); got.String() != "2024-03-01" {
		t.Fatalf("DateOf uses the time's own location: %s", got)
	}
}

func TestDateJSON(t *testing.T) {
	t.Parallel()
	type doc struct {
		Day  oura.Date  `json:"day"`
		Opt  *oura.Date `json:"opt"`
		Zero oura.Date  `json:"zero"`
	}
	in := doc{Day: oura.NewDate(2024, time.March, 1)}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"day":"2024-03-01","opt":null,"zero":""}` {
		t.Fatalf("Marshal = %s", b)
	}
	var out doc
	if err := json.Unmarshal([]byte(`{"day":"2024-03-01","opt":"2024-03-02","zero":""}`), &out); err != nil {
		t.Fatal(err)
	}
	if out.Day != in.Day || out.Opt == nil || out.Opt.String() != "2024-03-02" || !out.Zero.IsZero() {
		t.Fatalf("Unmarshal = %+v", out)
	}
	if err := json.Unmarshal([]byte(`{"day":"March 1"}`), &out); err == nil {
		t.Fatal("a malformed day decoded without error")
	}
}

func TestDateRange(t *testing.T) {
	t.Parallel()
	r := oura.DateRange{Start: oura.NewDate(2024, time.January, 30), End: oura.NewDate(2024, time.February, 6)}
	if r.Days() != 8 || !r.Contains(r.Start) || !r.Contains(r.End) || r.Contains(r.End.AddDays(1)) || r.Contains(r.Start.AddDays(-1)) {
		t.Fatalf("Days/Contains wrong for %s", r)
	}
	var got []string
	for _, p := range r.Split(3) {
		got = append(got, p.String())
	}
	want := []string{"2024-01-30..2024-02-01", "2024-02-02..2024-02-04", "2024-02-05..2024-02-06"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("Split (-want +got):\n%s", diff)
	}
	if r.Split(0) != nil || (oura.DateRange{Start: r.End, End: r.Start}).Split(2) != nil {
		t.Fatal("Split of an empty range or by 0 should be nil")
	}
	if n := len(r.Split(8)); n != 1 {
		t.Fatalf("Split(8) of 8 days = %d parts", n)
	}
	if got, want := r.Start.In(nil), r.Start.In(time.Local); !got.Equal(want) || got.Location() != time.Local {
		t.Fatalf("In(nil) = %s; want %s (time.Local, as Today and Times take nil)", got, want)
	}
	s, e := r.Times(time.UTC)
	if s.Format(time.RFC3339) != "2024-01-30T00:00:00Z" || e.Format(time.RFC3339) != "2024-02-07T00:00:00Z" {
		t.Fatalf("Times = %s, %s", s, e)
	}
	week := oura.LastDays(7, time.UTC)
	if week.Days() != 7 || week.End != oura.Today(time.UTC) {
		t.Fatalf("LastDays(7) = %s", week)
	}
	if oura.LastDays(0, time.UTC).Days() != 1 {
		t.Fatal("LastDays(0) should be today alone")
	}
}

func TestDayStartsAfterAMidnightDSTGap(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		zone, day, want string
	}{
		{"America/Santiago", "2024-09-08", "2024-09-08T01:00:00-03:00"},
		{"America/Havana", "2024-03-10", "2024-03-10T01:00:00-04:00"},
		{"Europe/Berlin", "2024-03-31", "2024-03-31T00:00:00+01:00"}, // gap at 02:00: midnight exists
	} {
		loc, err := time.LoadLocation(tc.zone)
		if err != nil {
			t.Skip("no time zone database:", err)
		}
		d, _ := oura.ParseDate(tc.day)
		if got := d.In(loc).Format(time.RFC3339); got != tc.want {
			t.Errorf("%s in %s = %s; want %s", tc.day, tc.zone, got, tc.want)
		}
		start, end := oura.DateRange{Start: d, End: d}.Times(loc)
		if oura.DateOf(start) != d || oura.DateOf(end) != d.AddDays(1) {
			t.Errorf("Times of %s in %s = %s, %s", tc.day, tc.zone, start, end)
		}
	}
}

func TestHeartRateSourceDecoding(t *testing.T) {
	t.Parallel()
	var rows []oura.HeartRate
	err := json.Unmarshal([]byte(`[{"source":"sleep"},{"source":"future_kind"},{"source":null},{"source":"s\u0065ssion"}]`), &rows)
	if err != nil {
		t.Fatal(err)
	}
	want := []oura.HeartRateSource{oura.HeartRateSourceSleep, "future_kind", "", oura.HeartRateSourceSession}
	for i, r := range rows {
		if r.Source != want[i] {
			t.Errorf("row %d: %q; want %q", i, r.Source, want[i])
		}
	}
	if err := json.Unmarshal([]byte(`[{"source":5}]`), &rows); err == nil {
		t.Fatal("a number decoded as a source")
	}
}
