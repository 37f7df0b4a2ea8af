package oura

import (
	"context"
	"iter"
	"time"
)

// The collections. Each is declared once here and served by the shared
// engine in collection.go and pager.go.
var (
	dailyActivityCol  = dayCollection[DailyActivity]{op: "DailyActivity", one: "DailyActivityByID", path: "daily_activity", day: func(v *DailyActivity) Date { return v.Day }}
	dailyReadinessCol = dayCollection[DailyReadiness]{op: "DailyReadiness", one: "DailyReadinessByID", path: "daily_readiness", day: func(v *DailyReadiness) Date { return v.Day }}
	dailySleepCol     = dayCollection[DailySleep]{op: "DailySleep", one: "DailySleepByID", path: "daily_sleep", day: func(v *DailySleep) Date { return v.Day }}
	sessionsCol       = dayCollection[Session]{op: "Sessions", one: "SessionByID", path: "session", day: func(v *Session) Date { return v.Day }}
	sleepPeriodsCol   = dayCollection[SleepPeriod]{op: "SleepPeriods", one: "SleepPeriodByID", path: "sleep", day: func(v *SleepPeriod) Date { return v.Day }}
	tagsCol           = dayCollection[Tag]{op: "Tags", one: "TagByID", path: "tag", day: func(v *Tag) Date { return v.Day }}
	workoutsCol       = dayCollection[Workout]{op: "Workouts", one: "WorkoutByID", path: "workout", day: func(v *Workout) Date { return v.Day }}
	heartRateCol      = seriesCollection[HeartRate]{op: "HeartRate", path: "heartrate", at: func(v *HeartRate) time.Time { return v.Timestamp }}
)

// DailyActivity returns the daily activity summaries of every day from start through end, both
// included, collecting every page. On error it returns nil and the error.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_daily_activity_Documents_v2_usercollection_daily_activity_get
func (c *Client) DailyActivity(ctx context.Context, start, end Date) ([]DailyActivity, error) {
	return dailyActivityCol.list(ctx, c, start, end)
}

// DailyActivityIter streams the daily activity summaries of start through end, fetching one page at
// a time as the loop asks for more. An error is yielded once, last.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_daily_activity_Documents_v2_usercollection_daily_activity_get
func (c *Client) DailyActivityIter(ctx context.Context, start, end Date) iter.Seq2[DailyActivity, error] {
	return dailyActivityCol.iter(ctx, c, start, end)
}

// DailyActivityPage returns one page of the daily activity summaries of start through end; pass
// "" for the first page and the returned NextToken, with the same range,
// for the next one.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_daily_activity_Documents_v2_usercollection_daily_activity_get
func (c *Client) DailyActivityPage(ctx context.Context, start, end Date, nextToken string) (*Page[DailyActivity], error) {
	return dailyActivityCol.page(ctx, c, start, end, nextToken)
}

// DailyActivityByID returns one document of daily_activity by its id.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Single_daily_activity_Document_v2_usercollection_daily_activity__document_id__get
func (c *Client) DailyActivityByID(ctx context.Context, id string) (*DailyActivity, error) {
	return dailyActivityCol.byID(ctx, c, id)
}

// DailyReadiness returns the daily readiness summaries of every day from start through end, both
// included, collecting every page. On error it returns nil and the error.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_daily_readiness_Documents_v2_usercollection_daily_readiness_get
func (c *Client) DailyReadiness(ctx context.Context, start, end Date) ([]DailyReadiness, error) {
	return dailyReadinessCol.list(ctx, c, start, end)
}

// DailyReadinessIter streams the daily readiness summaries of start through end, fetching one page at
// a time as the loop asks for more. An error is yielded once, last.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_daily_readiness_Documents_v2_usercollection_daily_readiness_get
func (c *Client) DailyReadinessIter(ctx context.Context, start, end Date) iter.Seq2[DailyReadiness, error] {
	return dailyReadinessCol.iter(ctx, c, start, end)
}

// DailyReadinessPage returns one page of the daily readiness summaries of start through end; pass
// "" for the first page and the returned NextToken, with the same range,
// for the next one.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_daily_readiness_Documents_v2_usercollection_daily_readiness_get
func (c *Client) DailyReadinessPage(ctx context.Context, start, end Date, nextToken string) (*Page[DailyReadiness], error) {
	return dailyReadinessCol.page(ctx, c, start, end, nextToken)
}

// DailyReadinessByID returns one document of daily_readiness by its id.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Single_daily_readiness_Document_v2_usercollection_daily_readiness__document_id__get
func (c *Client) DailyReadinessByID(ctx context.Context, id string) (*DailyReadiness, error) {
	return dailyReadinessCol.byID(ctx, c, id)
}

// DailySleep returns the daily sleep scores of every day from start through end, both
// included, collecting every page. On error it returns nil and the error.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_daily_sleep_Documents_v2_usercollection_daily_sleep_get
func (c *Client) DailySleep(ctx context.Context, start, end Date) ([]DailySleep, error) {
	return dailySleepCol.list(ctx, c, start, end)
}

// DailySleepIter streams the daily sleep scores of start through end, fetching one page at
// a time as the loop asks for more. An error is yielded once, last.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_daily_sleep_Documents_v2_usercollection_daily_sleep_get
func (c *Client) DailySleepIter(ctx context.Context, start, end Date) iter.Seq2[DailySleep, error] {
	return dailySleepCol.iter(ctx, c, start, end)
}

// DailySleepPage returns one page of the daily sleep scores of start through end; pass
// "" for the first page and the returned NextToken, with the same range,
// for the next one.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_daily_sleep_Documents_v2_usercollection_daily_sleep_get
func (c *Client) DailySleepPage(ctx context.Context, start, end Date, nextToken string) (*Page[DailySleep], error) {
	return dailySleepCol.page(ctx, c, start, end, nextToken)
}

// DailySleepByID returns one document of daily_sleep by its id.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Single_daily_sleep_Document_v2_usercollection_daily_sleep__document_id__get
func (c *Client) DailySleepByID(ctx context.Context, id string) (*DailySleep, error) {
	return dailySleepCol.byID(ctx, c, id)
}

// Sessions returns the sessions of every day from start through end, both
// included, collecting every page. On error it returns nil and the error.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_session_Documents_v2_usercollection_session_get
func (c *Client) Sessions(ctx context.Context, start, end Date) ([]Session, error) {
	return sessionsCol.list(ctx, c, start, end)
}

// SessionsIter streams the sessions of start through end, fetching one page at
// a time as the loop asks for more. An error is yielded once, last.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_session_Documents_v2_usercollection_session_get
func (c *Client) SessionsIter(ctx context.Context, start, end Date) iter.Seq2[Session, error] {
	return sessionsCol.iter(ctx, c, start, end)
}

// SessionsPage returns one page of the sessions of start through end; pass
// "" for the first page and the returned NextToken, with the same range,
// for the next one.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_session_Documents_v2_usercollection_session_get
func (c *Client) SessionsPage(ctx context.Context, start, end Date, nextToken string) (*Page[Session], error) {
	return sessionsCol.page(ctx, c, start, end, nextToken)
}

// SessionByID returns one document of session by its id.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Single_session_Document_v2_usercollection_session__document_id__get
func (c *Client) SessionByID(ctx context.Context, id string) (*Session, error) {
	return sessionsCol.byID(ctx, c, id)
}

// SleepPeriods returns the sleep periods of every day from start through end, both
// included, collecting every page. On error it returns nil and the error.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_sleep_Documents_v2_usercollection_sleep_get
func (c *Client) SleepPeriods(ctx context.Context, start, end Date) ([]SleepPeriod, error) {
	return sleepPeriodsCol.list(ctx, c, start, end)
}

// SleepPeriodsIter streams the sleep periods of start through end, fetching one page at
// a time as the loop asks for more. An error is yielded once, last.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_sleep_Documents_v2_usercollection_sleep_get
func (c *Client) SleepPeriodsIter(ctx context.Context, start, end Date) iter.Seq2[SleepPeriod, error] {
	return sleepPeriodsCol.iter(ctx, c, start, end)
}

// SleepPeriodsPage returns one page of the sleep periods of start through end; pass
// "" for the first page and the returned NextToken, with the same range,
// for the next one.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_sleep_Documents_v2_usercollection_sleep_get
func (c *Client) SleepPeriodsPage(ctx context.Context, start, end Date, nextToken string) (*Page[SleepPeriod], error) {
	return sleepPeriodsCol.page(ctx, c, start, end, nextToken)
}

// SleepPeriodByID returns one document of sleep by its id.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Single_sleep_Document_v2_usercollection_sleep__document_id__get
func (c *Client) SleepPeriodByID(ctx context.Context, id string) (*SleepPeriod, error) {
	return sleepPeriodsCol.byID(ctx, c, id)
}

// Tags returns the tags of every day from start through end, both
// included, collecting every page. On error it returns nil and the error.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_tag_Documents_v2_usercollection_tag_get
func (c *Client) Tags(ctx context.Context, start, end Date) ([]Tag, error) {
	return tagsCol.list(ctx, c, start, end)
}

// TagsIter streams the tags of start through end, fetching one page at
// a time as the loop asks for more. An error is yielded once, last.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_tag_Documents_v2_usercollection_tag_get
func (c *Client) TagsIter(ctx context.Context, start, end Date) iter.Seq2[Tag, error] {
	return tagsCol.iter(ctx, c, start, end)
}

// TagsPage returns one page of the tags of start through end; pass
// "" for the first page and the returned NextToken, with the same range,
// for the next one.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_tag_Documents_v2_usercollection_tag_get
func (c *Client) TagsPage(ctx context.Context, start, end Date, nextToken string) (*Page[Tag], error) {
	return tagsCol.page(ctx, c, start, end, nextToken)
}

// TagByID returns one document of tag by its id.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Single_tag_Document_v2_usercollection_tag__document_id__get
func (c *Client) TagByID(ctx context.Context, id string) (*Tag, error) {
	return tagsCol.byID(ctx, c, id)
}

// Workouts returns the workouts of every day from start through end, both
// included, collecting every page. On error it returns nil and the error.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_workout_Documents_v2_usercollection_workout_get
func (c *Client) Workouts(ctx context.Context, start, end Date) ([]Workout, error) {
	return workoutsCol.list(ctx, c, start, end)
}

// WorkoutsIter streams the workouts of start through end, fetching one page at
// a time as the loop asks for more. An error is yielded once, last.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_workout_Documents_v2_usercollection_workout_get
func (c *Client) WorkoutsIter(ctx context.Context, start, end Date) iter.Seq2[Workout, error] {
	return workoutsCol.iter(ctx, c, start, end)
}

// WorkoutsPage returns one page of the workouts of start through end; pass
// "" for the first page and the returned NextToken, with the same range,
// for the next one.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_workout_Documents_v2_usercollection_workout_get
func (c *Client) WorkoutsPage(ctx context.Context, start, end Date, nextToken string) (*Page[Workout], error) {
	return workoutsCol.page(ctx, c, start, end, nextToken)
}

// WorkoutByID returns one document of workout by its id.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Single_workout_Document_v2_usercollection_workout__document_id__get
func (c *Client) WorkoutByID(ctx context.Context, id string) (*Workout, error) {
	return workoutsCol.byID(ctx, c, id)
}

// HeartRate returns the heart-rate samples taken in [start, end) (start
// included, end excluded), in time order, collecting every page. Ranges
// over 30 days are split into several requests, as Oura requires; samples
// on a seam come once. On error it returns nil and the error.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_heartrate_Documents_v2_usercollection_heartrate_get
func (c *Client) HeartRate(ctx context.Context, start, end time.Time) ([]HeartRate, error) {
	return heartRateCol.list(ctx, c, start, end)
}

// HeartRateIter streams the heart-rate samples of [start, end), fetching
// one page (about 1,000 samples) at a time as the loop asks for more. An
// error is yielded once, last.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_heartrate_Documents_v2_usercollection_heartrate_get
func (c *Client) HeartRateIter(ctx context.Context, start, end time.Time) iter.Seq2[HeartRate, error] {
	return heartRateCol.iter(ctx, c, start, end)
}

// HeartRatePage returns one page of the heart-rate samples of [start, end),
// which must span at most 30 days; pass "" for the first page and the
// returned NextToken, with the same range, for the next one.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_heartrate_Documents_v2_usercollection_heartrate_get
func (c *Client) HeartRatePage(ctx context.Context, start, end time.Time, nextToken string) (*Page[HeartRate], error) {
	return heartRateCol.page(ctx, c, start, end, nextToken)
}
