package oura_test

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ringkit/oura-go/oura"
	"github.com/ringkit/oura-go/oura/ouratest"
)

func newFake(t *testing.T, opts ...ouratest.Option) (*ouratest.Server, *oura.Client) {
	t.Helper()
	srv := ouratest.NewServer(opts...)
	t.Cleanup(srv.Close)
	// Sequential: these tests pin the requests and their order
	// (concurrency_test.go tests concurrent chains).
	c, err := srv.NewClient(oura.WithConcurrency(1))
	if err != nil {
		t.Fatal(err)
	}
	return srv, c
}

// dayCase runs the same checks over every day collection.
type dayCase struct {
	name    string
	list    func(*oura.Client, context.Context, oura.Date, oura.Date) (any, error)
	iter    func(*oura.Client, context.Context, oura.Date, oura.Date) (any, error)
	pages   func(*oura.Client, context.Context, oura.Date, oura.Date) (any, int, error)
	byFirst func(*oura.Client, context.Context, oura.Date, oura.Date) (any, any, error)
	want    func(*ouratest.Dataset, oura.Date, oura.Date) any
	days    func(any) []oura.Date
	// outside lists the records of got that do not belong to s..e.
	outside  func(got any, s, e oura.Date) []string
	lookback int // days the query reaches before the range
}

func caseOf[T any](
	name string,
	list func(*oura.Client, context.Context, oura.Date, oura.Date, ...oura.ListOption) ([]T, error),
	seq func(*oura.Client, context.Context, oura.Date, oura.Date, ...oura.ListOption) iter.Seq2[T, error],
	page func(*oura.Client, context.Context, oura.Date, oura.Date, string, ...oura.ListOption) (*oura.Page[T], error),
	byID func(*oura.Client, context.Context, string) (*T, error),
	id func(*T) string,
	day func(*T) oura.Date,
	want func(*ouratest.Dataset, oura.Date, oura.Date) []T,
) dayCase {
	return dayCase{
		name: name,
		list: func(c *oura.Client, ctx context.Context, s, e oura.Date) (any, error) { return list(c, ctx, s, e) },
		iter: func(c *oura.Client, ctx context.Context, s, e oura.Date) (any, error) {
			out := []T{}
			for v, err := range seq(c, ctx, s, e) {
				if err != nil {
					return nil, err
				}
				out = append(out, v)
			}
			return out, nil
		},
		pages: func(c *oura.Client, ctx context.Context, s, e oura.Date) (any, int, error) {
			out, n, tok := []T{}, 0, ""
			for {
				p, err := page(c, ctx, s, e, tok)
				if err != nil {
					return nil, n, err
				}
				n++
				out = append(out, p.Data...)
				if tok = p.NextToken; tok == "" {
					return out, n, nil
				}
			}
		},
		byFirst: func(c *oura.Client, ctx context.Context, s, e oura.Date) (any, any, error) {
			all := want(ouratest.NewServer().Dataset(), s, e)
			if len(all) == 0 {
				return nil, nil, errors.New("no documents in range")
			}
			got, err := byID(c, ctx, id(&all[0]))
			if err != nil {
				return nil, nil, err
			}
			return *got, all[0], nil
		},
		want: func(ds *ouratest.Dataset, s, e oura.Date) any { return want(ds, s, e) },
		days: func(v any) []oura.Date {
			var out []oura.Date
			for _, x := range v.([]T) {
				out = append(out, day(&x))
			}
			return out
		},
		outside: func(v any, s, e oura.Date) []string {
			var out []string
			for _, x := range v.([]T) {
				if d := day(&x); d.Before(s) || d.After(e) {
					out = append(out, d.String())
				}
			}
			return out
		},
	}
}

// spanning makes tc a collection of periods that span days: a period
// belongs to a range it overlaps, and the query reaches lookback days back.
func spanning[T any](tc dayCase, lookback int, first, last func(*T) oura.Date,
	all func(*ouratest.Dataset, oura.Date, oura.Date) []T) dayCase {
	overlaps := func(v *T, s, e oura.Date) bool { return !last(v).Before(s) && !first(v).After(e) }
	tc.lookback = lookback
	tc.want = func(ds *ouratest.Dataset, s, e oura.Date) any {
		out := []T{}
		for _, v := range all(ds, s.AddDays(-lookback), e) {
			if overlaps(&v, s, e) {
				out = append(out, v)
			}
		}
		return out
	}
	tc.outside = func(got any, s, e oura.Date) []string {
		var out []string
		for _, v := range got.([]T) {
			if !overlaps(&v, s, e) {
				out = append(out, first(&v).String()+".."+last(&v).String())
			}
		}
		return out
	}
	return tc
}

func endOr(d *oura.Date, or oura.Date) oura.Date {
	if d == nil {
		return or
	}
	return *d
}

var dayCases = []dayCase{
	caseOf("DailyActivity", (*oura.Client).DailyActivity, (*oura.Client).DailyActivityIter, (*oura.Client).DailyActivityPage,
		(*oura.Client).DailyActivityByID, func(v *oura.DailyActivity) string { return v.ID },
		func(v *oura.DailyActivity) oura.Date { return v.Day }, (*ouratest.Dataset).DailyActivity),
	caseOf("DailyReadiness", (*oura.Client).DailyReadiness, (*oura.Client).DailyReadinessIter, (*oura.Client).DailyReadinessPage,
		(*oura.Client).DailyReadinessByID, func(v *oura.DailyReadiness) string { return v.ID },
		func(v *oura.DailyReadiness) oura.Date { return v.Day }, (*ouratest.Dataset).DailyReadiness),
	caseOf("DailySleep", (*oura.Client).DailySleep, (*oura.Client).DailySleepIter, (*oura.Client).DailySleepPage,
		(*oura.Client).DailySleepByID, func(v *oura.DailySleep) string { return v.ID },
		func(v *oura.DailySleep) oura.Date { return v.Day }, (*ouratest.Dataset).DailySleep),
	caseOf("Sessions", (*oura.Client).Sessions, (*oura.Client).SessionsIter, (*oura.Client).SessionsPage,
		(*oura.Client).SessionByID, func(v *oura.Session) string { return v.ID },
		func(v *oura.Session) oura.Date { return v.Day }, (*ouratest.Dataset).Sessions),
	caseOf("SleepPeriods", (*oura.Client).SleepPeriods, (*oura.Client).SleepPeriodsIter, (*oura.Client).SleepPeriodsPage,
		(*oura.Client).SleepPeriodByID, func(v *oura.SleepPeriod) string { return v.ID },
		func(v *oura.SleepPeriod) oura.Date { return v.Day }, (*ouratest.Dataset).SleepPeriods),
	caseOf("Tags", (*oura.Client).Tags, (*oura.Client).TagsIter, (*oura.Client).TagsPage,
		(*oura.Client).TagByID, func(v *oura.Tag) string { return v.ID },
		func(v *oura.Tag) oura.Date { return v.Day }, (*ouratest.Dataset).Tags),
	caseOf("Workouts", (*oura.Client).Workouts, (*oura.Client).WorkoutsIter, (*oura.Client).WorkoutsPage,
		(*oura.Client).WorkoutByID, func(v *oura.Workout) string { return v.ID },
		func(v *oura.Workout) oura.Date { return v.Day }, (*ouratest.Dataset).Workouts),
	caseOf("DailyCardiovascularAge", (*oura.Client).DailyCardiovascularAge, (*oura.Client).DailyCardiovascularAgeIter, (*oura.Client).DailyCardiovascularAgePage,
		(*oura.Client).DailyCardiovascularAgeByID, func(v *oura.DailyCardiovascularAge) string { return v.ID },
		func(v *oura.DailyCardiovascularAge) oura.Date { return v.Day }, (*ouratest.Dataset).DailyCardiovascularAge),
	caseOf("DailyResilience", (*oura.Client).DailyResilience, (*oura.Client).DailyResilienceIter, (*oura.Client).DailyResiliencePage,
		(*oura.Client).DailyResilienceByID, func(v *oura.DailyResilience) string { return v.ID },
		func(v *oura.DailyResilience) oura.Date { return v.Day }, (*ouratest.Dataset).DailyResilience),
	caseOf("DailySpO2", (*oura.Client).DailySpO2, (*oura.Client).DailySpO2Iter, (*oura.Client).DailySpO2Page,
		(*oura.Client).DailySpO2ByID, func(v *oura.DailySpO2) string { return v.ID },
		func(v *oura.DailySpO2) oura.Date { return v.Day }, (*ouratest.Dataset).DailySpO2),
	caseOf("DailyStress", (*oura.Client).DailyStress, (*oura.Client).DailyStressIter, (*oura.Client).DailyStressPage,
		(*oura.Client).DailyStressByID, func(v *oura.DailyStress) string { return v.ID },
		func(v *oura.DailyStress) oura.Date { return v.Day }, (*ouratest.Dataset).DailyStress),
	spanning(caseOf("EnhancedTags", (*oura.Client).EnhancedTags, (*oura.Client).EnhancedTagsIter, (*oura.Client).EnhancedTagsPage,
		(*oura.Client).EnhancedTagByID, func(v *oura.EnhancedTag) string { return v.ID },
		func(v *oura.EnhancedTag) oura.Date { return v.StartDay }, (*ouratest.Dataset).EnhancedTags),
		31, func(v *oura.EnhancedTag) oura.Date { return v.StartDay },
		func(v *oura.EnhancedTag) oura.Date { return endOr(v.EndDay, v.StartDay) }, (*ouratest.Dataset).EnhancedTags),
	spanning(caseOf("RestModePeriods", (*oura.Client).RestModePeriods, (*oura.Client).RestModePeriodsIter, (*oura.Client).RestModePeriodsPage,
		(*oura.Client).RestModePeriodByID, func(v *oura.RestModePeriod) string { return v.ID },
		func(v *oura.RestModePeriod) oura.Date { return v.StartDay }, (*ouratest.Dataset).RestModePeriods),
		366, func(v *oura.RestModePeriod) oura.Date { return v.StartDay },
		func(v *oura.RestModePeriod) oura.Date { return endOr(v.EndDay, oura.NewDate(9999, 12, 31)) }, (*ouratest.Dataset).RestModePeriods),
	caseOf("SleepTimes", (*oura.Client).SleepTimes, (*oura.Client).SleepTimesIter, (*oura.Client).SleepTimesPage,
		(*oura.Client).SleepTimeByID, func(v *oura.SleepTime) string { return v.ID },
		func(v *oura.SleepTime) oura.Date { return v.Day }, (*ouratest.Dataset).SleepTimes),
	caseOf("VO2Max", (*oura.Client).VO2Max, (*oura.Client).VO2MaxIter, (*oura.Client).VO2MaxPage,
		(*oura.Client).VO2MaxByID, func(v *oura.VO2Max) string { return v.ID },
		func(v *oura.VO2Max) oura.Date { return v.Day }, (*ouratest.Dataset).VO2Max),
}

var (
	mar1  = oura.NewDate(2024, time.March, 1)
	jun30 = oura.NewDate(2024, time.June, 30)
)

// timeEq compares instants and offsets: a record must keep the user's offset.
var timeEq = cmp.Comparer(func(a, b time.Time) bool {
	_, ao := a.Zone()
	_, bo := b.Zone()
	return a.Equal(b) && ao == bo
})

func TestDayCollectionsCollectEveryPage(t *testing.T) {
	t.Parallel()
	for _, tc := range dayCases {
		t.Run(tc.name, func(t *testing.T) {
			srv, c := newFake(t, ouratest.WithPageSize(7))
			got, err := tc.list(c, context.Background(), mar1, jun30)
			if err != nil {
				t.Fatal(err)
			}
			want := tc.want(srv.Dataset(), mar1, jun30)
			if diff := cmp.Diff(want, got, timeEq); diff != "" {
				t.Fatalf("records differ (-want +got):\n%s", diff)
			}
			if n := len(tc.days(got)); n < 8 {
				t.Fatalf("only %d records: the range should span pages", n)
			}
			reqs := srv.Requests()
			if len(reqs) < 2 {
				t.Fatalf("%d requests; want several pages", len(reqs))
			}
			from := mar1.AddDays(-1 - tc.lookback).String()
			for _, r := range reqs {
				if r.Query.Get("start_date") != from || r.Query.Get("end_date") != "2024-07-01" {
					t.Fatalf("request %v did not re-send the padded filters", r.Query)
				}
			}

			viaIter, err := tc.iter(c, context.Background(), mar1, jun30)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, viaIter, timeEq); diff != "" {
				t.Fatalf("Iter differs from the collected result (-want +got):\n%s", diff)
			}
			viaPages, n, err := tc.pages(c, context.Background(), mar1, jun30)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, viaPages, timeEq); diff != "" {
				t.Fatalf("Page by page differs (-want +got):\n%s", diff)
			}
			if n < 2 {
				t.Fatalf("%d pages; want several", n)
			}
		})
	}
}

// Each day alone gives that day's documents and nothing else, whatever
// Oura's exclusive end_date (and /sleep's exclusive start_date) do.
func TestDayCollectionsExactSingleDay(t *testing.T) {
	t.Parallel()
	for _, tc := range dayCases {
		t.Run(tc.name, func(t *testing.T) {
			srv, c := newFake(t)
			found := 0
			for d := mar1; d.Before(mar1.AddDays(16)); d = d.AddDays(1) {
				got, err := tc.list(c, context.Background(), d, d)
				if err != nil {
					t.Fatal(err)
				}
				if out := tc.outside(got, d, d); len(out) > 0 {
					t.Fatalf("%s(%s, %s) returned documents of %v", tc.name, d, d, out)
				}
				found += len(tc.days(got))
				if diff := cmp.Diff(tc.want(srv.Dataset(), d, d), got, timeEq); diff != "" {
					t.Fatalf("day %s (-want +got):\n%s", d, diff)
				}
			}
			if found == 0 {
				t.Fatal("no documents on any day: the check proved nothing")
			}
		})
	}
}

func TestDayCollectionsByID(t *testing.T) {
	t.Parallel()
	for _, tc := range dayCases {
		t.Run(tc.name, func(t *testing.T) {
			_, c := newFake(t)
			got, want, err := tc.byFirst(c, context.Background(), mar1, mar1.AddDays(9))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got, timeEq); diff != "" {
				t.Fatalf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestByIDNotFound(t *testing.T) {
	t.Parallel()
	_, c := newFake(t)
	_, err := c.DailySleepByID(context.Background(), "00000000-0000-4000-8000-000000000000")
	if !errors.Is(err, oura.ErrNotFound) {
		t.Fatalf("err = %v; want ErrNotFound", err)
	}
	var apiErr *oura.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusNotFound {
		t.Fatalf("err = %#v; want *APIError with status 404", err)
	}
}

func TestSandboxServesCollections(t *testing.T) {
	t.Parallel()
	srv := ouratest.NewServer()
	defer srv.Close()
	c, err := srv.NewClient(oura.WithSandbox())
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.Workouts(context.Background(), mar1, mar1.AddDays(5))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(srv.Dataset().Workouts(mar1, mar1.AddDays(5)), got, timeEq); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
	for _, r := range srv.Requests() {
		if r.Path != "/v2/sandbox/usercollection/workout" {
			t.Fatalf("request to %s; want the sandbox route", r.Path)
		}
	}
}

func TestHeartRateSplitsLongRangesExactly(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	start := time.Date(2024, time.January, 10, 13, 7, 0, 0, ny)
	end := start.Add(65*24*time.Hour + 90*time.Minute)
	got, err := c.HeartRate(context.Background(), start, end)
	if err != nil {
		t.Fatal(err)
	}
	want := srv.Dataset().HeartRate(start, end)
	if len(want) < 18000 {
		t.Fatalf("dataset has %d rows; the test needs a long range", len(want))
	}
	if diff := cmp.Diff(want, got, timeEq); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
	for i := 1; i < len(got); i++ {
		if !got[i].Timestamp.After(got[i-1].Timestamp) {
			t.Fatalf("row %d (%s) is not after row %d (%s)", i, got[i].Timestamp, i-1, got[i-1].Timestamp)
		}
	}
	chunks := map[string]bool{}
	for _, r := range srv.Requests() {
		s, err1 := time.Parse(time.RFC3339, r.Query.Get("start_datetime"))
		e, err2 := time.Parse(time.RFC3339, r.Query.Get("end_datetime"))
		if err1 != nil || err2 != nil {
			t.Fatalf("bad datetimes in %v", r.Query)
		}
		if e.Sub(s) > 30*24*time.Hour {
			t.Fatalf("request spans %s, over 30 days", e.Sub(s))
		}
		if _, off := s.Zone(); off != func() int { _, o := s.In(ny).Zone(); return o }() {
			t.Fatalf("start_datetime %s lost the caller's offset", r.Query.Get("start_datetime"))
		}
		chunks[r.Query.Get("start_datetime")] = true
	}
	if len(chunks) != 3 {
		t.Fatalf("%d chunks; want 3 for 65 days", len(chunks))
	}
}

func TestHeartRateSeamRowsComeOnce(t *testing.T) {
	t.Parallel()
	// Samples every hour on the hour, and a range whose first seam falls
	// exactly on a sample: the fake server includes both ends of a query.
	srv, c := newFake(t, ouratest.WithHeartRateInterval(time.Minute))
	start := time.Date(2024, time.March, 1, 0, 0, 0, 0, time.UTC)
	end := start.Add(2*(30*24*time.Hour-time.Minute) + time.Hour)
	got, err := c.HeartRate(context.Background(), start, end)
	if err != nil {
		t.Fatal(err)
	}
	want := srv.Dataset().HeartRate(start, end)
	if len(got) != len(want) {
		t.Fatalf("%d rows; want %d", len(got), len(want))
	}
	seen := map[int64]bool{}
	for _, r := range got {
		if seen[r.TimestampUnix] {
			t.Fatalf("duplicate row at %s", r.Timestamp)
		}
		seen[r.TimestampUnix] = true
	}
	if !got[0].Timestamp.Equal(start) || !got[len(got)-1].Timestamp.Before(end) {
		t.Fatalf("range [%s, %s) gave rows %s..%s", start, end, got[0].Timestamp, got[len(got)-1].Timestamp)
	}
}

func TestHeartRatePage(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	start := time.Date(2024, time.March, 1, 0, 0, 0, 0, time.UTC)
	end := start.Add(7 * 24 * time.Hour)
	var got []oura.HeartRate
	pages, tok := 0, ""
	for {
		p, err := c.HeartRatePage(context.Background(), start, end, tok)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		got = append(got, p.Data...)
		if tok = p.NextToken; tok == "" {
			break
		}
	}
	if diff := cmp.Diff(srv.Dataset().HeartRate(start, end), got, timeEq); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
	if pages != 3 { // 2016 rows at 1,000 a page
		t.Fatalf("%d pages; want 3", pages)
	}
	_, err := c.HeartRatePage(context.Background(), start, start.Add(31*24*time.Hour), "")
	if !errors.Is(err, oura.ErrInvalidArgument) {
		t.Fatalf("31-day page: err = %v; want ErrInvalidArgument", err)
	}
}

func TestHeartRateEmptyRangeSendsNothing(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	at := time.Date(2024, time.March, 1, 0, 0, 0, 0, time.UTC)
	got, err := c.HeartRate(context.Background(), at, at)
	if err != nil || len(got) != 0 {
		t.Fatalf("got %d rows, err %v; want none", len(got), err)
	}
	if n := len(srv.Requests()); n != 0 {
		t.Fatalf("%d requests for an empty range", n)
	}
}

func TestIterStopsFetchingWhenCallerBreaks(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, ouratest.WithPageSize(5))
	n := 0
	for _, err := range c.DailySleepIter(context.Background(), mar1, jun30) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 3 {
			break
		}
	}
	if got := len(srv.Requests()); got != 1 {
		t.Fatalf("%d requests after breaking on page 1; want 1", got)
	}
}

func TestIterChecksContextBetweenPages(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, ouratest.WithPageSize(5))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var records, errs int
	var last error
	for _, err := range c.DailySleepIter(ctx, mar1, jun30) {
		if err != nil {
			errs++
			last = err
			continue
		}
		if records++; records == 1 {
			cancel()
		}
	}
	// Page 1 holds Feb 29 (asked for as padding, then dropped) and Mar 1-4.
	if records != 4 || errs != 1 || !errors.Is(last, context.Canceled) {
		t.Fatalf("records %d, errors %d (%v); want the 4 records of page 1 then context.Canceled once", records, errs, last)
	}
	if got := len(srv.Requests()); got != 1 {
		t.Fatalf("%d requests; want 1", got)
	}
}

// failNth answers the nth request (from 1) with status.
func failNth(n int, status int) ouratest.Hook {
	count := 0
	return func(w http.ResponseWriter, r *http.Request) bool {
		count++
		if count != n {
			return false
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		w.Write([]byte(`{"detail":"token revoked"}`))
		return true
	}
}

func TestErrorMidPagingIsYieldedOnceAndCollectReturnsNothing(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, ouratest.WithPageSize(5), ouratest.WithHook(failNth(3, http.StatusUnauthorized)))
	var records, errs int
	var last error
	for _, err := range c.DailySleepIter(context.Background(), mar1, jun30) {
		if err != nil {
			errs++
			last = err
			continue
		}
		records++
	}
	// Pages 1 and 2 hold Feb 29 (padding, dropped) and Mar 1-9.
	if records != 9 || errs != 1 || !errors.Is(last, oura.ErrUnauthorized) {
		t.Fatalf("records %d, errors %d (%v); want 9 records then one ErrUnauthorized", records, errs, last)
	}
	if got := len(srv.Requests()); got != 3 {
		t.Fatalf("%d requests; want 3", got)
	}

	_, c2 := newFake(t, ouratest.WithPageSize(5), ouratest.WithHook(failNth(2, http.StatusForbidden)))
	got, err := c2.DailySleep(context.Background(), mar1, jun30)
	if got != nil || !errors.Is(err, oura.ErrForbidden) {
		t.Fatalf("DailySleep = %d records, %v; want nil and ErrForbidden", len(got), err)
	}
}

func TestRepeatedNextTokenIsAnError(t *testing.T) {
	t.Parallel()
	requests := 0
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests++
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"data":[{"id":"x","day":"2024-03-01","timestamp":"2024-03-01T00:00:00+02:00","contributors":{}}],"next_token":"same+token/="}`))
	}))
	defer ts.Close()
	c, err := oura.NewClient(oura.WithBaseURL(ts.URL), oura.WithToken("t"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.DailySleep(context.Background(), mar1, mar1)
	if got != nil || !errors.Is(err, oura.ErrRepeatedToken) {
		t.Fatalf("got %v, %v; want ErrRepeatedToken", got, err)
	}
	if requests != 2 {
		t.Fatalf("%d requests; want 2 (the second returns the token again)", requests)
	}
}

func TestBadRangesSendNoRequest(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	ctx := context.Background()
	at := time.Date(2024, time.March, 1, 0, 0, 0, 0, time.UTC)
	calls := map[string]func() error{
		"end before start": func() error { _, err := c.DailySleep(ctx, mar1, mar1.AddDays(-1)); return err },
		"zero start":       func() error { _, err := c.Workouts(ctx, oura.Date{}, mar1); return err },
		"zero end":         func() error { _, err := c.Tags(ctx, mar1, oura.Date{}); return err },
		"over 20 years":    func() error { _, err := c.Sessions(ctx, mar1.AddDays(-20*366), mar1); return err },
		"before 1970":      func() error { _, err := c.SleepPeriods(ctx, oura.NewDate(1969, 12, 1), mar1); return err },
		"page end before":  func() error { _, err := c.DailyActivityPage(ctx, mar1, mar1.AddDays(-1), ""); return err },
		"empty id":         func() error { _, err := c.DailyReadinessByID(ctx, ""); return err },
		"hr end before":    func() error { _, err := c.HeartRate(ctx, at, at.Add(-time.Second)); return err },
		"hr zero":          func() error { _, err := c.HeartRate(ctx, time.Time{}, at); return err },
		"hr iter": func() error {
			for _, err := range c.HeartRateIter(ctx, at, at.Add(-time.Hour)) {
				return err
			}
			return nil
		},
		"iter": func() error {
			for _, err := range c.TagsIter(ctx, mar1, oura.Date{}) {
				return err
			}
			return nil
		},
	}
	for name, call := range calls {
		if err := call(); !errors.Is(err, oura.ErrInvalidArgument) {
			t.Errorf("%s: err = %v; want ErrInvalidArgument", name, err)
		}
	}
	if n := len(srv.Requests()); n != 0 {
		t.Fatalf("%d requests sent for bad input", n)
	}
}

func TestByIDNullBodyIsAnError(t *testing.T) {
	t.Parallel()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte("null"))
	}))
	defer ts.Close()
	c, err := oura.NewClient(oura.WithBaseURL(ts.URL), oura.WithToken("t"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.SessionByID(context.Background(), "abc")
	if got != nil || !errors.Is(err, oura.ErrBadResponse) {
		t.Fatalf("got %v, %v; want ErrBadResponse", got, err)
	}
}

func TestSandboxRefusesFieldsAndLatestBeforeSending(t *testing.T) {
	t.Parallel()
	srv := ouratest.NewServer()
	defer srv.Close()
	c, err := srv.NewClient(oura.WithSandbox())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	from := mar1.In(time.UTC)
	cases := map[string]func() error{
		"Fields": func() error {
			_, err := c.DailySleep(ctx, mar1, mar1, oura.Fields("score"))
			return err
		},
		"Fields page": func() error {
			_, err := c.WorkoutsPage(ctx, mar1, mar1, "", oura.Fields("activity"))
			return err
		},
		"Latest": func() error {
			_, err := c.HeartRate(ctx, from, from.Add(time.Hour), oura.Latest())
			return err
		},
	}
	for name, call := range cases {
		err := call()
		if !errors.Is(err, oura.ErrInvalidArgument) || !strings.Contains(err.Error(), "sandbox does not take") {
			t.Errorf("%s: err = %v; want ErrInvalidArgument naming the sandbox", name, err)
		}
	}
	if n := len(srv.Requests()); n != 0 {
		t.Fatalf("%d requests sent; want none", n)
	}
}
