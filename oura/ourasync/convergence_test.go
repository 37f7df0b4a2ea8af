package ourasync_test

import (
	"context"
	"testing"
	"time"

	"github.com/ringkit/oura-go/oura"
	"github.com/ringkit/oura-go/oura/ourasync"
	"github.com/ringkit/oura-go/oura/ouratest"
)

// movingSync is a synced user over a moving dataset.
type movingSync struct {
	m      *ouratest.Moving
	srv    *ouratest.Server
	client *oura.Client
	start  oura.Date
}

func newMovingSync(t *testing.T, days int, cfg ourasync.Config) (*movingSync, *ourasync.Syncer, func() map[string]string) {
	t.Helper()
	m := ouratest.NewMoving(t0, ouratest.HeartRateInterval(20*time.Minute))
	srv := ouratest.NewServer(ouratest.WithDataset(m.Dataset))
	t.Cleanup(srv.Close)
	client, _ := srv.NewClient()
	mir := newMirror()
	cfg.Store, cfg.Sink, cfg.Now = ourasync.NewMemoryStore(), mir, m.Now
	cfg.Start = m.Today().AddDays(-days)
	s, err := ourasync.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ms := &movingSync{m: m, srv: srv, client: client, start: cfg.Start}
	if _, err := s.Run(context.Background(), "u1", client); err != nil {
		t.Fatal(err)
	}
	return ms, s, mir.Snapshot
}

func (ms *movingSync) want(t *testing.T, streams []string) map[string]string {
	return fullRefresh(t, ms.client, "u1", ms.start, ms.m.Now(), streams)
}

// Revisions, deletions and late data inside the lookback: one incremental
// run makes the mirror equal to the dataset.
func TestOneIncrementalRunConvergesInsideTheLookback(t *testing.T) {
	t.Parallel()
	ms, s, rows := newMovingSync(t, 40, ourasync.Config{})
	removed := 0
	for range 2 {
		evs, err := ms.m.Step()
		if err != nil {
			t.Fatal(err)
		}
		for _, ev := range evs {
			if ev.EventType == oura.WebhookEventTypeDelete && ev.DataType == oura.WebhookDataTypeWorkout {
				removed++
			}
		}
	}
	rep, err := s.Run(context.Background(), "u1", ms.client)
	if err != nil {
		t.Fatal(err)
	}
	if d := diffRows(ms.want(t, nil), rows()); d != "" {
		t.Fatalf("after one incremental run: %s", d)
	}
	// Two steps: 2 revised scores, 2 rests, 2 deleted sleeps, removed
	// workouts, 2 late sessions, and two new days.
	if r := rep.Streams[ourasync.SleepPeriods]; r.Deleted != 2 {
		t.Errorf("sleep periods: %+v, want 2 deletes (type deleted)", r)
	}
	if r := rep.Streams[ourasync.Workouts]; removed == 0 || r.Deleted != removed {
		t.Errorf("workouts: %+v, want %d deletes (gone from a re-read day)", r, removed)
	}
	if r := rep.Streams[ourasync.Sessions]; r.Upserted < 2 {
		t.Errorf("sessions: %+v, want the 2 late ones upserted", r)
	}
}

// Changes older than the lookback are missed by an incremental run and
// caught by the reconciliation, forced or when it is due.
func TestReconciliationConvergesOutsideTheLookback(t *testing.T) {
	t.Parallel()
	ms, s, rows := newMovingSync(t, 60, ourasync.Config{
		ReconcileEvery: ourasync.SuggestedReconcileEvery, ReconcileDepth: ourasync.SuggestedReconcileDepth})
	ctx := context.Background()
	old := ms.m.Today().AddDays(-10)
	if err := ms.m.ReviseSleepScore(old); err != nil {
		t.Fatal(err)
	}
	if err := ms.m.SetSleepType(old.AddDays(-2), oura.SleepTypeDeleted); err != nil {
		t.Fatal(err)
	}
	if _, err := ms.m.RemoveWorkout(old.AddDays(-5)); err != nil {
		t.Fatal(err)
	}
	if _, err := ms.m.AddLateSession(old.AddDays(-15)); err != nil {
		t.Fatal(err)
	}
	ms.m.Advance(time.Hour)
	if _, err := s.Run(ctx, "u1", ms.client); err != nil {
		t.Fatal(err)
	}
	if d := diffRows(ms.want(t, nil), rows()); d == "" {
		t.Fatal("an incremental run caught changes 10 to 25 days old: the test proves nothing")
	}
	if _, err := s.Reconcile(ctx, "u1", ms.client); err != nil {
		t.Fatal(err)
	}
	if d := diffRows(ms.want(t, nil), rows()); d != "" {
		t.Fatalf("after the reconciliation: %s", d)
	}

	// The weekly reconciliation comes by itself.
	if err := ms.m.ReviseSleepScore(ms.m.Today().AddDays(-20)); err != nil {
		t.Fatal(err)
	}
	ms.m.Advance(7 * 24 * time.Hour)
	if _, err := s.Run(ctx, "u1", ms.client); err != nil {
		t.Fatal(err)
	}
	if d := diffRows(ms.want(t, nil), rows()); d != "" {
		t.Fatalf("after the weekly run: %s", d)
	}
}

// Webhook events alone bring the documents they name, and what derives
// from them, up to date; silence while polling finds changes is reported.
func TestWebhookEventsConvergeAndSilenceIsReported(t *testing.T) {
	t.Parallel()
	streams := []string{ourasync.SleepPeriods, ourasync.DailySleep, ourasync.DailyReadiness, ourasync.SleepTimes,
		ourasync.Workouts, ourasync.Sessions}
	ms, s, rows := newMovingSync(t, 20, ourasync.Config{Streams: streams})
	ctx := context.Background()
	if _, err := ms.m.Step(); err != nil {
		t.Fatal(err)
	}
	from := len(ms.srv.Requests())
	rep, err := s.Refresh(ctx, "u1", ms.client, ms.m.Events()...)
	if err != nil {
		t.Fatal(err)
	}
	if d := diffRows(ms.want(t, streams), rows()); d != "" {
		t.Fatalf("after the webhook refresh: %s", d)
	}
	if rep.WebhooksSilent {
		t.Fatal("silent right after events")
	}
	t.Logf("refresh of one step's events: %d requests", len(ms.srv.Requests())-from)

	// Three days of changes without a single event: polling finds them
	// and says the webhooks went silent.
	for range 3 {
		if _, err := ms.m.Step(); err != nil {
			t.Fatal(err)
		}
		ms.m.Events()
	}
	rep, err = s.Run(ctx, "u1", ms.client)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.WebhooksSilent {
		t.Fatal("3 days of changes without events, and the run did not report the webhooks as silent")
	}
	if d := diffRows(ms.want(t, streams), rows()); d != "" {
		t.Fatalf("after polling: %s", d)
	}
}

// A user who does not sync for longer than the lookback still gets the
// lookback before the cursor re-read: an old cursor is not an interrupted
// backfill, and the changes Oura made to the days before it are caught.
func TestRunAfterALongGapRereadsTheLookback(t *testing.T) {
	t.Parallel()
	ms, s, rows := newMovingSync(t, 30, ourasync.Config{})
	if _, err := ms.m.Step(); err != nil { // changes 2 to 6 days back
		t.Fatal(err)
	}
	ms.m.Advance(10 * 24 * time.Hour)
	rep, err := s.Run(context.Background(), "u1", ms.client)
	if err != nil {
		t.Fatal(err)
	}
	if d := diffRows(ms.want(t, nil), rows()); d != "" {
		t.Fatalf("a run 11 days after the last one: %s", d)
	}
	if r := rep.Streams[ourasync.SleepPeriods]; r.Deleted != 1 {
		t.Errorf("sleep periods: %+v, want the deleted sleep of before the gap", r)
	}
}

// Reconcile without a configured depth re-reads 35 days, and finds there
// what vanished, not only what changed.
func TestReconcileWithoutConfiguredDepthFindsDeletes(t *testing.T) {
	t.Parallel()
	ms, s, rows := newMovingSync(t, 40, ourasync.Config{})
	if _, err := ms.m.RemoveWorkout(ms.m.Today().AddDays(-15)); err != nil {
		t.Fatal(err)
	}
	if err := ms.m.ReviseSleepScore(ms.m.Today().AddDays(-20)); err != nil {
		t.Fatal(err)
	}
	ms.m.Advance(time.Hour)
	rep, err := s.Reconcile(context.Background(), "u1", ms.client)
	if err != nil {
		t.Fatal(err)
	}
	if d := diffRows(ms.want(t, nil), rows()); d != "" {
		t.Fatalf("after Reconcile: %s", d)
	}
	if r := rep.Streams[ourasync.Workouts]; r.Deleted != 1 {
		t.Errorf("workouts: %+v, want the removed one deleted", r)
	}
}
