package oura

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"reflect"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the zones of TestFastDecodeZones on machines without a zoneinfo directory

	"github.com/google/go-cmp/cmp"
)

// sameTime compares times as encoding/json's results must match: the same
// instant in the same representation, and the same location: time.Local
// and UTC by identity, any other zone by name and offset (the fast path
// shares one fixed zone where encoding/json makes one per row).
var sameTime = cmp.Comparer(func(a, b time.Time) bool {
	kind := func(t time.Time) string {
		switch l := t.Location(); l {
		case time.UTC:
			return "UTC"
		case time.Local:
			return "Local"
		default:
			name, off := t.Zone()
			return fmt.Sprintf("fixed %q %q %d", l.String(), name, off)
		}
	}
	return a.UTC() == b.UTC() && kind(a) == kind(b)
})

// checkFast decodes b as a page of T with the fast decoder and with
// encoding/json. Where the fast path takes the page, both must give the
// same page; through decodeBody (fast path or fallback) both must give the
// same page and the same error. It reports whether the fast path took b.
func checkFast[T any](t *testing.T, b []byte, row func(*fastDec, *T) bool) bool {
	t.Helper()
	var want wirePage[T]
	wantErr := json.Unmarshal(b, &want)

	var fast wirePage[T]
	took := decodePageFast(b, &fast, row)
	if took {
		if wantErr != nil {
			t.Fatalf("fast path took %q, which encoding/json refuses: %v", b, wantErr)
		}
		if diff := cmp.Diff(want, fast, sameTime); diff != "" {
			t.Fatalf("fast path on %q (-encoding/json +fast):\n%s", b, diff)
		}
	} else if !cmp.Equal(fast, wirePage[T]{}) {
		t.Fatalf("fast path gave up on %q but changed the page: %+v", b, fast)
	}

	var got wirePage[T]
	err := fastPage[T]{&got, row}.decodeBody(b)
	if fmt.Sprint(err) != fmt.Sprint(wantErr) {
		t.Fatalf("decodeBody(%q) error %v, encoding/json %v", b, err, wantErr)
	}
	if wantErr == nil {
		if diff := cmp.Diff(want, got, sameTime); diff != "" {
			t.Fatalf("decodeBody(%q) (-encoding/json +decodeBody):\n%s", b, diff)
		}
	}
	return took
}

// fastCases are pages with the fast path's edge cases; fast tells whether
// the fast path must take the page itself.
var fastCases = []struct {
	name string
	json string
	fast bool
}{
	{"plain", `{"data":[{"bpm":61,"source":"awake","timestamp":"2024-03-01T02:00:00+02:00","timestamp_unix":1709251200000}],"next_token":"a+/b=="}`, true},
	{"empty data", `{"data":[]}`, true},
	{"no data", `{"next_token":null}`, true},
	{"null data", `{"data":null}`, true},
	{"empty object", ` { } `, true},
	{"white space", " \t\r\n{ \"data\" : [ { \"bpm\" : 1 } , { } ] , \"next_token\" : null }\n", true},
	{"keys in any case", `{"DATA":[{"BPM":62,"Source":"rest","TimeStamp":"2024-03-01T00:00:00Z","TIMESTAMP_UNIX":5}],"Next_Token":"x"}`, true},
	{"null fields", `{"data":[{"bpm":5,"bpm":null,"source":"sleep","source":null,"timestamp":"2024-03-01T00:00:00Z","timestamp":null,"timestamp_unix":null}]}`, true},
	{"null element", `{"data":[null,{"bpm":1},null]}`, true},
	{"duplicate row keys", `{"data":[{"bpm":1,"BPM":2,"source":"awake","source":"live"}]}`, true},
	{"unknown fields", `{"meta":{"a":[1,2.5e-3,-0,true,false,null,"x\u00e9\n",{"b":{}}],"c":[]},"data":[{"hrv":{"x":[[]]},"bpm":70,"extra":"\ud83d\ude00"}],"more":-1.5E+10}`, true},
	{"unknown source", `{"data":[{"source":"nap"},{"source":""}]}`, true},
	{"escaped source", `{"data":[{"source":"aw\u0061ke"},{"source":"\"\\\/\b\f\n\r\t"}]}`, true},
	{"invalid UTF-8", "{\"data\":[{\"source\":\"a\xffb\xed\xa0\x80c\"}],\"next_token\":\"t\xc3\"}", true},
	{"lone surrogates", `{"data":[{"source":"\ud800x\udc00\ud800\u0041\ud83d\ude00"}]}`, true},
	{"invalid UTF-8 in unknown field", "{\"x\":\"\xff\",\"data\":[]}", true},
	{"fractions", `{"data":[{"timestamp":"2024-03-01T00:00:00.1Z"},{"timestamp":"2024-03-01T00:00:00.123456789+05:30"},{"timestamp":"2024-03-01T00:00:00.1234567891234-03:30"}]}`, true},
	{"offsets", `{"data":[{"timestamp":"2024-03-01T00:00:00+00:00"},{"timestamp":"2024-03-01T00:00:00-00:00"},{"timestamp":"2024-07-01T12:00:00+14:00"},{"timestamp":"2024-07-01T12:00:00-12:00"},{"timestamp":"2024-07-01T12:00:00+23:59"}]}`, true},
	{"leap days", `{"data":[{"timestamp":"2024-02-29T23:59:59Z"},{"timestamp":"2000-02-29T00:00:00Z"},{"timestamp":"0000-02-29T00:00:00Z"},{"timestamp":"9999-12-31T23:59:59+01:00"},{"timestamp":"0000-01-01T00:00:00-01:00"}]}`, true},
	{"integers", `{"data":[{"bpm":-0,"timestamp_unix":-9223372036854775808},{"bpm":9223372036854775807,"timestamp_unix":0}]}`, true},
	{"battery", `{"data":[{"charging":true,"in_charger":false,"level":80,"timestamp":"2024-03-01T00:00:00Z","timestamp_unix":1}]}`, true},
	{"battery nulls", `{"data":[{"charging":true,"charging":null,"in_charger":null,"level":null}]}`, true},

	{"escaped key", `{"d\u0061ta":[{"bpm":1}]}`, false},
	{"escaped row key", `{"data":[{"b\u0070m":1}]}`, false},
	{"folded key", `{"data":[{"ſource":"awake"}]}`, false},
	{"duplicate data", `{"data":[{"bpm":1}],"data":[{"source":"awake"}]}`, false},
	{"duplicate token", `{"next_token":"a","next_token":null}`, false},
	{"fraction", `{"data":[{"bpm":1.0}]}`, false},
	{"exponent", `{"data":[{"bpm":1e2}]}`, false},
	{"overflow", `{"data":[{"timestamp_unix":9223372036854775808}]}`, false},
	{"string number", `{"data":[{"bpm":"61"}]}`, false},
	{"leading zero", `{"data":[{"bpm":01}]}`, false},
	{"syntax error", `{"data":[{"bpm":1,}]}`, false},
	{"bad escape", `{"data":[{"source":"\x"}]}`, false},
	{"control character", "{\"data\":[{\"source\":\"a\tb\"}]}", false},
	{"truncated", `{"data":[{"bpm":1}`, false},
	{"trailing data", `{"data":[]} {}`, false},
	{"not an object", `[{"bpm":1}]`, false},
	{"null page", `null`, false},
	{"row not an object", `{"data":[1]}`, false},
	{"lower-case t", `{"data":[{"timestamp":"2024-03-01t00:00:00Z"}]}`, false},
	{"no zone", `{"data":[{"timestamp":"2024-03-01T00:00:00"}]}`, false},
	{"bad day", `{"data":[{"timestamp":"2023-02-29T00:00:00Z"}]}`, false},
	{"leap second", `{"data":[{"timestamp":"2016-12-31T23:59:60Z"}]}`, false},
	{"one-digit hour", `{"data":[{"timestamp":"2024-03-01T1:00:00Z"}]}`, false},
	{"escaped time", `{"data":[{"timestamp":"2024-03-01T00:00:00\u005a"}]}`, false},
	{"time not a string", `{"data":[{"timestamp":0}]}`, false},
	{"bool not a bool", `{"data":[{"charging":1}]}`, false},
	{"deep nesting", `{"x":` + strings.Repeat("[", 200) + strings.Repeat("]", 200) + `,"data":[]}`, false},
}

func TestFastDecodeDifferential(t *testing.T) {
	t.Parallel()
	for _, tc := range fastCases {
		t.Run(tc.name, func(t *testing.T) {
			b := []byte(tc.json)
			hr := checkFast(t, b, (*fastDec).heartRate)
			rb := checkFast(t, b, (*fastDec).ringBatteryLevel)
			battery := strings.Contains(tc.json, "charging") || strings.Contains(tc.json, "level")
			heart := strings.Contains(tc.json, "bpm") || strings.Contains(tc.json, "source")
			switch {
			case tc.fast:
				if !battery && !hr {
					t.Errorf("heart-rate fast path gave up on %s", tc.json)
				}
				if !heart && !rb {
					t.Errorf("battery fast path gave up on %s", tc.json)
				}
			case heart && hr, battery && rb, !heart && !battery && (hr || rb):
				t.Errorf("fast path took %s (heart rate %v, battery %v); it must leave it to encoding/json", tc.json, hr, rb)
			}
		})
	}
	t.Run("zones", func(t *testing.T) {
		// Around the daylight-saving changes of Europe and the US, in
		// offsets of the zone before and after, whatever the local zone.
		var rows []string
		for _, at := range []string{"2024-03-31T01:00:00Z", "2024-10-27T01:00:00Z", "2024-03-10T10:00:00Z", "2024-11-03T09:00:00Z", "1970-01-01T00:00:00Z"} {
			t0, _ := time.Parse(time.RFC3339, at)
			for _, d := range []time.Duration{-time.Hour - time.Second, -time.Second, 0, time.Second, time.Hour} {
				for _, off := range []int{-8, -7, -5, -4, 0, 1, 2, 5} {
					ts := t0.Add(d).In(time.FixedZone("", off*3600)).Format(time.RFC3339Nano)
					rows = append(rows, `{"timestamp":"`+ts+`"}`)
				}
				rows = append(rows, `{"timestamp":"`+t0.Add(d).In(time.FixedZone("", 19800)).Format(time.RFC3339)+`"}`)
			}
		}
		b := []byte(`{"data":[` + strings.Join(rows, ",") + `]}`)
		if !checkFast(t, b, (*fastDec).heartRate) {
			t.Error("fast path gave up on the zone rows")
		}
	})
	t.Run("page", func(t *testing.T) {
		if !checkFast(t, benchPage(t), (*fastDec).heartRate) {
			t.Error("fast path gave up on a page Oura sends")
		}
	})
}

// TestFastDecodeZones runs the differential test again with local zones
// that have daylight saving time or half-hour offsets, where the Local
// location decides, in child processes with TZ set.
func TestFastDecodeZones(t *testing.T) {
	t.Parallel()
	if os.Getenv("OURA_FAST_ZONE_CHILD") != "" {
		t.Skip("child")
	}
	for _, zone := range []string{"Europe/Berlin", "America/New_York", "Asia/Kolkata", "UTC"} {
		cmd := exec.Command(os.Args[0], "-test.run=^(TestFastDecodeDifferential|TestFastDecodeLocalZone)$", "-test.count=1")
		cmd.Env = append(os.Environ(), "TZ="+zone, "OURA_FAST_ZONE_CHILD="+zone)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("TZ=%s: %v\n%s", zone, err, out)
		}
	}
}

// TestFastDecodeLocalZone checks, in TestFastDecodeZones's children, that
// the zone asked for is the local one and that the fast path gives Local
// where encoding/json does.
func TestFastDecodeLocalZone(t *testing.T) {
	t.Parallel()
	zone := os.Getenv("OURA_FAST_ZONE_CHILD")
	if zone == "" {
		t.Skip("run by TestFastDecodeZones")
	}
	want, err := time.LoadLocation(zone)
	if err != nil {
		t.Fatal(err)
	}
	for _, month := range []time.Month{time.January, time.July} {
		at := time.Date(2024, month, 1, 12, 0, 0, 0, want)
		_, off := at.Zone()
		if _, local := at.In(time.Local).Zone(); local != off {
			t.Fatalf("TZ=%s did not set the local zone: offset %d, want %d", zone, local, off)
		}
	}
	at := time.Date(2024, time.July, 1, 12, 0, 0, 0, want)
	var p wirePage[HeartRate]
	b := []byte(`{"data":[{"timestamp":"` + at.Format(time.RFC3339) + `"}]}`)
	if !decodePageFast(b, &p, (*fastDec).heartRate) {
		t.Fatal("fast path gave up")
	}
	if loc := p.Data[0].Timestamp.Location(); zone != "UTC" && loc != time.Local {
		t.Errorf("location %v, want Local", loc)
	}
	checkFast(t, b, (*fastDec).heartRate)
}

// FuzzFastPage compares the fast decoder with encoding/json on arbitrary
// input, as a heart-rate page and as a ring-battery page.
func FuzzFastPage(f *testing.F) {
	for _, tc := range fastCases {
		f.Add([]byte(tc.json))
	}
	f.Add(benchPage(f)[:4000])
	f.Fuzz(func(t *testing.T, b []byte) {
		checkFast(t, b, (*fastDec).heartRate)
		checkFast(t, b, (*fastDec).ringBatteryLevel)
	})
}

// TestFastDecodeFieldsMatchModels fails when a model the fast decoder
// knows gains, loses or changes a field: the decoder must learn it first.
func TestFastDecodeFieldsMatchModels(t *testing.T) {
	t.Parallel()
	check := func(typ reflect.Type, fs *fields, want map[string]string) {
		got := map[string]string{}
		for i := range typ.NumField() {
			f := typ.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			got[name] = f.Type.String()
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%v fields changed; teach fastrows.go (-known +model):\n%s", typ, diff)
		}
		for _, n := range fs.names {
			if _, ok := got[n]; !ok {
				t.Errorf("%v has no field %q", typ, n)
			}
		}
		if len(fs.names) != len(got) {
			t.Errorf("%v: the decoder knows %d fields, the model has %d", typ, len(fs.names), len(got))
		}
	}
	check(reflect.TypeFor[HeartRate](), heartRateFields, map[string]string{
		"bpm": "int", "source": "oura.HeartRateSource", "timestamp": "time.Time", "timestamp_unix": "int64"})
	check(reflect.TypeFor[RingBatteryLevel](), ringBatteryLevelFields, map[string]string{
		"charging": "*bool", "in_charger": "*bool", "level": "int", "timestamp": "time.Time", "timestamp_unix": "int64"})
}

// TestFastDecodeSizesPagesSanely: a page is not given room for far more
// rows than it holds, whatever its first row.
func TestFastDecodeSizesPagesSanely(t *testing.T) {
	t.Parallel()
	for _, first := range []string{"null", "{}", `{"bpm":1}`, string(benchPage(t)[9:107])} {
		rows := strings.Repeat(`,{"bpm":61,"source":"awake","timestamp":"2024-03-01T02:00:00+02:00","timestamp_unix":1709251200000,"x":"`+strings.Repeat("y", 900)+`"}`, 100)
		var p wirePage[HeartRate]
		if !decodePageFast([]byte(`{"data":[`+first+rows+`]}`), &p, (*fastDec).heartRate) {
			t.Fatalf("fast path gave up on a page starting with %s", first)
		}
		if n := len(p.Data); n != 101 || cap(p.Data) > n+n/4+16 {
			t.Errorf("first row %.20s: %d rows in room for %d", first, n, cap(p.Data))
		}
	}
}
