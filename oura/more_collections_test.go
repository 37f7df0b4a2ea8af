package oura_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ringkit/oura-go/oura"
	"github.com/ringkit/oura-go/oura/ouratest"
)

func TestRingBatteryLevel(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	start := time.Date(2024, time.March, 1, 0, 0, 0, 0, time.UTC)
	end := start.Add(45 * 24 * time.Hour)
	got, err := c.RingBatteryLevel(context.Background(), start, end)
	if err != nil {
		t.Fatal(err)
	}
	want := srv.Dataset().RingBatteryLevel(start, end)
	if len(want) != 45*96 {
		t.Fatalf("dataset has %d rows; want %d", len(want), 45*96)
	}
	if diff := cmp.Diff(want, got, timeEq); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
	for _, r := range srv.Requests() {
		if r.Path != "/v2/usercollection/ring_battery_level" {
			t.Fatalf("request to %s", r.Path)
		}
	}
}

func TestLatestSample(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	start := time.Date(2024, time.March, 1, 0, 0, 0, 0, time.UTC)
	end := start.Add(40*24*time.Hour + 7*time.Minute) // two chunks: the latest sample is in the second
	got, err := c.HeartRate(context.Background(), start, end, oura.Latest())
	if err != nil {
		t.Fatal(err)
	}
	all := srv.Dataset().HeartRate(start, end)
	if diff := cmp.Diff(all[len(all)-1:], got, timeEq); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
	reqs := srv.Requests()
	if len(reqs) != 1 || reqs[0].Query.Get("latest") != "true" {
		t.Fatalf("requests %+v; want one, for the last chunk, with latest=true", reqs)
	}
	// A range ending on a sample: Oura's latest (padded, inclusive) is
	// outside [start, end), so the chunk is listed whole.
	end = start.Add(10 * time.Minute)
	got, err = c.HeartRate(context.Background(), start, end, oura.Latest())
	if err != nil || len(got) != 1 || !got[0].Timestamp.Equal(start.Add(5*time.Minute)) {
		t.Fatalf("got %+v, %v; want the 00:05 sample", got, err)
	}
	if _, err := c.DailySleep(context.Background(), mar1, mar1, oura.Latest()); !errors.Is(err, oura.ErrInvalidArgument) {
		t.Fatalf("Latest on a day collection: err = %v; want ErrInvalidArgument", err)
	}
}

func TestFieldsSelection(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	got, err := c.DailyReadiness(context.Background(), mar1, mar1.AddDays(2), oura.Fields("score"))
	if err != nil {
		t.Fatal(err)
	}
	full := srv.Dataset().DailyReadiness(mar1, mar1.AddDays(2))
	var want []oura.DailyReadiness
	for _, d := range full {
		want = append(want, oura.DailyReadiness{ID: d.ID, Day: d.Day, Score: d.Score})
	}
	if diff := cmp.Diff(want, got, timeEq); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
	if f := srv.Requests()[0].Query.Get("fields"); f != "score,day,id" {
		t.Fatalf("fields=%q; want the day (range filter) and id (key) added", f)
	}

	// Time series keep their timestamp and source (the key of a sample);
	// unknown names fail before any request.
	start := time.Date(2024, time.March, 1, 0, 0, 0, 0, time.UTC)
	rows, err := c.HeartRate(context.Background(), start, start.Add(time.Hour), oura.Fields("bpm"))
	if err != nil || len(rows) != 12 || rows[0].Source == "" || rows[0].BPM == 0 || rows[0].TimestampUnix != 0 {
		t.Fatalf("rows %+v, %v", rows, err)
	}
	if f := srv.Requests()[1].Query.Get("fields"); f != "bpm,timestamp,source" {
		t.Fatalf("fields=%q; want the timestamp and source added", f)
	}
	before := len(srv.Requests())
	for _, opt := range []oura.ListOption{oura.Fields("scroe"), oura.Fields(), nil} {
		_, err := c.DailySleep(context.Background(), mar1, mar1, opt)
		if !errors.Is(err, oura.ErrInvalidArgument) {
			t.Fatalf("err = %v; want ErrInvalidArgument", err)
		}
	}
	if _, err := c.DailySleep(context.Background(), mar1, mar1, oura.Fields("scroe")); !strings.Contains(err.Error(), `unknown field "scroe"`) {
		t.Fatalf("err = %v", err)
	}
	if len(srv.Requests()) != before {
		t.Fatal("a request went out for bad options")
	}
}

func TestRingConfigurationsAndPersonalInfo(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, ouratest.WithPageSize(1))
	got, err := c.RingConfigurations(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := srv.Dataset().RingConfigurations()
	if diff := cmp.Diff(want, got, timeEq); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
	if len(srv.Requests()) != 2 {
		t.Fatalf("%d requests; want 2 pages", len(srv.Requests()))
	}
	one, err := c.RingConfigurationByID(context.Background(), want[1].ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want[1], *one, timeEq); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
	info, err := c.PersonalInfo(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(srv.Dataset().PersonalInfo(), *info); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
}

func TestLatestPage(t *testing.T) {
	t.Parallel()
	_, c := newFake(t)
	start := time.Date(2024, time.March, 1, 10, 0, 0, 0, time.UTC)
	// The range ends on a sample, which Oura's padded latest would return.
	p, err := c.HeartRatePage(context.Background(), start, start.Add(5*time.Minute), "", oura.Latest())
	if err != nil || len(p.Data) != 1 || !p.Data[0].Timestamp.Equal(start) || p.NextToken != "" {
		t.Fatalf("page %+v, %v; want the 10:00 sample alone", p, err)
	}
	if _, err := c.HeartRatePage(context.Background(), start, start.Add(time.Hour), "x", oura.Latest()); !errors.Is(err, oura.ErrInvalidArgument) {
		t.Fatalf("err = %v; want ErrInvalidArgument for a token with Latest", err)
	}
}
