package oura_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ringkit/oura-go/oura"
)

// fuzzRecorder answers with answer and keeps a copy of every request.
type fuzzRecorder struct {
	mu     sync.Mutex
	reqs   []*http.Request
	answer func(*http.Request) *http.Response
}

func (rec *fuzzRecorder) RoundTrip(r *http.Request) (*http.Response, error) {
	rec.mu.Lock()
	rec.reqs = append(rec.reqs, r.Clone(context.Background()))
	rec.mu.Unlock()
	return rec.answer(r), nil
}

func (rec *fuzzRecorder) requests() []*http.Request {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]*http.Request(nil), rec.reqs...)
}

func fuzzResponse(r *http.Request, status int, contentType string, body []byte) *http.Response {
	h := http.Header{}
	if contentType != "" {
		h.Set("Content-Type", contentType)
	}
	return &http.Response{
		Status:     fmt.Sprintf("%d %s", status, http.StatusText(status)),
		StatusCode: status,
		Proto:      "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        h,
		Body:          io.NopCloser(bytes.NewReader(body)),
		ContentLength: int64(len(body)),
		Request:       r,
	}
}

func fuzzClient(rt http.RoundTripper, token string) (*oura.Client, error) {
	return oura.NewClient(
		oura.WithHTTPClient(&http.Client{Transport: rt}),
		oura.WithToken(token),
		oura.WithRetry(oura.RetryPolicy{MaxAttempts: 1}),
		oura.WithBaseURL("https://api.ouraring.com"),
	)
}

const (
	fuzzToken     = "fuzz-token-XYZ"
	fuzzSleepPath = "/v2/usercollection/daily_sleep"
	fuzzLastPage  = `{"data":[],"next_token":null}`
)

var (
	fuzzStart = oura.NewDate(2024, time.March, 1)
	fuzzEnd   = oura.NewDate(2024, time.March, 2)
)

// FuzzPageDecoding serves an arbitrary answer to a DailySleep request. The
// SDK must return either the in-range records of a well-formed page or an
// error of the right kind, never both, and never the token.
func FuzzPageDecoding(f *testing.F) {
	const ctJSON = "application/json"
	page := `{"data":[` +
		`{"id":"a","day":"2024-02-29","score":80,"timestamp":"2024-02-29T00:00:00+00:00","contributors":{"deep_sleep":57}},` +
		`{"id":"b","day":"2024-03-01","score":81,"timestamp":"2024-03-01T00:00:00+02:00","contributors":{"deep_sleep":58,"rem_sleep":90}},` +
		`{"id":"c","day":"2024-03-02","score":82,"timestamp":"2024-03-02T00:00:00-05:00","contributors":{}},` +
		`{"id":"d","day":"2024-03-03","score":83,"timestamp":"2024-03-03T00:00:00Z","contributors":{}}` +
		`],"next_token":null}`
	for _, s := range []struct {
		body, ct string
		status   int
	}{
		{page, ctJSON, 200},
		{`{"data":[{"id":"n","day":"2024-03-01","score":null,"timestamp":"2024-03-01T00:00:00+00:00","contributors":{"deep_sleep":null,"efficiency":null}}],"next_token":null}`, ctJSON, 200},
		{`{"data":[{"id":"n","day":null,"score":null,"timestamp":null,"contributors":null}],"next_token":null}`, ctJSON, 200},
		{page[:len(page)/2], ctJSON, 200},
		{`null`, ctJSON, 200},
		{`{}`, ctJSON, 200},
		{`{"data":null}`, ctJSON, 200},
		{`{"data":[]}`, "application/json; charset=utf-8", 200},
		{`{"data":[{"id":"x","day":"2024-03-02","timestamp":"2024-03-02T00:00:00Z","contributors":{}}],"next_token":"tok+/=&%20 é"}`, ctJSON, 200},
		{`{"data":[{"id":"x","day":"2024-13-02"}]}`, ctJSON, 200},
		{`{"data":[],"next_token":""}`, "application/problem+json", 200},
		{`<html><body><h1>502 Bad Gateway</h1></body></html>`, "text/html", 200},
		{`<html><body><h1>502 Bad Gateway</h1></body></html>`, "text/html", 502},
		{`{"detail":[{"loc":["query","start_date"],"msg":"invalid date format","type":"value_error.date"}]}`, ctJSON, 422},
		{`{"detail":"Invalid token fuzz-token-XYZ"}`, ctJSON, 401},
		{`{"data":[]}`, "", 204},
		{``, "", 304},
		{`{"message":"slow down"}`, ctJSON, 429},
		{`{}`, ctJSON, 99},
		{`{}`, ctJSON, 1000},
	} {
		f.Add([]byte(s.body), s.ct, s.status)
	}
	f.Fuzz(func(t *testing.T, body []byte, contentType string, status int) {
		if status < 100 || status > 599 {
			status = 100 + int(uint(status)%500)
		}
		if contentType == "" {
			contentType = ctJSON
		}
		rec := &fuzzRecorder{answer: func(r *http.Request) *http.Response {
			if r.URL.Query().Has("next_token") {
				return fuzzResponse(r, 200, ctJSON, []byte(fuzzLastPage))
			}
			return fuzzResponse(r, status, contentType, body)
		}}
		c, err := fuzzClient(rec, fuzzToken)
		if err != nil {
			t.Fatal(err)
		}
		got, err := c.DailySleep(context.Background(), fuzzStart, fuzzEnd)

		// The requests are the ones DailySleep always sends.
		reqs := rec.requests()
		if len(reqs) < 1 || len(reqs) > 2 {
			t.Fatalf("%d requests, want 1 or 2", len(reqs))
		}
		for i, r := range reqs {
			q := r.URL.Query()
			if r.Method != http.MethodGet || r.URL.Host != "api.ouraring.com" || r.URL.Path != fuzzSleepPath ||
				q.Get("start_date") != "2024-02-29" || q.Get("end_date") != "2024-03-03" ||
				r.Header.Get("Authorization") != "Bearer "+fuzzToken {
				t.Errorf("request %d: %s %s (Authorization %q)", i+1, r.Method, r.URL, r.Header.Get("Authorization"))
			}
			if q.Has("next_token") != (i == 1) {
				t.Errorf("request %d: next_token %q", i+1, q.Get("next_token"))
			}
		}

		// A result or an error, never both.
		if err == nil {
			for _, v := range got {
				if v.Day.Before(fuzzStart) || v.Day.After(fuzzEnd) {
					t.Errorf("record %q of %s is outside %s..%s", v.ID, v.Day, fuzzStart, fuzzEnd)
				}
			}
		} else if got != nil {
			t.Errorf("err = %v with %d records, want a nil slice", err, len(got))
		}

		// The token never shows, unless the answer itself carried it (a
		// JSON escape in the body may spell it too).
		if err != nil && !bytes.Contains(body, []byte(fuzzToken)) && !bytes.ContainsRune(body, '\\') &&
			!strings.Contains(contentType, fuzzToken) {
			for _, s := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)} {
				if strings.Contains(s, fuzzToken) {
					t.Errorf("error shows the token: %s", s)
				}
			}
		}

		// The error is of the kind the answer calls for.
		mt, _, mterr := mime.ParseMediaType(contentType)
		isJSON := mterr == nil && (mt == "application/json" || mt == "application/problem+json")
		switch {
		case status < 200 || status > 299:
			var ae *oura.APIError
			if !errors.As(err, &ae) {
				t.Fatalf("status %d: err = %v, want an *APIError", status, err)
			}
			if ae.StatusCode != status || ae.Method != http.MethodGet || ae.Path != fuzzSleepPath {
				t.Errorf("status %d: APIError %+v", status, ae)
			}
			if len(reqs) != 1 {
				t.Errorf("status %d: %d requests, want 1 (retries are off)", status, len(reqs))
			}
		case !isJSON:
			if !errors.Is(err, oura.ErrBadResponse) {
				t.Errorf("content type %q: err = %v, want ErrBadResponse", contentType, err)
			}
		default:
			// 2xx JSON: the SDK accepts exactly the bodies that decode
			// into a page with a data array, and keeps the in-range
			// records in order.
			var want struct {
				Data      []oura.DailySleep `json:"data"`
				NextToken *string           `json:"next_token"`
			}
			werr := json.Unmarshal(body, &want)
			switch {
			case err != nil && !errors.Is(err, oura.ErrBadResponse) && !errors.Is(err, oura.ErrRepeatedToken):
				t.Errorf("status %d JSON: err = %v, want ErrBadResponse or ErrRepeatedToken", status, err)
			case werr == nil && want.Data != nil && err != nil && status != http.StatusNoContent:
				// (A 204 has no content: its body may be ignored.)
				t.Errorf("a well-formed page was refused: %v", err)
			case (werr != nil || want.Data == nil) && err == nil:
				t.Errorf("a bad page was accepted (decoding: %v, data nil: %t)", werr, want.Data == nil)
			case err == nil:
				var in []oura.DailySleep
				for _, v := range want.Data {
					if !v.Day.Before(fuzzStart) && !v.Day.After(fuzzEnd) {
						in = append(in, v)
					}
				}
				if len(in) != len(got) {
					t.Errorf("%d records, want %d", len(got), len(in))
				} else if diff := cmp.Diff(in, got); diff != "" && len(in) > 0 {
					t.Errorf("records differ (-want +got):\n%s", diff)
				}
				hasNext := want.NextToken != nil && *want.NextToken != ""
				if hasNext != (len(reqs) == 2) {
					t.Errorf("next_token %v, but %d requests", want.NextToken, len(reqs))
				}
				if hasNext && reqs[1].URL.Query().Get("next_token") != *want.NextToken {
					t.Errorf("page 2 asked with next_token %q, want %q", reqs[1].URL.Query().Get("next_token"), *want.NextToken)
				}
			}
		}
	})
}

// FuzzDate checks ParseDate, NewDate, String, JSON and AddDays against
// each other.
func FuzzDate(f *testing.F) {
	for _, s := range []struct {
		s       string
		y, m, d int
	}{
		{"2024-03-01", 2024, 3, 1},
		{"2024-02-29", 2024, 2, 29},
		{"2023-02-29", 2023, 2, 29},
		{"2024-02-30", 2024, 2, 30},
		{"1970-01-01", 1970, 1, 1},
		{"9999-12-31", 9999, 12, 31},
		{"0002-01-01", 2, 1, 1},
		{"0000-12-31", 0, 12, 31},
		{"10000-01-01", 10000, 1, 1},
		{"2024-3-1", 2024, 0, 0},
		{"2024/03/01", 2024, 13, 1},
		{"+024-03-01", -1, -1, -1},
		{"2024-03-01T00:00:00Z", 2024, 3, -400000},
		{"２０２４-03-01", 1 << 62, -1 << 62, 1 << 40},
		{"", 0, 0, 0},
	} {
		f.Add(s.s, s.y, s.m, s.d)
	}
	f.Fuzz(func(t *testing.T, s string, y, m, d int) {
		// roundTrip checks a non-zero Date through String, ParseDate and JSON.
		roundTrip := func(what string, dt oura.Date) {
			t.Helper()
			str := dt.String()
			back, err := oura.ParseDate(str)
			if err != nil || back != dt {
				t.Errorf("%s: ParseDate(%q) = %v, %v; want %v", what, str, back, err, dt)
			}
			js, err := json.Marshal(dt)
			if err != nil {
				t.Fatalf("%s: json.Marshal: %v", what, err)
			}
			var fromJSON oura.Date
			if err := json.Unmarshal(js, &fromJSON); err != nil || fromJSON != dt {
				t.Errorf("%s: JSON %s decodes to %v, %v; want %v", what, js, fromJSON, err, dt)
			}
			if string(js) != `"`+str+`"` {
				t.Errorf("%s: JSON %s, want %q", what, js, str)
			}
		}
		// addDays checks dt+n-n == dt whenever dt+n exists.
		addDays := func(what string, dt oura.Date, n int) {
			t.Helper()
			r := dt.AddDays(n)
			if r.IsZero() {
				return
			}
			if back := r.AddDays(-n); back != dt {
				t.Errorf("%s: %v.AddDays(%d).AddDays(%d) = %v", what, dt, n, -n, back)
			}
			if r.DaysSince(dt) != n || r.Compare(dt) != cmpInt(n, 0) {
				t.Errorf("%s: %v.AddDays(%d) = %v: DaysSince %d, Compare %d", what, dt, n, r, r.DaysSince(dt), r.Compare(dt))
			}
			roundTrip(what+"+n", r)
		}
		n := d % 4_000_000 // spans the whole calendar, both ways

		parsed, err := oura.ParseDate(s)
		if err != nil {
			if !errors.Is(err, oura.ErrInvalidArgument) {
				t.Errorf("ParseDate(%q) error %v does not match ErrInvalidArgument", s, err)
			}
			if !parsed.IsZero() {
				t.Errorf("ParseDate(%q) failed but returned %v", s, parsed)
			}
		} else {
			if parsed.String() != s {
				t.Errorf("ParseDate(%q) = %v (%q)", s, parsed, parsed.String())
			}
			if !parsed.IsZero() {
				roundTrip("parsed", parsed)
				addDays("parsed", parsed, n)
			}
		}

		// NewDate normalizes like time.Date and gives the zero Date
		// outside years 1 to 9999. Bounded inputs keep time.Date exact.
		y, m, d = y%20000, m%1000, d%100000
		nd := oura.NewDate(y, time.Month(m), d)
		ty, tm, td := time.Date(y, time.Month(m), d, 12, 0, 0, 0, time.UTC).Date()
		if ty < 1 || ty > 9999 {
			if !nd.IsZero() {
				t.Errorf("NewDate(%d, %d, %d) = %v, want the zero Date (year %d)", y, m, d, nd, ty)
			}
			return
		}
		if nd.IsZero() || nd.Year() != ty || nd.Month() != tm || nd.Day() != td {
			t.Errorf("NewDate(%d, %d, %d) = %v, want %04d-%02d-%02d", y, m, d, nd, ty, tm, td)
			return
		}
		roundTrip("NewDate", nd)
		addDays("NewDate", nd, n)
	})
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// FuzzTokens checks that next_token goes back to Oura exactly as it came,
// with the same range, and that the access token goes only into the
// Authorization header.
func FuzzTokens(f *testing.F) {
	for _, s := range []struct{ next, access string }{
		{"", "tok-Q7zX-never-print-me"},
		{"abc", "a"},
		{"a+b/c=d&e=f%20g h", "Q7zX+/=="},
		{"é日本\x00\u2028;#?", "Ünïcödé-token"},
		{"\xff\xfe", "\x7f\x00\x01"},
		{"next_token=x&start_date=1999-01-01", "oura: "},
		{"%2B%25", "401 Unauthorized"},
		{" ", " "},
		{"tok\r\n", "tok\ttab"},
		{"00000000", "0xc000000000"},
		{strings.Repeat("z", 300), strings.Repeat("Z", 300)},
	} {
		f.Add(s.next, s.access)
	}
	f.Fuzz(func(t *testing.T, nextToken, accessToken string) {
		fuzzNextToken(t, nextToken)
		fuzzAccessToken(t, accessToken)
	})
}

func fuzzNextToken(t *testing.T, nextToken string) {
	enc, err := json.Marshal(nextToken)
	if err != nil {
		t.Fatal(err)
	}
	var want string // what Oura's page says, after JSON decoding
	if err := json.Unmarshal(enc, &want); err != nil {
		t.Fatal(err)
	}
	first := []byte(`{"data":[],"next_token":` + string(enc) + `}`)
	newRec := func() *fuzzRecorder {
		return &fuzzRecorder{answer: func(r *http.Request) *http.Response {
			if r.URL.Query().Has("next_token") {
				return fuzzResponse(r, 200, "application/json", []byte(fuzzLastPage))
			}
			return fuzzResponse(r, 200, "application/json", first)
		}}
	}
	ctx := context.Background()
	checkPage2 := func(what string, reqs []*http.Request, wantN int) {
		t.Helper()
		if len(reqs) != wantN {
			t.Fatalf("%s: next_token %q: %d requests, want %d", what, want, len(reqs), wantN)
		}
		if wantN < 2 {
			return
		}
		q1, q2 := reqs[0].URL.Query(), reqs[1].URL.Query()
		if q1.Has("next_token") {
			t.Errorf("%s: page 1 sent next_token %q", what, q1.Get("next_token"))
		}
		if got := q2["next_token"]; len(got) != 1 || got[0] != want {
			t.Errorf("%s: page 2 sent next_token %q (raw query %q), want %q", what, got, reqs[1].URL.RawQuery, want)
		}
		for _, k := range []string{"start_date", "end_date"} {
			if q1.Get(k) == "" || q2.Get(k) != q1.Get(k) {
				t.Errorf("%s: page 2 %s = %q, page 1 %q", what, k, q2.Get(k), q1.Get(k))
			}
		}
		if reqs[1].URL.Path != fuzzSleepPath {
			t.Errorf("%s: page 2 path %q", what, reqs[1].URL.Path)
		}
	}
	wantN := 2
	if want == "" {
		wantN = 1
	}

	// The collecting call follows the token itself.
	rec := newRec()
	c, err := fuzzClient(rec, fuzzToken)
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.DailySleep(ctx, fuzzStart, fuzzEnd)
	if err != nil || len(got) != 0 {
		t.Fatalf("DailySleep with next_token %q: %d records, %v", want, len(got), err)
	}
	checkPage2("DailySleep", rec.requests(), wantN)

	// The page call hands the token out and sends it back as given.
	rec = newRec()
	if c, err = fuzzClient(rec, fuzzToken); err != nil {
		t.Fatal(err)
	}
	p1, err := c.DailySleepPage(ctx, fuzzStart, fuzzEnd, "")
	if err != nil || p1.NextToken != want {
		t.Fatalf("DailySleepPage: NextToken %q, %v; want %q", p1.NextToken, err, want)
	}
	if want != "" {
		p2, err := c.DailySleepPage(ctx, fuzzStart, fuzzEnd, p1.NextToken)
		if err != nil || p2.NextToken != "" || len(p2.Data) != 0 {
			t.Fatalf("DailySleepPage(%q) = %+v, %v; want the empty last page", p1.NextToken, p2, err)
		}
	}
	checkPage2("DailySleepPage", rec.requests(), wantN)
}

// fuzzRefAlphabet holds every byte the token-free renderings use: those of
// the errors and Client for a reference token, plus the hex digits and x of
// the pointers %#v prints. A token with a byte outside it cannot appear in
// those renderings by chance, so finding it there is a leak.
var fuzzRefAlphabet = sync.OnceValue(func() [256]bool {
	var a [256]bool
	add := func(s string) {
		for i := 0; i < len(s); i++ {
			a[s[i]] = true
		}
	}
	add("0123456789abcdefx")
	for _, tok := range []string{"", "a b"} {
		if _, err := fuzzClient(http.DefaultTransport, tok); err != nil {
			add(err.Error())
			add(fmt.Sprintf("%+v %#v", err, err))
		}
	}
	for _, s := range fuzzRender(nil, "aaaa") {
		add(s)
	}
	return a
})

// fuzzRender returns the renderings of the error of a DailySleep call
// answered by 401, and of the Client, for token.
func fuzzRender(t *testing.T, token string) []string {
	rec := &fuzzRecorder{answer: func(r *http.Request) *http.Response {
		resp := fuzzResponse(r, http.StatusUnauthorized, "application/json", []byte(`{"detail":"Invalid or expired access token"}`))
		resp.Header.Set("WWW-Authenticate", `Bearer error="invalid_token"`)
		return resp
	}}
	c, err := fuzzClient(rec, token)
	if err != nil {
		panic(err)
	}
	_, err = c.DailySleep(context.Background(), fuzzStart, fuzzEnd)
	var ae *oura.APIError
	if !errors.Is(err, oura.ErrUnauthorized) || !errors.As(err, &ae) || ae.StatusCode != http.StatusUnauthorized {
		if t == nil {
			panic(fmt.Sprintf("401 gave %v", err))
		}
		t.Errorf("401 gave %v, want an *APIError matching ErrUnauthorized", err)
	}
	reqs := rec.requests()
	if t != nil {
		if len(reqs) != 1 {
			t.Fatalf("%d requests, want 1", len(reqs))
		}
		if h := reqs[0].Header.Values("Authorization"); len(h) != 1 || h[0] != "Bearer "+token {
			t.Errorf("Authorization %q, want exactly %q", h, "Bearer "+token)
		}
	}
	out := []string{fmt.Sprint(c), fmt.Sprintf("%+v %#v %s", c, c, c), fmt.Sprintf("%v %+v %#v", *c, *c, *c)}
	if err != nil {
		out = append(out, err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err))
	}
	if ae != nil {
		out = append(out, fmt.Sprintf("%+v %#v", ae, ae), fmt.Sprintf("%#v", *ae))
	}
	return out
}

func fuzzAccessToken(t *testing.T, accessToken string) {
	checkable := false // the token has a byte no token-free rendering has
	alpha := fuzzRefAlphabet()
	for i := 0; i < len(accessToken); i++ {
		if !alpha[accessToken[i]] {
			checkable = true
		}
	}
	checkable = checkable && len(accessToken) > 3

	_, err := fuzzClient(http.DefaultTransport, accessToken)
	if err != nil {
		if !errors.Is(err, oura.ErrInvalidArgument) {
			t.Errorf("NewClient(WithToken(%q)): %v, want ErrInvalidArgument", accessToken, err)
		}
		if !badToken(accessToken) {
			t.Errorf("NewClient(WithToken(%q)) refused a token without white space or control bytes: %v", accessToken, err)
		}
		if checkable && strings.Contains(fmt.Sprintf("%v %+v %#v", err, err, err), accessToken) {
			t.Errorf("NewClient(WithToken(%q)) error shows the token: %v", accessToken, err)
		}
		return
	}
	if badToken(accessToken) {
		t.Errorf("NewClient(WithToken(%q)) accepted a blank token or one with white space or control bytes", accessToken)
	}
	for _, s := range fuzzRender(t, accessToken) {
		if checkable && strings.Contains(s, accessToken) {
			t.Errorf("token %q shows in %s", accessToken, s)
		}
	}
}

// badToken reports whether WithToken must refuse tok: blank, or holding
// white space or control characters, which cannot go in a header.
func badToken(tok string) bool {
	return strings.TrimSpace(tok) == "" || strings.ContainsFunc(tok, func(r rune) bool { return r <= ' ' || r == 0x7f })
}
