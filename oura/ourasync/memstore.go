package ourasync

import (
	"context"
	"fmt"
	"sync"
)

// MemoryStore is a Store in memory, for tests and short-lived programs. It
// keeps states encoded, so callers never share a State with it.
type MemoryStore struct {
	mu      sync.Mutex
	states  map[string][]byte
	version map[string]int64
	claimed map[string]bool
}

// NewMemoryStore returns an empty MemoryStore.
func NewMemoryStore() *MemoryStore {
	return &MemoryStore{states: map[string][]byte{}, version: map[string]int64{}, claimed: map[string]bool{}}
}

// Load implements Store.
func (m *MemoryStore) Load(ctx context.Context, user string) (*State, error) {
	m.mu.Lock()
	b := m.states[user]
	m.mu.Unlock()
	return DecodeState(b)
}

// Save implements Store.
func (m *MemoryStore) Save(ctx context.Context, user string, st *State) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.version[user] != st.Version {
		return fmt.Errorf("ourasync: saving the state of %q: %w", user, ErrConflict)
	}
	st.Version++
	b, err := EncodeState(st)
	if err != nil {
		st.Version--
		return err
	}
	m.states[user], m.version[user] = b, st.Version
	return nil
}

// Claim implements Store, for the callers of this process.
func (m *MemoryStore) Claim(ctx context.Context, user string) (func(), error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.claimed[user] {
		return nil, fmt.Errorf("ourasync: %q: %w", user, ErrClaimed)
	}
	m.claimed[user] = true
	var once sync.Once
	return func() {
		once.Do(func() {
			m.mu.Lock()
			delete(m.claimed, user)
			m.mu.Unlock()
		})
	}, nil
}
