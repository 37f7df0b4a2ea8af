package oura

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// fuzzNow is the fixed "now" of FuzzRetryAfter. Its fraction of a second
// checks that an HTTP date (whole seconds) is still read to the second.
var fuzzNow = time.Date(2024, time.March, 1, 12, 0, 0, 400_000_000, time.UTC)

const maxRetryAfter = 24 * time.Hour

// fuzzAbsMod returns |v| mod m, without overflowing on math.MinInt64.
func fuzzAbsMod(v, m int64) int64 {
	u := uint64(v)
	if v < 0 {
		u = -u
	}
	return int64(u % uint64(m))
}

// FuzzRetryAfter checks parseRetryAfter: never negative, never above 24h,
// whole seconds, blind to surrounding white space, exact for delay-seconds
// and to the second for HTTP dates.
func FuzzRetryAfter(f *testing.F) {
	seeds := []struct {
		v   string
		off int64
	}{
		{"", 0},
		{"0", 0},
		{"1", 1},
		{"120", 120},
		{" 86400 ", 86400},
		{"86401", 86401},
		{"-5", -5},
		{"+30", 30},
		{"1.5", 2},
		{"0x10", 16},
		{"99999999999999999999", 1 << 40},
		{"Fri, 01 Mar 2024 12:02:00 GMT", 120},
		{"Friday, 01-Mar-24 12:02:00 GMT", 3600},
		{"Fri Mar  1 12:02:00 2024", 86400},
		{"Thu, 29 Feb 2024 12:00:00 GMT", -3600},
		{"Sat, 02 Mar 2024 12:00:00 GMT", 86399},
		{"Sat, 02 Mar 2024 12:00:01 GMT", 86401},
		{"Fri, 01 Mar 2024 12:00:00 GMT", 0},
		{"not a date", -1},
	}
	for _, s := range seeds {
		f.Add(s.v, s.off)
	}
	f.Fuzz(func(t *testing.T, v string, off int64) {
		check := func(v string) time.Duration {
			t.Helper()
			got := parseRetryAfter(v, fuzzNow)
			if got < 0 || got > maxRetryAfter {
				t.Errorf("parseRetryAfter(%q) = %v, want 0 <= d <= 24h", v, got)
			}
			if got%time.Second != 0 {
				t.Errorf("parseRetryAfter(%q) = %v, not whole seconds", v, got)
			}
			for _, pad := range []string{" ", "\t", " \t "} {
				if p := parseRetryAfter(pad+v+pad, fuzzNow); p != got {
					t.Errorf("parseRetryAfter(%q) = %v but %q gives %v", v, got, pad+v+pad, p)
				}
			}
			return got
		}

		// Any input.
		got := check(v)
		if isDigits(v) && len(v) <= 18 { // fits an int64
			n, _ := strconv.ParseInt(v, 10, 64)
			want := maxRetryAfter
			if n <= 86400 { // (n seconds may overflow a Duration)
				want = time.Duration(n) * time.Second
			}
			if got != want {
				t.Errorf("parseRetryAfter(%q) = %v, want %v", v, got, want)
			}
		}

		// Delay-seconds from 1 to 86400.
		n := 1 + fuzzAbsMod(off, 86400)
		if got, want := check(strconv.FormatInt(n, 10)), time.Duration(n)*time.Second; got != want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", strconv.FormatInt(n, 10), got, want)
		}

		// HTTP dates from 1s to 24h ahead, in the three formats of RFC 9110;
		// in the past they mean no wait.
		d := time.Duration(n) * time.Second
		for _, layout := range []string{http.TimeFormat, time.RFC850, time.ANSIC} {
			ahead := fuzzNow.Add(d).UTC().Format(layout)
			if got := check(ahead); got < d-time.Second || got > d+time.Second {
				t.Errorf("parseRetryAfter(%q) = %v, want %v ± 1s", ahead, got, d)
			}
			past := fuzzNow.Add(-d).UTC().Format(layout)
			if got := check(past); got != 0 {
				t.Errorf("parseRetryAfter(%q) = %v for a past date, want 0", past, got)
			}
		}

		// An HTTP date at any offset within ±200 years: still 0..24h, and
		// exactly 24h when it is a whole day or more ahead.
		span := int64(200 * 365 * 24 * 3600)
		s := fuzzAbsMod(off, span)
		if off < 0 {
			s = -s
		}
		at := fuzzNow.Add(time.Duration(s) * time.Second).UTC().Format(http.TimeFormat)
		got = check(at)
		if s > 86400 && got != maxRetryAfter {
			t.Errorf("parseRetryAfter(%q) (%ds ahead) = %v, want the 24h cap", at, s, got)
		}
	})
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// FuzzErrorBody checks parseErrorBody: the detail is one line of valid
// UTF-8 without surrounding white space, at most 300 bytes plus "...", and
// not empty when validation items were parsed.
func FuzzErrorBody(f *testing.F) {
	for _, s := range []string{
		``,
		`null`,
		`{}`,
		`{"detail":"Invalid token"}`,
		`{"detail":""}`,
		`{"detail":"  line one\nline two\r\n\tthree  "}`,
		`{"detail":[{"loc":["query","start_date"],"msg":"invalid date format","type":"value_error.date"}]}`,
		`{"detail":[{"loc":[],"msg":""}]}`,
		`{"detail":[{"loc":["body",0,1.5,null,true],"msg":"x"},{"loc":["q"],"msg":"y"}]}`,
		`{"detail":[]}`,
		`{"detail":{"nested":"object"}}`,
		`{"message":"Rate limit exceeded"}`,
		`{"title":"Forbidden","status":403}`,
		`{"detail":"` + strings.Repeat("é", 200) + `"}`,
		`{"detail":"\u2028sep\u0085nel\u00a0nbsp"}`,
		`<html><body><h1>502 Bad Gateway</h1></body></html>`,
		"upstream connect error\n or disconnect/reset before headers",
		"\xff\xfe binary",
		`{"detail":"tru`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		detail, items := parseErrorBody(body)
		if strings.ContainsAny(detail, "\n\r\v\f\u0085\u2028\u2029") {
			t.Errorf("detail %q has a line break", detail)
		}
		if len(detail) > 303 {
			t.Errorf("detail is %d bytes, want at most 303: %q", len(detail), detail)
		}
		if !utf8.ValidString(detail) {
			t.Errorf("detail %q is not valid UTF-8", detail)
		}
		if strings.TrimSpace(detail) != detail {
			t.Errorf("detail %q has surrounding white space", detail)
		}
		if len(items) > 0 && detail == "" {
			t.Errorf("%d validation items but an empty detail", len(items))
		}
		d2, items2 := parseErrorBody(body)
		if d2 != detail || len(items2) != len(items) {
			t.Errorf("parseErrorBody is not deterministic: %q/%d then %q/%d", detail, len(items), d2, len(items2))
		}
	})
}
