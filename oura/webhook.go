package oura

import (
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
	"net/url"
	"strconv"
	"strings"
	"time"
)

// WebhookClient manages an application's webhook subscriptions. Oura
// authenticates these routes with the application's client id and secret
// (headers x-client-id and x-client-secret), not with a user's token. It is
// safe for concurrent use; create it with NewWebhookClient.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#tag/Webhook-Subscription-Routes
type WebhookClient struct {
	c        *Client
	clientID string
}

const webhookPath = "/v2/webhook/subscription"

// NewWebhookClient returns a WebhookClient for the application with the
// given OAuth2 client id and secret. The Client options apply (WithBaseURL,
// WithHTTPClient, WithRetry, WithLogger, ...) except WithToken and
// WithTokenSource, which are refused, and WithSandbox, which has no effect.
// The secret is sent only over https or to loopback, and never on a
// redirect to another host or to plain http.
func NewWebhookClient(clientID, clientSecret string, opts ...Option) (*WebhookClient, error) {
	const op = "NewWebhookClient"
	switch {
	case strings.TrimSpace(clientID) == "":
		return nil, fmt.Errorf("oura: %s: empty client id: %w", op, ErrInvalidArgument)
	case strings.TrimSpace(clientSecret) == "":
		return nil, fmt.Errorf("oura: %s: empty client secret: %w", op, ErrInvalidArgument)
	case !validHeaderValue(clientID):
		return nil, fmt.Errorf("oura: %s: client id contains white space or control characters: %w", op, ErrInvalidArgument)
	case !validHeaderValue(clientSecret):
		return nil, fmt.Errorf("oura: %s: client secret contains white space or control characters: %w", op, ErrInvalidArgument)
	}
	s, err := applyOptions(op, opts)
	if err != nil {
		return nil, err
	}
	if s.tokenOpts > 0 {
		return nil, fmt.Errorf("oura: %s: WithToken and WithTokenSource do not apply to webhook routes: %w", op, ErrInvalidArgument)
	}
	c, err := newClient(op, s, func(req *http.Request) error {
		req.Header.Set(headerClientID, clientID)
		req.Header.Set(headerClientSecret, clientSecret)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &WebhookClient{c: c, clientID: clientID}, nil
}

const (
	headerClientID     = "X-Client-Id"
	headerClientSecret = "X-Client-Secret"
)

// validHeaderValue reports whether v is printable ASCII without spaces.
func validHeaderValue(v string) bool {
	for i := 0; i < len(v); i++ {
		if v[i] <= ' ' || v[i] >= 0x7f {
			return false
		}
	}
	return true
}

// String describes w without its secret.
func (w WebhookClient) String() string {
	base := "<nil>"
	if w.c != nil {
		base = w.c.base
	}
	return fmt.Sprintf("oura.WebhookClient{base: %s, client_id: %s}", base, w.clientID)
}

// GoString is String, so %#v prints no secret either.
func (w WebhookClient) GoString() string { return w.String() }

// Format prints w without its secret for every verb.
func (w WebhookClient) Format(f fmt.State, verb rune) { fmt.Fprint(f, w.String()) }

var errNoWebhookClient = errors.New("oura: nil *WebhookClient")

// ListSubscriptions returns the application's webhook subscriptions.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/list_webhook_subscriptions_v2_webhook_subscription_get
func (w *WebhookClient) ListSubscriptions(ctx context.Context) ([]WebhookSubscription, error) {
	if w == nil {
		return nil, errNoWebhookClient
	}
	var subs []WebhookSubscription
	if err := w.c.do(ctx, http.MethodGet, webhookPath, nil, nil, &subs); err != nil {
		return nil, fmt.Errorf("oura: ListSubscriptions: %w", err)
	}
	if subs == nil {
		subs = []WebhookSubscription{}
	}
	return subs, nil
}

// CreateSubscription subscribes req.CallbackURL to the events of
// req.EventType on documents of req.DataType. Before answering, Oura
// verifies the callback: it sends it a GET with req.VerificationToken and a
// challenge, which a handler from NewWebhookHandler answers. The callback
// must be an https URL (plain http is accepted for loopback hosts, for
// tests). Oura does not retry a create: a failed one is returned as is.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/create_webhook_subscription_v2_webhook_subscription_post
func (w *WebhookClient) CreateSubscription(ctx context.Context, req CreateWebhookSubscriptionRequest) (*WebhookSubscription, error) {
	const op = "CreateSubscription"
	if w == nil {
		return nil, errNoWebhookClient
	}
	if err := checkCallbackURL(op, req.CallbackURL); err != nil {
		return nil, err
	}
	if err := checkSubscription(op, req.VerificationToken, &req.EventType, &req.DataType); err != nil {
		return nil, err
	}
	return w.send(ctx, op, http.MethodPost, webhookPath, req, req.VerificationToken)
}

// Subscription returns the subscription with the given id. Oura answers
// 403 (ErrForbidden) for an id that does not exist.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/get_webhook_subscription_v2_webhook_subscription__id__get
func (w *WebhookClient) Subscription(ctx context.Context, id string) (*WebhookSubscription, error) {
	const op = "Subscription"
	if w == nil {
		return nil, errNoWebhookClient
	}
	p, err := subscriptionPath(op, "/", id)
	if err != nil {
		return nil, err
	}
	return w.send(ctx, op, http.MethodGet, p, nil)
}

// UpdateSubscription changes the subscription with the given id: the
// fields of req that are not nil, and its verification token. Oura
// verifies a new callback URL as CreateSubscription does.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/update_webhook_subscription_v2_webhook_subscription__id__put
func (w *WebhookClient) UpdateSubscription(ctx context.Context, id string, req UpdateWebhookSubscriptionRequest) (*WebhookSubscription, error) {
	const op = "UpdateSubscription"
	if w == nil {
		return nil, errNoWebhookClient
	}
	p, err := subscriptionPath(op, "/", id)
	if err != nil {
		return nil, err
	}
	if req.CallbackURL != nil {
		if err := checkCallbackURL(op, *req.CallbackURL); err != nil {
			return nil, err
		}
	}
	if err := checkSubscription(op, req.VerificationToken, req.EventType, req.DataType); err != nil {
		return nil, err
	}
	return w.send(ctx, op, http.MethodPut, p, req, req.VerificationToken)
}

// DeleteSubscription deletes the subscription with the given id.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/delete_webhook_subscription_v2_webhook_subscription__id__delete
func (w *WebhookClient) DeleteSubscription(ctx context.Context, id string) error {
	const op = "DeleteSubscription"
	if w == nil {
		return errNoWebhookClient
	}
	p, err := subscriptionPath(op, "/", id)
	if err != nil {
		return err
	}
	if err := w.c.do(ctx, http.MethodDelete, p, nil, nil, nil); err != nil {
		return fmt.Errorf("oura: %s: %w", op, err)
	}
	return nil
}

// RenewSubscription extends the subscription with the given id before it
// expires and returns it with its new ExpirationTime.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/renew_webhook_subscription_v2_webhook_subscription_renew__id__put
func (w *WebhookClient) RenewSubscription(ctx context.Context, id string) (*WebhookSubscription, error) {
	const op = "RenewSubscription"
	if w == nil {
		return nil, errNoWebhookClient
	}
	p, err := subscriptionPath(op, "/renew/", id)
	if err != nil {
		return nil, err
	}
	return w.send(ctx, op, http.MethodPut, p, nil)
}

// send makes one subscription request that answers a subscription;
// secrets are those in its body.
func (w *WebhookClient) send(ctx context.Context, op, method, path string, in any, secrets ...string) (*WebhookSubscription, error) {
	var sub *WebhookSubscription
	if err := w.c.send(ctx, call{method: method, path: path, secrets: secrets}, nil, in, &sub); err != nil {
		return nil, fmt.Errorf("oura: %s: %w", op, err)
	}
	if sub == nil {
		return nil, fmt.Errorf("oura: %s: the answer holds no subscription: %w", op, ErrBadResponse)
	}
	return sub, nil
}

// subscriptionPath returns the path of subscription id under sub
// ("/" or "/renew/").
func subscriptionPath(op, sub, id string) (string, error) {
	if err := checkID(op, id); err != nil {
		return "", err
	}
	return webhookPath + sub + url.PathEscape(id), nil
}

// checkCallbackURL accepts an absolute https URL, or http to loopback.
func checkCallbackURL(op, raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Opaque != "" || u.Fragment != "" ||
		(u.Scheme != "https" && (u.Scheme != "http" || !isLoopback(u.Hostname()))) {
		shown := "an unparsable URL"
		if err == nil {
			shown = strconv.Quote(u.Redacted())
		}
		return fmt.Errorf("oura: %s: callback URL %s must be an absolute https URL without fragment (http only for loopback): %w",
			op, shown, ErrInvalidArgument)
	}
	return nil
}

// checkSubscription checks a verification token and, when not nil, the
// event and data types.
func checkSubscription(op, token string, et *WebhookEventType, dt *WebhookDataType) error {
	switch {
	case strings.TrimSpace(token) == "":
		return fmt.Errorf("oura: %s: empty verification token: %w", op, ErrInvalidArgument)
	case et != nil && !et.Valid():
		return fmt.Errorf("oura: %s: unknown event type %q: %w", op, *et, ErrInvalidArgument)
	case dt != nil && !dt.Valid():
		return fmt.Errorf("oura: %s: unknown data type %q: %w", op, *dt, ErrInvalidArgument)
	}
	return nil
}

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
	// Timeout is how long after a delivery arrives the handler answers at
	// the latest (8 s by default). Oura waits 10 s: keep it below that.
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
// A POST is a delivery. The handler answers 413 for a body over
// MaxBodyBytes; 400 without a valid x-oura-timestamp, which may be unix
// seconds, unix milliseconds or RFC 3339; 401 without x-oura-signature, when
// the timestamp is more than Tolerance away from now, or when the
// signature is not hex(HMAC-SHA256(ClientSecret, timestamp + body)), in
// either case of hex; and 400 when the body is not an event with a known
// event_type and data_type and an object_id.
//
// A verified event goes to OnEvent, in its own goroutine, with a context
// that the end of the request does not cancel and whose deadline is
// Timeout after the delivery arrived. The handler answers 200 when OnEvent
// returns nil before then, 500 (Oura retries) when it returns an error or
// panics, and 202 when it is still running at the deadline; OnEvent's
// later result is then dropped, so work that may take longer belongs in a
// queue of your own.
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

// deliver checks a delivery and hands its event to OnEvent.
func (h *webhookHandler) deliver(w http.ResponseWriter, r *http.Request) {
	// The deadline is on the real clock; cfg.Now only judges timestamps.
	deadline := time.Now().Add(h.cfg.Timeout)
	sig, ts := r.Header.Get(headerSignature), r.Header.Get(headerTimestamp)
	if r.ContentLength > h.cfg.MaxBodyBytes {
		http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
		return
	}
	if ts == "" {
		http.Error(w, "missing "+headerTimestamp, http.StatusBadRequest)
		return
	}
	if sig == "" {
		http.Error(w, "missing "+headerSignature, http.StatusUnauthorized)
		return
	}
	at, ok := parseWebhookTimestamp(ts)
	if !ok {
		http.Error(w, "malformed "+headerTimestamp, http.StatusBadRequest)
		return
	}
	if skew := h.cfg.Now().Sub(at); skew > h.cfg.Tolerance || skew < -h.cfg.Tolerance {
		http.Error(w, "timestamp outside the allowed window", http.StatusUnauthorized)
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
	if !validSignature(h.cfg.ClientSecret, ts, body, sig) {
		http.Error(w, "signature mismatch", http.StatusUnauthorized)
		return
	}
	ev, err := parseWebhookEvent(body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	ctx, cancel := context.WithDeadline(context.WithoutCancel(r.Context()), deadline)
	done := make(chan error, 1)
	go func() {
		defer cancel()
		done <- callOnEvent(ctx, h.cfg.OnEvent, ev)
	}()
	timer := time.NewTimer(time.Until(deadline))
	defer timer.Stop()
	select {
	case err := <-done:
		answerEvent(w, err)
	case <-timer.C:
		select {
		case err := <-done: // finished just as time ran out
			answerEvent(w, err)
		default:
			w.WriteHeader(http.StatusAccepted)
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
	lr := http.MaxBytesReader(w, r.Body, limit)
	defer lr.Close()
	return io.ReadAll(lr)
}

// parseWebhookTimestamp reads x-oura-timestamp: unix seconds, unix
// milliseconds (13 digits or more) or RFC 3339.
func parseWebhookTimestamp(v string) (time.Time, bool) {
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

// validSignature checks sig, hex in either case, against
// HMAC-SHA256(secret, ts + body).
func validSignature(secret, ts string, body []byte, sig string) bool {
	got, err := hex.DecodeString(sig)
	if err != nil {
		return false
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(ts))
	mac.Write(body)
	return hmac.Equal(mac.Sum(nil), got)
}

// parseWebhookEvent reads and checks a delivery's body.
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
	case !raw.EventType.Valid():
		return ev, fmt.Errorf("unknown event_type %q", short(string(raw.EventType)))
	case !raw.DataType.Valid():
		return ev, fmt.Errorf("unknown data_type %q", short(string(raw.DataType)))
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
