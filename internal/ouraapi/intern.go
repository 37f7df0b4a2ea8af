package ouraapi

import "encoding/json"

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
