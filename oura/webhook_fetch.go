package oura

import (
	"context"
	"fmt"
)

// DocumentByID fetches the document a webhook event points at, as a typed
// pointer: *DailySleep for WebhookDataTypeDailySleep, *SleepPeriod for
// WebhookDataTypeSleep, *VO2Max for WebhookDataTypeVO2Max, *Session,
// *Workout, and so on for every data type with a by-id route:
//
//	doc, err := client.DocumentByID(ctx, ev.DataType, ev.ObjectID)
//	if s, ok := doc.(*oura.DailySleep); ok { ... }
//
// A data type without a by-id route (such as meal) or an unknown one is an
// error wrapping ErrInvalidArgument, returned before any request. On error
// the document is nil.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#tag/Webhook-Subscription-Routes
func (c *Client) DocumentByID(ctx context.Context, dataType WebhookDataType, id string) (any, error) {
	switch dataType {
	case WebhookDataTypeDailyActivity:
		return document(c.DailyActivityByID(ctx, id))
	case WebhookDataTypeDailyCardiovascularAge:
		return document(c.DailyCardiovascularAgeByID(ctx, id))
	case WebhookDataTypeDailyReadiness:
		return document(c.DailyReadinessByID(ctx, id))
	case WebhookDataTypeDailyResilience:
		return document(c.DailyResilienceByID(ctx, id))
	case WebhookDataTypeDailySleep:
		return document(c.DailySleepByID(ctx, id))
	case WebhookDataTypeDailySpO2:
		return document(c.DailySpO2ByID(ctx, id))
	case WebhookDataTypeDailyStress:
		return document(c.DailyStressByID(ctx, id))
	case WebhookDataTypeEnhancedTag:
		return document(c.EnhancedTagByID(ctx, id))
	case WebhookDataTypeRestModePeriod:
		return document(c.RestModePeriodByID(ctx, id))
	case WebhookDataTypeRingConfiguration:
		return document(c.RingConfigurationByID(ctx, id))
	case WebhookDataTypeSession:
		return document(c.SessionByID(ctx, id))
	case WebhookDataTypeSleep:
		return document(c.SleepPeriodByID(ctx, id))
	case WebhookDataTypeSleepTime:
		return document(c.SleepTimeByID(ctx, id))
	case WebhookDataTypeTag:
		return document(c.TagByID(ctx, id))
	case WebhookDataTypeVO2Max:
		return document(c.VO2MaxByID(ctx, id))
	case WebhookDataTypeWorkout:
		return document(c.WorkoutByID(ctx, id))
	}
	return nil, fmt.Errorf("oura: DocumentByID: data type %q has no by-id route: %w", dataType, ErrInvalidArgument)
}

// document returns v as an any that is nil on error, never a typed nil.
func document[T any](v *T, err error) (any, error) {
	if err != nil {
		return nil, err
	}
	return v, nil
}
