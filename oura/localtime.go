package oura

import (
	"encoding/json"
	"fmt"
	"time"
)

// UnknownOffset is the location of a time Oura sent without a UTC offset.
// Oura's document types tags' timestamp and enhanced tags' start_time and
// end_time as local date-times: answers usually carry the user's offset,
// which is kept, but a value without one is read as that wall-clock time
// in UnknownOffset (offset 0). Test for it with t.Location() == UnknownOffset.
// Tags and enhanced tags encode such a time without an offset again, so a
// JSON round trip keeps it in UnknownOffset.
var UnknownOffset = time.FixedZone("unknown offset", 0)

// localLayout is a local date-time: RFC 3339 without an offset.
const localLayout = "2006-01-02T15:04:05.999999999"

// localTime decodes an RFC 3339 time, or a local date-time without offset.
type localTime struct{ t *time.Time }

func (l localTime) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	t, err := parseLocalTime(s)
	if err != nil {
		return err
	}
	*l.t = t
	return nil
}

func parseLocalTime(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	if t, err := time.ParseInLocation(localLayout, s, UnknownOffset); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("parsing time %q: neither RFC 3339 nor a local date-time", short(s))
}

// MarshalJSON encodes a time in UnknownOffset as the local date-time it
// was read from, and any other time as encoding/json does.
func (l localTime) MarshalJSON() ([]byte, error) {
	if l.t.Location() == UnknownOffset {
		return []byte(`"` + l.t.Format(localLayout) + `"`), nil
	}
	return l.t.MarshalJSON()
}

// UnmarshalJSON decodes a tag; its timestamp may lack an offset (see
// UnknownOffset).
func (t *Tag) UnmarshalJSON(b []byte) error {
	type plain Tag
	v := struct {
		*plain
		Timestamp localTime `json:"timestamp"`
	}{plain: (*plain)(t), Timestamp: localTime{&t.Timestamp}}
	return json.Unmarshal(b, &v)
}

// UnmarshalJSON decodes an enhanced tag; its start_time and end_time may
// lack an offset (see UnknownOffset).
func (t *EnhancedTag) UnmarshalJSON(b []byte) error {
	type plain EnhancedTag
	var end time.Time
	v := struct {
		*plain
		StartTime localTime `json:"start_time"`
		EndTime   localTime `json:"end_time"`
	}{plain: (*plain)(t), StartTime: localTime{&t.StartTime}, EndTime: localTime{&end}}
	t.EndTime = nil
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	if !end.IsZero() {
		t.EndTime = &end
	}
	return nil
}

// MarshalJSON encodes a tag; a timestamp in UnknownOffset keeps no offset.
func (t Tag) MarshalJSON() ([]byte, error) {
	type plain Tag
	return json.Marshal(struct {
		plain
		Timestamp localTime `json:"timestamp"`
	}{plain(t), localTime{&t.Timestamp}})
}

// MarshalJSON encodes an enhanced tag; times in UnknownOffset keep no
// offset.
func (t EnhancedTag) MarshalJSON() ([]byte, error) {
	type plain EnhancedTag
	v := struct {
		plain
		StartTime localTime  `json:"start_time"`
		EndTime   *localTime `json:"end_time,omitempty"`
	}{plain: plain(t), StartTime: localTime{&t.StartTime}}
	if t.EndTime != nil {
		v.EndTime = &localTime{t.EndTime}
	}
	return json.Marshal(v)
}
