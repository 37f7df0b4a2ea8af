package ouratest

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
	"time"

	"github.com/ringkit/oura-go/oura"
)

// The synthetic documents of a Dataset. Each collection's generator is
// named after its method in the table of collections (internal/catalog):
// dailySleep for DailySleep, heartRateAt and heartRateEvery for HeartRate.

// span returns the index of the first sample at or after start and the
// number of samples up to end (included when inclusive).
func span(every time.Duration, start, end time.Time, inclusive bool) (first, n int64) {
	step := every.Nanoseconds()
	s, e := start.UnixNano(), end.UnixNano()
	first = ceilDiv(s, step)
	last := ceilDiv(e, step) - 1 // last index before end
	if inclusive && e%step == 0 {
		last++
	}
	if last < first {
		return first, 0
	}
	return first, last - first + 1
}

func ceilDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a > 0) == (b > 0) {
		q++
	}
	return q
}

func (ds *Dataset) heartRateEvery() time.Duration { return ds.hrEvery }

// heartRateAt returns sample i, taken at i intervals since the Unix epoch.
func (ds *Dataset) heartRateAt(i int64) oura.HeartRate {
	t := time.Unix(0, i*ds.hrEvery.Nanoseconds()).UTC()
	r := newRand("heartrate", i)
	local := t.In(ds.loc)
	src, base := oura.HeartRateSourceAwake, 72
	switch h := local.Hour(); {
	case h < 6:
		src, base = oura.HeartRateSourceSleep, 54
	case h == 18 && local.Minute() < 45:
		src, base = oura.HeartRateSourceWorkout, 128
	case h == 13 && local.Minute() < 10:
		src, base = oura.HeartRateSourceRest, 62
	}
	return oura.HeartRate{
		Timestamp:     t,
		TimestampUnix: t.UnixMilli(),
		BPM:           base + r.intn(12),
		Source:        src,
	}
}

// rnd is a tiny deterministic generator seeded from a key.
type rnd struct{ s uint64 }

func newRand(parts ...any) *rnd {
	h := fnv.New64a()
	for _, p := range parts {
		fmt.Fprint(h, p, "|")
	}
	return &rnd{s: h.Sum64()}
}

func (r *rnd) next() uint64 { // splitmix64
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

func (r *rnd) intn(n int) int       { return int(r.next() % uint64(n)) }
func (r *rnd) between(a, b int) int { return a + r.intn(b-a+1) }

func ptr[T any](v T) *T { return &v }

// dayNumber is the day count used in ids.
func dayNumber(d oura.Date) int { return d.DaysSince(oura.NewDate(1970, time.January, 1)) }

// docID returns a UUID-shaped id that names the collection, day and index,
// so a Server can find the document again.
func docID(collection string, d oura.Date, idx int) string {
	r := newRand("id", collection, d, idx)
	return fmt.Sprintf("%08x-%04x-4%03x-8%03x-%012x", dayNumber(d), registry[collection].index, idx, 0, r.next()&0xffffffffffff)
}

// parseDocID undoes docID.
func parseDocID(id string) (collection string, d oura.Date, idx int, ok bool) {
	parts := strings.Split(id, "-")
	if len(parts) != 5 || len(id) != 36 {
		return "", oura.Date{}, 0, false
	}
	dn, err1 := strconv.ParseInt(parts[0], 16, 64)
	ci, err2 := strconv.ParseInt(parts[1], 16, 64)
	ix, err3 := strconv.ParseInt(parts[2][1:], 16, 64)
	if err1 != nil || err2 != nil || err3 != nil {
		return "", oura.Date{}, 0, false
	}
	for name, c := range registry {
		if c.kind == dayKind && int64(c.index) == ci {
			collection = name
		}
	}
	d = oura.NewDate(1970, time.January, 1).AddDays(int(dn))
	if collection == "" || d.IsZero() || docID(collection, d, int(ix)) != id {
		return "", oura.Date{}, 0, false
	}
	return collection, d, int(ix), true
}

// at returns the given local clock time on day d.
func (ds *Dataset) at(d oura.Date, hour, min int) time.Time {
	t := d.In(ds.loc)
	return t.Add(time.Duration(hour)*time.Hour + time.Duration(min)*time.Minute)
}

// sample returns n evenly spaced values with some missing (nil) ones.
func sample(r *rnd, start time.Time, interval float64, n, lo, hi int) oura.Sample {
	items := make([]*float64, n)
	for i := range items {
		if r.intn(9) == 0 {
			continue // a gap: Oura sends null
		}
		items[i] = ptr(float64(r.between(lo*10, hi*10)) / 10)
	}
	return oura.Sample{Interval: interval, Items: items, Timestamp: start}
}

func (ds *Dataset) dailyActivity(d oura.Date) []oura.DailyActivity {
	r := newRand("daily_activity", d)
	steps := r.between(2500, 16000)
	a := oura.DailyActivity{
		ID:                        docID("daily_activity", d, 0),
		Day:                       d,
		Timestamp:                 ds.at(d, 4, 0),
		ActiveCalories:            steps / 25,
		AverageMETMinutes:         float64(r.between(100, 220)) / 100,
		Class5Min:                 ptr(strings.Repeat("1", 12) + strings.Repeat("2", 8) + strings.Repeat("3", 4)),
		EquivalentWalkingDistance: steps * 3 / 4,
		HighActivityMETMinutes:    r.between(0, 60),
		HighActivityTime:          r.between(0, 3600),
		InactivityAlerts:          r.between(0, 3),
		LowActivityMETMinutes:     r.between(50, 300),
		LowActivityTime:           r.between(3600, 18000),
		MediumActivityMETMinutes:  r.between(20, 200),
		MediumActivityTime:        r.between(600, 7200),
		MET:                       sample(r, ds.at(d, 4, 0), 60, 24, 1, 6),
		MetersToTarget:            r.between(0, 5000),
		NonWearTime:               r.between(0, 3600),
		RestingTime:               r.between(20000, 40000),
		SedentaryMETMinutes:       r.between(5, 30),
		SedentaryTime:             r.between(10000, 30000),
		Steps:                     steps,
		TargetCalories:            450,
		TargetMeters:              9000,
		TotalCalories:             2000 + steps/25,
		Contributors: oura.ActivityContributors{
			MeetDailyTargets: ptr(r.between(40, 100)), MoveEveryHour: ptr(r.between(40, 100)),
			RecoveryTime: ptr(r.between(40, 100)), StayActive: ptr(r.between(40, 100)),
			TrainingFrequency: ptr(r.between(40, 100)), TrainingVolume: ptr(r.between(40, 100)),
		},
	}
	if dayNumber(d)%11 != 0 {
		a.Score = ptr(r.between(55, 99))
	}
	return []oura.DailyActivity{a}
}

func (ds *Dataset) dailyReadiness(d oura.Date) []oura.DailyReadiness {
	r := newRand("daily_readiness", d)
	v := oura.DailyReadiness{
		ID:                   docID("daily_readiness", d, 0),
		Day:                  d,
		Timestamp:            ds.at(d, 0, 0),
		TemperatureDeviation: ptr(float64(r.between(-50, 50)) / 100),
		Contributors: oura.ReadinessContributors{
			ActivityBalance: ptr(r.between(50, 100)), BodyTemperature: ptr(r.between(50, 100)),
			HRVBalance: ptr(r.between(50, 100)), PreviousDayActivity: ptr(r.between(50, 100)),
			PreviousNight: ptr(r.between(50, 100)), RecoveryIndex: ptr(r.between(50, 100)),
			RestingHeartRate: ptr(r.between(50, 100)), SleepBalance: ptr(r.between(50, 100)),
		},
	}
	if dayNumber(d)%13 != 0 {
		v.Score = ptr(r.between(55, 99))
		v.TemperatureTrendDeviation = ptr(float64(r.between(-30, 30)) / 100)
	}
	return []oura.DailyReadiness{v}
}

func (ds *Dataset) dailySleep(d oura.Date) []oura.DailySleep {
	r := newRand("daily_sleep", d)
	v := oura.DailySleep{
		ID:        docID("daily_sleep", d, 0),
		Day:       d,
		Timestamp: ds.at(d, 0, 0),
		Contributors: oura.SleepContributors{
			DeepSleep: ptr(r.between(40, 100)), Efficiency: ptr(r.between(60, 100)),
			Latency: ptr(r.between(50, 100)), RemSleep: ptr(r.between(40, 100)),
			Restfulness: ptr(r.between(40, 100)), Timing: ptr(r.between(30, 100)),
			TotalSleep: ptr(r.between(40, 100)),
		},
	}
	if dayNumber(d)%17 != 0 {
		v.Score = ptr(r.between(50, 98))
	}
	return []oura.DailySleep{v}
}

func (ds *Dataset) sleepPeriods(d oura.Date) []oura.SleepPeriod {
	r := newRand("sleep", d)
	start := ds.at(d.AddDays(-1), 22, r.between(30, 89))
	inBed := r.between(6*3600, 9*3600)
	deep, rem := inBed/6, inBed/5
	light := inBed - deep - rem - 1800
	main := oura.SleepPeriod{
		ID:                    docID("sleep", d, 0),
		Day:                   d,
		Type:                  ptr(oura.SleepTypeLongSleep),
		BedtimeStart:          start,
		BedtimeEnd:            start.Add(time.Duration(inBed) * time.Second),
		TimeInBed:             inBed,
		AwakeTime:             ptr(1800),
		DeepSleepDuration:     ptr(deep),
		RemSleepDuration:      ptr(rem),
		LightSleepDuration:    ptr(light),
		TotalSleepDuration:    ptr(deep + rem + light),
		Efficiency:            ptr((deep + rem + light) * 100 / inBed),
		Latency:               ptr(r.between(120, 1500)),
		AverageBreath:         ptr(float64(r.between(130, 170)) / 10),
		AverageHeartRate:      ptr(float64(r.between(480, 650)) / 10),
		AverageHRV:            ptr(r.between(25, 90)),
		LowestHeartRate:       ptr(r.between(42, 58)),
		HeartRate:             ptr(sample(r, start, 300, inBed/300, 45, 70)),
		HRV:                   ptr(sample(r, start, 300, inBed/300, 20, 110)),
		Period:                0,
		SleepPhase5Min:        ptr(strings.Repeat("4211223", inBed/300/7+1)[:inBed/300]),
		RestlessPeriods:       ptr(r.between(80, 300)),
		LowBatteryAlert:       r.intn(20) == 0,
		SleepAlgorithmVersion: ptr(oura.SleepAlgorithmVersionV2),
		Readiness: &oura.SleepPeriodReadiness{
			Score: ptr(r.between(55, 99)),
			Contributors: oura.ReadinessContributors{
				ActivityBalance: ptr(r.between(50, 100)), HRVBalance: ptr(r.between(50, 100)),
			},
		},
	}
	out := []oura.SleepPeriod{main}
	if dayNumber(d)%5 == 0 {
		napStart := ds.at(d, 15, r.between(0, 40))
		out = append(out, oura.SleepPeriod{
			ID:           docID("sleep", d, 1),
			Day:          d,
			Type:         ptr(oura.SleepTypeLateNap),
			BedtimeStart: napStart,
			BedtimeEnd:   napStart.Add(25 * time.Minute),
			TimeInBed:    1500,
			Period:       1,
		})
	}
	return out
}

func (ds *Dataset) sessions(d oura.Date) []oura.Session {
	if dayNumber(d)%3 != 0 {
		return nil
	}
	r := newRand("session", d)
	start := ds.at(d, 7, r.between(0, 50))
	v := oura.Session{
		ID:            docID("session", d, 0),
		Day:           d,
		Type:          oura.SessionTypeMeditation,
		StartDatetime: start,
		EndDatetime:   start.Add(10 * time.Minute),
		HeartRate:     ptr(sample(r, start, 5, 120, 55, 75)),
	}
	if dayNumber(d)%2 == 0 {
		v.Mood = ptr(oura.SessionMoodGood)
	}
	return []oura.Session{v}
}

func (ds *Dataset) tags(d oura.Date) []oura.Tag {
	if dayNumber(d)%4 != 0 {
		return nil
	}
	r := newRand("tag", d)
	v := oura.Tag{
		ID:        docID("tag", d, 0),
		Day:       d,
		Timestamp: ds.at(d, 21, r.between(0, 59)),
		Tags:      []string{"tag_generic_caffeine"},
	}
	if dayNumber(d)%8 == 0 {
		v.Text = ptr("late coffee")
		v.Tags = append(v.Tags, "tag_generic_late_meal")
	}
	return []oura.Tag{v}
}

var activities = []string{"walking", "running", "cycling", "strength_training", "yoga"}

func (ds *Dataset) workouts(d oura.Date) []oura.Workout {
	if dayNumber(d)%2 != 0 {
		return nil
	}
	r := newRand("workout", d)
	start := ds.at(d, 18, r.between(0, 20))
	v := oura.Workout{
		ID:            docID("workout", d, 0),
		Day:           d,
		Activity:      activities[r.intn(len(activities))],
		StartDatetime: start,
		EndDatetime:   start.Add(time.Duration(r.between(20, 70)) * time.Minute),
		Intensity:     oura.WorkoutIntensityModerate,
		Source:        oura.WorkoutSourceAutodetected,
		Calories:      ptr(float64(r.between(1500, 6000)) / 10),
	}
	if v.Activity != "strength_training" && v.Activity != "yoga" {
		v.Distance = ptr(float64(r.between(1500, 12000)))
	}
	return []oura.Workout{v}
}

func (ds *Dataset) dailyCardiovascularAge(d oura.Date) []oura.DailyCardiovascularAge {
	r := newRand("daily_cardiovascular_age", d)
	v := oura.DailyCardiovascularAge{ID: docID("daily_cardiovascular_age", d, 0), Day: d, VascularAge: ptr(r.between(33, 41))}
	if dayNumber(d)%6 != 0 {
		v.PulseWaveVelocity = ptr(float64(r.between(60, 90)) / 10)
	}
	return []oura.DailyCardiovascularAge{v}
}

var resilienceLevels = []oura.ResilienceLevel{oura.ResilienceLevelLimited, oura.ResilienceLevelAdequate,
	oura.ResilienceLevelSolid, oura.ResilienceLevelStrong, oura.ResilienceLevelExceptional}

func (ds *Dataset) dailyResilience(d oura.Date) []oura.DailyResilience {
	r := newRand("daily_resilience", d)
	return []oura.DailyResilience{{
		ID:    docID("daily_resilience", d, 0),
		Day:   d,
		Level: resilienceLevels[r.intn(len(resilienceLevels))],
		Contributors: oura.ResilienceContributors{
			SleepRecovery:   float64(r.between(300, 900)) / 10,
			DaytimeRecovery: float64(r.between(100, 800)) / 10,
			Stress:          float64(r.between(100, 700)) / 10,
		},
	}}
}

func (ds *Dataset) dailySpO2(d oura.Date) []oura.DailySpO2 {
	r := newRand("daily_spo2", d)
	v := oura.DailySpO2{ID: docID("daily_spo2", d, 0), Day: d, BreathingDisturbanceIndex: ptr(r.between(2, 18))}
	if dayNumber(d)%9 != 0 {
		v.SpO2Percentage = &oura.SpO2AggregatedValues{Average: float64(r.between(940, 990)) / 10}
	}
	return []oura.DailySpO2{v}
}

var stressSummaries = []oura.DailyStressSummary{oura.DailyStressSummaryRestored, oura.DailyStressSummaryNormal, oura.DailyStressSummaryStressful}

func (ds *Dataset) dailyStress(d oura.Date) []oura.DailyStress {
	r := newRand("daily_stress", d)
	v := oura.DailyStress{ID: docID("daily_stress", d, 0), Day: d,
		StressHigh: ptr(r.between(0, 240) * 60), RecoveryHigh: ptr(r.between(0, 180) * 60)}
	if dayNumber(d)%7 != 0 {
		v.DaySummary = ptr(stressSummaries[r.intn(len(stressSummaries))])
	}
	return []oura.DailyStress{v}
}

func (ds *Dataset) enhancedTags(d oura.Date) []oura.EnhancedTag {
	if dayNumber(d)%3 != 1 {
		return nil
	}
	r := newRand("enhanced_tag", d)
	start := ds.at(d, 20, r.between(0, 59))
	v := oura.EnhancedTag{ID: docID("enhanced_tag", d, 0), StartDay: d, StartTime: start, TagTypeCode: ptr("tag_generic_alcohol")}
	switch dayNumber(d) % 4 {
	case 0:
		v.EndTime, v.EndDay = ptr(start.Add(4*time.Hour)), ptr(oura.DateOf(start.Add(4*time.Hour)))
	case 1:
		v.TagTypeCode, v.CustomName, v.Comment = ptr("custom"), ptr("sauna"), ptr("20 minutes")
	}
	return []oura.EnhancedTag{v}
}

func (ds *Dataset) restModePeriods(d oura.Date) []oura.RestModePeriod {
	if dayNumber(d)%10 != 3 {
		return nil
	}
	start := ds.at(d, 9, 30)
	v := oura.RestModePeriod{
		ID: docID("rest_mode_period", d, 0), StartDay: d, StartTime: &start,
		EndDay: ptr(d.AddDays(2)), EndTime: ptr(ds.at(d.AddDays(2), 8, 0)),
		Episodes: []oura.RestModeEpisode{
			{Tags: []string{"tag_generic_fatigue"}, Timestamp: start},
			{Tags: []string{"tag_generic_headache", "tag_generic_nocold"}, Timestamp: ds.at(d.AddDays(1), 10, 0)},
		},
	}
	return []oura.RestModePeriod{v}
}

func (ds *Dataset) sleepTimes(d oura.Date) []oura.SleepTime {
	r := newRand("sleep_time", d)
	v := oura.SleepTime{ID: docID("sleep_time", d, 0), Day: d}
	if dayNumber(d)%10 == 0 {
		v.Status = ptr(oura.SleepTimeStatusNotEnoughNights)
		return []oura.SleepTime{v}
	}
	_, off := ds.at(d, 0, 0).Zone()
	startOff := -r.between(0, 6) * 900
	v.OptimalBedtime = &oura.SleepTimeWindow{DayTz: off, StartOffset: startOff, EndOffset: startOff + 3600}
	v.Recommendation = ptr(oura.SleepTimeRecommendationFollowOptimalBedtime)
	v.Status = ptr(oura.SleepTimeStatusOptimalFound)
	return []oura.SleepTime{v}
}

func (ds *Dataset) vO2Max(d oura.Date) []oura.VO2Max {
	if dayNumber(d)%7 != 0 {
		return nil
	}
	r := newRand("vO2_max", d)
	return []oura.VO2Max{{ID: docID("vO2_max", d, 0), Day: d, Timestamp: ds.at(d, 12, 0), VO2Max: r.between(38, 46)}}
}

// batteryEvery is the interval of ring battery-level samples.
const batteryEvery = 15 * time.Minute

func (ds *Dataset) ringBatteryLevelEvery() time.Duration { return batteryEvery }

// ringBatteryLevelAt returns sample i: the level falls through the day and
// the ring charges from 07:00 to 08:00 in the user's time zone.
func (ds *Dataset) ringBatteryLevelAt(i int64) oura.RingBatteryLevel {
	t := time.Unix(0, i*batteryEvery.Nanoseconds()).UTC()
	local := t.In(ds.loc)
	mins := (local.Hour()*60 + local.Minute() - 8*60 + 24*60) % (24 * 60) // minutes since 08:00
	v := oura.RingBatteryLevel{Timestamp: t, TimestampUnix: t.UnixMilli(), Level: 100 - mins*70/(23*60)}
	charging := local.Hour() == 7
	v.Charging, v.InCharger = &charging, &charging
	if charging {
		v.Level = 30 + local.Minute()
	}
	return v
}

func (ds *Dataset) ringConfigurations() []oura.RingConfiguration {
	return []oura.RingConfiguration{
		{ID: ringID(0), Color: ptr(oura.RingColorStealthBlack), Design: ptr(oura.RingDesignHorizon),
			HardwareType: ptr(oura.RingHardwareTypeGen3), FirmwareVersion: ptr("2.9.21"),
			SetUpAt: ptr(time.Date(2022, time.May, 3, 17, 4, 0, 0, time.UTC)), Size: ptr(9)},
		{ID: ringID(1), Color: ptr(oura.RingColorSilver), Design: ptr(oura.RingDesignBalance),
			HardwareType: ptr(oura.RingHardwareTypeOr5), FirmwareVersion: ptr("4.1.2"),
			SetUpAt: ptr(time.Date(2025, time.October, 14, 8, 30, 0, 0, time.UTC)), Size: ptr(9)},
	}
}

func ringID(i int) string { return fmt.Sprintf("5a1e0000-0000-4000-8000-%012d", i) }

func syntheticProfile() oura.PersonalInfo {
	return oura.PersonalInfo{ID: "7f3c9d2e-8b41-4c6a-9e0f-2d5b7a1c4e88", Age: ptr(38), Weight: ptr(71.5),
		Height: ptr(1.78), BiologicalSex: ptr("female"), Email: ptr("ring.user@example.com")}
}

// tokenPrefix makes every next_token contain '+' and '/', and the length
// (tokenLen, not a multiple of 3) makes it end with '=', so clients that do
// not URL-encode fail.
var tokenPrefix = []byte{0xfb, 0xef, 0xbe, 0xff, 0xff, 0xff}

const tokenLen = 6 + 8 + 8 + 1 // prefix, offset, filter hash, one byte for padding

func makeToken(offset int64, filterHash uint64) []byte {
	b := make([]byte, 0, tokenLen)
	b = append(b, tokenPrefix...)
	b = binary.BigEndian.AppendUint64(b, uint64(offset))
	b = binary.BigEndian.AppendUint64(b, filterHash)
	return append(b, 0)
}
