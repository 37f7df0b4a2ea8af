package sqlitemirror_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ringkit/oura-go/oura"
	"github.com/ringkit/oura-go/oura/ourasync"
	"github.com/ringkit/oura-go/oura/ourasync/internal/crashtest"
	"github.com/ringkit/oura-go/oura/ourasync/sqlitemirror"
	"github.com/ringkit/oura-go/oura/ouratest"
)

var t0 = time.Date(2024, time.March, 20, 9, 30, 0, 0, time.UTC)

func TestMain(m *testing.M) {
	crashtest.MaybeChild(openTarget)
	os.Exit(m.Run())
}

func openTarget(dir string) (ourasync.Store, ourasync.Sink, func() error, error) {
	m, err := sqlitemirror.Open(filepath.Join(dir, "oura.db"))
	if err != nil {
		return nil, nil, nil, err
	}
	return m, m, m.Close, nil
}

// rows reads the whole mirror of user in the form of crashtest.Apply.
func rows(t *testing.T, m *sqlitemirror.Mirror, user string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, s := range ourasync.Streams() {
		recs, err := m.Records(context.Background(), user, s)
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range recs {
			out[user+"|"+s+"|"+k] = crashtest.Canonical([]byte(v))
		}
	}
	return out
}

func TestMirrorHoldsWhatAFullRefreshGives(t *testing.T) {
	t.Parallel()
	srv := ouratest.NewServer()
	defer srv.Close()
	client, _ := srv.NewClient()
	m, err := sqlitemirror.Open(filepath.Join(t.TempDir(), "oura.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	start := oura.DateOf(t0).AddDays(-45)
	now := t0
	s, err := ourasync.New(ourasync.Config{Store: m, Sink: m, Start: start, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := s.Run(ctx, "u1", client); err != nil {
		t.Fatal(err)
	}
	now = now.Add(36 * time.Hour)
	if _, err := s.Run(ctx, "u1", client); err != nil {
		t.Fatal(err)
	}
	want := crashtest.FullRefresh(t, client, "u1", start, now, nil)
	if d := crashtest.Diff(want, rows(t, m, "u1")); d != "" {
		t.Fatal(d)
	}
	// The state lives in the same database.
	st, err := m.Load(ctx, "u1")
	if err != nil || st.Streams[ourasync.DailySleep].Through != oura.DateOf(now).AddDays(1) {
		t.Fatalf("state %+v, %v", st, err)
	}
	var score int
	if err := m.DB().QueryRow(`SELECT data->>'score' FROM daily_sleep WHERE user = 'u1' AND day = ?`,
		oura.DateOf(now).String()).Scan(&score); err != nil || score == 0 {
		t.Fatalf("a query of the JSON data: %d, %v", score, err)
	}
}

// A commit whose state is stale changes neither data nor state.
func TestCommitChecksTheVersion(t *testing.T) {
	t.Parallel()
	m, err := sqlitemirror.Open(filepath.Join(t.TempDir(), "oura.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	ctx := context.Background()
	st, _ := m.Load(ctx, "u1")
	stale, _ := m.Load(ctx, "u1")
	up := func(key string) *ourasync.Batch {
		return &ourasync.Batch{User: "u1", Stream: ourasync.DailySleep, Changes: []ourasync.Change{
			{Op: ourasync.Upsert, User: "u1", Stream: ourasync.DailySleep, Key: key, Day: oura.NewDate(2024, 3, 1), Data: []byte(`{"id":"` + key + `"}`)}}}
	}
	if err := m.Commit(ctx, up("a"), st); err != nil || st.Version != 1 {
		t.Fatalf("commit: %v, version %d", err, st.Version)
	}
	if err := m.Commit(ctx, up("b"), stale); !errors.Is(err, ourasync.ErrConflict) || stale.Version != 0 {
		t.Fatalf("stale commit: %v, version %d", err, stale.Version)
	}
	if got := rows(t, m, "u1"); len(got) != 1 || got["u1|daily_sleep|a"] == "" {
		t.Fatalf("rows after the refused commit: %v", got)
	}
	del := &ourasync.Batch{User: "u1", Stream: ourasync.DailySleep, Changes: []ourasync.Change{
		{Op: ourasync.Delete, User: "u1", Stream: ourasync.DailySleep, Key: "a"}, {Op: ourasync.Delete, User: "u1", Stream: ourasync.DailySleep, Key: "never-there"}}}
	if err := m.Commit(ctx, del, st); err != nil {
		t.Fatal(err)
	}
	if got := rows(t, m, "u1"); len(got) != 0 {
		t.Fatalf("rows after delete: %v", got)
	}
	release, err := m.Claim(ctx, "u1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Claim(ctx, "u1"); !errors.Is(err, ourasync.ErrClaimed) {
		t.Fatalf("second claim: %v", err)
	}
	release()
	if _, err := sqlitemirror.Open(""); !errors.Is(err, oura.ErrInvalidArgument) {
		t.Fatalf("Open(\"\"): %v", err)
	}
}

func TestCrashSafetySQLite(t *testing.T) {
	t.Parallel()
	crashtest.Run(t, func(t *testing.T, dir string) map[string]string {
		m, err := sqlitemirror.Open(filepath.Join(dir, "oura.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer m.Close()
		return rows(t, m, crashtest.User)
	})
}
