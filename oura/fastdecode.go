package oura

import (
	"encoding/json"
	"math"
	"time"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// A fast decoder for the pages of the time series (heart rate, ring
// battery level), which hold a thousand rows each and dominate a backfill.
// It gives exactly what encoding/json gives, and proves it as it goes: on
// anything it does not handle itself (a syntax error, a key that is escaped
// or not ASCII, a second "data" or "next_token", a number that is not an
// integer, a value of another type, a timestamp outside the strict RFC 3339
// form, deep nesting) it gives up and the whole page goes to encoding/json,
// which then decides. FuzzFastPage checks the two against each other.

// bodyDecoder is an answer value that decodes its own JSON body; do uses
// it instead of json.Unmarshal.
type bodyDecoder interface {
	decodeBody(b []byte) error
}

// fastPage decodes a page of T with row, or with encoding/json when row
// cannot prove its result.
type fastPage[T any] struct {
	p   *wirePage[T]
	row func(*fastDec, *T) bool
}

func (f fastPage[T]) decodeBody(b []byte) error {
	if decodePageFast(b, f.p, f.row) {
		return nil
	}
	*f.p = wirePage[T]{}
	return json.Unmarshal(b, f.p)
}

// pageTarget returns what a page of T is decoded into: a fast decoder for
// the row types that have one, p itself otherwise.
func pageTarget[T any](p *wirePage[T]) any {
	switch p := any(p).(type) {
	case *wirePage[HeartRate]:
		return fastPage[HeartRate]{p, (*fastDec).heartRate}
	case *wirePage[RingBatteryLevel]:
		return fastPage[RingBatteryLevel]{p, (*fastDec).ringBatteryLevel}
	}
	return p
}

// fastDec reads one JSON document.
type fastDec struct {
	b []byte
	i int
	// The local zone's offset over [zoneLo, zoneHi) Unix seconds, from the
	// last timestamp whose instant missed it (zoneOK false: none yet).
	zoneOK         bool
	zoneLo, zoneHi int64
	zoneOff        int
	// The last fixed zone given (see fixedZone).
	fixedOff int
	fixedLoc *time.Location
	// The date of the last timestamp and its days since 1970.
	lastDate [10]byte
	lastDays int64
	bools    []bool // backing of *bool fields, allocated in blocks
}

// A page is sized from its first row when that row has minSizingRow bytes
// or more, for at most maxSizedRows rows (Oura sends 1,000).
const (
	minSizingRow = 32
	maxSizedRows = 10_000
)

// maxSkipDepth is the deepest unknown value skipped here; deeper ones go
// to encoding/json, which has its own limit.
const maxSkipDepth = 100

// decodePageFast decodes b into *p with row for each object of data. It
// leaves *p alone and returns false when it cannot prove the result is
// encoding/json's.
func decodePageFast[T any](b []byte, p *wirePage[T], row func(*fastDec, *T) bool) bool {
	d := fastDec{b: b}
	var out wirePage[T]
	seenData, seenToken := false, false
	d.ws()
	if !d.eat('{') {
		return false
	}
	d.ws()
	if !d.eat('}') {
		for {
			d.ws()
			key, ok := d.key()
			if !ok {
				return false
			}
			switch {
			case keyIs(key, "data"):
				if seenData {
					return false
				}
				seenData = true
				if !decodeRows(&d, &out.Data, row) {
					return false
				}
			case keyIs(key, "next_token"):
				if seenToken {
					return false
				}
				seenToken = true
				if !d.null() {
					s, ok := d.str()
					if !ok {
						return false
					}
					out.NextToken = &s
				}
			default:
				if !d.skip(0) {
					return false
				}
			}
			if !d.more('}') {
				if d.i < 0 {
					return false
				}
				break
			}
		}
	}
	d.ws()
	if d.i != len(d.b) {
		return false
	}
	*p = out
	return true
}

// decodeRows decodes the value of data: null, or an array of objects and
// nulls (a null element is a zero T, as with encoding/json).
func decodeRows[T any](d *fastDec, dst *[]T, row func(*fastDec, *T) bool) bool {
	if d.null() {
		*dst = nil
		return true
	}
	if !d.eat('[') {
		return false
	}
	d.ws()
	rows := []T{}
	if d.eat(']') {
		*dst = rows
		return true
	}
	from := d.i
	for {
		d.ws()
		var zero T
		rows = append(rows, zero)
		v := &rows[len(rows)-1]
		if !d.null() {
			if !row(d, v) {
				return false
			}
		}
		if len(rows) == 1 && cap(rows) == 1 {
			// Size the page from its first row, with room for rows a little
			// shorter than it, when that row looks like a real one.
			if n := d.i - from; n >= minSizingRow {
				est := (len(d.b)-from)/n + (len(d.b)-from)/(8*n) + 1
				rows = append(make([]T, 0, min(est, maxSizedRows)), rows[0])
			}
		}
		if !d.more(']') {
			if d.i < 0 {
				return false
			}
			if cap(rows) > len(rows)+len(rows)/4+16 {
				rows = append(make([]T, 0, len(rows)), rows...) // a guess far too large
			}
			*dst = rows
			return true
		}
	}
}

// more reads the separator after a member or element: true after a comma,
// false after end. On anything else it sets d.i to -1 and returns false.
func (d *fastDec) more(end byte) bool {
	d.ws()
	if d.i < len(d.b) {
		switch d.b[d.i] {
		case ',':
			d.i++
			return true
		case end:
			d.i++
			return false
		}
	}
	d.i = -1
	return false
}

// members calls field for each member of an object, with d at its value
// and v passed on; a field returns false to give up.
func members[T any](d *fastDec, v T, field func(d *fastDec, key []byte, v T) bool) bool {
	if !d.eat('{') {
		return false
	}
	d.ws()
	if d.eat('}') {
		return true
	}
	for {
		d.ws()
		key, ok := d.key()
		if !ok || !field(d, key, v) {
			return false
		}
		if !d.more('}') {
			return d.i >= 0
		}
	}
}

func (d *fastDec) ws() { d.i = skipWS(d.b, d.i) }

// skipWS returns the index of the first byte from i on that is not JSON
// white space.
func skipWS(b []byte, i int) int {
	for i < len(b) && b[i] <= ' ' && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

func (d *fastDec) eat(c byte) bool {
	if d.i < len(d.b) && d.b[d.i] == c {
		d.i++
		return true
	}
	return false
}

// null reads a null literal if one is next.
func (d *fastDec) null() bool {
	if d.i < len(d.b) && d.b[d.i] == 'n' {
		return d.lit("null")
	}
	return false
}

func (d *fastDec) lit(s string) bool {
	if len(d.b)-d.i >= len(s) && string(d.b[d.i:d.i+len(s)]) == s {
		d.i += len(s)
		return true
	}
	return false
}

// key reads an object key and its colon. It takes only keys of printable
// ASCII without escapes: others may match a field through Unicode case
// folding, which is encoding/json's to decide.
func (d *fastDec) key() ([]byte, bool) {
	b, i := d.b, d.i
	if i >= len(b) || b[i] != '"' {
		return nil, false
	}
	i++
	start := i
	for i < len(b) && plainByte[b[i]] {
		i++
	}
	if i >= len(b) || b[i] != '"' {
		return nil, false // an escape, a byte that is not printable ASCII, or the end
	}
	key := b[start:i]
	i++
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	if i >= len(b) || b[i] != ':' {
		return nil, false
	}
	d.i = i + 1
	d.ws()
	return key, true
}

// plainByte is true for the bytes that stand for themselves in a JSON
// string: printable ASCII but the quote and the backslash.
var plainByte = func() (t [256]bool) {
	for c := ' '; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// keyIs reports whether key names the field name (lower-case ASCII), as
// encoding/json matches them: exactly or ignoring ASCII case.
func keyIs(key []byte, name string) bool {
	if len(key) != len(name) {
		return false
	}
	if string(key) == name {
		return true
	}
	for i, c := range key {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != name[i] {
			return false
		}
	}
	return true
}

// rawString reads a JSON string, checking its syntax as encoding/json's
// scanner does, and returns its body undecoded and whether it is plain:
// printable ASCII without escapes, equal to its decoded value.
func (d *fastDec) rawString() (body []byte, plain, ok bool) {
	start, end, plain, ok := scanString(d.b, d.i)
	if !ok {
		return nil, false, false
	}
	d.i = end + 1
	return d.b[start:end], plain, true
}

// scanString checks the syntax of the JSON string at b[i:] and returns
// the bounds of its body, b[start:end], and whether the body is plain.
func scanString(b []byte, i int) (start, end int, plain, ok bool) {
	if i >= len(b) || b[i] != '"' {
		return 0, 0, false, false
	}
	i++
	start = i
	for i < len(b) && plainByte[b[i]] {
		i++
	}
	if i < len(b) && b[i] == '"' {
		return start, i, true, true
	}
	for i < len(b) {
		c := b[i]
		switch {
		case c == '"':
			return start, i, false, true
		case c == '\\':
			i++
			if i >= len(b) {
				return 0, 0, false, false
			}
			switch b[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i++
			case 'u':
				if len(b)-i < 5 {
					return 0, 0, false, false
				}
				for _, h := range b[i+1 : i+5] {
					if unhex(h) < 0 {
						return 0, 0, false, false
					}
				}
				i += 5
			default:
				return 0, 0, false, false
			}
		case c < ' ':
			return 0, 0, false, false
		default:
			i++
		}
	}
	return 0, 0, false, false
}

// str reads a JSON string and decodes it as encoding/json does.
func (d *fastDec) str() (string, bool) {
	body, plain, ok := d.rawString()
	if !ok {
		return "", false
	}
	if plain {
		return string(body), true
	}
	return string(unquote(body)), true
}

// unquote decodes the body of a string whose syntax has been checked,
// exactly as encoding/json does: escapes decoded, invalid UTF-8 and lone
// surrogates replaced with U+FFFD.
func unquote(s []byte) []byte {
	b := make([]byte, 0, len(s)+utf8.UTFMax)
	for r := 0; r < len(s); {
		c := s[r]
		switch {
		case c == '\\':
			r++
			switch s[r] {
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				rr := getu4(s[r-1:])
				r += 5
				if utf16.IsSurrogate(rr) {
					if rr1 := getu4(s[r:]); rr1 >= 0 {
						if dec := utf16.DecodeRune(rr, rr1); dec != unicode.ReplacementChar {
							r += 6
							b = utf8.AppendRune(b, dec)
							continue
						}
					}
					rr = unicode.ReplacementChar
				}
				b = utf8.AppendRune(b, rr)
				continue
			default: // '"', '\\', '/'
				b = append(b, s[r])
			}
			r++
		case c < utf8.RuneSelf:
			b = append(b, c)
			r++
		default:
			rr, size := utf8.DecodeRune(s[r:])
			r += size
			b = utf8.AppendRune(b, rr)
		}
	}
	return b
}

// getu4 decodes \uXXXX at the start of s, or returns -1.
func getu4(s []byte) rune {
	if len(s) < 6 || s[0] != '\\' || s[1] != 'u' {
		return -1
	}
	var r rune
	for _, c := range s[2:6] {
		h := unhex(c)
		if h < 0 {
			return -1
		}
		r = r*16 + h
	}
	return r
}

func unhex(c byte) rune {
	switch {
	case '0' <= c && c <= '9':
		return rune(c - '0')
	case 'a' <= c && c <= 'f':
		return rune(c - 'a' + 10)
	case 'A' <= c && c <= 'F':
		return rune(c - 'A' + 10)
	}
	return -1
}

// int64 reads a JSON number that is an integer in int64's range; any
// other number is left to encoding/json (which refuses it for an integer
// field, or may accept it in another platform's int).
func (d *fastDec) int64() (int64, bool) {
	n, i, ok := parseInt(d.b, d.i)
	if ok {
		d.i = i
	}
	return n, ok
}

// parseInt parses the JSON number at b[i:] if it is an integer in int64's
// range, and returns it and the index after it.
func parseInt(b []byte, i int) (int64, int, bool) {
	neg := i < len(b) && b[i] == '-'
	if neg {
		i++
	}
	start := i
	var n uint64
	for i < len(b) {
		c := b[i] - '0'
		if c > 9 {
			break
		}
		n = n*10 + uint64(c)
		i++
	}
	digits := i - start
	switch {
	case digits == 0 || (digits > 1 && b[start] == '0'):
		return 0, 0, false
	case i < len(b) && (b[i] == '.' || b[i] == 'e' || b[i] == 'E'):
		return 0, 0, false
	case digits > 18: // may have overflowed: count again, exactly
		n = 0
		for _, c := range b[start:i] {
			if n > (math.MaxUint64-9)/10 {
				return 0, 0, false
			}
			n = n*10 + uint64(c-'0')
		}
	}
	if neg {
		if n > 1<<63 {
			return 0, 0, false
		}
		return -int64(n), i, true
	}
	if n > math.MaxInt64 {
		return 0, 0, false
	}
	return int64(n), i, true
}

// int reads an integer that fits in int.
func (d *fastDec) int() (int, bool) {
	n, ok := d.int64()
	if !ok || n < math.MinInt || n > math.MaxInt {
		return 0, false
	}
	return int(n), true
}

// boolPtr reads true, false or null for a *bool field.
func (d *fastDec) boolPtr(p **bool) bool {
	var v bool
	switch {
	case d.null():
		*p = nil
		return true
	case d.lit("true"):
		v = true
	case d.lit("false"):
	default:
		return false
	}
	if len(d.bools) == 0 {
		d.bools = make([]bool, 256)
	}
	b := &d.bools[0]
	d.bools = d.bools[1:]
	*b = v
	*p = b
	return true
}

// skip reads any JSON value, checking its syntax as encoding/json does.
func (d *fastDec) skip(depth int) bool {
	if d.i >= len(d.b) || depth > maxSkipDepth {
		return false
	}
	switch d.b[d.i] {
	case '{':
		return members(d, depth+1, func(d *fastDec, _ []byte, depth int) bool { return d.skip(depth) })
	case '[':
		d.i++
		d.ws()
		if d.eat(']') {
			return true
		}
		for {
			d.ws()
			if !d.skip(depth + 1) {
				return false
			}
			if !d.more(']') {
				return d.i >= 0
			}
		}
	case '"':
		_, _, ok := d.rawString()
		return ok
	case 't':
		return d.lit("true")
	case 'f':
		return d.lit("false")
	case 'n':
		return d.null()
	}
	return d.number()
}

// number reads a JSON number of any form.
func (d *fastDec) number() bool {
	d.eat('-')
	switch {
	case d.eat('0'):
	case d.digits() == 0:
		return false
	}
	if d.eat('.') && d.digits() == 0 {
		return false
	}
	if d.eat('e') || d.eat('E') {
		if !d.eat('+') {
			d.eat('-')
		}
		if d.digits() == 0 {
			return false
		}
	}
	return true
}

func (d *fastDec) digits() int {
	start := d.i
	for d.i < len(d.b) && '0' <= d.b[d.i] && d.b[d.i] <= '9' {
		d.i++
	}
	return d.i - start
}
