// Package ourasync keeps a local copy of users' Oura data current:
// incremental, resumable sync of every collection into a destination of
// your choice, with nothing lost and nothing fetched twice.
//
//	s, err := ourasync.New(ourasync.Config{Store: store, Sink: sink})
//	report, err := s.Run(ctx, userID, client)
//
// # How a run works
//
// The state of each (user, stream) is the end of the last committed window,
// never a next_token. The first run backfills from Config.Start (default:
// the day the user's earliest ring was set up) in windows of at most a
// month for day streams and Oura's 30-day chunks for time series. A later
// run re-reads a lookback before its cursor up to now (8 days of documents
// and daily summaries, 2 days of heart rate and battery; Config.Lookback),
// because Oura has no change feed and revises past documents; a periodic
// reconciliation re-reads deeper (Config.ReconcileEvery, ReconcileDepth).
// Snapshots (ring configurations, personal info) are read whole each run.
//
// Each window is fetched whole, its changes are handed to the Sink, and
// then its state is committed, one window at a time and in order; the next
// windows of the stream are fetched meanwhile (Config.Prefetch). A crash at
// any point replays at most the window being committed; an interrupted
// backfill resumes where it stopped.
// Records that did not change since the last read (a content hash per key
// within the re-read horizon) are not handed on; keys missing from a
// re-read window, sleep periods whose type became "deleted" and webhook
// delete events become deletes.
//
// # Guarantees
//
// Delivery is at least once: a Sink may see a window again after a crash
// between its Write and the state's Save. Every Change carries a key under
// the user (a document's id; heart rate "timestamp|source"; ring battery
// "timestamp", both RFC 3339 in UTC), so a sink that upserts by (user,
// stream, key) and ignores deletes of missing keys ends exactly right. A
// Committer (such as the SQLite mirror in oura/ourasync/sqlitemirror)
// commits data and state in one transaction and sees each window once.
//
// Not promised: changes further back than the lookback are seen only by a
// reconciliation that reaches them; events waiting in an EventQueue live
// in memory (polling catches what a crash drops); time series keep hashes
// for their lookback only, so a reconciliation hands their older samples
// on again and sees vanished samples only within the lookback.
//
// # Writing a Store or a Sink
//
// Store and Sink are small interfaces; their doc comments are the
// contract: what must be atomic (Save, Commit), what may be replayed
// (Write), and how claims and the version check keep several workers, in
// one process or on several machines, from running the same user at once
// or committing over each other. A PostgreSQL adapter implements Committer:
// the window's upserts and deletes and the state row (UPDATE ... WHERE
// version = $n) in one transaction, and Claim as a lease row or an
// advisory lock.
package ourasync
