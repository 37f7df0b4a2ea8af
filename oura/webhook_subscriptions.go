package oura

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
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

var errNoWebhookClient = fmt.Errorf("oura: nil or zero WebhookClient (create one with NewWebhookClient): %w", ErrInvalidArgument)

// ListSubscriptions returns the application's webhook subscriptions.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/list_webhook_subscriptions_v2_webhook_subscription_get
func (w *WebhookClient) ListSubscriptions(ctx context.Context) ([]WebhookSubscription, error) {
	if w == nil || w.c.unmade() {
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
	if w == nil || w.c.unmade() {
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
	if w == nil || w.c.unmade() {
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
	if w == nil || w.c.unmade() {
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
	if w == nil || w.c.unmade() {
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
	if w == nil || w.c.unmade() {
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
// event and data types. A data type the SDK does not know yet is sent when
// it is well formed (lower-case letters, digits and underscores): Oura
// adds data types without notice, and decides.
func checkSubscription(op, token string, et *WebhookEventType, dt *WebhookDataType) error {
	switch {
	case strings.TrimSpace(token) == "":
		return fmt.Errorf("oura: %s: empty verification token: %w", op, ErrInvalidArgument)
	case et != nil && !et.Valid():
		return fmt.Errorf("oura: %s: unknown event type %q (create, update or delete): %w", op, *et, ErrInvalidArgument)
	case dt != nil && !dt.WellFormed():
		return fmt.Errorf("oura: %s: malformed data type %q: %w", op, short(string(*dt)), ErrInvalidArgument)
	}
	return nil
}

// WellFormed reports whether d could name a data type, like daily_sleep or
// vO2_max: letters, digits and underscores, at most 64. Subscriptions take
// any well-formed data type, so one Oura added after this SDK can be used;
// Valid reports whether the SDK knows d.
func (d WebhookDataType) WellFormed() bool {
	s := string(d)
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}
