package ouratest

import (
	"testing"
	"time"

	"github.com/ringkit/oura-go/oura"
)

// A row without synthetic generators (a collection just added to the
// table) lists nothing until documents are put.
func TestCollectionWithoutGeneratorsHasNoSyntheticDocuments(t *testing.T) {
	t.Parallel()
	ds := NewDataset()
	day := dayCollection[oura.Workout]("new_day", 99, routes{}, nil,
		func(v *oura.Workout) string { return v.ID }, func(v *oura.Workout) oura.Date { return v.Day })
	if got := ds.days(day, oura.NewDate(2024, 3, 1), oura.NewDate(2024, 3, 31)); len(got) != 0 {
		t.Errorf("day collection without generator: %d documents", len(got))
	}
	series := seriesCollection[oura.HeartRate]("new_series", routes{}, nil, nil,
		func(v *oura.HeartRate) time.Time { return v.Timestamp }, func(v *oura.HeartRate) string { return seriesKey(v.Timestamp, "") })
	start := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	if w := ds.series(series, start, start.Add(24*time.Hour), true); w.len() != 0 {
		t.Errorf("series without generator: %d rows", w.len())
	}
	list := listCollection[oura.RingConfiguration]("new_list", routes{}, nil, func(v *oura.RingConfiguration) string { return v.ID })
	if got := ds.all(list); len(got) != 0 {
		t.Errorf("list without generator: %d documents", len(got))
	}
}
