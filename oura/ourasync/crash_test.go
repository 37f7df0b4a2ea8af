package ourasync_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/ringkit/oura-go/oura/ourasync"
	"github.com/ringkit/oura-go/oura/ourasync/internal/crashtest"
)

func TestMain(m *testing.M) {
	crashtest.MaybeChild(openLogTarget)
	os.Exit(m.Run())
}

// openLogTarget is the destination of the crash test: a file store and
// a JSON Lines change log.
func openLogTarget(dir string) (ourasync.Store, ourasync.Sink, func() error, error) {
	fs, err := ourasync.NewFileStore(filepath.Join(dir, "state"))
	if err != nil {
		return nil, nil, nil, err
	}
	l, err := ourasync.OpenJSONLog(filepath.Join(dir, "changes.jsonl"))
	if err != nil {
		return nil, nil, nil, err
	}
	return fs, l, l.Close, nil
}

// replayLog applies the change log in order: the mirror a pipeline
// reading it would hold.
func replayLog(t *testing.T, path string) map[string]string {
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]string{}
	for c, err := range ourasync.ReadChanges(bytes.NewReader(raw)) {
		if err != nil {
			t.Fatal(err)
		}
		applyChanges(rows, []ourasync.Change{c})
	}
	return rows
}

func TestCrashSafetyWithJSONLogAndFileStore(t *testing.T) {
	t.Parallel()
	crashtest.Run(t, func(t *testing.T, dir string) map[string]string {
		return replayLog(t, filepath.Join(dir, "changes.jsonl"))
	})
}
