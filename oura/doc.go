// Package oura is a client for the Oura Ring API v2.
//
// Create a Client with an OAuth2 access token (or a token source that
// refreshes it) and ask for a collection over a range of days:
//
//	client, err := oura.NewClient(oura.WithToken(accessToken))
//	week := oura.LastDays(7, time.Local)
//	days, err := client.DailySleep(ctx, week.Start, week.End)
//
// # Collections
//
// Every day collection has four methods, DailySleep shown here:
//
//   - DailySleep(ctx, start, end) collects every page into a slice.
//   - DailySleepIter(ctx, start, end) streams the documents with a range-over-func
//     iterator, one page in memory at a time.
//   - DailySleepPage(ctx, start, end, nextToken) returns one page and the token of
//     the next.
//   - DailySleepByID(ctx, id) returns one document.
//
// Day ranges are inclusive and exact: DailySleep(ctx, d, d) returns the
// document of day d and nothing else. Oura reads a bare end_date as its
// midnight (dropping the last day), and /sleep has been seen to drop its
// start day; the client asks for one extra day on each side and keeps the
// documents whose own day is in range.
//
// Heart rate is a time series over the half-open range [start, end). Oura
// refuses ranges over 30 days, so longer ones are split into several
// requests; samples come in time order, once each, with no duplicates at
// the seams.
//
// # Which records a range holds
//
//   - Daily summaries (DailyActivity, DailyReadiness, DailySleep, DailySpO2,
//     DailyStress, DailyResilience, DailyCardiovascularAge, VO2Max),
//     SleepTimes, SleepPeriods, Sessions, Workouts and Tags: the records
//     whose day field is in start..end. That is the day Oura assigns, not
//     the day of a record's timestamps: a sleep period belongs to the day
//     its night ends on, a late nap to the next day.
//   - RestModePeriods and EnhancedTags: the periods whose days
//     start_day..end_day overlap start..end. A tag without duration (no
//     end_day) covers its start_day; a rest-mode period not yet ended (no
//     end_day) covers every day from its start_day on. Oura filters these on
//     start_day, so the client asks for periods that began up to 366 days
//     (rest mode) or 31 days (enhanced tags) before start: a longer period
//     that began earlier still is not found.
//   - HeartRate and RingBatteryLevel: the samples whose timestamp is in
//     [start, end).
//   - RingConfigurations: every ring.
//
// One listing yields each record once, whatever the pages repeat: a
// document by its id, a heart-rate sample by its timestamp and source, a
// battery sample by its timestamp. A null element of a page is no record
// and is skipped.
//
// Times keep the offset Oura sent. Tags' timestamp and enhanced tags'
// start_time and end_time may come without one: they are then the
// wall-clock time in UnknownOffset, and the page is used as usual.
//
// Other collections follow the same pattern (DailySpO2, DailyStress,
// DailyResilience, DailyCardiovascularAge, VO2Max, SleepTimes,
// EnhancedTags, RestModePeriods, RingBatteryLevel, RingConfigurations) and
// PersonalInfo returns the user's profile. Listings take ListOptions:
// Fields selects fields, Latest asks a time series for its latest sample.
// Client.Do sends a request the SDK has no method for (a route Oura added
// later) through the same request path, and CaptureResponse keeps the
// answer's status and rate-limit headers.
//
// # Credentials
//
// Use OAuth2: OAuth2Config builds the application's configuration,
// ExchangeCode trades the authorization code, and NewRotatingTokenSource
// keeps a user's tokens fresh, saving each rotated (single-use) refresh
// token before it is used. Both work with applications of either Oura
// developer portal (LegacyTokenURL, PortalTokenURL). WithToken takes a
// fixed access token. Webhook subscriptions use the application's client
// id and secret through a WebhookClient; NewWebhookHandler receives and
// verifies deliveries (VerifyWebhook is the same check for other routers),
// and Client.DocumentByID fetches the changed document.
//
// # Reliability
//
// Requests failing with 429, 502, 503, 504 or a transport error are retried
// with capped, jittered exponential backoff (WithRetry), honouring
// Retry-After up to RetryPolicy.MaxRetryAfter; a longer wait is returned as
// an error matching ErrRateLimited. WithRateLimit shares a client-side rate
// limiter between clients, WithAttemptTimeout bounds each attempt, and
// WithLogger logs one line per attempt. Every wait obeys the context: one
// that would end after its deadline is not started, and the last error is
// returned at once.
//
// # Errors
//
// Bad input (a zero date, an end before the start, a range over 20 years)
// is an error wrapping ErrInvalidArgument, returned before any request is
// sent. Answers other than 2xx are *APIError values, which match
// ErrUnauthorized, ErrForbidden, ErrNotFound, ErrRateLimited,
// ErrValidation, ErrUpgradeRequired or ErrServer with errors.Is. A page
// that cannot be used (not JSON, truncated, wrong shape) wraps
// ErrBadResponse; a next_token that repeats wraps ErrRepeatedToken. A
// collecting method never returns part of a range with an error: it returns
// nil and the error. Iterators yield the records they received, then the
// error, once.
//
// No error, log line or printed value contains a credential the request
// carried (access token, webhook client secret, verification token,
// refresh token), whatever the server echoes back.
//
// # Testing
//
// Package ouratest runs a fake Oura API with deterministic synthetic data,
// for your own tests and for offline runs of the examples.
package oura
