package oura

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// WebhookEvent is one delivery of a webhook subscription: a document of
// DataType with id ObjectID was created, updated or deleted.
type WebhookEvent struct {
	EventType WebhookEventType `json:"event_type"`
	DataType  WebhookDataType  `json:"data_type"`
	ObjectID  string           `json:"object_id"`
	EventTime time.Time        `json:"event_time"`
	UserID    string           `json:"user_id"`
}

// WebhookHandlerConfig configures NewWebhookHandler.
type WebhookHandlerConfig struct {
	// ClientSecret is the application's client secret, which keys the
	// signatures of deliveries. Required.
	ClientSecret string
	// VerificationToken is the token given when creating the subscription;
	// the handler answers Oura's verification only when it matches.
	// Required.
	VerificationToken string
	// OnEvent handles a verified delivery. Required. See NewWebhookHandler
	// for its context and how its result becomes the answer.
	OnEvent func(context.Context, WebhookEvent) error
	// Tolerance is the largest difference allowed between x-oura-timestamp
	// and now, either way (5 minutes by default). It bounds replays of a
	// captured delivery to that window; within it the same signed delivery
	// is accepted again, so make OnEvent idempotent (an event is identified
	// by user, data type, object id and event time).
	Tolerance time.Duration
	// MaxBodyBytes caps a delivery's body (64 KiB by default).
	MaxBodyBytes int64
	// Timeout is the deadline of OnEvent's context, after the delivery
	// arrives (8 s by default); the handler answers half a second later at
	// the latest. Oura waits 10 s: keep it below 9 s.
	Timeout time.Duration
	// Now returns the current time (time.Now by default), for tests.
	Now func() time.Time
}

// Defaults of WebhookHandlerConfig.
const (
	DefaultWebhookTolerance    = 5 * time.Minute
	DefaultWebhookMaxBodyBytes = 64 << 10
	DefaultWebhookTimeout      = 8 * time.Second
)

// NewWebhookHandler returns the http.Handler of a webhook callback URL.
//
// A GET is Oura's verification of the callback: when its
// verification_token matches cfg.VerificationToken, the handler answers 200
// with {"challenge": challenge}; otherwise 401 (or 400 without the
// parameters).
//
// A POST is a delivery, checked by VerifyWebhook: the handler answers 413
// for a body over MaxBodyBytes, 400 without a valid x-oura-timestamp or
// when the body is not an event (ErrWebhookTimestamp, ErrWebhookPayload),
// and 401 without a valid signature or with a timestamp more than
// Tolerance from now (ErrWebhookSignature, ErrWebhookTooOld). Event and
// data types the SDK does not know reach OnEvent like the others.
//
// A verified event goes to OnEvent, with a context that the end of the
// request does not cancel and whose deadline is Timeout after the delivery
// arrived. The answer follows OnEvent's result and nothing else: 200 when
// it returned nil; 500 when it returned an error or panicked; 503 when it
// had not returned half a second after its deadline (the handler answers
// then, and OnEvent's later result is dropped). Both 5xx make Oura deliver
// the event again, so a delivery is never answered 2xx unless OnEvent
// finished with it. There is no asynchronous mode: for work that may
// outlast Timeout, make OnEvent store the event durably (a queue or table
// of your own) and return nil once it is stored.
//
// Other methods get 405. Answers never contain the secret or the token.
func NewWebhookHandler(cfg WebhookHandlerConfig) (http.Handler, error) {
	const op = "NewWebhookHandler"
	switch {
	case cfg.ClientSecret == "":
		return nil, fmt.Errorf("oura: %s: empty ClientSecret: %w", op, ErrInvalidArgument)
	case cfg.VerificationToken == "":
		return nil, fmt.Errorf("oura: %s: empty VerificationToken: %w", op, ErrInvalidArgument)
	case cfg.OnEvent == nil:
		return nil, fmt.Errorf("oura: %s: nil OnEvent: %w", op, ErrInvalidArgument)
	case cfg.Tolerance < 0 || cfg.MaxBodyBytes < 0 || cfg.Timeout < 0:
		return nil, fmt.Errorf("oura: %s: Tolerance, MaxBodyBytes and Timeout cannot be negative: %w", op, ErrInvalidArgument)
	}
	if cfg.Tolerance == 0 {
		cfg.Tolerance = DefaultWebhookTolerance
	}
	if cfg.MaxBodyBytes == 0 {
		cfg.MaxBodyBytes = DefaultWebhookMaxBodyBytes
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = DefaultWebhookTimeout
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	tok := sha256.Sum256([]byte(cfg.VerificationToken))
	return &webhookHandler{cfg: cfg, tokenHash: tok}, nil
}

type webhookHandler struct {
	cfg       WebhookHandlerConfig
	tokenHash [sha256.Size]byte
}

// Format prints h without its secret or token for every verb.
func (h *webhookHandler) Format(f fmt.State, verb rune) {
	fmt.Fprintf(f, "oura.WebhookHandler{tolerance: %s, timeout: %s}", h.cfg.Tolerance, h.cfg.Timeout)
}

func (h *webhookHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet:
		h.verify(w, r)
	case http.MethodPost:
		h.deliver(w, r)
	default:
		w.Header().Set("Allow", "GET, POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	}
}

// verify answers Oura's verification of the callback URL.
func (h *webhookHandler) verify(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if !q.Has("verification_token") || !q.Has("challenge") {
		http.Error(w, "expected verification_token and challenge", http.StatusBadRequest)
		return
	}
	// Hashing first makes the comparison independent of the lengths too.
	got := sha256.Sum256([]byte(q.Get("verification_token")))
	if subtle.ConstantTimeCompare(got[:], h.tokenHash[:]) != 1 {
		http.Error(w, "verification token mismatch", http.StatusUnauthorized)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]string{"challenge": q.Get("challenge")})
}

// Headers of a delivery.
const (
	headerSignature = "X-Oura-Signature"
	headerTimestamp = "X-Oura-Timestamp"
)

// answerGrace is how long after OnEvent's deadline the handler waits for
// its result before answering 503: an OnEvent that obeys its context
// returns within it, so its answer is its own.
const answerGrace = 500 * time.Millisecond

// deliver checks a delivery and hands its event to OnEvent.
func (h *webhookHandler) deliver(w http.ResponseWriter, r *http.Request) {
	// The deadline is on the real clock; cfg.Now only judges timestamps.
	deadline := time.Now().Add(h.cfg.Timeout)
	if r.ContentLength > h.cfg.MaxBodyBytes {
		http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
		return
	}
	body, err := readBody(w, r, h.cfg.MaxBodyBytes)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "reading the body failed", http.StatusBadRequest)
		return
	}
	ev, err := VerifyWebhook(h.cfg.ClientSecret, r.Header, body, h.cfg.Now(), h.cfg.Tolerance)
	if err != nil {
		status := http.StatusBadRequest
		if errors.Is(err, ErrWebhookSignature) || errors.Is(err, ErrWebhookTooOld) {
			status = http.StatusUnauthorized
		}
		http.Error(w, strings.TrimPrefix(err.Error(), "oura: "), status)
		return
	}
	ctx, cancel := context.WithDeadline(context.WithoutCancel(r.Context()), deadline)
	done := make(chan error, 1)
	go func() {
		defer cancel()
		done <- callOnEvent(ctx, h.cfg.OnEvent, ev)
	}()
	timer := time.NewTimer(time.Until(deadline) + answerGrace)
	defer timer.Stop()
	select {
	case err := <-done:
		answerEvent(w, err)
	case <-timer.C:
		select {
		case err := <-done: // finished just as time ran out: its result stands
			answerEvent(w, err)
		default:
			http.Error(w, "event not handled in time", http.StatusServiceUnavailable)
		}
	}
}

// answerEvent answers with OnEvent's result: 200, or 500 so Oura retries.
func answerEvent(w http.ResponseWriter, err error) {
	if err != nil {
		http.Error(w, "event not handled", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusOK)
}

// callOnEvent runs f, turning a panic into an error.
func callOnEvent(ctx context.Context, f func(context.Context, WebhookEvent) error, ev WebhookEvent) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("oura: webhook OnEvent panicked: %v", p)
		}
	}()
	return f(ctx, ev)
}

func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	body := r.Body
	if body == nil { // a client request handed to ServeHTTP directly
		body = http.NoBody
	}
	lr := http.MaxBytesReader(w, body, limit)
	defer lr.Close()
	return io.ReadAll(lr)
}

// Errors of VerifyWebhook, to match with errors.Is.
var (
	// ErrWebhookTimestamp: x-oura-timestamp is missing or malformed.
	ErrWebhookTimestamp = errors.New("oura: webhook: missing or malformed " + headerTimestamp)
	// ErrWebhookTooOld: the timestamp is further from now than the tolerance.
	ErrWebhookTooOld = errors.New("oura: webhook: timestamp outside the allowed window")
	// ErrWebhookSignature: x-oura-signature is missing or does not match.
	ErrWebhookSignature = errors.New("oura: webhook: missing or wrong " + headerSignature)
	// ErrWebhookPayload: the body is not an event.
	ErrWebhookPayload = errors.New("oura: webhook: the body is not an event")
)

// VerifyWebhook checks one delivery and returns its event, as
// NewWebhookHandler does; call it from a router of your own with the
// request's headers and whole body. It is a pure function of its
// arguments: secret is the application's client secret, now the current
// time, tolerance the largest difference allowed between x-oura-timestamp
// and now (DefaultWebhookTolerance when 0).
//
// x-oura-timestamp may be unix seconds, unix milliseconds or RFC 3339.
// x-oura-signature, hex in either case, must be HMAC-SHA256 keyed by
// secret of the timestamp followed by the body as received or by its
// compact re-serialisation (Oura's sample signs the latter); both are
// compared in constant time. The body must be a JSON object with
// event_type, data_type and object_id; values the SDK does not know are
// kept as they are. Errors match ErrWebhookTimestamp, ErrWebhookTooOld,
// ErrWebhookSignature or ErrWebhookPayload, and never hold the secret.
func VerifyWebhook(secret string, header http.Header, body []byte, now time.Time, tolerance time.Duration) (WebhookEvent, error) {
	if tolerance <= 0 {
		tolerance = DefaultWebhookTolerance
	}
	ts, sig := header.Get(headerTimestamp), header.Get(headerSignature)
	at, ok := parseWebhookTimestamp(ts)
	if !ok {
		return WebhookEvent{}, ErrWebhookTimestamp
	}
	if skew := now.Sub(at); skew > tolerance || skew < -tolerance {
		return WebhookEvent{}, ErrWebhookTooOld
	}
	if secret == "" || !validSignature(secret, ts, body, sig) {
		return WebhookEvent{}, ErrWebhookSignature
	}
	ev, err := parseWebhookEvent(body)
	if err != nil {
		return WebhookEvent{}, fmt.Errorf("%w: %v", ErrWebhookPayload, err)
	}
	return ev, nil
}

// parseWebhookTimestamp reads x-oura-timestamp: unix seconds, unix
// milliseconds (13 digits or more) or RFC 3339.
func parseWebhookTimestamp(v string) (time.Time, bool) {
	if v == "" {
		return time.Time{}, false
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		switch {
		case n < 0:
			return time.Time{}, false
		case n >= 1e12: // milliseconds: seconds this large are past year 33000
			return time.UnixMilli(n), true
		default:
			return time.Unix(n, 0), true
		}
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	return t, err == nil
}

// validSignature checks sig, hex in either case, against HMAC-SHA256 of
// ts + body and of ts + the compact form of body, always both, in
// constant time.
func validSignature(secret, ts string, body []byte, sig string) bool {
	got, err := hex.DecodeString(sig)
	if err != nil || len(got) != sha256.Size {
		return false
	}
	mac := func(b []byte) []byte {
		m := hmac.New(sha256.New, []byte(secret))
		m.Write([]byte(ts))
		m.Write(b)
		return m.Sum(nil)
	}
	compact := body
	var buf bytes.Buffer
	if json.Compact(&buf, body) == nil {
		compact = buf.Bytes()
	}
	raw, re := subtle.ConstantTimeCompare(mac(body), got), subtle.ConstantTimeCompare(mac(compact), got)
	return raw|re == 1
}

// parseWebhookEvent reads a delivery's body. Unknown event and data types
// are kept: Oura adds data types without notice.
func parseWebhookEvent(body []byte) (WebhookEvent, error) {
	var raw struct {
		EventType WebhookEventType `json:"event_type"`
		DataType  WebhookDataType  `json:"data_type"`
		ObjectID  string           `json:"object_id"`
		EventTime string           `json:"event_time"`
		UserID    string           `json:"user_id"`
	}
	if err := json.Unmarshal(body, &raw); err != nil {
		return WebhookEvent{}, errors.New("malformed JSON")
	}
	ev := WebhookEvent{EventType: raw.EventType, DataType: raw.DataType, ObjectID: raw.ObjectID, UserID: raw.UserID}
	switch {
	case raw.EventType == "":
		return ev, errors.New("missing event_type")
	case raw.DataType == "":
		return ev, errors.New("missing data_type")
	case raw.ObjectID == "":
		return ev, errors.New("missing object_id")
	}
	if raw.EventTime != "" {
		t, err := time.Parse(time.RFC3339Nano, raw.EventTime)
		if err != nil {
			// Without an offset, the time is taken as UTC.
			if t, err = time.Parse("2006-01-02T15:04:05.999999999", raw.EventTime); err != nil {
				return ev, errors.New("malformed event_time")
			}
		}
		ev.EventTime = t
	}
	return ev, nil
}

// String describes cfg without its secrets.
func (cfg WebhookHandlerConfig) String() string {
	return fmt.Sprintf("oura.WebhookHandlerConfig{ClientSecret: [hidden], VerificationToken: [hidden], Tolerance: %s, MaxBodyBytes: %d, Timeout: %s}",
		cfg.Tolerance, cfg.MaxBodyBytes, cfg.Timeout)
}

// GoString is String, so %#v prints no secret either.
func (cfg WebhookHandlerConfig) GoString() string { return cfg.String() }

// Format prints cfg without its secrets for every verb.
func (cfg WebhookHandlerConfig) Format(f fmt.State, verb rune) { fmt.Fprint(f, cfg.String()) }
