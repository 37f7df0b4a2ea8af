package ourasync_test

import (
	"strings"
	"sync"
	"time"

	"github.com/ringkit/oura-go/oura/ourasync/internal/crashtest"
	"github.com/ringkit/oura-go/oura/ouratest"
)

var (
	newMirror    = crashtest.NewMirror
	applyChanges = crashtest.Apply
	canonical    = crashtest.Canonical
	fullRefresh  = crashtest.FullRefresh
	diffRows     = crashtest.Diff
)

// clock is an injectable, movable now.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// requestsByPath counts the server's requests since from, by collection.
func requestsByPath(srv *ouratest.Server, from int) map[string]int {
	out := map[string]int{}
	for _, r := range srv.Requests()[from:] {
		out[strings.TrimPrefix(r.Path, "/v2/usercollection/")]++
	}
	return out
}
