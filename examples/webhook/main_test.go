package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"github.com/ringkit/oura-go/internal/cli"
	"github.com/ringkit/oura-go/internal/cli/clitest"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ringkit/oura-go/oura"
	"github.com/ringkit/oura-go/oura/ouratest"
)

// buffer is a bytes.Buffer safe for concurrent use.
type buffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

var dateEq = cmp.Comparer(func(a, b oura.Date) bool { return a == b })

// documentRequests returns the paths of the document requests srv got.
func documentRequests(srv *ouratest.Server) []string {
	var out []string
	for _, r := range srv.Requests() {
		if strings.HasPrefix(r.Path, "/v2/usercollection/") {
			out = append(out, r.Path)
		}
	}
	return out
}

// printedSleep parses a printed "update daily_sleep <id>: <json>" line.
func printedSleep(t *testing.T, line, id string) oura.DailySleep {
	t.Helper()
	prefix := "update daily_sleep " + id + ": "
	js, ok := strings.CutPrefix(line, prefix)
	if !ok {
		t.Fatalf("line %q does not start with %q", line, prefix)
	}
	var got oura.DailySleep
	if err := json.Unmarshal([]byte(js), &got); err != nil {
		t.Fatalf("%q: %v", js, err)
	}
	return got
}

func TestReceiverFetchesTheDocumentOfASignedEvent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := ouratest.NewServer()
	defer srv.Close()
	client, err := srv.NewClient()
	if err != nil {
		t.Fatal(err)
	}
	wc, err := srv.NewWebhookClient()
	if err != nil {
		t.Fatal(err)
	}
	_, secret := srv.WebhookCredentials()
	var out buffer
	h, err := newReceiver(&out, client, secret, "vt-example")
	if err != nil {
		t.Fatal(err)
	}
	recv := httptest.NewServer(h)
	defer recv.Close()

	// Oura's verification GET is answered by the example's handler.
	sub, err := subscribe(ctx, wc, recv.URL+"/oura", "vt-example", oura.WebhookEventTypeUpdate, oura.WebhookDataTypeDailySleep)
	if err != nil {
		t.Fatal(err)
	}
	if out.String() != "" || len(documentRequests(srv)) != 0 {
		t.Fatalf("the verification printed %q or fetched %v", out.String(), documentRequests(srv))
	}

	d := oura.NewDate(2024, time.March, 1)
	want := srv.Dataset().DailySleep(d, d)[0]
	resp, err := srv.Deliver(ctx, sub.ID, oura.WebhookEvent{ObjectID: want.ID})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 1 {
		t.Fatalf("want one line per event:\n%s", out.String())
	}
	if diff := cmp.Diff(want, printedSleep(t, lines[0], want.ID), dateEq); diff != "" {
		t.Fatalf("printed document (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"/v2/usercollection/daily_sleep/" + want.ID}, documentRequests(srv)); diff != "" {
		t.Fatalf("fetched (-want +got):\n%s", diff)
	}

	// A forged delivery: 401, nothing fetched, nothing printed.
	before := out.String()
	body := `{"event_type":"update","data_type":"daily_sleep","object_id":"` + want.ID + `","event_time":"2024-03-01T08:00:00+00:00","user_id":"u"}`
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	req, _ := http.NewRequest(http.MethodPost, recv.URL+"/oura", strings.NewReader(body))
	req.Header.Set("x-oura-timestamp", ts)
	req.Header.Set("x-oura-signature", ouratest.Signature("a-guessed-secret", ts, []byte(body)))
	resp, err = recv.Client().Do(req) // not http.DefaultClient: parallel tests close its idle connections
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("forged delivery: status %d; want 401", resp.StatusCode)
	}
	if out.String() != before || len(documentRequests(srv)) != 1 {
		t.Fatalf("the forged delivery printed %q or fetched %v", strings.TrimPrefix(out.String(), before), documentRequests(srv))
	}
}

func TestReceiverLines(t *testing.T) {
	t.Parallel()
	srv := ouratest.NewServer()
	defer srv.Close()
	client, err := srv.NewClient()
	if err != nil {
		t.Fatal(err)
	}
	_, secret := srv.WebhookCredentials()
	var out buffer
	h, err := newReceiver(&out, client, secret, "vt")
	if err != nil {
		t.Fatal(err)
	}
	recv := httptest.NewServer(h)
	defer recv.Close()
	for _, ev := range []oura.WebhookEvent{
		{EventType: oura.WebhookEventTypeDelete, DataType: oura.WebhookDataTypeTag, ObjectID: "gone"},
		{EventType: oura.WebhookEventTypeCreate, DataType: oura.WebhookDataTypeMeal, ObjectID: "m-1"},
		{EventType: oura.WebhookEventTypeUpdate, DataType: oura.WebhookDataTypeWorkout, ObjectID: "00000000-0000-4000-8000-000000000000"},
	} {
		resp, err := srv.DeliverTo(context.Background(), recv.URL, ev)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%+v: status %d", ev, resp.StatusCode)
		}
	}
	want := "delete tag gone: deleted\n" +
		"create meal m-1: no by-id route for this data type\n" +
		"update workout 00000000-0000-4000-8000-000000000000: not found\n"
	if got := out.String(); got != want {
		t.Fatalf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestRunsOfflineAgainstTheFakeServer(t *testing.T) {
	t.Parallel()
	out := runOfflineUntil(t, "Delivered a sample event", "-addr", "127.0.0.1:0")
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 6 {
		t.Fatalf("want 6 lines:\n%s", out)
	}
	for i, prefix := range []string{
		"OURA_TOKEN is not set: using the built-in fake server",
		"OURA_CLIENT_ID and OURA_CLIENT_SECRET are not set: subscribing on the built-in fake server.",
		"Listening on http://127.0.0.1:",
		"Subscribed http://127.0.0.1:",
		"update daily_sleep ",
		"Delivered a sample event: 200 OK.",
	} {
		if !strings.HasPrefix(lines[i], prefix) {
			t.Fatalf("line %d is %q; want it to start with %q", i+1, lines[i], prefix)
		}
	}
	// The printed document is the fake dataset's document of its day.
	id := strings.Fields(lines[4])[2]
	id = strings.TrimSuffix(id, ":")
	got := printedSleep(t, lines[4], id)
	ref := ouratest.NewServer()
	defer ref.Close()
	want := ref.Dataset().DailySleep(got.Day, got.Day)
	if len(want) != 1 || got.ID != id {
		t.Fatalf("printed %+v for id %s", got, id)
	}
	if diff := cmp.Diff(want[0], got, dateEq); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
	if yesterday := oura.Today(time.Local).AddDays(-1); got.Day != yesterday && got.Day != yesterday.AddDays(-1) {
		t.Fatalf("sample day %s; want yesterday", got.Day)
	}
}

func TestRunChecksItsInput(t *testing.T) {
	t.Parallel()
	env := func(vars map[string]string) func(string) string { return func(k string) string { return vars[k] } }
	for _, tt := range []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"malformed data type", []string{"-data-type", "daily sleep"}, nil, `-data-type "daily sleep"`},
		{"callback that is no URL", []string{"-callback", "notaurl"}, nil, `-callback "notaurl"`},
		{"callback of another scheme", []string{"-callback", "ftp://example.com/oura"}, nil, `-callback "ftp://example.com/oura"`},
		{"bad event type", []string{"-event-type", "upsert"}, nil, `-event-type "upsert"`},
		{"id without secret", nil, map[string]string{"OURA_CLIENT_ID": "x"}, "set both"},
		{"bad flag", []string{"-nope"}, nil, "flag provided but not defined"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var out buffer
			err := run(context.Background(), &out, append([]string{"-addr", "127.0.0.1:0"}, tt.args...), env(tt.env))
			if !errors.Is(err, cli.ErrUsage) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v; want a usage error with %q", err, tt.want)
			}
		})
	}
}

func TestHelp(t *testing.T) {
	t.Parallel()
	clitest.Help(t, cmd, func(args []string, w io.Writer, getenv func(string) string) error {
		return run(context.Background(), w, args, getenv)
	}, "-addr", "-callback", "-event-type", "-data-type")
}

// runOfflineUntil runs the example against the fake server until its
// output holds marker, stops it, and returns the output.
func runOfflineUntil(t *testing.T, marker string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out buffer
	errc := make(chan error, 1)
	go func() { errc <- run(ctx, &out, args, func(string) string { return "" }) }()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(out.String(), marker) {
		select {
		case err := <-errc:
			t.Fatalf("run ended early: %v\n%s", err, out.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("no %q after 10 s:\n%s", marker, out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	return out.String()
}

// TestSubscribesDataTypesTheSDKDoesNotKnow: a well-formed data type that
// the SDK does not know yet (Oura adds some) is subscribed, not refused.
func TestSubscribesDataTypesTheSDKDoesNotKnow(t *testing.T) {
	t.Parallel()
	out := runOfflineUntil(t, "waiting for deliveries", "-addr", "127.0.0.1:0", "-data-type", "meal")
	if !strings.Contains(out, "to update meal events until") {
		t.Fatalf("no subscription to meal:\n%s", out)
	}
}
