package ourasync

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/ringkit/oura-go/oura"
)

// Errors of stores and runs.
var (
	// ErrConflict: the state changed since it was loaded (another worker
	// committed for the same user). The run stops; nothing of it is lost,
	// since the other worker's state is at least as new.
	ErrConflict = errors.New("ourasync: state changed since it was loaded")
	// ErrClaimed: another run of the same user holds the claim.
	ErrClaimed = errors.New("ourasync: the user's run is claimed by another worker")
)

// State is the sync state of one user: where each stream stands. It is
// saved after every window, together with (or right after) the window's
// data. A State is plain data that encodes to JSON.
type State struct {
	// Version counts commits. A store saves a State only when the stored
	// version is still Version, then increments it (compare and swap), so
	// two workers can never both commit the same step.
	Version int64 `json:"version"`
	// Streams holds each stream's position, by stream name.
	Streams map[string]*StreamState `json:"streams"`
	// Start is the first day of the backfill, once resolved.
	Start oura.Date `json:"start,omitzero"`
	// LastEvent is when the last webhook event for this user arrived.
	LastEvent time.Time `json:"last_event,omitzero"`
}

// StreamState is the position of one stream of one user: the end of the
// last committed window, never a next_token.
type StreamState struct {
	// Through is the last day committed (day streams).
	Through oura.Date `json:"through,omitzero"`
	// Until is the end of the last committed time range (time series), or
	// when the stream was last read whole (snapshots).
	Until time.Time `json:"until,omitzero"`
	// Reconciled is when the last deep reconciliation of the stream ended.
	Reconciled time.Time `json:"reconciled,omitzero"`
	// Resume is set while a run that moved the cursor has not reached now
	// (it was interrupted): the next run goes on from the cursor, without
	// the lookback it re-read already. A position without it, however
	// old, is re-read from the cursor minus the lookback.
	Resume bool `json:"resume,omitempty"`
	// Seen has, for each key read within the re-read horizon, where it
	// belongs and the hash of its content: unchanged records are not handed
	// on again, and keys that vanish from a re-read window become deletes.
	Seen map[string]Seen `json:"seen,omitempty"`
}

// Seen is what the state remembers of one key.
type Seen struct {
	Day  oura.Date `json:"d,omitzero"`  // day streams
	At   int64     `json:"t,omitempty"` // series: unix nanoseconds
	Hash string    `json:"h"`           // content hash; tombstone for a sleep of type deleted
}

// tombstone is the hash of a key that is in Oura's answer as deleted.
const tombstone = "-"

// Op is what a change does.
type Op string

const (
	Upsert Op = "upsert"
	Delete Op = "delete"
)

// Change is one upsert or delete for a sink.
type Change struct {
	Op     Op     `json:"op"`
	User   string `json:"user"`
	Stream string `json:"stream"`
	// Key identifies the record under the user: a document's id, a heart
	// rate sample's "timestamp|source", a battery sample's timestamp
	// (RFC 3339 in UTC).
	Key string `json:"key"`
	// Day is the document's day, or the day of a sample in its own offset.
	Day oura.Date `json:"day,omitzero"`
	// Time is a sample's timestamp (time series).
	Time time.Time `json:"time,omitzero"`
	// Data is the record as JSON (upserts only).
	Data json.RawMessage `json:"data,omitempty"`
	// Value is the record as its oura type, such as *oura.DailySleep
	// (upserts made by this process only; not encoded).
	Value any `json:"-"`
}

// Window is the range one batch covers: Start..End (both included) for day
// streams, [From, To) for time series; all zero for a snapshot or an event.
type Window struct {
	Start, End oura.Date
	From, To   time.Time
}

func (w Window) String() string {
	switch {
	case !w.Start.IsZero():
		return w.Start.String() + ".." + w.End.String()
	case !w.From.IsZero():
		return w.From.Format(time.RFC3339) + ".." + w.To.Format(time.RFC3339)
	}
	return "whole"
}

// Batch is the changes of one window of one user's stream.
type Batch struct {
	User    string
	Stream  string
	Window  Window
	Changes []Change
}

// A Store keeps each user's State.
//
// Contract:
//   - Load returns the last saved State of user, or a new empty State
//     (Version 0, no streams) when there is none.
//   - Save stores st atomically (all of it or nothing, durable when it
//     returns nil) only if the stored version is still st.Version, and then
//     increments st.Version; otherwise it returns an error wrapping
//     ErrConflict and stores nothing.
//   - Claim gives one caller at a time, in this process and in others
//     sharing the store, the right to run user's sync: it returns
//     ErrClaimed (wrapped) when another holds it. The claim ends with
//     release, or when the holder dies. Claims only save work: the version
//     check of Save keeps the state right without them.
//
// A Store may be used by many goroutines at once.
type Store interface {
	Load(ctx context.Context, user string) (*State, error)
	Save(ctx context.Context, user string, st *State) error
	Claim(ctx context.Context, user string) (release func(), err error)
}

// A Sink receives the changes of each window.
//
// Contract: Write applies b.Changes in order and returns nil only when
// they are durable; the syncer commits the window's state after that. A
// crash between the two replays the window, so Write may see the same
// changes again (delivery is at least once): apply upserts by (user,
// stream, key), and treat a delete of a missing key as done. A Write that
// returns an error may have applied a part; the window is replayed whole.
type Sink interface {
	Write(ctx context.Context, b *Batch) error
}

// A Committer is a sink that keeps the state in the same database as the
// data. Commit applies b and saves st in one transaction, with Save's
// version check, so data and state are never apart. A syncer whose Sink is
// a Committer calls Commit instead of Write and Save; its Store must be the
// same value.
type Committer interface {
	Sink
	Store
	Commit(ctx context.Context, b *Batch, st *State) error
}

// newState returns an empty State.
func newState() *State { return &State{Streams: map[string]*StreamState{}} }

// EncodeState and DecodeState are the JSON form stores keep.
func EncodeState(st *State) ([]byte, error) { return json.Marshal(st) }

// DecodeState reads a State written by EncodeState; an empty input is a
// new State.
func DecodeState(b []byte) (*State, error) {
	st := newState()
	if len(b) == 0 {
		return st, nil
	}
	if err := json.Unmarshal(b, st); err != nil {
		return nil, fmt.Errorf("ourasync: decoding state: %w", err)
	}
	if st.Streams == nil {
		st.Streams = map[string]*StreamState{}
	}
	return st, nil
}
