// Package catalog is the one table of Oura's collections. Everything else
// that lists collections is generated from it by `go generate .` (see
// internal/gen): the methods and declarations in oura/collections.go, the
// DocumentByID switch in oura/webhook_fetch.go, the fake server's registry
// and Dataset accessors in oura/ouratest/collections.go and the README's
// table; the spec converter (internal/specgen) reads it too. Adding a
// collection is one row here and a regeneration.
package catalog

// Kind is how a collection is filtered.
type Kind int

const (
	// Day collections take start_date/end_date; each document belongs to a day.
	Day Kind = iota
	// Series collections take start_datetime/end_datetime; each row has a time.
	Series
	// List collections take no range (ring configurations).
	List
)

func (k Kind) String() string {
	switch k {
	case Day:
		return "day"
	case Series:
		return "series"
	}
	return "list"
}

// Collection is one /v2/usercollection/{Path} route family.
type Collection struct {
	Path   string // path segment, as Oura spells it
	Kind   Kind
	Type   string // Go model type in package oura, also our schema name
	Method string // name of the collecting method; Iter and Page are added to it
	ByID   string // name of the by-id method; "" when Oura has no by-id route

	// RangeField is the JSON field the range is filtered on (day,
	// start_day, timestamp; "" for a List) and RangeGoField its Go name.
	RangeField, RangeGoField string

	Doc     string // plural phrase in the method docs: "daily sleep scores"
	Summary string // singular noun in our OpenAPI summaries: "daily sleep"
	Webhook string // WebhookDataType constant suffix (WebhookDataType<Webhook>); "" when none

	Deprecated string // the Deprecated: note of every method, if any
	FakeIndex  int    // number of the collection inside the fake server's document ids (Day only)

	// Key names the Go fields that make a record unique in one listing:
	// ID for documents, Timestamp (and Source) for samples.
	Key []string

	// For periods that span days (Day only): EndGoField is the *Date field
	// of the last day; a nil one means "not ended" when OpenEnded, else the
	// start day alone. Lookback is how many days before the range the query
	// reaches, for periods that began earlier and overlap it.
	EndGoField string
	OpenEnded  bool
	Lookback   int
}

// id is the key of documents.
var id = []string{"ID"}

// Collections lists every collection, in the order of the docs.
var Collections = []Collection{
	{Path: "daily_activity", Kind: Day, Type: "DailyActivity", Method: "DailyActivity", ByID: "DailyActivityByID",
		RangeField: "day", RangeGoField: "Day", Doc: "daily activity summaries", Summary: "daily activity",
		Webhook: "DailyActivity", FakeIndex: 1, Key: id},
	{Path: "daily_cardiovascular_age", Kind: Day, Type: "DailyCardiovascularAge", Method: "DailyCardiovascularAge", ByID: "DailyCardiovascularAgeByID",
		RangeField: "day", RangeGoField: "Day", Doc: "daily cardiovascular age estimates", Summary: "daily cardiovascular age",
		Webhook: "DailyCardiovascularAge", FakeIndex: 8, Key: id},
	{Path: "daily_readiness", Kind: Day, Type: "DailyReadiness", Method: "DailyReadiness", ByID: "DailyReadinessByID",
		RangeField: "day", RangeGoField: "Day", Doc: "daily readiness summaries", Summary: "daily readiness",
		Webhook: "DailyReadiness", FakeIndex: 2, Key: id},
	{Path: "daily_resilience", Kind: Day, Type: "DailyResilience", Method: "DailyResilience", ByID: "DailyResilienceByID",
		RangeField: "day", RangeGoField: "Day", Doc: "daily resilience summaries", Summary: "daily resilience",
		Webhook: "DailyResilience", FakeIndex: 9, Key: id},
	{Path: "daily_sleep", Kind: Day, Type: "DailySleep", Method: "DailySleep", ByID: "DailySleepByID",
		RangeField: "day", RangeGoField: "Day", Doc: "daily sleep scores", Summary: "daily sleep",
		Webhook: "DailySleep", FakeIndex: 3, Key: id},
	{Path: "daily_spo2", Kind: Day, Type: "DailySpO2", Method: "DailySpO2", ByID: "DailySpO2ByID",
		RangeField: "day", RangeGoField: "Day", Doc: "nightly blood oxygen summaries", Summary: "daily SpO2",
		Webhook: "DailySpO2", FakeIndex: 10, Key: id},
	{Path: "daily_stress", Kind: Day, Type: "DailyStress", Method: "DailyStress", ByID: "DailyStressByID",
		RangeField: "day", RangeGoField: "Day", Doc: "daily stress summaries", Summary: "daily stress",
		Webhook: "DailyStress", FakeIndex: 11, Key: id},
	{Path: "enhanced_tag", Kind: Day, Type: "EnhancedTag", Method: "EnhancedTags", ByID: "EnhancedTagByID",
		RangeField: "start_day", RangeGoField: "StartDay", Doc: "enhanced tags", Summary: "enhanced tag",
		Webhook: "EnhancedTag", FakeIndex: 12, Key: id, EndGoField: "EndDay", Lookback: 31},
	{Path: "rest_mode_period", Kind: Day, Type: "RestModePeriod", Method: "RestModePeriods", ByID: "RestModePeriodByID",
		RangeField: "start_day", RangeGoField: "StartDay", Doc: "rest mode periods", Summary: "rest mode period",
		Webhook: "RestModePeriod", FakeIndex: 13, Key: id, EndGoField: "EndDay", OpenEnded: true, Lookback: 366},
	{Path: "session", Kind: Day, Type: "Session", Method: "Sessions", ByID: "SessionByID",
		RangeField: "day", RangeGoField: "Day", Doc: "sessions", Summary: "session",
		Webhook: "Session", FakeIndex: 4, Key: id},
	{Path: "sleep", Kind: Day, Type: "SleepPeriod", Method: "SleepPeriods", ByID: "SleepPeriodByID",
		RangeField: "day", RangeGoField: "Day", Doc: "sleep periods", Summary: "sleep period",
		Webhook: "Sleep", FakeIndex: 5, Key: id},
	{Path: "sleep_time", Kind: Day, Type: "SleepTime", Method: "SleepTimes", ByID: "SleepTimeByID",
		RangeField: "day", RangeGoField: "Day", Doc: "bedtime recommendations", Summary: "sleep time",
		Webhook: "SleepTime", FakeIndex: 14, Key: id},
	{Path: "tag", Kind: Day, Type: "Tag", Method: "Tags", ByID: "TagByID",
		RangeField: "day", RangeGoField: "Day", Doc: "tags", Summary: "tag",
		Webhook: "Tag", FakeIndex: 6, Key: id, Deprecated: "Oura superseded tags with enhanced tags; use [Client.EnhancedTags]."},
	{Path: "vO2_max", Kind: Day, Type: "VO2Max", Method: "VO2Max", ByID: "VO2MaxByID",
		RangeField: "day", RangeGoField: "Day", Doc: "VO2 max estimates", Summary: "VO2 max",
		Webhook: "VO2Max", FakeIndex: 15, Key: id},
	{Path: "workout", Kind: Day, Type: "Workout", Method: "Workouts", ByID: "WorkoutByID",
		RangeField: "day", RangeGoField: "Day", Doc: "workouts", Summary: "workout",
		Webhook: "Workout", FakeIndex: 7, Key: id},
	{Path: "heartrate", Kind: Series, Type: "HeartRate", Method: "HeartRate",
		RangeField: "timestamp", RangeGoField: "Timestamp", Doc: "heart-rate samples", Summary: "heart rate",
		Key: []string{"Timestamp", "Source"}},
	{Path: "ring_battery_level", Kind: Series, Type: "RingBatteryLevel", Method: "RingBatteryLevel",
		RangeField: "timestamp", RangeGoField: "Timestamp", Doc: "ring battery-level samples", Summary: "ring battery level",
		Key: []string{"Timestamp"}},
	{Path: "ring_configuration", Kind: List, Type: "RingConfiguration", Method: "RingConfigurations", ByID: "RingConfigurationByID",
		Doc: "rings the user has set up", Summary: "ring configuration", Webhook: "RingConfiguration",
		Key: id},
}
