package ourasync

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"sync"
)

// JSONLog is a Sink that appends one JSON line per change to a file: a
// change log for pipelines that want a stream of upserts and deletes. Each
// window is written with one write and synced before Write returns; a
// Write that fails takes back what it wrote of its window. A crash can
// leave a window's lines twice (at-least-once); replaying the log in order
// by (user, stream, key) gives the mirror.
type JSONLog struct {
	mu sync.Mutex
	f  *os.File
}

// OpenJSONLog opens (or creates) the log at path for appending. A last
// line cut short by a crash is removed first, so the log stays whole lines.
func OpenJSONLog(path string) (*JSONLog, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("ourasync: OpenJSONLog: %w", err)
	}
	if err := trimPartialLine(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("ourasync: OpenJSONLog: %w", err)
	}
	return &JSONLog{f: f}, nil
}

// trimPartialLine truncates f after its last newline and seeks to the end.
func trimPartialLine(f *os.File) error {
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	size := fi.Size()
	end := size
	buf := make([]byte, 4096)
	for end > 0 {
		n := min(int64(len(buf)), end)
		if _, err := f.ReadAt(buf[:n], end-n); err != nil {
			return err
		}
		if i := bytes.LastIndexByte(buf[:n], '\n'); i >= 0 {
			end = end - n + int64(i) + 1
			break
		}
		end -= n
	}
	if end != size {
		if err := f.Truncate(end); err != nil {
			return err
		}
		if err := f.Sync(); err != nil {
			return err
		}
	}
	_, err = f.Seek(end, io.SeekStart)
	return err
}

// Write implements Sink.
func (l *JSONLog) Write(ctx context.Context, b *Batch) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	for i := range b.Changes {
		if err := enc.Encode(&b.Changes[i]); err != nil {
			return fmt.Errorf("ourasync: JSONLog: %w", err)
		}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	end, err := l.f.Seek(0, io.SeekCurrent)
	if err != nil {
		return fmt.Errorf("ourasync: JSONLog: %w", err)
	}
	_, err = l.f.Write(buf.Bytes())
	if err == nil {
		err = l.f.Sync()
	}
	if err != nil {
		// The window is replayed whole: drop what part of it was written,
		// so no cut line ends up in the middle of the log.
		if terr := l.f.Truncate(end); terr != nil {
			err = errors.Join(err, terr)
		} else if _, serr := l.f.Seek(end, io.SeekStart); serr != nil {
			err = errors.Join(err, serr)
		}
		return fmt.Errorf("ourasync: JSONLog: %w", err)
	}
	return nil
}

// Close closes the log file.
func (l *JSONLog) Close() error { return l.f.Close() }

// ReadChanges reads a change log written by JSONLog, one change per line.
// An error (such as a malformed line) is yielded once, last.
func ReadChanges(r io.Reader) iter.Seq2[Change, error] {
	return func(yield func(Change, error) bool) {
		sc := bufio.NewScanner(r)
		sc.Buffer(nil, 64<<20)
		for n := 1; sc.Scan(); n++ {
			var c Change
			if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
				yield(Change{}, fmt.Errorf("ourasync: change log line %d: %w", n, err))
				return
			}
			if !yield(c, nil) {
				return
			}
		}
		if err := sc.Err(); err != nil {
			yield(Change{}, fmt.Errorf("ourasync: change log: %w", err))
		}
	}
}
