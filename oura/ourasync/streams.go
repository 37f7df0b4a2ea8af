package ourasync

import (
	"context"
	"encoding/json"
	"hash/fnv"
	"iter"
	"slices"
	"strconv"
	"time"

	"github.com/ringkit/oura-go/oura"
)

// Stream names. Every collection of the Oura API v2 is a stream; the
// first eight are the streams of the Oura data connector ([ConnectorStreams]).
const (
	DailyActivity          = "daily_activity"
	DailyReadiness         = "daily_readiness"
	DailySleep             = "daily_sleep"
	HeartRate              = "heart_rate"
	Sessions               = "sessions"
	SleepPeriods           = "sleep_periods"
	Tags                   = "tags"
	Workouts               = "workouts"
	DailyCardiovascularAge = "daily_cardiovascular_age"
	DailyResilience        = "daily_resilience"
	DailySpO2              = "daily_spo2"
	DailyStress            = "daily_stress"
	EnhancedTags           = "enhanced_tags"
	RestModePeriods        = "rest_mode_periods"
	SleepTimes             = "sleep_times"
	VO2Max                 = "vo2_max"
	RingBatteryLevel       = "ring_battery_level"
	RingConfigurations     = "ring_configurations"
	PersonalInfo           = "personal_info"
)

// ConnectorStreams is the preset of the Oura data connector's eight streams.
var ConnectorStreams = []string{DailyActivity, DailyReadiness, DailySleep, HeartRate, Sessions, SleepPeriods, Tags, Workouts}

// Kind is how a stream is read.
type Kind int

const (
	// Days: documents and daily summaries, read by day in windows of at
	// most a month; keyed by document id.
	Days Kind = iota
	// Series: time series (heart rate, ring battery), read by time in
	// Oura's 30-day chunks; keyed by timestamp (and source for heart rate).
	Series
	// Snapshot: collections without a range (ring configurations, personal
	// info), read whole on every run; keyed by id.
	Snapshot
)

// record is one fetched record, ready to be compared and handed on.
type record struct {
	key     string
	day     oura.Date
	at      time.Time // series only
	deleted bool      // a sleep whose type became "deleted"
	value   any
	data    []byte // value as JSON
	hash    string // of data
}

// stream is one row of the stream table: everything the syncer needs to
// read a collection.
type stream struct {
	name     string
	kind     Kind
	dataType oura.WebhookDataType // "" when Oura sends no webhooks for it
	// derived names the streams that are re-read for the same day when a
	// webhook event changes a document of this one.
	derived []string
	days    func(ctx context.Context, c *oura.Client, start, end oura.Date) ([]record, error)
	series  func(ctx context.Context, c *oura.Client, from, to time.Time) ([]record, error)
	whole   func(ctx context.Context, c *oura.Client) ([]record, error)
}

// dayList is the shape of the Iter method of every day collection.
type dayList[T any] func(*oura.Client, context.Context, oura.Date, oura.Date, ...oura.ListOption) iter.Seq2[T, error]

// seriesList is the shape of the Iter method of every time series.
type seriesList[T any] func(*oura.Client, context.Context, time.Time, time.Time, ...oura.ListOption) iter.Seq2[T, error]

// ident returns a document's key and day.
type ident[T any] func(*T) (key string, day oura.Date)

func dayStream[T any](name string, dt oura.WebhookDataType, list dayList[T], id ident[T]) *stream {
	return &stream{name: name, kind: Days, dataType: dt,
		days: func(ctx context.Context, c *oura.Client, start, end oura.Date) ([]record, error) {
			return collect(list(c, ctx, start, end), func(v *T) record {
				k, d := id(v)
				return record{key: k, day: d}
			})
		}}
}

func seriesStream[T any](name string, list seriesList[T], key func(*T) (string, time.Time)) *stream {
	return &stream{name: name, kind: Series,
		series: func(ctx context.Context, c *oura.Client, from, to time.Time) ([]record, error) {
			return collect(list(c, ctx, from, to), func(v *T) record {
				k, t := key(v)
				return record{key: k, at: t, day: oura.DateOf(t)}
			})
		}}
}

// collect drains seq into records, with each value's JSON and its hash.
func collect[T any](seq iter.Seq2[T, error], rec func(*T) record) ([]record, error) {
	var out []record
	for v, err := range seq {
		if err != nil {
			return nil, err
		}
		r := rec(&v)
		if err := r.encode(&v); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

func (r *record) encode(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	r.value, r.data, r.hash = v, b, hashOf(b)
	return nil
}

// hashOf is the content hash kept per key to skip unchanged records.
func hashOf(b []byte) string {
	h := fnv.New64a()
	h.Write(b)
	return strconv.FormatUint(h.Sum64(), 36)
}

// seriesKey is the key of a time-series row: its instant in UTC, so the
// same sample has the same key whatever offset it was sent with.
func seriesKey(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// streamTable is every stream, in the order a run reads them.
var streamTable = []*stream{
	dayStream(DailyActivity, oura.WebhookDataTypeDailyActivity, (*oura.Client).DailyActivityIter,
		func(v *oura.DailyActivity) (string, oura.Date) { return v.ID, v.Day }),
	dayStream(DailyReadiness, oura.WebhookDataTypeDailyReadiness, (*oura.Client).DailyReadinessIter,
		func(v *oura.DailyReadiness) (string, oura.Date) { return v.ID, v.Day }),
	dayStream(DailySleep, oura.WebhookDataTypeDailySleep, (*oura.Client).DailySleepIter,
		func(v *oura.DailySleep) (string, oura.Date) { return v.ID, v.Day }),
	seriesStream(HeartRate, (*oura.Client).HeartRateIter,
		func(v *oura.HeartRate) (string, time.Time) {
			return seriesKey(v.Timestamp) + "|" + string(v.Source), v.Timestamp
		}),
	dayStream(Sessions, oura.WebhookDataTypeSession, (*oura.Client).SessionsIter,
		func(v *oura.Session) (string, oura.Date) { return v.ID, v.Day }),
	sleepPeriods(),
	//lint:ignore SA1019 tags is one of the connector's eight streams
	dayStream(Tags, oura.WebhookDataTypeTag, (*oura.Client).TagsIter,
		func(v *oura.Tag) (string, oura.Date) { return v.ID, v.Day }),
	dayStream(Workouts, oura.WebhookDataTypeWorkout, (*oura.Client).WorkoutsIter,
		func(v *oura.Workout) (string, oura.Date) { return v.ID, v.Day }),
	dayStream(DailyCardiovascularAge, oura.WebhookDataTypeDailyCardiovascularAge, (*oura.Client).DailyCardiovascularAgeIter,
		func(v *oura.DailyCardiovascularAge) (string, oura.Date) { return v.ID, v.Day }),
	dayStream(DailyResilience, oura.WebhookDataTypeDailyResilience, (*oura.Client).DailyResilienceIter,
		func(v *oura.DailyResilience) (string, oura.Date) { return v.ID, v.Day }),
	dayStream(DailySpO2, oura.WebhookDataTypeDailySpO2, (*oura.Client).DailySpO2Iter,
		func(v *oura.DailySpO2) (string, oura.Date) { return v.ID, v.Day }),
	dayStream(DailyStress, oura.WebhookDataTypeDailyStress, (*oura.Client).DailyStressIter,
		func(v *oura.DailyStress) (string, oura.Date) { return v.ID, v.Day }),
	dayStream(EnhancedTags, oura.WebhookDataTypeEnhancedTag, (*oura.Client).EnhancedTagsIter,
		func(v *oura.EnhancedTag) (string, oura.Date) { return v.ID, v.StartDay }),
	dayStream(RestModePeriods, oura.WebhookDataTypeRestModePeriod, (*oura.Client).RestModePeriodsIter,
		func(v *oura.RestModePeriod) (string, oura.Date) { return v.ID, v.StartDay }),
	dayStream(SleepTimes, oura.WebhookDataTypeSleepTime, (*oura.Client).SleepTimesIter,
		func(v *oura.SleepTime) (string, oura.Date) { return v.ID, v.Day }),
	dayStream(VO2Max, oura.WebhookDataTypeVO2Max, (*oura.Client).VO2MaxIter,
		func(v *oura.VO2Max) (string, oura.Date) { return v.ID, v.Day }),
	seriesStream(RingBatteryLevel, (*oura.Client).RingBatteryLevelIter,
		func(v *oura.RingBatteryLevel) (string, time.Time) { return seriesKey(v.Timestamp), v.Timestamp }),
	{name: RingConfigurations, kind: Snapshot, dataType: oura.WebhookDataTypeRingConfiguration,
		whole: func(ctx context.Context, c *oura.Client) ([]record, error) {
			return collect(c.RingConfigurationsIter(ctx), func(v *oura.RingConfiguration) record { return record{key: v.ID} })
		}},
	{name: PersonalInfo, kind: Snapshot,
		whole: func(ctx context.Context, c *oura.Client) ([]record, error) {
			p, err := c.PersonalInfo(ctx)
			if err != nil {
				return nil, err
			}
			r := record{key: p.ID}
			return []record{r}, r.encode(p)
		}},
}

// sleepPeriods is the sleep stream: a period whose type became "deleted"
// is a delete, and a change refreshes the summaries computed from it.
func sleepPeriods() *stream {
	st := dayStream(SleepPeriods, oura.WebhookDataTypeSleep, (*oura.Client).SleepPeriodsIter,
		func(v *oura.SleepPeriod) (string, oura.Date) { return v.ID, v.Day })
	days := st.days
	st.days = func(ctx context.Context, c *oura.Client, start, end oura.Date) ([]record, error) {
		recs, err := days(ctx, c, start, end)
		for i := range recs {
			p := recs[i].value.(*oura.SleepPeriod)
			recs[i].deleted = p.Type != nil && *p.Type == oura.SleepTypeDeleted
		}
		return recs, err
	}
	st.derived = []string{DailySleep, DailyReadiness, SleepTimes}
	return st
}

var streamByName = func() map[string]*stream {
	m := map[string]*stream{}
	for _, s := range streamTable {
		m[s.name] = s
	}
	return m
}()

// Streams returns the names of every stream, in the order a run reads them.
func Streams() []string {
	out := make([]string, len(streamTable))
	for i, s := range streamTable {
		out[i] = s.name
	}
	return out
}

// StreamKind returns how the named stream is read, and false for an
// unknown name.
func StreamKind(name string) (Kind, bool) {
	s, ok := streamByName[name]
	if !ok {
		return 0, false
	}
	return s.kind, true
}

// streamOf returns the stream that webhook events of dt are about.
func streamOf(dt oura.WebhookDataType) *stream {
	i := slices.IndexFunc(streamTable, func(s *stream) bool { return s.dataType != "" && s.dataType == dt })
	if i < 0 {
		return nil
	}
	return streamTable[i]
}
