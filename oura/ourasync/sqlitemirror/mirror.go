// Package sqlitemirror is an embedded SQLite database to sync Oura data
// into: one table per stream, keyed by (user, key), with the sync state in
// the same database and committed in the same transaction as the data, so
// a crash never leaves data and state apart.
//
// It is a module of its own, so programs that import only oura or
// ourasync never download, compile or list its SQLite driver, a pure-Go
// one (github.com/ncruces/go-sqlite3, no cgo).
//
//	m, err := sqlitemirror.Open("oura.db")
//	s, err := ourasync.New(ourasync.Config{Store: m, Sink: m})
//	report, err := s.Run(ctx, userID, client)
//
// Each stream's table has the columns user, key, day (YYYY-MM-DD), time
// (RFC 3339, time series only) and data (the record as JSON, for SQLite's
// JSON functions):
//
//	SELECT day, data->>'score' FROM daily_sleep WHERE user = ? ORDER BY day
package sqlitemirror

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"time"

	_ "github.com/ncruces/go-sqlite3/driver" // registers "sqlite3"

	"github.com/ringkit/oura-go/oura"
	"github.com/ringkit/oura-go/oura/ourasync"
	"github.com/ringkit/oura-go/oura/ourasync/internal/flock"
)

// Mirror is a SQLite database that is an ourasync Store, Sink and
// Committer at once. It may be used by many goroutines.
type Mirror struct {
	db   *sql.DB
	path string
}

var _ ourasync.Committer = (*Mirror)(nil)

// Open opens (or creates) the database at path, in WAL mode with full
// synchronous commits, and creates the tables of every stream.
func Open(path string) (*Mirror, error) {
	if path == "" {
		return nil, fmt.Errorf("sqlitemirror: Open: empty path: %w", oura.ErrInvalidArgument)
	}
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() +
		"?_pragma=busy_timeout(10000)&_pragma=journal_mode(wal)&_pragma=synchronous(full)&_txlock=immediate"
	db, err := sql.Open("sqlite3", dsn)
	if err != nil {
		return nil, fmt.Errorf("sqlitemirror: Open: %w", err)
	}
	m := &Mirror{db: db, path: path}
	if err := m.createTables(); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlitemirror: Open %s: %w", path, err)
	}
	return m, nil
}

func (m *Mirror) createTables() error {
	stmts := []string{`CREATE TABLE IF NOT EXISTS sync_state (
		user TEXT PRIMARY KEY, version INTEGER NOT NULL, state TEXT NOT NULL, updated TEXT NOT NULL)`}
	for _, s := range ourasync.Streams() {
		stmts = append(stmts, fmt.Sprintf(`CREATE TABLE IF NOT EXISTS %s (
			user TEXT NOT NULL, key TEXT NOT NULL, day TEXT, time TEXT, data TEXT NOT NULL,
			PRIMARY KEY (user, key)) WITHOUT ROWID`, s),
			fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %s_day ON %s (user, day)`, s, s))
	}
	for _, q := range stmts {
		if _, err := m.db.Exec(q); err != nil {
			return err
		}
	}
	return nil
}

// DB returns the database, for queries of your own.
func (m *Mirror) DB() *sql.DB { return m.db }

// Close closes the database.
func (m *Mirror) Close() error { return m.db.Close() }

// Load implements ourasync.Store.
func (m *Mirror) Load(ctx context.Context, user string) (*ourasync.State, error) {
	var b []byte
	err := m.db.QueryRowContext(ctx, `SELECT state FROM sync_state WHERE user = ?`, user).Scan(&b)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("sqlitemirror: loading the state of %q: %w", user, err)
	}
	return ourasync.DecodeState(b)
}

// Save implements ourasync.Store: a commit without data.
func (m *Mirror) Save(ctx context.Context, user string, st *ourasync.State) error {
	return m.Commit(ctx, &ourasync.Batch{User: user}, st)
}

// Write implements ourasync.Sink: the changes without state.
func (m *Mirror) Write(ctx context.Context, b *ourasync.Batch) error {
	return m.inTx(ctx, func(tx *sql.Tx) error { return apply(ctx, tx, b) })
}

// Commit implements ourasync.Committer: b's changes and st in one
// transaction, only if the stored version is still st.Version.
func (m *Mirror) Commit(ctx context.Context, b *ourasync.Batch, st *ourasync.State) error {
	err := m.inTx(ctx, func(tx *sql.Tx) error {
		var cur int64
		err := tx.QueryRowContext(ctx, `SELECT version FROM sync_state WHERE user = ?`, b.User).Scan(&cur)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if cur != st.Version {
			return fmt.Errorf("sqlitemirror: saving the state of %q: %w", b.User, ourasync.ErrConflict)
		}
		if err := apply(ctx, tx, b); err != nil {
			return err
		}
		next := *st
		next.Version++
		enc, err := ourasync.EncodeState(&next)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO sync_state (user, version, state, updated) VALUES (?, ?, ?, ?)
			ON CONFLICT (user) DO UPDATE SET version = excluded.version, state = excluded.state, updated = excluded.updated`,
			b.User, next.Version, enc, time.Now().UTC().Format(time.RFC3339Nano))
		return err
	})
	if err != nil {
		return err
	}
	st.Version++
	return nil
}

func (m *Mirror) inTx(ctx context.Context, f func(*sql.Tx) error) error {
	tx, err := m.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlitemirror: %w", err)
	}
	if err := f(tx); err != nil {
		tx.Rollback()
		if errors.Is(err, ourasync.ErrConflict) {
			return err
		}
		return fmt.Errorf("sqlitemirror: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlitemirror: commit: %w", err)
	}
	return nil
}

// apply runs b's upserts and deletes in tx.
func apply(ctx context.Context, tx *sql.Tx, b *ourasync.Batch) error {
	if len(b.Changes) == 0 {
		return nil
	}
	if _, ok := ourasync.StreamKind(b.Stream); !ok {
		return fmt.Errorf("unknown stream %q", b.Stream)
	}
	up, err := tx.PrepareContext(ctx, fmt.Sprintf(`INSERT INTO %s (user, key, day, time, data) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (user, key) DO UPDATE SET day = excluded.day, time = excluded.time, data = excluded.data`, b.Stream))
	if err != nil {
		return err
	}
	defer up.Close()
	del, err := tx.PrepareContext(ctx, fmt.Sprintf(`DELETE FROM %s WHERE user = ? AND key = ?`, b.Stream))
	if err != nil {
		return err
	}
	defer del.Close()
	for _, c := range b.Changes {
		if c.Stream != b.Stream || c.User != b.User {
			return fmt.Errorf("change of %s/%s in a batch of %s/%s", c.User, c.Stream, b.User, b.Stream)
		}
		if c.Op == ourasync.Delete {
			_, err = del.ExecContext(ctx, c.User, c.Key)
		} else {
			_, err = up.ExecContext(ctx, c.User, c.Key, nullDay(c.Day), nullTime(c.Time), string(c.Data))
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func nullDay(d oura.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Format(time.RFC3339Nano)
}

// Claim implements ourasync.Store with a lock file per user in the
// directory <path>.claims beside the database; a killed process's claim
// ends with it.
func (m *Mirror) Claim(ctx context.Context, user string) (func(), error) {
	dir := m.path + ".claims"
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("sqlitemirror: %w", err)
	}
	sum := sha256.Sum256([]byte(user))
	unlock, err := flock.TryLock(filepath.Join(dir, hex.EncodeToString(sum[:12])+".lock"))
	if errors.Is(err, flock.ErrLocked) {
		return nil, fmt.Errorf("sqlitemirror: %q: %w", user, ourasync.ErrClaimed)
	}
	return unlock, err
}

// Records returns the mirrored records of user's stream, data by key.
func (m *Mirror) Records(ctx context.Context, user, stream string) (map[string]string, error) {
	if _, ok := ourasync.StreamKind(stream); !ok {
		return nil, fmt.Errorf("sqlitemirror: unknown stream %q: %w", stream, oura.ErrInvalidArgument)
	}
	rows, err := m.db.QueryContext(ctx, fmt.Sprintf(`SELECT key, data FROM %s WHERE user = ?`, stream), user)
	if err != nil {
		return nil, fmt.Errorf("sqlitemirror: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, fmt.Errorf("sqlitemirror: %w", err)
		}
		out[k] = v
	}
	return out, rows.Err()
}

// Counts returns the number of records of user in each stream's table.
func (m *Mirror) Counts(ctx context.Context, user string) (map[string]int, error) {
	out := map[string]int{}
	for _, s := range ourasync.Streams() {
		var n int
		if err := m.db.QueryRowContext(ctx, fmt.Sprintf(`SELECT count(*) FROM %s WHERE user = ?`, s), user).Scan(&n); err != nil {
			return nil, fmt.Errorf("sqlitemirror: %w", err)
		}
		out[s] = n
	}
	return out, nil
}
