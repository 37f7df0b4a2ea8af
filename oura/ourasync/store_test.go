package ourasync_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ringkit/oura-go/oura"
	"github.com/ringkit/oura-go/oura/ourasync"
)

func testStore(t *testing.T, store ourasync.Store) {
	ctx := context.Background()
	st, err := store.Load(ctx, "u/1")
	if err != nil || st.Version != 0 || len(st.Streams) != 0 {
		t.Fatalf("Load of a new user: %+v, %v", st, err)
	}
	st.Streams["daily_sleep"] = &ourasync.StreamState{Through: oura.NewDate(2024, 3, 1),
		Seen: map[string]ourasync.Seen{"a": {Day: oura.NewDate(2024, 3, 1), Hash: "x"}}}
	if err := store.Save(ctx, "u/1", st); err != nil || st.Version != 1 {
		t.Fatalf("Save: %v, version %d", err, st.Version)
	}
	stale, _ := store.Load(ctx, "u/1")
	if err := store.Save(ctx, "u/1", st); err != nil {
		t.Fatal(err)
	}
	stale.Streams["daily_sleep"].Through = oura.NewDate(2020, 1, 1)
	if err := store.Save(ctx, "u/1", stale); !errors.Is(err, ourasync.ErrConflict) || stale.Version != 1 {
		t.Fatalf("Save of a stale state: %v, version %d; want ErrConflict and 1", err, stale.Version)
	}
	got, _ := store.Load(ctx, "u/1")
	if got.Version != 2 || got.Streams["daily_sleep"].Through != oura.NewDate(2024, 3, 1) || got.Streams["daily_sleep"].Seen["a"].Hash != "x" {
		t.Fatalf("Load after the conflict: %+v", got)
	}
	if other, _ := store.Load(ctx, "u/2"); other.Version != 0 {
		t.Fatal("users share a state")
	}
	release, err := store.Claim(ctx, "u/1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.Claim(ctx, "u/1"); !errors.Is(err, ourasync.ErrClaimed) {
		t.Fatalf("second claim: %v, want ErrClaimed", err)
	}
	r2, err := store.Claim(ctx, "u/2")
	if err != nil {
		t.Fatalf("claim of another user: %v", err)
	}
	r2()
	release()
	again, err := store.Claim(ctx, "u/1")
	if err != nil {
		t.Fatalf("claim after release: %v", err)
	}
	again()
}

func TestMemoryStore(t *testing.T) {
	t.Parallel()
	testStore(t, ourasync.NewMemoryStore())
}

func TestFileStore(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fs, err := ourasync.NewFileStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	testStore(t, fs)
	// One file per user, named so no key escapes the directory, and no
	// temporary file left behind.
	names, _ := filepath.Glob(filepath.Join(dir, "*"))
	for i := range names {
		names[i] = filepath.Base(names[i])
	}
	want := map[string]bool{"u%2F1.json": true, "u%2F1.lock": true, "u%2F2.lock": true}
	if len(names) != len(want) {
		t.Fatalf("files %v, want %v", names, want)
	}
	for _, n := range names {
		if !want[n] {
			t.Fatalf("files %v, want %v", names, want)
		}
	}
	// A save killed halfway leaves a temporary file; an old one is removed.
	stale, fresh := filepath.Join(dir, ".u%2F1.json.tmp-1"), filepath.Join(dir, ".u%2F1.json.tmp-2")
	os.WriteFile(stale, []byte("{"), 0o600)
	os.WriteFile(fresh, []byte("{"), 0o600)
	os.Chtimes(stale, time.Now().Add(-2*time.Hour), time.Now().Add(-2*time.Hour))
	if _, err := ourasync.NewFileStore(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); err == nil {
		t.Error("a stale temporary file was left")
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Error("a fresh temporary file (another save in progress) was removed")
	}
	os.Remove(fresh)
	if _, err := ourasync.NewFileStore(""); !errors.Is(err, oura.ErrInvalidArgument) {
		t.Fatalf("empty dir: %v", err)
	}
	// A state file cut short is an error, never an empty state that would
	// restart the backfill silently.
	os.WriteFile(filepath.Join(dir, "u%2F1.json"), []byte(`{"version":3,"str`), 0o600)
	if _, err := fs.Load(context.Background(), "u/1"); err == nil {
		t.Fatal("a damaged state file loaded without error")
	}
}

func TestJSONLogAppendsWholeLinesAndDropsACutLine(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "changes.jsonl")
	l, err := ourasync.OpenJSONLog(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	b := &ourasync.Batch{User: "u1", Stream: "daily_sleep", Changes: []ourasync.Change{
		{Op: ourasync.Upsert, User: "u1", Stream: "daily_sleep", Key: "a", Day: oura.NewDate(2024, 3, 1), Data: []byte(`{"id":"a","score":80}`)},
		{Op: ourasync.Delete, User: "u1", Stream: "heart_rate", Key: "2024-03-01T00:00:00Z|awake", Time: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)},
	}}
	if err := l.Write(ctx, b); err != nil {
		t.Fatal(err)
	}
	l.Close()
	// A crash in the middle of a write leaves a cut line: reopening drops it.
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"op":"upsert","user":"u1","str`)
	f.Close()
	l, err = ourasync.OpenJSONLog(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Write(ctx, &ourasync.Batch{Changes: b.Changes[:1]}); err != nil {
		t.Fatal(err)
	}
	l.Close()
	raw, _ := os.ReadFile(path)
	var got []ourasync.Change
	for c, err := range ourasync.ReadChanges(bytes.NewReader(raw)) {
		if err != nil {
			t.Fatalf("%v in\n%s", err, raw)
		}
		got = append(got, c)
	}
	if len(got) != 3 || got[0].Key != "a" || got[1].Op != ourasync.Delete || !got[1].Time.Equal(b.Changes[1].Time) || got[2].Key != "a" || got[0].Day != b.Changes[0].Day {
		t.Fatalf("log read back as %+v", got)
	}
	if canonical(got[0].Data) != `{"id":"a","score":80}` {
		t.Fatalf("data %s", got[0].Data)
	}
}
