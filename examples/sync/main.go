// Command sync keeps a SQLite mirror of one user's Oura data current: the
// first run backfills every collection, later runs fetch only what is new
// or changed (re-reading the last days, where Oura revises documents) and
// apply upserts and deletes. A crash or Ctrl-C loses nothing: the next run
// goes on from the last committed window.
//
// With OURA_TOKEN set it syncs that user from the Oura API. Without it, it
// syncs a fake user from the SDK's moving fake server, offline, whose
// clock moves on a day at every run, with revised scores, sleeps turned
// into rest or deleted, a removed workout and late data, so a second run
// shows what changed.
//
//	cd examples/sync && go run .            # offline, writes oura.db
//	go run . -db oura.db -days 90           # OURA_TOKEN set: the real API
package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"os/signal"
	"slices"
	"strings"
	"time"

	"github.com/ringkit/oura-go/oura"
	"github.com/ringkit/oura-go/oura/ourasync"
	"github.com/ringkit/oura-go/oura/ourasync/sqlitemirror"
	"github.com/ringkit/oura-go/oura/ouratest"
)

const usage = `Usage: cd examples/sync && go run . [flags]

Keeps a SQLite mirror of one user's Oura data current: a backfill on the
first run, then only what is new or changed.

Flags:
%s
Environment:
  OURA_TOKEN   an OAuth2 access token (or a legacy personal access token);
               when unset, the example syncs a fake user from the SDK's
               moving fake server, offline, a day later at every run.
`

// Exit status: 0 on success and for -h (usage on stdout), 2 for a bad
// command line, 1 for any other error.
func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	err := run(ctx, os.Args[1:], os.Getenv("OURA_TOKEN"), os.Stdout)
	switch {
	case err == nil || errors.Is(err, flag.ErrHelp):
		return
	case errors.Is(err, errUsage):
		fmt.Fprintln(os.Stderr, "sync:", err)
		os.Exit(2)
	}
	fmt.Fprintln(os.Stderr, "sync:", err)
	os.Exit(1)
}

// errUsage is wrapped by errors about the command line.
var errUsage = errors.New("run with -h for usage")

// options are the flags.
type options struct {
	db      string
	days    int
	streams string
}

func parse(args []string, stdout io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("sync", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&o.db, "db", "oura.db", "the SQLite mirror to keep current (created if missing)")
	fs.IntVar(&o.days, "days", 0, "days the first run backfills (0: since the user's first ring was set up; 60 offline)")
	fs.StringVar(&o.streams, "streams", "all", `streams to sync: "all", "connector" (the eight of the Oura data connector) or a comma-separated list`)
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		var b strings.Builder
		fs.SetOutput(&b)
		fs.PrintDefaults()
		fmt.Fprintf(stdout, usage, b.String())
		return o, err
	case err != nil:
		return o, fmt.Errorf("%v (%w)", err, errUsage)
	case fs.NArg() > 0:
		return o, fmt.Errorf("unexpected arguments %q (%w)", fs.Args(), errUsage)
	case o.days < 0:
		return o, fmt.Errorf("-days %d is below zero (%w)", o.days, errUsage)
	}
	return o, nil
}

func streamList(s string) []string {
	switch s {
	case "all", "":
		return nil
	case "connector":
		return ourasync.ConnectorStreams
	}
	return strings.Split(s, ",")
}

func run(ctx context.Context, args []string, token string, stdout io.Writer) error {
	o, err := parse(args, stdout)
	if err != nil {
		return err
	}
	m, err := sqlitemirror.Open(o.db)
	if err != nil {
		return err
	}
	defer m.Close()

	cfg := ourasync.Config{Store: m, Sink: m, Streams: streamList(o.streams),
		ReconcileEvery: ourasync.SuggestedReconcileEvery, ReconcileDepth: ourasync.SuggestedReconcileDepth}
	var client *oura.Client
	if token != "" {
		if client, err = oura.NewClient(oura.WithToken(token)); err != nil {
			return err
		}
		cfg.Location = time.Local
		if o.days > 0 {
			cfg.Start = oura.Today(time.Local).AddDays(-o.days)
		}
	} else {
		fake, done, err := fakeServer(ctx, m.DB(), stdout)
		if err != nil {
			return err
		}
		defer done()
		if client, err = fake.srv.NewClient(); err != nil {
			return err
		}
		cfg.Now, cfg.Location = fake.m.Now, time.UTC
		days := o.days
		if days == 0 {
			days = 60
		}
		cfg.Start = oura.DateOf(fake.epoch).AddDays(-days)
	}

	p := newProgress(stdout)
	cfg.Progress = p.update
	s, err := ourasync.New(cfg) // bad flags fail here, before any request
	if err != nil {
		return fmt.Errorf("%w (%w)", err, errUsage)
	}
	// The user's key: Oura's user id, which webhook events carry too.
	me, err := client.PersonalInfo(ctx)
	if err != nil {
		return err
	}
	began := time.Now()
	rep, err := s.Run(ctx, me.ID, client)
	p.done()
	if rep != nil {
		summary(stdout, o.db, rep, time.Since(began))
	}
	return err
}

// summary prints what the run did, stream by stream.
func summary(w io.Writer, db string, rep *ourasync.Report, took time.Duration) {
	fmt.Fprintf(w, "%-26s %9s %9s %8s %9s\n", "stream", "fetched", "upserted", "deleted", "unchanged")
	for _, name := range ourasync.Streams() {
		if r := rep.Streams[name]; r != nil {
			fmt.Fprintf(w, "%-26s %9d %9d %8d %9d\n", name, r.Fetched, r.Upserted, r.Deleted, r.Skipped)
		}
	}
	t := rep.Total()
	fmt.Fprintf(w, "%-26s %9d %9d %8d %9d\n", "total", t.Fetched, t.Upserted, t.Deleted, t.Skipped)
	fmt.Fprintf(w, "%s is current: %d upserted, %d deleted in %s.\n", db, t.Upserted, t.Deleted, took.Round(time.Millisecond))
	if rep.WebhooksSilent {
		fmt.Fprintln(w, "Note: polling found changes that no webhook announced; check the webhook subscriptions.")
	}
}

// progress shows one line, rewritten in place, on a terminal.
type progress struct {
	w    io.Writer
	tty  bool
	last int
}

func newProgress(w io.Writer) *progress {
	f, ok := w.(*os.File)
	tty := false
	if ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			tty = true
		}
	}
	return &progress{w: w, tty: tty}
}

func (p *progress) update(pr ourasync.Progress) {
	if !p.tty {
		return
	}
	line := fmt.Sprintf("%-11s %-24s %-24s %6d fetched %6d upserted %4d deleted", pr.Reason, pr.Stream, pr.Window, pr.Fetched, pr.Upserted, pr.Deleted)
	fmt.Fprintf(p.w, "\r%-*s", p.last, line)
	p.last = len(line)
}

func (p *progress) done() {
	if p.tty && p.last > 0 {
		fmt.Fprintf(p.w, "\r%s\r", strings.Repeat(" ", p.last))
	}
}

// fake is the offline source: a moving fake server whose clock is a day
// later at every run of the example on the same database.
type fake struct {
	m     *ouratest.Moving
	srv   *ouratest.Server
	epoch time.Time
}

// fakeServer starts the moving fake server at the example's next run: the
// first run's time and the number of runs are kept in the database, and
// the fake's days are replayed step by step, so each run sees the data of
// the one before, a day later and changed.
func fakeServer(ctx context.Context, db *sql.DB, w io.Writer) (*fake, func(), error) {
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS example_fake (epoch TEXT NOT NULL, runs INTEGER NOT NULL)`); err != nil {
		return nil, nil, err
	}
	var epochText string
	var runs int
	err := db.QueryRowContext(ctx, `SELECT epoch, runs FROM example_fake`).Scan(&epochText, &runs)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		epochText = time.Now().UTC().Truncate(time.Hour).Format(time.RFC3339)
		_, err = db.ExecContext(ctx, `INSERT INTO example_fake VALUES (?, 0)`, epochText)
	case err == nil:
		runs++
		_, err = db.ExecContext(ctx, `UPDATE example_fake SET runs = ?`, runs)
	}
	if err != nil {
		return nil, nil, err
	}
	epoch, err := time.Parse(time.RFC3339, epochText)
	if err != nil {
		return nil, nil, err
	}
	m := ouratest.NewMoving(epoch)
	var changes []string
	for i := range runs {
		evs, err := m.Step()
		if err != nil {
			return nil, nil, err
		}
		if i == runs-1 {
			changes = describe(evs)
		}
	}
	srv := ouratest.NewServer(ouratest.WithDataset(m.Dataset))
	fmt.Fprintf(w, "OURA_TOKEN is not set: syncing a fake user from the built-in moving fake server (run %d, its today is %s).\n", runs+1, m.Today())
	if len(changes) > 0 {
		fmt.Fprintf(w, "Since the last run the fake server moved on a day and changed: %s.\n", strings.Join(changes, ", "))
	}
	return &fake{m: m, srv: srv, epoch: epoch}, srv.Close, nil
}

// describe counts webhook events by kind, as "3 daily_sleep created".
func describe(evs []oura.WebhookEvent) []string {
	counts := map[string]int{}
	for _, ev := range evs {
		counts[fmt.Sprintf("%s %sd", ev.DataType, ev.EventType)]++
	}
	var out []string
	for _, k := range slices.Sorted(maps.Keys(counts)) {
		out = append(out, fmt.Sprintf("%d %s", counts[k], k))
	}
	return out
}
