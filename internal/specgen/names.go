package specgen

// Collection describes one /v2/usercollection/{Path} route family.
type Collection struct {
	Path     string // path segment, as Oura spells it
	Schema   string // our schema name for one document
	Plural   string // Go name for the list operation
	Noun     string // short English noun used in generated summaries
	HasByID  bool   // has a /{document_id} route
	TimeSpan bool   // filtered by start_datetime/end_datetime
}

// Collections lists every collection route family of the API.
var Collections = []Collection{
	{"daily_activity", "DailyActivity", "DailyActivity", "daily activity", true, false},
	{"daily_cardiovascular_age", "DailyCardiovascularAge", "DailyCardiovascularAge", "daily cardiovascular age", true, false},
	{"daily_readiness", "DailyReadiness", "DailyReadiness", "daily readiness", true, false},
	{"daily_resilience", "DailyResilience", "DailyResilience", "daily resilience", true, false},
	{"daily_sleep", "DailySleep", "DailySleep", "daily sleep", true, false},
	{"daily_spo2", "DailySpO2", "DailySpO2", "daily SpO2", true, false},
	{"daily_stress", "DailyStress", "DailyStress", "daily stress", true, false},
	{"enhanced_tag", "EnhancedTag", "EnhancedTags", "enhanced tag", true, false},
	{"heartrate", "HeartRate", "HeartRate", "heart rate", false, true},
	{"rest_mode_period", "RestModePeriod", "RestModePeriods", "rest mode period", true, false},
	{"ring_battery_level", "RingBatteryLevel", "RingBatteryLevel", "ring battery level", false, true},
	{"ring_configuration", "RingConfiguration", "RingConfigurations", "ring configuration", true, false},
	{"session", "Session", "Sessions", "session", true, false},
	{"sleep", "SleepPeriod", "SleepPeriods", "sleep period", true, false},
	{"sleep_time", "SleepTime", "SleepTimes", "sleep time", true, false},
	{"tag", "Tag", "Tags", "tag", true, false},
	{"vO2_max", "VO2Max", "VO2Max", "VO2 max", true, false},
	{"workout", "Workout", "Workouts", "workout", true, false},
}

// Inline marks reference schemas that our document inlines at every use
// instead of naming them (primitive aliases and anonymous arrays).
const Inline = "-"

// SchemaNames maps each schema name of Oura's document to ours. Envelopes
// are named <Document>Page; primitive aliases are inlined.
var SchemaNames = map[string]string{
	"Array_Union_float__NoneType__Bits64_": Inline,
	"ISODate":                              Inline,
	"LocalDateTime":                        Inline,
	"LocalizedDateTime":                    Inline,
	"UtcDateTime":                          Inline,

	"CreateWebhookSubscriptionRequest": "CreateWebhookSubscriptionRequest",
	"UpdateWebhookSubscriptionRequest": "UpdateWebhookSubscriptionRequest",
	"WebhookSubscriptionModel":         "WebhookSubscription",
	"WebhookOperation":                 "WebhookEventType",
	"ExtApiV2DataType":                 "WebhookDataType",
	"HTTPValidationError":              "ValidationErrorResponse",
	"ValidationError":                  "ValidationErrorItem",
	"MultiDocumentResponseDict":        "PartialDocumentPage",
	"TimeSeriesResponseDict":           "PartialTimeSeriesPage",
	"PersonalInfoResponse":             "PersonalInfo",

	"DailyResilienceModel":          "DailyResilience",
	"ResilienceContributors":        "ResilienceContributors",
	"LongTermResilienceLevel":       "ResilienceLevel",
	"EnhancedTagModel":              "EnhancedTag",
	"TagModel":                      "Tag",
	"PublicActivityContributors":    "ActivityContributors",
	"PublicDailyActivity":           "DailyActivity",
	"PublicDailyCardiovascularAge":  "DailyCardiovascularAge",
	"PublicDailyReadiness":          "DailyReadiness",
	"PublicDailySleep":              "DailySleep",
	"PublicDailySpO2":               "DailySpO2",
	"PublicDailyStress":             "DailyStress",
	"PublicDailyStressSummary":      "DailyStressSummary",
	"PublicHeartRateRow":            "HeartRate",
	"PublicHeartRateSource":         "HeartRateSource",
	"PublicModifiedSleepModel":      "SleepPeriod",
	"PublicMomentMood":              "SessionMood",
	"PublicMomentType":              "SessionType",
	"PublicReadiness":               "SleepPeriodReadiness",
	"PublicReadinessContributors":   "ReadinessContributors",
	"PublicRestModeEpisode":         "RestModeEpisode",
	"PublicRestModePeriod":          "RestModePeriod",
	"PublicRingBatteryLevelRow":     "RingBatteryLevel",
	"PublicRingColor":               "RingColor",
	"PublicRingConfiguration":       "RingConfiguration",
	"PublicRingDesign":              "RingDesign",
	"PublicRingHardwareType":        "RingHardwareType",
	"PublicSample":                  "Sample",
	"PublicSession":                 "Session",
	"PublicSleepAlgorithmVersion":   "SleepAlgorithmVersion",
	"PublicSleepAnalysisReason":     "SleepAnalysisReason",
	"PublicSleepContributors":       "SleepContributors",
	"PublicSleepTime":               "SleepTime",
	"PublicSleepTimeRecommendation": "SleepTimeRecommendation",
	"PublicSleepTimeStatus":         "SleepTimeStatus",
	"PublicSleepTimeWindow":         "SleepTimeWindow",
	"PublicSleepType":               "SleepType",
	"PublicSpo2AggregatedValues":    "SpO2AggregatedValues",
	"PublicVO2Max":                  "VO2Max",
	"PublicWorkout":                 "Workout",
	"PublicWorkoutIntensity":        "WorkoutIntensity",
	"PublicWorkoutSource":           "WorkoutSource",
}

// envelopePrefixes are the generic envelope names Oura's document uses;
// MultiDocumentResponse_PublicDailySleep_ becomes DailySleepPage.
var envelopePrefixes = []string{"MultiDocumentResponse_", "TimeSeriesResponse_"}

// OurSchemaName returns our name for one of Oura's schema names, Inline for
// inlined ones, or "" when the name is unknown.
func OurSchemaName(ref string) string {
	if n, ok := SchemaNames[ref]; ok {
		return n
	}
	for _, p := range envelopePrefixes {
		if len(ref) > len(p)+1 && ref[:len(p)] == p && ref[len(ref)-1] == '_' {
			inner := OurSchemaName(ref[len(p) : len(ref)-1])
			if inner == "" || inner == Inline {
				return ""
			}
			return inner + "Page"
		}
	}
	return ""
}
