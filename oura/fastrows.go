package oura

import "time"

// Row decoders of the fast page decoder (fastdecode.go): one per hot row
// type, each field decoded as encoding/json decodes it into that type.

// fields names the fields of a row type: keys holds each field's JSON
// name quoted and followed by a colon, as Oura writes it, in Oura's order.
type fields struct {
	keys, names []string
}

func newFields(names ...string) *fields {
	f := &fields{names: names}
	for _, n := range names {
		f.keys = append(f.keys, `"`+n+`":`)
	}
	return f
}

// row decodes an object into v: set decodes the value of field f (-1 for
// an unknown key). Members usually come in the same order, so the key
// after the last one is tried first, whole.
func row[T any](d *fastDec, v *T, fs *fields, set func(d *fastDec, f int, v *T) bool) bool {
	b, i := d.b, d.i
	if i >= len(b) || b[i] != '{' {
		return false
	}
	i = skipWS(b, i+1)
	if i < len(b) && b[i] == '}' {
		d.i = i + 1
		return true
	}
	next := 0
	for {
		f := -1
		if next < len(fs.keys) && hasAt(b, i, fs.keys[next]) {
			f = next
			d.i = skipWS(b, i+len(fs.keys[next]))
		} else {
			d.i = i
			key, ok := d.key()
			if !ok {
				return false
			}
			for k, name := range fs.names {
				if keyIs(key, name) {
					f = k
					break
				}
			}
		}
		if !set(d, f, v) {
			return false
		}
		next = f + 1
		i = skipWS(b, d.i)
		if i >= len(b) {
			return false
		}
		switch b[i] {
		case ',':
			i = skipWS(b, i+1)
		case '}':
			d.i = i + 1
			return true
		default:
			return false
		}
	}
}

// hasAt reports whether b holds s at i.
func hasAt(b []byte, i int, s string) bool {
	return len(b)-i >= len(s) && string(b[i:i+len(s)]) == s
}

var heartRateFields = newFields("bpm", "source", "timestamp", "timestamp_unix")

func (d *fastDec) heartRate(v *HeartRate) bool { return row(d, v, heartRateFields, setHeartRate) }

func setHeartRate(d *fastDec, f int, v *HeartRate) bool {
	switch f {
	case 0:
		return d.intField(&v.BPM)
	case 1:
		return d.source(&v.Source)
	case 2:
		return d.timeField(&v.Timestamp)
	case 3:
		return d.int64Field(&v.TimestampUnix)
	}
	return d.skip(0)
}

var ringBatteryLevelFields = newFields("charging", "in_charger", "level", "timestamp", "timestamp_unix")

func (d *fastDec) ringBatteryLevel(v *RingBatteryLevel) bool {
	return row(d, v, ringBatteryLevelFields, setRingBatteryLevel)
}

func setRingBatteryLevel(d *fastDec, f int, v *RingBatteryLevel) bool {
	switch f {
	case 0:
		return d.boolPtr(&v.Charging)
	case 1:
		return d.boolPtr(&v.InCharger)
	case 2:
		return d.intField(&v.Level)
	case 3:
		return d.timeField(&v.Timestamp)
	case 4:
		return d.int64Field(&v.TimestampUnix)
	}
	return d.skip(0)
}

// intField decodes an int; null leaves it as it is.
func (d *fastDec) intField(p *int) bool {
	if d.null() {
		return true
	}
	n, ok := d.int()
	*p = n
	return ok
}

// int64Field decodes an int64; null leaves it as it is.
func (d *fastDec) int64Field(p *int64) bool {
	if d.null() {
		return true
	}
	n, ok := d.int64()
	*p = n
	return ok
}

// source decodes a HeartRateSource as its UnmarshalJSON does: null makes
// it empty, the known values are shared constants.
func (d *fastDec) source(p *HeartRateSource) bool {
	if d.null() {
		*p = ""
		return true
	}
	body, plain, ok := d.rawString()
	if !ok {
		return false
	}
	if !plain {
		*p = HeartRateSource(unquote(body))
		return true
	}
	switch string(body) {
	case "awake":
		*p = HeartRateSourceAwake
	case "rest":
		*p = HeartRateSourceRest
	case "sleep":
		*p = HeartRateSourceSleep
	case "workout":
		*p = HeartRateSourceWorkout
	case "live":
		*p = HeartRateSourceLive
	case "session":
		*p = HeartRateSourceSession
	default:
		*p = HeartRateSource(body)
	}
	return true
}

// timeField decodes a time.Time as its UnmarshalJSON does (null leaves it
// as it is), for timestamps in strict RFC 3339 form.
func (d *fastDec) timeField(p *time.Time) bool {
	if d.null() {
		return true
	}
	// time.Time does not unescape, so a timestamp is the bytes between the
	// quotes, and the strict form checks each of them.
	if !d.eat('"') {
		return false
	}
	t, n, ok := d.rfc3339(d.b[d.i:])
	if !ok || d.i+n >= len(d.b) || d.b[d.i+n] != '"' {
		return false
	}
	d.i += n + 1
	*p = t
	return true
}

// rfc3339 parses YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM) as
// time.Time.UnmarshalJSON does: the same instant, UTC for Z, Local when the
// offset is the local zone's at that instant, a fixed zone with no name
// otherwise. It parses the start of s and returns the length parsed; other
// forms, which time.Parse may still accept, return false.
func (d *fastDec) rfc3339(s []byte) (time.Time, int, bool) {
	all := len(s)
	if len(s) < len("2006-01-02T15:04:05Z") || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' {
		return time.Time{}, 0, false
	}
	hour, ok3 := num(s[11:13], 0, 23)
	minute, ok4 := num(s[14:16], 0, 59)
	sec, ok5 := num(s[17:19], 0, 59)
	if !(ok3 && ok4 && ok5) {
		return time.Time{}, 0, false
	}
	days := d.lastDays
	if d.lastDate[0] == 0 || string(s[:10]) != string(d.lastDate[:]) {
		year, ok1 := num(s[0:4], 0, 9999)
		month, ok2 := num(s[5:7], 1, 12)
		if !(ok1 && ok2) {
			return time.Time{}, 0, false
		}
		day, ok := num(s[8:10], 1, daysIn(month, year))
		if !ok {
			return time.Time{}, 0, false
		}
		days = daysFromCivil(year, month, day)
		copy(d.lastDate[:], s[:10])
		d.lastDays = days
	}
	s = s[19:]
	nsec := 0
	if len(s) >= 2 && s[0] == '.' && isDigit(s[1]) {
		n := 1
		for ; n < len(s) && isDigit(s[n]); n++ {
			if n <= 9 {
				nsec = nsec*10 + int(s[n]-'0')
			}
		}
		for k := n; k <= 9; k++ {
			nsec *= 10
		}
		s = s[n:]
	}
	unix := days*(24*3600) + int64(hour*3600+minute*60+sec)
	if len(s) >= 1 && s[0] == 'Z' {
		return time.Unix(unix, int64(nsec)).UTC(), all - len(s) + 1, true
	}
	if len(s) < len("-07:00") || (s[0] != '+' && s[0] != '-') || s[3] != ':' {
		return time.Time{}, 0, false
	}
	hh, ok1 := num(s[1:3], 0, 23)
	mm, ok2 := num(s[4:6], 0, 59)
	if !ok1 || !ok2 {
		return time.Time{}, 0, false
	}
	off := (hh*60 + mm) * 60
	if s[0] == '-' {
		off = -off
	}
	unix -= int64(off)
	t := time.Unix(unix, int64(nsec)) // in Local
	n := all - len(s) + len("-07:00")
	if d.localOffset(t, unix) == off {
		return t, n, true
	}
	return t.In(d.fixedZone(off)), n, true
}

// localOffset returns the local zone's offset at t (a Local time at
// Unix second unix), remembering the span of the zone.
func (d *fastDec) localOffset(t time.Time, unix int64) int {
	if d.zoneOK && d.zoneLo <= unix && unix < d.zoneHi {
		return d.zoneOff
	}
	_, off := t.Zone()
	lo, hi := t.ZoneBounds()
	d.zoneOK, d.zoneOff, d.zoneLo, d.zoneHi = true, off, -1<<63, 1<<63-1
	if !lo.IsZero() {
		d.zoneLo = lo.Unix()
	}
	if !hi.IsZero() {
		d.zoneHi = hi.Unix()
	}
	return off
}

// fixedZone returns time.FixedZone("", off), which encoding/json gives a
// timestamp whose offset is not the local zone's. Go shares the zones of
// whole hours; any other is shared here by the rows of one page.
func (d *fastDec) fixedZone(off int) *time.Location {
	if d.fixedLoc == nil || d.fixedOff != off {
		d.fixedOff, d.fixedLoc = off, time.FixedZone("", off)
	}
	return d.fixedLoc
}

// num parses the decimal digits of s as a number in [lo, hi].
func num(s []byte, lo, hi int) (int, bool) {
	n := 0
	for _, c := range s {
		if !isDigit(c) {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, lo <= n && n <= hi
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isLeap(year int) bool { return year%4 == 0 && (year%100 != 0 || year%400 == 0) }

func daysIn(month, year int) int {
	switch month {
	case 2:
		if isLeap(year) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil returns the days from 1970-01-01 to the given date of the
// proleptic Gregorian calendar (year 0 and on).
func daysFromCivil(year, month, day int) int64 {
	y := int64(year)
	if month <= 2 {
		y--
	}
	era := y
	if era < 0 {
		era -= 399
	}
	era /= 400
	yoe := y - era*400
	m := int64(month)
	if m > 2 {
		m -= 3
	} else {
		m += 9
	}
	doy := (153*m+2)/5 + int64(day) - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}
