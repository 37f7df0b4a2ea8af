package gockclient

import (
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gopkg.in/h2non/gock.v1"
)

type fakeT struct {
	testing.TB
	mu     sync.Mutex
	errors []string
	clean  []func()
}

func (f *fakeT) Errorf(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.errors = append(f.errors, format)
}
func (f *fakeT) Cleanup(fn func()) { f.clean = append(f.clean, fn) }

func TestTransportAnswersFromItsOwnMocks(t *testing.T) {
	t.Parallel()
	tr := New(t)
	tr.Mock("https://api.example.com").Get("/v2/x").MatchParam("a", "1").Times(2).Reply(200).JSON(map[string]int{"n": 1})
	var seen []string
	tr.Observe(func(r *http.Request, m gock.Mock) { seen = append(seen, r.URL.RequestURI()) })
	c := tr.Client()
	for range 2 {
		resp, err := c.Get("https://api.example.com/v2/x?a=1")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || strings.TrimSpace(string(b)) != `{"n":1}` {
			t.Errorf("answer %d %s", resp.StatusCode, b)
		}
	}
	if len(seen) != 2 || len(tr.Pending()) != 0 {
		t.Errorf("seen %v, pending %d", seen, len(tr.Pending()))
	}
	if gock.Intercepting() {
		t.Error("the global default transport was replaced")
	}
}

func TestTransportsDoNotShareMocks(t *testing.T) {
	t.Parallel()
	ft := &fakeT{TB: t}
	a, b := New(ft), New(ft)
	a.Mock("https://api.example.com").Get("/v2/x").Reply(204)
	if _, err := b.Client().Get("https://api.example.com/v2/x"); err == nil {
		t.Error("b answered from a's mock")
	}
	if resp, err := a.Client().Get("https://api.example.com/v2/x"); err != nil || resp.StatusCode != 204 {
		t.Errorf("a: %v, %v", resp, err)
	}
	a.Mock("https://api.example.com").Get("/never").Reply(200)
	for _, fn := range ft.clean {
		fn()
	}
	// a's cleanup runs first (its /never mock is pending), then b's (its
	// request matched nothing).
	want := []string{"gockclient: %d mock(s) never called", "gockclient: unmatched request %s %s"}
	if diff := cmp.Diff(want, ft.errors); diff != "" {
		t.Errorf("cleanup errors (-want +got):\n%s", diff)
	}
}
