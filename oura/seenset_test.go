package oura

import (
	"math/rand/v2"
	"testing"
	"time"
)

// TestSeenSetMatchesAMap: the sorted fast path lets through exactly the
// records a plain set of keys does, in order, out of order, at equal
// times, for ids, and after a reset.
func TestSeenSetMatchesAMap(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	base := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	sources := []HeartRateSource{HeartRateSourceAwake, HeartRateSourceRest, ""}
	for round := range 300 {
		s := seenSet[HeartRate]{key: func(v *HeartRate) recordKey { return sampleKey(v.Timestamp, string(v.Source)) }}
		want := map[recordKey]bool{}
		at := 0
		for i := range 200 {
			if round%7 == 0 && i == 100 {
				s.reset()
				clear(want)
			}
			switch r.IntN(10) {
			case 0, 1: // the same time again
			case 2:
				at -= r.IntN(5) // back in time
			default:
				at += r.IntN(3)
			}
			v := HeartRate{Source: sources[r.IntN(len(sources))], BPM: 1}
			if r.IntN(50) != 0 { // now and then a sample without a time
				v.Timestamp = base.Add(time.Duration(at) * time.Second)
			}
			k := sampleKey(v.Timestamp, string(v.Source))
			exp := !want[k] || k == (recordKey{}) // a record without a key always passes
			if got := s.first(&v); got != exp {
				t.Fatalf("round %d step %d: first(%v) = %v, want %v", round, i, k, got, exp)
			}
			want[k] = true
		}
	}
	s := seenSet[HeartRate]{key: func(v *HeartRate) recordKey { return sampleKey(v.Timestamp, string(v.Source)) }}
	if s.first(&HeartRate{}) {
		t.Error("a null element passed")
	}
}
