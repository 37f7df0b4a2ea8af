package specgen

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
