package ouratest_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/ringkit/oura-go/oura"
	"github.com/ringkit/oura-go/oura/ouratest"
)

func TestMovingDatasetHasNoFutureAndDaysArrive(t *testing.T) {
	t.Parallel()
	now := time.Date(2024, time.March, 20, 9, 0, 0, 0, time.UTC) // 11:00 at the user's UTC+02:00
	m := ouratest.NewMoving(now)
	srv := ouratest.NewServer(ouratest.WithDataset(m.Dataset))
	defer srv.Close()
	client, _ := srv.NewClient()
	ctx := context.Background()
	today := oura.NewDate(2024, time.March, 20)
	if m.Today() != today {
		t.Fatalf("Today %s", m.Today())
	}
	docs, err := client.DailySleep(ctx, today.AddDays(-1), today.AddDays(3))
	if err != nil || len(docs) != 2 || docs[1].Day != today {
		t.Fatalf("days through today+3: %d documents, %v; want yesterday and today only", len(docs), err)
	}
	hr, err := client.HeartRate(ctx, now.Add(-time.Hour), now.Add(time.Hour))
	if err != nil || len(hr) != 12 || !hr[len(hr)-1].Timestamp.Before(now) {
		t.Fatalf("heart rate around now: %d samples, %v; want the 12 of the hour before now", len(hr), err)
	}
	tomorrow := m.DailySleep(today, today.AddDays(1))
	if len(tomorrow) != 1 {
		t.Fatalf("the dataset lists %d documents through tomorrow", len(tomorrow))
	}
	evs := m.Advance(24 * time.Hour)
	if len(evs) == 0 {
		t.Fatal("a new day brought no events")
	}
	for _, ev := range evs {
		if ev.EventType != oura.WebhookEventTypeCreate || !ev.DataType.Valid() || ev.UserID != m.PersonalInfo().ID {
			t.Fatalf("event %+v", ev)
		}
	}
	if got := m.Events(); len(got) != len(evs) || len(m.Events()) != 0 {
		t.Fatal("Events does not return the pending events once")
	}
	if docs, _ := client.DailySleep(ctx, today, today.AddDays(3)); len(docs) != 2 {
		t.Fatalf("after a day: %d documents, want 2", len(docs))
	}
}

func TestMovingDatasetStepChangesThePast(t *testing.T) {
	t.Parallel()
	m := ouratest.NewMoving(time.Date(2024, time.March, 20, 9, 0, 0, 0, time.UTC))
	srv := ouratest.NewServer(ouratest.WithDataset(m.Dataset))
	defer srv.Close()
	client, _ := srv.NewClient()
	ctx := context.Background()
	before := m.DailySleep(m.Today().AddDays(-1), m.Today().AddDays(-1))[0]
	evs, err := m.Step()
	if err != nil {
		t.Fatal(err)
	}
	today := m.Today()
	revised, _ := client.DailySleep(ctx, today.AddDays(-2), today.AddDays(-2))
	if len(revised) != 1 || revised[0].ID != before.ID || *revised[0].Score == *before.Score {
		t.Fatalf("the daily sleep of 2 days ago was not revised: %+v vs %+v", revised, before)
	}
	rest, _ := client.SleepPeriods(ctx, today.AddDays(-3), today.AddDays(-3))
	deleted, _ := client.SleepPeriods(ctx, today.AddDays(-4), today.AddDays(-4))
	hasType := func(ps []oura.SleepPeriod, want oura.SleepType) bool {
		for _, p := range ps {
			if *p.Type == want {
				return true
			}
		}
		return false
	}
	if !hasType(rest, oura.SleepTypeRest) || !hasType(deleted, oura.SleepTypeDeleted) {
		t.Fatalf("sleep periods 3 days ago %+v, 4 days ago %+v", rest, deleted)
	}
	var removed, late string
	want := map[oura.WebhookEventType]map[oura.WebhookDataType]int{}
	for _, ev := range evs {
		if want[ev.EventType] == nil {
			want[ev.EventType] = map[oura.WebhookDataType]int{}
		}
		want[ev.EventType][ev.DataType]++
		switch {
		case ev.EventType == oura.WebhookEventTypeDelete:
			removed = ev.ObjectID
		case ev.DataType == oura.WebhookDataTypeSession && ev.EventType == oura.WebhookEventTypeCreate && late == "":
			if s, err := client.SessionByID(ctx, ev.ObjectID); err == nil && s.Day == today.AddDays(-6) {
				late = ev.ObjectID
			}
		}
	}
	if got := want[oura.WebhookEventTypeUpdate]; got[oura.WebhookDataTypeDailySleep] != 1 || got[oura.WebhookDataTypeSleep] != 2 {
		t.Fatalf("update events %v", got)
	}
	if _, err := client.WorkoutByID(ctx, removed); !errors.Is(err, oura.ErrNotFound) {
		t.Fatalf("the removed workout %q: %v, want not found", removed, err)
	}
	if late == "" {
		t.Fatal("no late session for 6 days ago")
	}
}
