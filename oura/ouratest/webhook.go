package ouratest

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ringkit/oura-go/oura"
)

// The webhook subscription routes (/v2/webhook/subscription...) keep their
// subscriptions in memory and check the application's credentials:
//
//   - missing or wrong x-client-id / x-client-secret: 401;
//   - a subscription id that does not exist: 403, as Oura answers;
//   - a body that is not valid: 422 in Oura's shape;
//   - a callback URL that fails verification: 400.
//
// Creating a subscription, or changing its callback URL, verifies the
// callback as Oura does: a GET with verification_token and a random
// challenge, which must be answered 200 with {"challenge": challenge}.

// Defaults of the webhook routes.
const (
	DefaultWebhookClientID     = "ouratest-client"
	DefaultWebhookClientSecret = "ouratest-secret"
	// DefaultWebhookUserID is the user_id of deliveries that give none.
	DefaultWebhookUserID = "ouratest-user"
	// SubscriptionLifetime is how long a subscription lasts after it is
	// created or renewed.
	SubscriptionLifetime = 30 * 24 * time.Hour
)

// WithWebhookClient sets the client id and secret the webhook routes accept
// and sign deliveries with (DefaultWebhookClientID and
// DefaultWebhookClientSecret otherwise).
func WithWebhookClient(id, secret string) Option {
	return func(s *Server) {
		st := s.webhooks()
		st.mu.Lock()
		st.id, st.secret = id, secret
		st.mu.Unlock()
	}
}

// WithCallbackClient sets the HTTP client the server calls callback URLs
// with, for verification and Deliver: for example an
// httptest.NewTLSServer's Client(). The default has a 10 s timeout.
func WithCallbackClient(hc *http.Client) Option {
	return func(s *Server) {
		if hc == nil {
			return
		}
		st := s.webhooks()
		st.mu.Lock()
		st.hc = hc
		st.mu.Unlock()
	}
}

// WithNonCompactDeliveries makes Deliver and DeliverTo send bodies with
// spaces and new lines, signed over their compact re-serialisation, as
// Oura's sample code signs: a receiver that checks the signature over the
// raw body alone refuses them.
func WithNonCompactDeliveries() Option {
	return func(s *Server) {
		st := s.webhooks()
		st.mu.Lock()
		st.nonCompact = true
		st.mu.Unlock()
	}
}

// webhookState is a Server's subscriptions. It never refers to its Server.
type webhookState struct {
	mu         sync.Mutex
	nonCompact bool
	id, secret string
	hc         *http.Client
	subs       map[string]*subscription
	seq        int
}

type subscription struct {
	oura.WebhookSubscription
	token string
	seq   int // creation order, for listing
}

func newWebhookState() *webhookState {
	return &webhookState{
		id: DefaultWebhookClientID, secret: DefaultWebhookClientSecret,
		// Its own transport: any httptest.Server's Close closes the idle
		// connections of http.DefaultTransport, which breaks a delivery
		// that is about to reuse one when tests run in parallel.
		hc:   &http.Client{Timeout: 10 * time.Second, Transport: http.DefaultTransport.(*http.Transport).Clone()},
		subs: map[string]*subscription{},
	}
}

// webhooks returns s's webhook subscription state.
func (s *Server) webhooks() *webhookState { return s.hookState }

// WebhookCredentials returns the client id and secret the webhook routes
// accept.
func (s *Server) WebhookCredentials() (id, secret string) {
	st := s.webhooks()
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.id, st.secret
}

// NewWebhookClient returns an oura.WebhookClient for this server with its
// credentials; opts are added after the server's own.
func (s *Server) NewWebhookClient(opts ...oura.Option) (*oura.WebhookClient, error) {
	id, secret := s.WebhookCredentials()
	return oura.NewWebhookClient(id, secret, append([]oura.Option{
		oura.WithBaseURL(s.URL), oura.WithHTTPClient(s.Client()),
	}, opts...)...)
}

// Subscriptions returns the current subscriptions in the order they were
// created.
func (s *Server) Subscriptions() []oura.WebhookSubscription {
	st := s.webhooks()
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.list()
}

func (st *webhookState) list() []oura.WebhookSubscription {
	subs := make([]*subscription, 0, len(st.subs))
	for _, sub := range st.subs {
		subs = append(subs, sub)
	}
	slices.SortFunc(subs, func(a, b *subscription) int { return a.seq - b.seq })
	out := make([]oura.WebhookSubscription, 0, len(subs))
	for _, sub := range subs {
		out = append(out, sub.WebhookSubscription)
	}
	return out
}

const subscriptionPath = "/v2/webhook/subscription"

// serveWebhooks serves the webhook subscription routes under /v2/webhook/.
func (s *Server) serveWebhooks(w http.ResponseWriter, r *http.Request) {
	st := s.webhooks()
	if !st.authorized(r) {
		writeError(w, http.StatusUnauthorized, "Invalid or missing client credentials")
		return
	}
	p := r.URL.EscapedPath()
	var id string
	var route string
	switch {
	case p == subscriptionPath:
		route = "collection"
	case strings.HasPrefix(p, subscriptionPath+"/renew/"):
		route, id = "renew", strings.TrimPrefix(p, subscriptionPath+"/renew/")
	case strings.HasPrefix(p, subscriptionPath+"/"):
		route, id = "one", strings.TrimPrefix(p, subscriptionPath+"/")
	default:
		writeError(w, http.StatusNotFound, "Not Found")
		return
	}
	if route != "collection" {
		var err error
		if strings.Contains(id, "/") {
			writeError(w, http.StatusNotFound, "Not Found")
			return
		}
		if id, err = url.PathUnescape(id); err != nil || id == "" {
			writeError(w, http.StatusNotFound, "Not Found")
			return
		}
	}
	allow := map[string]string{"collection": "GET, POST", "renew": "PUT", "one": "GET, PUT, DELETE"}[route]
	switch {
	case route == "collection" && r.Method == http.MethodGet:
		st.mu.Lock()
		subs := st.list()
		st.mu.Unlock()
		writeJSON(w, http.StatusOK, subs)
	case route == "collection" && r.Method == http.MethodPost:
		st.create(w, r)
	case route == "renew" && r.Method == http.MethodPut:
		st.renew(w, id)
	case route == "one" && r.Method == http.MethodGet:
		st.get(w, id)
	case route == "one" && r.Method == http.MethodPut:
		st.update(w, r, id)
	case route == "one" && r.Method == http.MethodDelete:
		st.delete(w, id)
	default:
		w.Header().Set("Allow", allow)
		writeError(w, http.StatusMethodNotAllowed, "Method Not Allowed")
	}
}

// authorized compares the credentials in constant time.
func (st *webhookState) authorized(r *http.Request) bool {
	st.mu.Lock()
	id, secret := st.id, st.secret
	st.mu.Unlock()
	gotID, gotSecret := r.Header.Get("X-Client-Id"), r.Header.Get("X-Client-Secret")
	if gotID == "" || gotSecret == "" {
		return false
	}
	a := subtle.ConstantTimeCompare(digest(gotID), digest(id))
	b := subtle.ConstantTimeCompare(digest(gotSecret), digest(secret))
	return a&b == 1
}

func digest(s string) []byte {
	h := sha256.Sum256([]byte(s))
	return h[:]
}

// noSuchSubscription answers an unknown id as Oura does, with 403.
func noSuchSubscription(w http.ResponseWriter) {
	writeError(w, http.StatusForbidden, "No subscription with this id")
}

// subscriptionBody holds the fields of a create or update body; nil means
// absent or null.
type subscriptionBody struct {
	CallbackURL       *string `json:"callback_url"`
	VerificationToken *string `json:"verification_token"`
	EventType         *string `json:"event_type"`
	DataType          *string `json:"data_type"`
}

// fieldError is one item of a 422 body.
type fieldError struct {
	Loc  []string `json:"loc"`
	Msg  string   `json:"msg"`
	Type string   `json:"type"`
}

// readSubscriptionBody decodes and checks a body; required names the
// fields that must be present. It answers 422 and returns false when the
// body is not valid.
func readSubscriptionBody(w http.ResponseWriter, r *http.Request, required ...string) (subscriptionBody, bool) {
	var b subscriptionBody
	raw, err := io.ReadAll(io.LimitReader(r.Body, 64<<10))
	if err == nil {
		err = json.Unmarshal(raw, &b)
	}
	if err != nil {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"detail": []fieldError{
			{Loc: []string{"body"}, Msg: "Body should be a JSON object", Type: "json_invalid"}}})
		return b, false
	}
	var errs []fieldError
	present := map[string]bool{
		"callback_url": b.CallbackURL != nil, "verification_token": b.VerificationToken != nil,
		"event_type": b.EventType != nil, "data_type": b.DataType != nil,
	}
	for _, f := range required {
		if !present[f] {
			errs = append(errs, fieldError{Loc: []string{"body", f}, Msg: "Field required", Type: "missing"})
		}
	}
	if b.CallbackURL != nil {
		if u, err := url.Parse(*b.CallbackURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			errs = append(errs, fieldError{Loc: []string{"body", "callback_url"}, Msg: "Value should be an absolute http(s) URL", Type: "value_error"})
		}
	}
	if b.VerificationToken != nil && *b.VerificationToken == "" {
		errs = append(errs, fieldError{Loc: []string{"body", "verification_token"}, Msg: "Value should not be empty", Type: "value_error"})
	}
	if b.EventType != nil && !oura.WebhookEventType(*b.EventType).Valid() {
		errs = append(errs, fieldError{Loc: []string{"body", "event_type"}, Msg: "Value should be create, update or delete", Type: "enum"})
	}
	if b.DataType != nil && !oura.WebhookDataType(*b.DataType).Valid() {
		errs = append(errs, fieldError{Loc: []string{"body", "data_type"}, Msg: "Value should be a known data type", Type: "enum"})
	}
	if len(errs) > 0 {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"detail": errs})
		return b, false
	}
	return b, true
}

func (st *webhookState) create(w http.ResponseWriter, r *http.Request) {
	b, ok := readSubscriptionBody(w, r, "callback_url", "verification_token", "event_type", "data_type")
	if !ok {
		return
	}
	if err := st.verifyCallback(r.Context(), *b.CallbackURL, *b.VerificationToken); err != nil {
		writeError(w, http.StatusBadRequest, "Callback URL verification failed: "+err.Error())
		return
	}
	st.mu.Lock()
	st.seq++
	sub := &subscription{
		WebhookSubscription: oura.WebhookSubscription{
			ID:             newSubscriptionID(),
			CallbackURL:    *b.CallbackURL,
			EventType:      oura.WebhookEventType(*b.EventType),
			DataType:       oura.WebhookDataType(*b.DataType),
			ExpirationTime: time.Now().UTC().Add(SubscriptionLifetime),
		},
		token: *b.VerificationToken,
		seq:   st.seq,
	}
	st.subs[sub.ID] = sub
	v := sub.WebhookSubscription
	st.mu.Unlock()
	writeJSON(w, http.StatusCreated, v)
}

func (st *webhookState) get(w http.ResponseWriter, id string) {
	st.mu.Lock()
	sub, ok := st.subs[id]
	var v oura.WebhookSubscription
	if ok {
		v = sub.WebhookSubscription
	}
	st.mu.Unlock()
	if !ok {
		noSuchSubscription(w)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (st *webhookState) update(w http.ResponseWriter, r *http.Request, id string) {
	st.mu.Lock()
	_, ok := st.subs[id]
	st.mu.Unlock()
	if !ok {
		noSuchSubscription(w)
		return
	}
	b, ok := readSubscriptionBody(w, r, "verification_token")
	if !ok {
		return
	}
	if b.CallbackURL != nil {
		if err := st.verifyCallback(r.Context(), *b.CallbackURL, *b.VerificationToken); err != nil {
			writeError(w, http.StatusBadRequest, "Callback URL verification failed: "+err.Error())
			return
		}
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	sub, ok := st.subs[id]
	if !ok { // deleted meanwhile
		noSuchSubscription(w)
		return
	}
	sub.token = *b.VerificationToken
	if b.CallbackURL != nil {
		sub.CallbackURL = *b.CallbackURL
	}
	if b.EventType != nil {
		sub.EventType = oura.WebhookEventType(*b.EventType)
	}
	if b.DataType != nil {
		sub.DataType = oura.WebhookDataType(*b.DataType)
	}
	writeJSON(w, http.StatusOK, sub.WebhookSubscription)
}

func (st *webhookState) delete(w http.ResponseWriter, id string) {
	st.mu.Lock()
	_, ok := st.subs[id]
	delete(st.subs, id)
	st.mu.Unlock()
	if !ok {
		noSuchSubscription(w)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (st *webhookState) renew(w http.ResponseWriter, id string) {
	st.mu.Lock()
	sub, ok := st.subs[id]
	var v oura.WebhookSubscription
	if ok {
		sub.ExpirationTime = time.Now().UTC().Add(SubscriptionLifetime)
		v = sub.WebhookSubscription
	}
	st.mu.Unlock()
	if !ok {
		noSuchSubscription(w)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// verifyCallback sends Oura's verification GET to callback and checks that
// the challenge comes back. Its errors name neither the token nor the URL.
func (st *webhookState) verifyCallback(ctx context.Context, callback, token string) error {
	u, err := url.Parse(callback)
	if err != nil {
		return errors.New("malformed URL")
	}
	challenge := challengeHex(16)
	q := u.Query()
	q.Set("verification_token", token)
	q.Set("challenge", challenge)
	u.RawQuery = q.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return errors.New("malformed URL")
	}
	st.mu.Lock()
	hc := st.hc
	st.mu.Unlock()
	resp, err := hc.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // without the URL, which holds the token
		}
		return fmt.Errorf("no answer: %v", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("the callback answered %d", resp.StatusCode)
	}
	var got struct {
		Challenge *string `json:"challenge"`
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if json.Unmarshal(body, &got) != nil || got.Challenge == nil || *got.Challenge != challenge {
		return errors.New("the callback did not echo the challenge")
	}
	return nil
}

// Deliver sends ev to the callback URL of the subscription with the given
// id, signed with the server's client secret as Oura signs deliveries, and
// returns the receiver's answer (close its body). An empty EventType or
// DataType is taken from the subscription (others must match it), a zero
// EventTime is now, and an empty UserID is DefaultWebhookUserID.
func (s *Server) Deliver(ctx context.Context, subscriptionID string, ev oura.WebhookEvent) (*http.Response, error) {
	st := s.webhooks()
	st.mu.Lock()
	sub, ok := st.subs[subscriptionID]
	var v oura.WebhookSubscription
	if ok {
		v = sub.WebhookSubscription
	}
	st.mu.Unlock()
	switch {
	case !ok:
		return nil, fmt.Errorf("ouratest: Deliver: no subscription %q", subscriptionID)
	case time.Now().After(v.ExpirationTime):
		return nil, fmt.Errorf("ouratest: Deliver: subscription %q expired at %s", subscriptionID, v.ExpirationTime.Format(time.RFC3339))
	}
	if ev.EventType == "" {
		ev.EventType = v.EventType
	}
	if ev.DataType == "" {
		ev.DataType = v.DataType
	}
	if ev.EventType != v.EventType || ev.DataType != v.DataType {
		return nil, fmt.Errorf("ouratest: Deliver: subscription %q is for %s %s, not %s %s",
			subscriptionID, v.EventType, v.DataType, ev.EventType, ev.DataType)
	}
	return s.DeliverTo(ctx, v.CallbackURL, ev)
}

// DeliverTo sends ev, signed, to callbackURL, as Deliver does, without
// needing a subscription. ev is sent as given, except that a zero EventTime
// is now and an empty UserID is DefaultWebhookUserID.
func (s *Server) DeliverTo(ctx context.Context, callbackURL string, ev oura.WebhookEvent) (*http.Response, error) {
	if ev.EventTime.IsZero() {
		ev.EventTime = time.Now().UTC().Truncate(time.Second)
	}
	if ev.UserID == "" {
		ev.UserID = DefaultWebhookUserID
	}
	body, err := json.Marshal(struct {
		EventType string `json:"event_type"`
		DataType  string `json:"data_type"`
		ObjectID  string `json:"object_id"`
		EventTime string `json:"event_time"`
		UserID    string `json:"user_id"`
	}{
		string(ev.EventType), string(ev.DataType), ev.ObjectID,
		ev.EventTime.Format("2006-01-02T15:04:05.999999-07:00"), // Oura writes +00:00, not Z
		ev.UserID,
	})
	if err != nil {
		return nil, err
	}
	st := s.webhooks()
	st.mu.Lock()
	secret, hc, nonCompact := st.secret, st.hc, st.nonCompact
	st.mu.Unlock()
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	sig := Signature(secret, ts, body)
	if nonCompact {
		var b bytes.Buffer
		_ = json.Indent(&b, body, "", "  ")
		body = b.Bytes() // sig stays that of the compact form
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, callbackURL, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("ouratest: DeliverTo: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Oura-Timestamp", ts)
	req.Header.Set("X-Oura-Signature", sig)
	resp, err := hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("ouratest: DeliverTo: %w", err)
	}
	return resp, nil
}

// Signature returns the x-oura-signature of a delivery: the upper-case hex
// HMAC-SHA256, keyed by the client secret, of timestamp followed by body.
func Signature(secret, timestamp string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(timestamp))
	mac.Write(body)
	return strings.ToUpper(hex.EncodeToString(mac.Sum(nil)))
}

func challengeHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// newSubscriptionID returns a random version 4 UUID.
func newSubscriptionID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}
