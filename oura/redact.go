package oura

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
)

// secrets are the credentials one request carried: the bearer token, a
// webhook client secret, a verification token, a refresh token or client
// secret. Nothing derived from the answer (error fields, messages, log
// lines) may show them; the single request path and the OAuth calls pass
// everything they keep through redact.
type secrets []string

// minSecret is the shortest value treated as a secret: shorter ones would
// blank out ordinary words, and no real credential is that short.
const minSecret = 4

// redacted replaces a secret.
const redacted = "[redacted]"

// secretsOf returns the credentials in req's headers, and extra.
func secretsOf(req *http.Request, extra ...string) secrets {
	var s secrets
	for _, v := range req.Header.Values("Authorization") {
		s = append(s, v)
		if _, tok, ok := strings.Cut(v, " "); ok {
			s = append(s, strings.TrimSpace(tok))
		}
	}
	s = append(s, req.Header.Values(headerClientSecret)...)
	return append(s, extra...)
}

// redact replaces every form of every secret in text: raw, URL-encoded
// (query and path), JSON-escaped, and after "Bearer ".
func (s secrets) redact(text string) string {
	for _, sec := range s {
		if len(sec) < minSecret {
			continue
		}
		j, _ := json.Marshal(sec)
		for _, form := range []string{"Bearer " + sec, sec, url.QueryEscape(sec), url.PathEscape(sec), string(j[1 : len(j)-1])} {
			text = strings.ReplaceAll(text, form, redacted)
		}
	}
	return text
}

// redactValue redacts the strings inside a decoded JSON value.
func (s secrets) redactValue(v any) any {
	switch v := v.(type) {
	case string:
		return s.redact(v)
	case []any:
		for i := range v {
			v[i] = s.redactValue(v[i])
		}
	case map[string]any:
		for k, x := range v {
			delete(v, k)
			v[s.redact(k)] = s.redactValue(x)
		}
	}
	return v
}

// redactAPIError removes the secrets from every field of e.
func (s secrets) redactAPIError(e *APIError) {
	e.Detail = s.redact(e.Detail)
	for i := range e.ValidationErrors {
		it := &e.ValidationErrors[i]
		it.Msg, it.Type = s.redact(it.Msg), s.redact(it.Type)
		it.Input = s.redactValue(it.Input)
		for j := range it.Loc {
			it.Loc[j] = s.redactValue(it.Loc[j])
		}
		if it.Ctx != nil {
			m := s.redactValue(map[string]any(*it.Ctx)).(map[string]any)
			it.Ctx = &m
		}
	}
}

// redactError returns err, or, when its message holds a secret, an error
// with the message redacted that still matches what err matches.
func (s secrets) redactError(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if r := s.redact(msg); r != msg {
		return &redactedError{msg: r, cause: err}
	}
	return err
}

// redactedError hides its cause's text; it does not unwrap, so the cause
// cannot be printed through it, but it matches what the cause matches and
// gives up the cause's *APIError or *OAuthError, redacted, to errors.As.
type redactedError struct {
	msg   string
	cause error
}

func (e *redactedError) Error() string        { return e.msg }
func (e *redactedError) Is(target error) bool { return errors.Is(e.cause, target) }
