package oura

import (
	"context"
	"iter"
	"time"
)

// The collections. Each is declared once here and served by the shared
// engine in collection.go and pager.go.
var (
	dailyActivityCol          = dayCollection[DailyActivity]{op: "DailyActivity", one: "DailyActivityByID", path: "daily_activity", day: func(v *DailyActivity) Date { return v.Day }, key: func(v *DailyActivity) recordKey { return idKey(v.ID) }}
	dailyCardiovascularAgeCol = dayCollection[DailyCardiovascularAge]{op: "DailyCardiovascularAge", one: "DailyCardiovascularAgeByID", path: "daily_cardiovascular_age", day: func(v *DailyCardiovascularAge) Date { return v.Day }, key: func(v *DailyCardiovascularAge) recordKey { return idKey(v.ID) }}
	dailyReadinessCol         = dayCollection[DailyReadiness]{op: "DailyReadiness", one: "DailyReadinessByID", path: "daily_readiness", day: func(v *DailyReadiness) Date { return v.Day }, key: func(v *DailyReadiness) recordKey { return idKey(v.ID) }}
	dailyResilienceCol        = dayCollection[DailyResilience]{op: "DailyResilience", one: "DailyResilienceByID", path: "daily_resilience", day: func(v *DailyResilience) Date { return v.Day }, key: func(v *DailyResilience) recordKey { return idKey(v.ID) }}
	dailySleepCol             = dayCollection[DailySleep]{op: "DailySleep", one: "DailySleepByID", path: "daily_sleep", day: func(v *DailySleep) Date { return v.Day }, key: func(v *DailySleep) recordKey { return idKey(v.ID) }}
	dailySpO2Col              = dayCollection[DailySpO2]{op: "DailySpO2", one: "DailySpO2ByID", path: "daily_spo2", day: func(v *DailySpO2) Date { return v.Day }, key: func(v *DailySpO2) recordKey { return idKey(v.ID) }}
	dailyStressCol            = dayCollection[DailyStress]{op: "DailyStress", one: "DailyStressByID", path: "daily_stress", day: func(v *DailyStress) Date { return v.Day }, key: func(v *DailyStress) recordKey { return idKey(v.ID) }}
	enhancedTagsCol           = dayCollection[EnhancedTag]{op: "EnhancedTags", one: "EnhancedTagByID", path: "enhanced_tag", dayField: "start_day", day: func(v *EnhancedTag) Date { return v.StartDay }, key: func(v *EnhancedTag) recordKey { return idKey(v.ID) }, end: func(v *EnhancedTag) Date { return endOr(v.EndDay, v.StartDay) }, lookback: 31}
	restModePeriodsCol        = dayCollection[RestModePeriod]{op: "RestModePeriods", one: "RestModePeriodByID", path: "rest_mode_period", dayField: "start_day", day: func(v *RestModePeriod) Date { return v.StartDay }, key: func(v *RestModePeriod) recordKey { return idKey(v.ID) }, end: func(v *RestModePeriod) Date { return endOr(v.EndDay, openEnd) }, lookback: 366}
	sessionsCol               = dayCollection[Session]{op: "Sessions", one: "SessionByID", path: "session", day: func(v *Session) Date { return v.Day }, key: func(v *Session) recordKey { return idKey(v.ID) }}
	sleepPeriodsCol           = dayCollection[SleepPeriod]{op: "SleepPeriods", one: "SleepPeriodByID", path: "sleep", day: func(v *SleepPeriod) Date { return v.Day }, key: func(v *SleepPeriod) recordKey { return idKey(v.ID) }}
	sleepTimesCol             = dayCollection[SleepTime]{op: "SleepTimes", one: "SleepTimeByID", path: "sleep_time", day: func(v *SleepTime) Date { return v.Day }, key: func(v *SleepTime) recordKey { return idKey(v.ID) }}
	tagsCol                   = dayCollection[Tag]{op: "Tags", one: "TagByID", path: "tag", day: func(v *Tag) Date { return v.Day }, key: func(v *Tag) recordKey { return idKey(v.ID) }}
	vO2MaxCol                 = dayCollection[VO2Max]{op: "VO2Max", one: "VO2MaxByID", path: "vO2_max", day: func(v *VO2Max) Date { return v.Day }, key: func(v *VO2Max) recordKey { return idKey(v.ID) }}
	workoutsCol               = dayCollection[Workout]{op: "Workouts", one: "WorkoutByID", path: "workout", day: func(v *Workout) Date { return v.Day }, key: func(v *Workout) recordKey { return idKey(v.ID) }}
	heartRateCol              = seriesCollection[HeartRate]{op: "HeartRate", path: "heartrate", at: func(v *HeartRate) time.Time { return v.Timestamp }, key: func(v *HeartRate) recordKey { return sampleKey(v.Timestamp, string(v.Source)) }}
	ringBatteryLevelCol       = seriesCollection[RingBatteryLevel]{op: "RingBatteryLevel", path: "ring_battery_level", at: func(v *RingBatteryLevel) time.Time { return v.Timestamp }, key: func(v *RingBatteryLevel) recordKey { return sampleKey(v.Timestamp, "") }}
	ringConfigurationsCol     = listCollection[RingConfiguration]{op: "RingConfigurations", one: "RingConfigurationByID", path: "ring_configuration", key: func(v *RingConfiguration) recordKey { return idKey(v.ID) }}
)

// DailyActivity returns the daily activity summaries of every day from start through end, both
// included, collecting every page. On error it returns nil and the error.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_daily_activity_Documents_v2_usercollection_daily_activity_get
func (c *Client) DailyActivity(ctx context.Context, start, end Date, opts ...ListOption) ([]DailyActivity, error) {
	return dailyActivityCol.list(ctx, c, start, end, opts)
}

// DailyActivityIter streams the daily activity summaries of start through end, fetching one page at
// a time as the loop asks for more. An error is yielded once, last.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_daily_activity_Documents_v2_usercollection_daily_activity_get
func (c *Client) DailyActivityIter(ctx context.Context, start, end Date, opts ...ListOption) iter.Seq2[DailyActivity, error] {
	return dailyActivityCol.iter(ctx, c, start, end, opts)
}

// DailyActivityPage returns one page of the daily activity summaries of start through end; pass ""
// for the first page and the returned NextToken, with the same range, for
// the next one.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_daily_activity_Documents_v2_usercollection_daily_activity_get
func (c *Client) DailyActivityPage(ctx context.Context, start, end Date, nextToken string, opts ...ListOption) (*Page[DailyActivity], error) {
	return dailyActivityCol.page(ctx, c, start, end, nextToken, opts)
}

// DailyActivityByID returns one daily_activity document by its id.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Single_daily_activity_Document_v2_usercollection_daily_activity__document_id__get
func (c *Client) DailyActivityByID(ctx context.Context, id string) (*DailyActivity, error) {
	return dailyActivityCol.byID(ctx, c, id)
}

// DailyCardiovascularAge returns the daily cardiovascular age estimates of every day from start through end, both
// included, collecting every page. On error it returns nil and the error.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_daily_cardiovascular_age_Documents_v2_usercollection_daily_cardiovascular_age_get
func (c *Client) DailyCardiovascularAge(ctx context.Context, start, end Date, opts ...ListOption) ([]DailyCardiovascularAge, error) {
	return dailyCardiovascularAgeCol.list(ctx, c, start, end, opts)
}

// DailyCardiovascularAgeIter streams the daily cardiovascular age estimates of start through end, fetching one page at
// a time as the loop asks for more. An error is yielded once, last.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_daily_cardiovascular_age_Documents_v2_usercollection_daily_cardiovascular_age_get
func (c *Client) DailyCardiovascularAgeIter(ctx context.Context, start, end Date, opts ...ListOption) iter.Seq2[DailyCardiovascularAge, error] {
	return dailyCardiovascularAgeCol.iter(ctx, c, start, end, opts)
}

// DailyCardiovascularAgePage returns one page of the daily cardiovascular age estimates of start through end; pass ""
// for the first page and the returned NextToken, with the same range, for
// the next one.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_daily_cardiovascular_age_Documents_v2_usercollection_daily_cardiovascular_age_get
func (c *Client) DailyCardiovascularAgePage(ctx context.Context, start, end Date, nextToken string, opts ...ListOption) (*Page[DailyCardiovascularAge], error) {
	return dailyCardiovascularAgeCol.page(ctx, c, start, end, nextToken, opts)
}

// DailyCardiovascularAgeByID returns one daily_cardiovascular_age document by its id.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Single_daily_cardiovascular_age_Document_v2_usercollection_daily_cardiovascular_age__document_id__get
func (c *Client) DailyCardiovascularAgeByID(ctx context.Context, id string) (*DailyCardiovascularAge, error) {
	return dailyCardiovascularAgeCol.byID(ctx, c, id)
}

// DailyReadiness returns the daily readiness summaries of every day from start through end, both
// included, collecting every page. On error it returns nil and the error.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_daily_readiness_Documents_v2_usercollection_daily_readiness_get
func (c *Client) DailyReadiness(ctx context.Context, start, end Date, opts ...ListOption) ([]DailyReadiness, error) {
	return dailyReadinessCol.list(ctx, c, start, end, opts)
}

// DailyReadinessIter streams the daily readiness summaries of start through end, fetching one page at
// a time as the loop asks for more. An error is yielded once, last.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_daily_readiness_Documents_v2_usercollection_daily_readiness_get
func (c *Client) DailyReadinessIter(ctx context.Context, start, end Date, opts ...ListOption) iter.Seq2[DailyReadiness, error] {
	return dailyReadinessCol.iter(ctx, c, start, end, opts)
}

// DailyReadinessPage returns one page of the daily readiness summaries of start through end; pass ""
// for the first page and the returned NextToken, with the same range, for
// the next one.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_daily_readiness_Documents_v2_usercollection_daily_readiness_get
func (c *Client) DailyReadinessPage(ctx context.Context, start, end Date, nextToken string, opts ...ListOption) (*Page[DailyReadiness], error) {
	return dailyReadinessCol.page(ctx, c, start, end, nextToken, opts)
}

// DailyReadinessByID returns one daily_readiness document by its id.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Single_daily_readiness_Document_v2_usercollection_daily_readiness__document_id__get
func (c *Client) DailyReadinessByID(ctx context.Context, id string) (*DailyReadiness, error) {
	return dailyReadinessCol.byID(ctx, c, id)
}

// DailyResilience returns the daily resilience summaries of every day from start through end, both
// included, collecting every page. On error it returns nil and the error.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_daily_resilience_Documents_v2_usercollection_daily_resilience_get
func (c *Client) DailyResilience(ctx context.Context, start, end Date, opts ...ListOption) ([]DailyResilience, error) {
	return dailyResilienceCol.list(ctx, c, start, end, opts)
}

// DailyResilienceIter streams the daily resilience summaries of start through end, fetching one page at
// a time as the loop asks for more. An error is yielded once, last.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_daily_resilience_Documents_v2_usercollection_daily_resilience_get
func (c *Client) DailyResilienceIter(ctx context.Context, start, end Date, opts ...ListOption) iter.Seq2[DailyResilience, error] {
	return dailyResilienceCol.iter(ctx, c, start, end, opts)
}

// DailyResiliencePage returns one page of the daily resilience summaries of start through end; pass ""
// for the first page and the returned NextToken, with the same range, for
// the next one.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_daily_resilience_Documents_v2_usercollection_daily_resilience_get
func (c *Client) DailyResiliencePage(ctx context.Context, start, end Date, nextToken string, opts ...ListOption) (*Page[DailyResilience], error) {
	return dailyResilienceCol.page(ctx, c, start, end, nextToken, opts)
}

// DailyResilienceByID returns one daily_resilience document by its id.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Single_daily_resilience_Document_v2_usercollection_daily_resilience__document_id__get
func (c *Client) DailyResilienceByID(ctx context.Context, id string) (*DailyResilience, error) {
	return dailyResilienceCol.byID(ctx, c, id)
}

// DailySleep returns the daily sleep scores of every day from start through end, both
// included, collecting every page. On error it returns nil and the error.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_daily_sleep_Documents_v2_usercollection_daily_sleep_get
func (c *Client) DailySleep(ctx context.Context, start, end Date, opts ...ListOption) ([]DailySleep, error) {
	return dailySleepCol.list(ctx, c, start, end, opts)
}

// DailySleepIter streams the daily sleep scores of start through end, fetching one page at
// a time as the loop asks for more. An error is yielded once, last.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_daily_sleep_Documents_v2_usercollection_daily_sleep_get
func (c *Client) DailySleepIter(ctx context.Context, start, end Date, opts ...ListOption) iter.Seq2[DailySleep, error] {
	return dailySleepCol.iter(ctx, c, start, end, opts)
}

// DailySleepPage returns one page of the daily sleep scores of start through end; pass ""
// for the first page and the returned NextToken, with the same range, for
// the next one.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_daily_sleep_Documents_v2_usercollection_daily_sleep_get
func (c *Client) DailySleepPage(ctx context.Context, start, end Date, nextToken string, opts ...ListOption) (*Page[DailySleep], error) {
	return dailySleepCol.page(ctx, c, start, end, nextToken, opts)
}

// DailySleepByID returns one daily_sleep document by its id.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Single_daily_sleep_Document_v2_usercollection_daily_sleep__document_id__get
func (c *Client) DailySleepByID(ctx context.Context, id string) (*DailySleep, error) {
	return dailySleepCol.byID(ctx, c, id)
}

// DailySpO2 returns the nightly blood oxygen summaries of every day from start through end, both
// included, collecting every page. On error it returns nil and the error.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_daily_spo2_Documents_v2_usercollection_daily_spo2_get
func (c *Client) DailySpO2(ctx context.Context, start, end Date, opts ...ListOption) ([]DailySpO2, error) {
	return dailySpO2Col.list(ctx, c, start, end, opts)
}

// DailySpO2Iter streams the nightly blood oxygen summaries of start through end, fetching one page at
// a time as the loop asks for more. An error is yielded once, last.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_daily_spo2_Documents_v2_usercollection_daily_spo2_get
func (c *Client) DailySpO2Iter(ctx context.Context, start, end Date, opts ...ListOption) iter.Seq2[DailySpO2, error] {
	return dailySpO2Col.iter(ctx, c, start, end, opts)
}

// DailySpO2Page returns one page of the nightly blood oxygen summaries of start through end; pass ""
// for the first page and the returned NextToken, with the same range, for
// the next one.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_daily_spo2_Documents_v2_usercollection_daily_spo2_get
func (c *Client) DailySpO2Page(ctx context.Context, start, end Date, nextToken string, opts ...ListOption) (*Page[DailySpO2], error) {
	return dailySpO2Col.page(ctx, c, start, end, nextToken, opts)
}

// DailySpO2ByID returns one daily_spo2 document by its id.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Single_daily_spo2_Document_v2_usercollection_daily_spo2__document_id__get
func (c *Client) DailySpO2ByID(ctx context.Context, id string) (*DailySpO2, error) {
	return dailySpO2Col.byID(ctx, c, id)
}

// DailyStress returns the daily stress summaries of every day from start through end, both
// included, collecting every page. On error it returns nil and the error.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_daily_stress_Documents_v2_usercollection_daily_stress_get
func (c *Client) DailyStress(ctx context.Context, start, end Date, opts ...ListOption) ([]DailyStress, error) {
	return dailyStressCol.list(ctx, c, start, end, opts)
}

// DailyStressIter streams the daily stress summaries of start through end, fetching one page at
// a time as the loop asks for more. An error is yielded once, last.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_daily_stress_Documents_v2_usercollection_daily_stress_get
func (c *Client) DailyStressIter(ctx context.Context, start, end Date, opts ...ListOption) iter.Seq2[DailyStress, error] {
	return dailyStressCol.iter(ctx, c, start, end, opts)
}

// DailyStressPage returns one page of the daily stress summaries of start through end; pass ""
// for the first page and the returned NextToken, with the same range, for
// the next one.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_daily_stress_Documents_v2_usercollection_daily_stress_get
func (c *Client) DailyStressPage(ctx context.Context, start, end Date, nextToken string, opts ...ListOption) (*Page[DailyStress], error) {
	return dailyStressCol.page(ctx, c, start, end, nextToken, opts)
}

// DailyStressByID returns one daily_stress document by its id.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Single_daily_stress_Document_v2_usercollection_daily_stress__document_id__get
func (c *Client) DailyStressByID(ctx context.Context, id string) (*DailyStress, error) {
	return dailyStressCol.byID(ctx, c, id)
}

// EnhancedTags returns the enhanced tags that overlap start through end, both
// included (start_day..end_day, or start_day alone for a tag without
// duration), collecting every page. On error it returns nil and the error.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_enhanced_tag_Documents_v2_usercollection_enhanced_tag_get
func (c *Client) EnhancedTags(ctx context.Context, start, end Date, opts ...ListOption) ([]EnhancedTag, error) {
	return enhancedTagsCol.list(ctx, c, start, end, opts)
}

// EnhancedTagsIter streams the enhanced tags that overlap start through end, fetching one page at
// a time as the loop asks for more. An error is yielded once, last.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_enhanced_tag_Documents_v2_usercollection_enhanced_tag_get
func (c *Client) EnhancedTagsIter(ctx context.Context, start, end Date, opts ...ListOption) iter.Seq2[EnhancedTag, error] {
	return enhancedTagsCol.iter(ctx, c, start, end, opts)
}

// EnhancedTagsPage returns one page of the enhanced tags that overlap start through end; pass ""
// for the first page and the returned NextToken, with the same range, for
// the next one.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_enhanced_tag_Documents_v2_usercollection_enhanced_tag_get
func (c *Client) EnhancedTagsPage(ctx context.Context, start, end Date, nextToken string, opts ...ListOption) (*Page[EnhancedTag], error) {
	return enhancedTagsCol.page(ctx, c, start, end, nextToken, opts)
}

// EnhancedTagByID returns one enhanced_tag document by its id.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Single_enhanced_tag_Document_v2_usercollection_enhanced_tag__document_id__get
func (c *Client) EnhancedTagByID(ctx context.Context, id string) (*EnhancedTag, error) {
	return enhancedTagsCol.byID(ctx, c, id)
}

// RestModePeriods returns the rest mode periods that overlap start through
// end, both included (start_day..end_day; a period not ended covers every
// day from its start), collecting every page. On error it returns nil and the error.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_rest_mode_period_Documents_v2_usercollection_rest_mode_period_get
func (c *Client) RestModePeriods(ctx context.Context, start, end Date, opts ...ListOption) ([]RestModePeriod, error) {
	return restModePeriodsCol.list(ctx, c, start, end, opts)
}

// RestModePeriodsIter streams the rest mode periods that overlap start through end, fetching one page at
// a time as the loop asks for more. An error is yielded once, last.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_rest_mode_period_Documents_v2_usercollection_rest_mode_period_get
func (c *Client) RestModePeriodsIter(ctx context.Context, start, end Date, opts ...ListOption) iter.Seq2[RestModePeriod, error] {
	return restModePeriodsCol.iter(ctx, c, start, end, opts)
}

// RestModePeriodsPage returns one page of the rest mode periods that overlap start through end; pass ""
// for the first page and the returned NextToken, with the same range, for
// the next one.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_rest_mode_period_Documents_v2_usercollection_rest_mode_period_get
func (c *Client) RestModePeriodsPage(ctx context.Context, start, end Date, nextToken string, opts ...ListOption) (*Page[RestModePeriod], error) {
	return restModePeriodsCol.page(ctx, c, start, end, nextToken, opts)
}

// RestModePeriodByID returns one rest_mode_period document by its id.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Single_rest_mode_period_Document_v2_usercollection_rest_mode_period__document_id__get
func (c *Client) RestModePeriodByID(ctx context.Context, id string) (*RestModePeriod, error) {
	return restModePeriodsCol.byID(ctx, c, id)
}

// Sessions returns the sessions of every day from start through end, both
// included, collecting every page. On error it returns nil and the error.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_session_Documents_v2_usercollection_session_get
func (c *Client) Sessions(ctx context.Context, start, end Date, opts ...ListOption) ([]Session, error) {
	return sessionsCol.list(ctx, c, start, end, opts)
}

// SessionsIter streams the sessions of start through end, fetching one page at
// a time as the loop asks for more. An error is yielded once, last.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_session_Documents_v2_usercollection_session_get
func (c *Client) SessionsIter(ctx context.Context, start, end Date, opts ...ListOption) iter.Seq2[Session, error] {
	return sessionsCol.iter(ctx, c, start, end, opts)
}

// SessionsPage returns one page of the sessions of start through end; pass ""
// for the first page and the returned NextToken, with the same range, for
// the next one.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_session_Documents_v2_usercollection_session_get
func (c *Client) SessionsPage(ctx context.Context, start, end Date, nextToken string, opts ...ListOption) (*Page[Session], error) {
	return sessionsCol.page(ctx, c, start, end, nextToken, opts)
}

// SessionByID returns one session document by its id.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Single_session_Document_v2_usercollection_session__document_id__get
func (c *Client) SessionByID(ctx context.Context, id string) (*Session, error) {
	return sessionsCol.byID(ctx, c, id)
}

// SleepPeriods returns the sleep periods of every day from start through end, both
// included, collecting every page. On error it returns nil and the error.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_sleep_Documents_v2_usercollection_sleep_get
func (c *Client) SleepPeriods(ctx context.Context, start, end Date, opts ...ListOption) ([]SleepPeriod, error) {
	return sleepPeriodsCol.list(ctx, c, start, end, opts)
}

// SleepPeriodsIter streams the sleep periods of start through end, fetching one page at
// a time as the loop asks for more. An error is yielded once, last.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_sleep_Documents_v2_usercollection_sleep_get
func (c *Client) SleepPeriodsIter(ctx context.Context, start, end Date, opts ...ListOption) iter.Seq2[SleepPeriod, error] {
	return sleepPeriodsCol.iter(ctx, c, start, end, opts)
}

// SleepPeriodsPage returns one page of the sleep periods of start through end; pass ""
// for the first page and the returned NextToken, with the same range, for
// the next one.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_sleep_Documents_v2_usercollection_sleep_get
func (c *Client) SleepPeriodsPage(ctx context.Context, start, end Date, nextToken string, opts ...ListOption) (*Page[SleepPeriod], error) {
	return sleepPeriodsCol.page(ctx, c, start, end, nextToken, opts)
}

// SleepPeriodByID returns one sleep document by its id.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Single_sleep_Document_v2_usercollection_sleep__document_id__get
func (c *Client) SleepPeriodByID(ctx context.Context, id string) (*SleepPeriod, error) {
	return sleepPeriodsCol.byID(ctx, c, id)
}

// SleepTimes returns the bedtime recommendations of every day from start through end, both
// included, collecting every page. On error it returns nil and the error.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_sleep_time_Documents_v2_usercollection_sleep_time_get
func (c *Client) SleepTimes(ctx context.Context, start, end Date, opts ...ListOption) ([]SleepTime, error) {
	return sleepTimesCol.list(ctx, c, start, end, opts)
}

// SleepTimesIter streams the bedtime recommendations of start through end, fetching one page at
// a time as the loop asks for more. An error is yielded once, last.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_sleep_time_Documents_v2_usercollection_sleep_time_get
func (c *Client) SleepTimesIter(ctx context.Context, start, end Date, opts ...ListOption) iter.Seq2[SleepTime, error] {
	return sleepTimesCol.iter(ctx, c, start, end, opts)
}

// SleepTimesPage returns one page of the bedtime recommendations of start through end; pass ""
// for the first page and the returned NextToken, with the same range, for
// the next one.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_sleep_time_Documents_v2_usercollection_sleep_time_get
func (c *Client) SleepTimesPage(ctx context.Context, start, end Date, nextToken string, opts ...ListOption) (*Page[SleepTime], error) {
	return sleepTimesCol.page(ctx, c, start, end, nextToken, opts)
}

// SleepTimeByID returns one sleep_time document by its id.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Single_sleep_time_Document_v2_usercollection_sleep_time__document_id__get
func (c *Client) SleepTimeByID(ctx context.Context, id string) (*SleepTime, error) {
	return sleepTimesCol.byID(ctx, c, id)
}

// Tags returns the tags of every day from start through end, both
// included, collecting every page. On error it returns nil and the error.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_tag_Documents_v2_usercollection_tag_get
//
// Deprecated: Oura superseded tags with enhanced tags; use [Client.EnhancedTags].
func (c *Client) Tags(ctx context.Context, start, end Date, opts ...ListOption) ([]Tag, error) {
	return tagsCol.list(ctx, c, start, end, opts)
}

// TagsIter streams the tags of start through end, fetching one page at
// a time as the loop asks for more. An error is yielded once, last.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_tag_Documents_v2_usercollection_tag_get
//
// Deprecated: Oura superseded tags with enhanced tags; use [Client.EnhancedTags].
func (c *Client) TagsIter(ctx context.Context, start, end Date, opts ...ListOption) iter.Seq2[Tag, error] {
	return tagsCol.iter(ctx, c, start, end, opts)
}

// TagsPage returns one page of the tags of start through end; pass ""
// for the first page and the returned NextToken, with the same range, for
// the next one.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_tag_Documents_v2_usercollection_tag_get
//
// Deprecated: Oura superseded tags with enhanced tags; use [Client.EnhancedTags].
func (c *Client) TagsPage(ctx context.Context, start, end Date, nextToken string, opts ...ListOption) (*Page[Tag], error) {
	return tagsCol.page(ctx, c, start, end, nextToken, opts)
}

// TagByID returns one tag document by its id.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Single_tag_Document_v2_usercollection_tag__document_id__get
//
// Deprecated: Oura superseded tags with enhanced tags; use [Client.EnhancedTags].
func (c *Client) TagByID(ctx context.Context, id string) (*Tag, error) {
	return tagsCol.byID(ctx, c, id)
}

// VO2Max returns the VO2 max estimates of every day from start through end, both
// included, collecting every page. On error it returns nil and the error.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_vO2_max_Documents_v2_usercollection_vO2_max_get
func (c *Client) VO2Max(ctx context.Context, start, end Date, opts ...ListOption) ([]VO2Max, error) {
	return vO2MaxCol.list(ctx, c, start, end, opts)
}

// VO2MaxIter streams the VO2 max estimates of start through end, fetching one page at
// a time as the loop asks for more. An error is yielded once, last.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_vO2_max_Documents_v2_usercollection_vO2_max_get
func (c *Client) VO2MaxIter(ctx context.Context, start, end Date, opts ...ListOption) iter.Seq2[VO2Max, error] {
	return vO2MaxCol.iter(ctx, c, start, end, opts)
}

// VO2MaxPage returns one page of the VO2 max estimates of start through end; pass ""
// for the first page and the returned NextToken, with the same range, for
// the next one.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_vO2_max_Documents_v2_usercollection_vO2_max_get
func (c *Client) VO2MaxPage(ctx context.Context, start, end Date, nextToken string, opts ...ListOption) (*Page[VO2Max], error) {
	return vO2MaxCol.page(ctx, c, start, end, nextToken, opts)
}

// VO2MaxByID returns one vO2_max document by its id.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Single_vO2_max_Document_v2_usercollection_vO2_max__document_id__get
func (c *Client) VO2MaxByID(ctx context.Context, id string) (*VO2Max, error) {
	return vO2MaxCol.byID(ctx, c, id)
}

// Workouts returns the workouts of every day from start through end, both
// included, collecting every page. On error it returns nil and the error.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_workout_Documents_v2_usercollection_workout_get
func (c *Client) Workouts(ctx context.Context, start, end Date, opts ...ListOption) ([]Workout, error) {
	return workoutsCol.list(ctx, c, start, end, opts)
}

// WorkoutsIter streams the workouts of start through end, fetching one page at
// a time as the loop asks for more. An error is yielded once, last.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_workout_Documents_v2_usercollection_workout_get
func (c *Client) WorkoutsIter(ctx context.Context, start, end Date, opts ...ListOption) iter.Seq2[Workout, error] {
	return workoutsCol.iter(ctx, c, start, end, opts)
}

// WorkoutsPage returns one page of the workouts of start through end; pass ""
// for the first page and the returned NextToken, with the same range, for
// the next one.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_workout_Documents_v2_usercollection_workout_get
func (c *Client) WorkoutsPage(ctx context.Context, start, end Date, nextToken string, opts ...ListOption) (*Page[Workout], error) {
	return workoutsCol.page(ctx, c, start, end, nextToken, opts)
}

// WorkoutByID returns one workout document by its id.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Single_workout_Document_v2_usercollection_workout__document_id__get
func (c *Client) WorkoutByID(ctx context.Context, id string) (*Workout, error) {
	return workoutsCol.byID(ctx, c, id)
}

// HeartRate returns the heart-rate samples taken in [start, end) (start included, end
// excluded), in time order, collecting every page. Ranges over 30 days are
// split into several requests, as Oura requires; samples on a seam come
// once. With [Latest] it returns only the latest sample of the range. On
// error it returns nil and the error.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_heartrate_Documents_v2_usercollection_heartrate_get
func (c *Client) HeartRate(ctx context.Context, start, end time.Time, opts ...ListOption) ([]HeartRate, error) {
	return heartRateCol.list(ctx, c, start, end, opts)
}

// HeartRateIter streams the heart-rate samples of [start, end), fetching one page (about 1,000 samples)
// at a time as the loop asks for more. An error is yielded once, last.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_heartrate_Documents_v2_usercollection_heartrate_get
func (c *Client) HeartRateIter(ctx context.Context, start, end time.Time, opts ...ListOption) iter.Seq2[HeartRate, error] {
	return heartRateCol.iter(ctx, c, start, end, opts)
}

// HeartRatePage returns one page of the heart-rate samples of [start, end),
// which must span less than 30 days (Oura's limit, less a minute of
// padding); pass "" for the first page and the returned NextToken, with the
// same range, for the next one. With [Latest] the page holds the latest
// sample alone.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_heartrate_Documents_v2_usercollection_heartrate_get
func (c *Client) HeartRatePage(ctx context.Context, start, end time.Time, nextToken string, opts ...ListOption) (*Page[HeartRate], error) {
	return heartRateCol.page(ctx, c, start, end, nextToken, opts)
}

// RingBatteryLevel returns the ring battery-level samples taken in [start, end) (start included, end
// excluded), in time order, collecting every page. Ranges over 30 days are
// split into several requests, as Oura requires; samples on a seam come
// once. With [Latest] it returns only the latest sample of the range. On
// error it returns nil and the error.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_ring_battery_level_Documents_v2_usercollection_ring_battery_level_get
func (c *Client) RingBatteryLevel(ctx context.Context, start, end time.Time, opts ...ListOption) ([]RingBatteryLevel, error) {
	return ringBatteryLevelCol.list(ctx, c, start, end, opts)
}

// RingBatteryLevelIter streams the ring battery-level samples of [start, end), fetching one page
// at a time as the loop asks for more. An error is yielded once, last.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_ring_battery_level_Documents_v2_usercollection_ring_battery_level_get
func (c *Client) RingBatteryLevelIter(ctx context.Context, start, end time.Time, opts ...ListOption) iter.Seq2[RingBatteryLevel, error] {
	return ringBatteryLevelCol.iter(ctx, c, start, end, opts)
}

// RingBatteryLevelPage returns one page of the ring battery-level samples of [start, end),
// which must span less than 30 days (Oura's limit, less a minute of
// padding); pass "" for the first page and the returned NextToken, with the
// same range, for the next one. With [Latest] the page holds the latest
// sample alone.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_ring_battery_level_Documents_v2_usercollection_ring_battery_level_get
func (c *Client) RingBatteryLevelPage(ctx context.Context, start, end time.Time, nextToken string, opts ...ListOption) (*Page[RingBatteryLevel], error) {
	return ringBatteryLevelCol.page(ctx, c, start, end, nextToken, opts)
}

// RingConfigurations returns every ring the user has set up, collecting
// every page. On error it returns nil and the error.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_ring_configuration_Documents_v2_usercollection_ring_configuration_get
func (c *Client) RingConfigurations(ctx context.Context, opts ...ListOption) ([]RingConfiguration, error) {
	return collect(ringConfigurationsCol.iter(ctx, c, opts))
}

// RingConfigurationsIter streams the user's rings, one page at a time.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_ring_configuration_Documents_v2_usercollection_ring_configuration_get
func (c *Client) RingConfigurationsIter(ctx context.Context, opts ...ListOption) iter.Seq2[RingConfiguration, error] {
	return ringConfigurationsCol.iter(ctx, c, opts)
}

// RingConfigurationsPage returns one page of the user's rings; pass "" for
// the first page and the returned NextToken for the next one.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_ring_configuration_Documents_v2_usercollection_ring_configuration_get
func (c *Client) RingConfigurationsPage(ctx context.Context, nextToken string, opts ...ListOption) (*Page[RingConfiguration], error) {
	return ringConfigurationsCol.page(ctx, c, nextToken, opts)
}

// RingConfigurationByID returns one ring configuration by its id.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Single_ring_configuration_Document_v2_usercollection_ring_configuration__document_id__get
func (c *Client) RingConfigurationByID(ctx context.Context, id string) (*RingConfiguration, error) {
	return ringConfigurationsCol.byID(ctx, c, id)
}

// PersonalInfo returns the user's profile (age, weight, height, biological
// sex and email, as the granted scopes allow). It is not part of the
// sandbox and is always asked of the real collection routes.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Single_Personal_Info_Document_v2_usercollection_personal_info_get
func (c *Client) PersonalInfo(ctx context.Context) (*PersonalInfo, error) {
	return getOne[PersonalInfo](ctx, c, "PersonalInfo", "/v2/usercollection/personal_info")
}
