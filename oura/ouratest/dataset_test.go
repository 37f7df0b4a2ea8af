package ouratest_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ringkit/oura-go/oura"
	"github.com/ringkit/oura-go/oura/ouratest"
)

var (
	mar1  = oura.NewDate(2024, time.March, 1)
	mar10 = oura.NewDate(2024, time.March, 10)
	// Date has only unexported fields and times compare with Equal.
	eq = cmp.Options{cmp.Comparer(func(a, b oura.Date) bool { return a == b }),
		cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })}
)

func serve(t *testing.T, ds *ouratest.Dataset, opts ...ouratest.Option) (*ouratest.Server, *oura.Client) {
	t.Helper()
	srv := ouratest.NewServer(append([]ouratest.Option{ouratest.WithDataset(ds)}, opts...)...)
	t.Cleanup(srv.Close)
	c, err := srv.NewClient()
	if err != nil {
		t.Fatal(err)
	}
	return srv, c
}

func TestDatasetWithoutServerIsTheServersData(t *testing.T) {
	t.Parallel()
	srv := ouratest.NewServer()
	defer srv.Close()
	ds := ouratest.NewDataset()
	if diff := cmp.Diff(srv.Dataset().SleepPeriods(mar1, mar10), ds.SleepPeriods(mar1, mar10), eq); diff != "" {
		t.Errorf("a new dataset differs from a server's (-server +dataset):\n%s", diff)
	}
	start := mar1.In(time.UTC)
	if diff := cmp.Diff(srv.Dataset().HeartRate(start, start.Add(3*time.Hour)), ds.HeartRate(start, start.Add(3*time.Hour)), eq); diff != "" {
		t.Errorf("heart rate differs (-server +dataset):\n%s", diff)
	}
	if got := len(ds.HeartRate(start, start.Add(time.Hour))); got != 12 {
		t.Errorf("%d samples in an hour, want 12 (every 5 minutes)", got)
	}
}

func TestPutDocumentsAreServedThroughPagingAndByID(t *testing.T) {
	t.Parallel()
	ds := ouratest.NewDataset()
	// A day with a null score: the synthetic document of March 3, changed.
	sleep := ds.DailySleep(mar1.AddDays(2), mar1.AddDays(2))[0]
	sleep.Score = nil
	// A deleted sleep period.
	period := ds.SleepPeriods(mar1.AddDays(4), mar1.AddDays(4))[0]
	period.Type = ptr(oura.SleepTypeDeleted)
	// A specific workout on a day that has none.
	workout := oura.Workout{ID: "my-workout", Day: mar1.AddDays(2), Activity: "rowing",
		StartDatetime: time.Date(2024, 3, 3, 7, 0, 0, 0, time.UTC), EndDatetime: time.Date(2024, 3, 3, 8, 0, 0, 0, time.UTC),
		Intensity: oura.WorkoutIntensityHard, Source: oura.WorkoutSourceManual}
	if err := ds.Put(sleep, &period, workout); err != nil {
		t.Fatal(err)
	}
	_, c := serve(t, ds, ouratest.WithPageSize(2))
	ctx := context.Background()

	gotSleep, err := c.DailySleep(ctx, mar1, mar10)
	if err != nil {
		t.Fatal(err)
	}
	if len(gotSleep) != 10 || gotSleep[2].Score != nil || gotSleep[2].ID != sleep.ID || gotSleep[3].Score == nil {
		t.Errorf("daily sleep: %d documents, March 3 score %v", len(gotSleep), gotSleep[2].Score)
	}
	if diff := cmp.Diff(ds.DailySleep(mar1, mar10), gotSleep, eq); diff != "" {
		t.Errorf("served daily sleep differs from the dataset (-dataset +served):\n%s", diff)
	}
	byID, err := c.SleepPeriodByID(ctx, period.ID)
	if err != nil || *byID.Type != oura.SleepTypeDeleted {
		t.Errorf("SleepPeriodByID = %v, %v; want the deleted period", byID, err)
	}
	workouts, err := c.Workouts(ctx, mar1, mar10) // pages of 2 with opaque tokens
	if err != nil {
		t.Fatal(err)
	}
	var want []string // the synthetic workouts, day by day, with mine after those of its day
	plain := ouratest.NewDataset()
	for d := mar1; !d.After(mar10); d = d.AddDays(1) {
		for _, w := range plain.Workouts(d, d) {
			want = append(want, w.ID)
		}
		if d == workout.Day {
			want = append(want, "my-workout")
		}
	}
	var got []string
	for _, w := range workouts {
		got = append(got, w.ID)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("workout ids (-want +got):\n%s", diff)
	}
	if w, err := c.WorkoutByID(ctx, "my-workout"); err != nil || w.Activity != "rowing" {
		t.Errorf("WorkoutByID = %v, %v", w, err)
	}
}

func TestPutMovesADocumentToItsNewDay(t *testing.T) {
	t.Parallel()
	ds := ouratest.NewDataset()
	nap := oura.SleepPeriod{ID: "late-nap", Day: mar1, Type: ptr(oura.SleepTypeLateNap)}
	if err := ds.Put(nap); err != nil {
		t.Fatal(err)
	}
	nap.Day = mar1.AddDays(1) // Oura moves a late nap to the next day
	if err := ds.Put(nap); err != nil {
		t.Fatal(err)
	}
	ids := func(d oura.Date) (out []string) {
		for _, p := range ds.SleepPeriods(d, d) {
			out = append(out, p.ID)
		}
		return out
	}
	if got := ids(mar1); len(got) != 1 || got[0] == "late-nap" {
		t.Errorf("March 1 holds %v, want only its synthetic period", got)
	}
	if got := ids(mar1.AddDays(1)); got[len(got)-1] != "late-nap" {
		t.Errorf("March 2 holds %v, want the nap last", got)
	}
}

func TestRemoveHidesSyntheticAndPutDocuments(t *testing.T) {
	t.Parallel()
	ds := ouratest.NewDataset()
	gone := ds.DailyReadiness(mar1.AddDays(1), mar1.AddDays(1))[0]
	mine := oura.DailyReadiness{ID: "mine", Day: mar1}
	if err := ds.Put(mine); err != nil {
		t.Fatal(err)
	}
	if err := ds.Remove(gone, mine); err != nil {
		t.Fatal(err)
	}
	_, c := serve(t, ds)
	ctx := context.Background()
	got, err := c.DailyReadiness(ctx, mar1, mar1.AddDays(2))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Day != mar1 || got[1].Day != mar1.AddDays(2) {
		t.Errorf("readiness of 3 days after removing 1: %v", got)
	}
	for _, id := range []string{gone.ID, "mine"} {
		if _, err := c.DailyReadinessByID(ctx, id); !errors.Is(err, oura.ErrNotFound) {
			t.Errorf("DailyReadinessByID(%s) = %v, want ErrNotFound", id, err)
		}
	}
	// Putting it back undoes the removal.
	if err := ds.Put(gone); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DailyReadinessByID(ctx, gone.ID); err != nil {
		t.Errorf("after Put again: %v", err)
	}
}

func TestEmptyDatasetHoldsOnlyWhatIsPut(t *testing.T) {
	t.Parallel()
	ds := ouratest.NewDataset(ouratest.Empty())
	_, c := serve(t, ds)
	ctx := context.Background()
	sleep, err := c.DailySleep(ctx, mar1, mar10)
	if err != nil || len(sleep) != 0 {
		t.Errorf("DailySleep of an empty dataset = %v, %v", sleep, err)
	}
	if rings, err := c.RingConfigurations(ctx); err != nil || len(rings) != 0 {
		t.Errorf("RingConfigurations = %v, %v", rings, err)
	}
	if _, err := c.PersonalInfo(ctx); !errors.Is(err, oura.ErrNotFound) {
		t.Errorf("PersonalInfo = %v, want ErrNotFound", err)
	}
	at := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	if err := ds.Put(oura.PersonalInfo{ID: "me", Age: ptr(41)}, oura.HeartRate{Timestamp: at, BPM: 61, Source: oura.HeartRateSourceRest},
		oura.RingConfiguration{ID: "ring-1"}, oura.DailySleep{ID: "s", Day: mar10, Score: ptr(90)}); err != nil {
		t.Fatal(err)
	}
	if p, err := c.PersonalInfo(ctx); err != nil || *p.Age != 41 {
		t.Errorf("PersonalInfo = %v, %v", p, err)
	}
	hr, err := c.HeartRate(ctx, at.Add(-time.Hour), at.Add(time.Hour))
	if err != nil || len(hr) != 1 || hr[0].BPM != 61 {
		t.Errorf("HeartRate = %v, %v", hr, err)
	}
	if rings, err := c.RingConfigurations(ctx); err != nil || len(rings) != 1 || rings[0].ID != "ring-1" {
		t.Errorf("RingConfigurations = %v, %v", rings, err)
	}
	if sleep, err := c.DailySleep(ctx, mar1, mar10); err != nil || len(sleep) != 1 || *sleep[0].Score != 90 {
		t.Errorf("DailySleep = %v, %v", sleep, err)
	}
}

func TestPutAndRemoveTimeSeriesSamples(t *testing.T) {
	t.Parallel()
	ds := ouratest.NewDataset()
	start := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	end := start.Add(30 * time.Minute)
	orig := ds.HeartRate(start, end)
	replaced := orig[1]
	replaced.BPM = 190
	between := oura.HeartRate{Timestamp: start.Add(7 * time.Minute), BPM: 100, Source: oura.HeartRateSourceLive}
	last := oura.HeartRate{Timestamp: end.Add(-time.Second), BPM: 88, Source: oura.HeartRateSourceLive}
	if err := ds.Put(replaced, between, last); err != nil {
		t.Fatal(err)
	}
	if err := ds.Remove(orig[3]); err != nil {
		t.Fatal(err)
	}
	want := []oura.HeartRate{orig[0], replaced, between, orig[2], orig[4], orig[5], last}
	_, c := serve(t, ds, ouratest.WithHeartRatePageSize(2))
	ctx := context.Background()
	got, err := c.HeartRate(ctx, start, end)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got, eq); diff != "" {
		t.Errorf("heart rate (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, ds.HeartRate(start, end), eq); diff != "" {
		t.Errorf("Dataset.HeartRate (-want +got):\n%s", diff)
	}
	latest, err := c.HeartRate(ctx, start, end, oura.Latest())
	if err != nil || len(latest) != 1 || latest[0].BPM != 88 {
		t.Errorf("Latest = %v, %v; want the sample put last", latest, err)
	}
}

func TestPutRefusesWhatIsNotADocument(t *testing.T) {
	t.Parallel()
	ds := ouratest.NewDataset()
	before := ds.Workouts(mar1, mar10)
	for _, tc := range []struct {
		docs []any
		want string
	}{
		{[]any{oura.Workout{ID: "ok", Day: mar1}, "not a document"}, "ouratest: document 1 is a string, not a document of a collection"},
		{[]any{oura.Workout{Day: mar1}}, "ouratest: document 0 (oura.Workout) has no id"},
		{[]any{oura.HeartRate{BPM: 60}}, "ouratest: document 0 (oura.HeartRate) has no timestamp"},
		{[]any{(*oura.Workout)(nil)}, "ouratest: document 0 is a *oura.Workout, not a document of a collection"},
	} {
		if err := ds.Put(tc.docs...); err == nil || err.Error() != tc.want {
			t.Errorf("Put(%v) = %v, want %q", tc.docs, err, tc.want)
		}
		if err := ds.Remove(tc.docs...); err == nil || err.Error() != tc.want {
			t.Errorf("Remove(%v) = %v, want %q", tc.docs, err, tc.want)
		}
	}
	if diff := cmp.Diff(before, ds.Workouts(mar1, mar10), eq); diff != "" {
		t.Errorf("a refused Put changed the dataset:\n%s", diff)
	}
}

func TestDatasetChangesWhileServing(t *testing.T) {
	t.Parallel()
	ds := ouratest.NewDataset()
	_, c := serve(t, ds, ouratest.WithPageSize(3))
	ctx := context.Background()
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for i := range 200 {
			d := mar1.AddDays(i % 10)
			w := oura.Workout{ID: fmt.Sprint("w", i%7), Day: d}
			if i%3 == 0 {
				_ = ds.Remove(w)
			} else {
				_ = ds.Put(w)
			}
		}
	}()
	go func() {
		defer wg.Done()
		for range 20 {
			// Pages may shift under a listing; when documents went away the
			// next token's offset can lie past the end, which the server
			// answers 400 "Invalid next_token". Anything else is a bug.
			if _, err := c.Workouts(ctx, mar1, mar10); err != nil && !errors.Is(err, oura.ErrValidation) {
				t.Error(err)
			}
		}
	}()
	wg.Wait()
}

func TestWithDatasetCannotTakeDatasetOptions(t *testing.T) {
	t.Parallel()
	defer func() {
		if recover() == nil {
			t.Error("NewUnstartedServer(WithDataset, WithLocation) did not panic")
		}
	}()
	ouratest.NewUnstartedServer(ouratest.WithDataset(ouratest.NewDataset()), ouratest.WithLocation(time.UTC))
}

func TestHandlerOnYourOwnTLSServer(t *testing.T) {
	t.Parallel()
	fake := ouratest.NewUnstartedServer() // never started: only its handler is used
	defer fake.Close()
	mux := http.NewServeMux()
	mux.Handle("/v2/", fake.Handler())
	mux.HandleFunc("/health", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "ok") })
	ts := httptest.NewTLSServer(mux)
	defer ts.Close()
	c, err := oura.NewClient(oura.WithBaseURL(ts.URL), oura.WithToken(fake.Token), oura.WithHTTPClient(ts.Client()))
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.DailySleep(context.Background(), mar1, mar10)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(fake.Dataset().DailySleep(mar1, mar10), got, eq); diff != "" {
		t.Errorf("(-dataset +served):\n%s", diff)
	}
	if n := len(fake.Requests()); n != 1 {
		t.Errorf("%d requests recorded, want 1", n)
	}
}

func TestUnstartedServerStartsWithTLS(t *testing.T) {
	t.Parallel()
	srv := ouratest.NewUnstartedServer()
	srv.StartTLS()
	defer srv.Close()
	c, err := srv.NewClient()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.DailySleep(context.Background(), mar1, mar1); err != nil {
		t.Fatal(err)
	}
}

// The routes accept the query parameters Oura's document lists for them
// and no others: the sandbox takes no fields or latest, a by-id route no
// query at all.
func TestRoutesAcceptOnlyDocumentedParameters(t *testing.T) {
	t.Parallel()
	srv := ouratest.NewServer()
	defer srv.Close()
	days := url.Values{"start_date": {"2024-03-01"}, "end_date": {"2024-03-03"}}
	with := func(q url.Values, k, v string) url.Values {
		out := url.Values{k: {v}}
		for kk, vv := range q {
			out[kk] = vv
		}
		return out
	}
	hr := url.Values{"start_datetime": {"2024-03-01T00:00:00Z"}, "end_datetime": {"2024-03-01T01:00:00Z"}}
	id := srv.Dataset().DailySleep(mar1, mar1)[0].ID
	for _, tc := range []struct {
		path   string
		q      url.Values
		status int
	}{
		{"/v2/usercollection/daily_sleep", with(days, "fields", "score"), 200},
		{"/v2/sandbox/usercollection/daily_sleep", days, 200},
		{"/v2/sandbox/usercollection/daily_sleep", with(days, "fields", "score"), 422},
		{"/v2/usercollection/daily_sleep", with(days, "start_datetime", "2024-03-01T00:00:00Z"), 422},
		{"/v2/usercollection/heartrate", with(hr, "latest", "true"), 200},
		{"/v2/sandbox/usercollection/heartrate", hr, 200},
		{"/v2/sandbox/usercollection/heartrate", with(hr, "latest", "true"), 422},
		{"/v2/sandbox/usercollection/heartrate", with(hr, "fields", "bpm"), 422},
		{"/v2/usercollection/ring_configuration", url.Values{"fields": {"color"}}, 200},
		{"/v2/sandbox/usercollection/ring_configuration", url.Values{"fields": {"color"}}, 422},
		{"/v2/usercollection/ring_configuration", days, 422},
		{"/v2/usercollection/daily_sleep/" + id, nil, 200},
		{"/v2/sandbox/usercollection/daily_sleep/" + id, nil, 200},
		{"/v2/usercollection/daily_sleep/" + id, url.Values{"fields": {"score"}}, 422},
		{"/v2/usercollection/heartrate/" + id, nil, 404},
		{"/v2/sandbox/usercollection/personal_info", nil, 404},
		{"/v2/usercollection/personal_info", url.Values{"fields": {"age"}}, 422},
		{"/v2/usercollection/meal", days, 404},
	} {
		status, _, body := get(t, srv, tc.path, tc.q)
		if status != tc.status {
			t.Errorf("GET %s?%s = %d %s, want %d", tc.path, tc.q.Encode(), status, body, tc.status)
		}
	}
	_, _, body := get(t, srv, "/v2/sandbox/usercollection/daily_sleep", with(days, "fields", "score"))
	if want := `{"detail":[{"loc":["query","fields"],"msg":"Extra inputs are not permitted","type":"value_error"}]}` + "\n"; body != want {
		t.Errorf("422 body = %q, want %q", body, want)
	}
}

func ptr[T any](v T) *T { return &v }

// A dataset built without a server, with a day of your own: the server
// serves it through the same pages and tokens as the synthetic days.
func ExampleDataset_Put() {
	ds := ouratest.NewDataset()
	day := oura.NewDate(2024, time.March, 3)
	sleep := ds.DailySleep(day, day)[0]
	sleep.Score = nil // a night Oura could not score
	if err := ds.Put(sleep, oura.Workout{ID: "my-run", Day: day, Activity: "running"}); err != nil {
		panic(err)
	}

	srv := ouratest.NewServer(ouratest.WithDataset(ds))
	defer srv.Close()
	client, _ := srv.NewClient()
	got, _ := client.DailySleep(context.Background(), day, day)
	run, _ := client.WorkoutByID(context.Background(), "my-run")
	fmt.Println(got[0].Score == nil, run.Activity)
	// Output: true running
}

// Only your own documents: an empty dataset.
func ExampleEmpty() {
	ds := ouratest.NewDataset(ouratest.Empty())
	day := oura.NewDate(2024, time.March, 3)
	_ = ds.Put(oura.SleepPeriod{ID: "s1", Day: day, Type: ptr(oura.SleepTypeDeleted)})

	srv := ouratest.NewServer(ouratest.WithDataset(ds))
	defer srv.Close()
	client, _ := srv.NewClient()
	periods, _ := client.SleepPeriods(context.Background(), day.AddDays(-7), day)
	fmt.Println(len(periods), *periods[0].Type)
	// Output: 1 deleted
}

// The fake API mounted on your own mux.
func ExampleServer_Handler() {
	fake := ouratest.NewUnstartedServer()
	defer fake.Close()
	mux := http.NewServeMux()
	mux.Handle("/v2/", fake.Handler())
	ts := httptest.NewServer(mux)
	defer ts.Close()

	client, _ := oura.NewClient(oura.WithBaseURL(ts.URL), oura.WithToken(fake.Token))
	day := oura.NewDate(2024, time.March, 3)
	sleep, _ := client.DailySleep(context.Background(), day, day)
	fmt.Println(len(sleep), sleep[0].Day)
	// Output: 1 2024-03-03
}

// A fake server in a test, with a rate limit on the first request and the
// dataset as the expected result.
func ExampleNewServer() {
	srv := ouratest.NewServer(ouratest.WithHook(ouratest.RateLimitFirst(1, 0)))
	defer srv.Close()
	client, _ := srv.NewClient()
	start, end := oura.NewDate(2024, time.March, 1), oura.NewDate(2024, time.March, 31)
	got, err := client.Workouts(context.Background(), start, end)
	want := srv.Dataset().Workouts(start, end)
	fmt.Println(err, len(got) == len(want), len(srv.Requests()))
	// Output: <nil> true 2
}

// A heart-rate sample is told apart by its time and source, as the SDK
// tells records apart: a sample of another source at the same time is a
// second sample, not a replacement.
func TestHeartRateSamplesAreKeyedByTimeAndSource(t *testing.T) {
	t.Parallel()
	ds := ouratest.NewDataset(ouratest.Empty())
	at := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	if err := ds.Put(oura.HeartRate{Timestamp: at, BPM: 60, Source: oura.HeartRateSourceRest},
		oura.HeartRate{Timestamp: at, BPM: 62, Source: oura.HeartRateSourceLive},
		oura.HeartRate{Timestamp: at, BPM: 64, Source: oura.HeartRateSourceLive}); err != nil {
		t.Fatal(err)
	}
	_, c := serve(t, ds)
	got, err := c.HeartRate(context.Background(), at, at.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	want := []oura.HeartRate{{Timestamp: at, BPM: 60, Source: oura.HeartRateSourceRest}, {Timestamp: at, BPM: 64, Source: oura.HeartRateSourceLive}}
	if diff := cmp.Diff(want, got, eq); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
