package ouratest

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/ringkit/oura-go/oura"
)

// Clock makes a dataset move with a clock: only the days up to today (in
// the user's time zone) and the samples before now exist, so days arrive
// as now moves on. Moving is a dataset with its own clock.
func Clock(now func() time.Time) DatasetOption {
	return func(ds *Dataset) { ds.clock = now }
}

// today returns the last day that exists, when the dataset has a clock.
func (ds *Dataset) today() (oura.Date, bool) {
	if ds.clock == nil {
		return oura.Date{}, false
	}
	return oura.DateOf(ds.clock().In(ds.loc)), true
}

// Moving is a dataset that changes over time as Oura's does: a clock that
// tests move (new days and samples arrive), documents revised, sleep
// periods turned into "rest" or "deleted", documents removed, late data
// for past days; and a webhook event for each change, as Oura would
// deliver it. Serve it with WithDataset(m.Dataset); deliver its events
// with Server.DeliverTo.
//
//	m := ouratest.NewMoving(time.Now())
//	srv := ouratest.NewServer(ouratest.WithDataset(m.Dataset))
//	events := m.Step() // a day later, with revisions, deletions, late data
type Moving struct {
	*Dataset

	mu      sync.Mutex
	now     time.Time
	seq     int
	pending []oura.WebhookEvent
}

// NewMoving returns a moving synthetic dataset whose clock reads now.
func NewMoving(now time.Time, opts ...DatasetOption) *Moving {
	m := &Moving{now: now}
	m.Dataset = NewDataset(append(slices.Clone(opts), Clock(m.Now))...)
	return m
}

// Now returns the dataset's clock.
func (m *Moving) Now() time.Time {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.now
}

// Today returns the dataset's last day, in the user's time zone.
func (m *Moving) Today() oura.Date { d, _ := m.today(); return d }

// Advance moves the clock on by d: the days it reaches arrive, with a
// create event for each of their documents.
func (m *Moving) Advance(d time.Duration) []oura.WebhookEvent {
	before := m.Today()
	m.mu.Lock()
	m.now = m.now.Add(d)
	m.mu.Unlock()
	var evs []oura.WebhookEvent
	for _, path := range slices.Sorted(maps.Keys(registry)) {
		c := registry[path]
		if c.kind != dayKind {
			continue
		}
		for _, doc := range m.days(c, before.AddDays(1), m.Today()) {
			evs = append(evs, m.event(oura.WebhookEventTypeCreate, c, doc))
		}
	}
	m.record(evs)
	return evs
}

// Put adds or replaces documents, as Dataset.Put, with a create or update
// event for each.
func (m *Moving) Put(docs ...any) error {
	var evs []oura.WebhookEvent
	for _, d := range docs {
		c, v, ok := collectionOf(d)
		if !ok || c.kind != dayKind && c.kind != listKind {
			continue // profiles and samples have no webhooks
		}
		et := oura.WebhookEventTypeCreate
		if _, exists := m.byID(c, c.keyOf(v)); exists {
			et = oura.WebhookEventTypeUpdate
		}
		evs = append(evs, m.event(et, c, v))
	}
	if err := m.Dataset.Put(docs...); err != nil {
		return err
	}
	m.record(evs)
	return nil
}

// Remove takes documents away, as Dataset.Remove, with a delete event for
// each.
func (m *Moving) Remove(docs ...any) error {
	var evs []oura.WebhookEvent
	for _, d := range docs {
		if c, v, ok := collectionOf(d); ok && c.kind != seriesKind {
			evs = append(evs, m.event(oura.WebhookEventTypeDelete, c, v))
		}
	}
	if err := m.Dataset.Remove(docs...); err != nil {
		return err
	}
	m.record(evs)
	return nil
}

// Events returns the webhook events of the changes made since the last
// call, in order, and forgets them.
func (m *Moving) Events() []oura.WebhookEvent {
	m.mu.Lock()
	defer m.mu.Unlock()
	evs := m.pending
	m.pending = nil
	return evs
}

func (m *Moving) record(evs []oura.WebhookEvent) {
	m.mu.Lock()
	m.pending = append(m.pending, evs...)
	m.mu.Unlock()
}

func (m *Moving) event(et oura.WebhookEventType, c *collection, doc any) oura.WebhookEvent {
	return oura.WebhookEvent{EventType: et, DataType: dataTypeOf(c), ObjectID: c.keyOf(doc),
		EventTime: m.Now().UTC().Truncate(time.Second), UserID: m.PersonalInfo().ID}
}

// dataTypeOf is the webhook data type of a collection's documents.
func dataTypeOf(c *collection) oura.WebhookDataType {
	return oura.WebhookDataType(strings.ToLower(c.path))
}

// ReviseSleepScore gives day's daily sleep document a new score, as Oura
// does when it reprocesses a night.
func (m *Moving) ReviseSleepScore(day oura.Date) error {
	docs := m.DailySleep(day, day)
	if len(docs) == 0 {
		return fmt.Errorf("ouratest: ReviseSleepScore: no daily sleep on %s", day)
	}
	v := docs[0]
	score := 77
	if v.Score != nil {
		score = (*v.Score+13)%50 + 45
	}
	v.Score = &score
	return m.Put(v)
}

// SetSleepType changes the type of day's first sleep period, for example to
// oura.SleepTypeRest or oura.SleepTypeDeleted.
func (m *Moving) SetSleepType(day oura.Date, t oura.SleepType) error {
	docs := m.SleepPeriods(day, day)
	if len(docs) == 0 {
		return fmt.Errorf("ouratest: SetSleepType: no sleep period on %s", day)
	}
	v := docs[0]
	v.Type = &t
	return m.Put(v)
}

// RemoveWorkout removes the workout of the latest day at or before day
// that has one, and returns it.
func (m *Moving) RemoveWorkout(day oura.Date) (oura.Workout, error) {
	for d := day; d.After(day.AddDays(-31)); d = d.AddDays(-1) {
		if ws := m.Workouts(d, d); len(ws) > 0 {
			return ws[0], m.Remove(ws[0])
		}
	}
	return oura.Workout{}, fmt.Errorf("ouratest: RemoveWorkout: no workout in the month before %s", day)
}

// AddLateSession adds a session to a past day, as a ring that uploads late
// does, and returns it.
func (m *Moving) AddLateSession(day oura.Date) (oura.Session, error) {
	m.mu.Lock()
	m.seq++
	id := fmt.Sprintf("1a7e0000-0000-4000-8000-%012d", m.seq)
	m.mu.Unlock()
	start := m.at(day, 12, 15)
	s := oura.Session{ID: id, Day: day, Type: oura.SessionTypeBreathing, StartDatetime: start, EndDatetime: start.Add(5 * time.Minute)}
	return s, m.Put(s)
}

// Step moves the clock on one day and changes the past as Oura does, all
// within a week: the daily sleep score of 2 days ago is revised, the sleep
// of 3 days ago becomes "rest" and that of 4 days ago "deleted", the
// workout of 5 or 6 days ago is removed (when one is left: workouts come
// every other day), and a session arrives late for 6 days ago. It returns the events of the step, which Events
// returns too.
func (m *Moving) Step() ([]oura.WebhookEvent, error) {
	m.mu.Lock()
	from := len(m.pending)
	m.mu.Unlock()
	m.Advance(24 * time.Hour)
	today := m.Today()
	if err := m.ReviseSleepScore(today.AddDays(-2)); err != nil {
		return nil, err
	}
	if err := m.SetSleepType(today.AddDays(-3), oura.SleepTypeRest); err != nil {
		return nil, err
	}
	if err := m.SetSleepType(today.AddDays(-4), oura.SleepTypeDeleted); err != nil {
		return nil, err
	}
	if ws := m.Workouts(today.AddDays(-6), today.AddDays(-5)); len(ws) > 0 {
		if err := m.Remove(ws[len(ws)-1]); err != nil {
			return nil, err
		}
	}
	if _, err := m.AddLateSession(today.AddDays(-6)); err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.pending[from:]), nil
}
