package oura

// Hand-written methods of the generated models (models.gen.go).

import (
	"encoding/json"
	"fmt"
)

// UnmarshalJSON decodes a heart-rate source without allocating for the
// known values: a sync of a year holds about 100,000 samples per month.
func (s *HeartRateSource) UnmarshalJSON(b []byte) error {
	switch string(b) {
	case `"awake"`:
		*s = HeartRateSourceAwake
	case `"rest"`:
		*s = HeartRateSourceRest
	case `"sleep"`:
		*s = HeartRateSourceSleep
	case `"workout"`:
		*s = HeartRateSourceWorkout
	case `"live"`:
		*s = HeartRateSourceLive
	case `"session"`:
		*s = HeartRateSourceSession
	default:
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*s = HeartRateSource(v)
	}
	return nil
}

// The webhook request bodies carry the verification token: printing them
// with any verb hides it.

// Format prints r with its verification token hidden.
func (r CreateWebhookSubscriptionRequest) Format(f fmt.State, verb rune) {
	fmt.Fprintf(f, "{CallbackURL: %s, VerificationToken: [hidden], EventType: %s, DataType: %s}",
		r.CallbackURL, r.EventType, r.DataType)
}

// Format prints r with its verification token hidden.
func (r UpdateWebhookSubscriptionRequest) Format(f fmt.State, verb rune) {
	fmt.Fprintf(f, "{VerificationToken: [hidden], CallbackURL: %s, EventType: %s, DataType: %s}",
		deref(r.CallbackURL), deref(r.EventType), deref(r.DataType))
}

func deref[T any](p *T) any {
	if p == nil {
		return "<nil>"
	}
	return *p
}
