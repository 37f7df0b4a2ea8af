package gen

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ringkit/oura-go/internal/catalog"
)

// meal is a collection Oura might add: one row is all it needs.
var meal = catalog.Collection{Path: "meal", Kind: catalog.Day, Type: "Meal", Method: "Meals", ByID: "MealByID",
	RangeField: "day", RangeGoField: "Day", Doc: "meals", Summary: "meal", Webhook: "Meal", FakeIndex: 16, Key: []string{"ID"}}

const mealSpec = `{"paths": {
	"/v2/usercollection/meal": {"get": {"parameters": [
		{"name": "start_date", "in": "query"}, {"name": "end_date", "in": "query"},
		{"name": "next_token", "in": "query"}, {"name": "fields", "in": "query"}]}},
	"/v2/usercollection/meal/{document_id}": {"get": {"parameters": [{"name": "document_id", "in": "path"}]}},
	"/v2/sandbox/usercollection/meal": {"get": {"parameters": [
		{"name": "start_date", "in": "query"}, {"name": "end_date", "in": "query"}, {"name": "next_token", "in": "query"}]}}
}}`

func TestOneRowMakesEveryPart(t *testing.T) {
	t.Parallel()
	readme := "intro\n" + ReadmeBegin + "old table\n" + ReadmeEnd + "rest\n"
	files, err := Generated([]catalog.Collection{meal}, []byte(mealSpec), []byte(readme), nil)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range files {
		got[f.Path] = string(f.Data)
	}
	for path, want := range map[string][]string{
		"oura/collections.go": {
			`mealsCol = dayCollection[Meal]{op: "Meals", one: "MealByID", path: "meal", day: func(v *Meal) Date { return v.Day }, key: func(v *Meal) recordKey { return idKey(v.ID) }}`,
			"func (c *Client) Meals(ctx context.Context, start, end Date, opts ...ListOption) ([]Meal, error) {",
			"func (c *Client) MealsIter(ctx context.Context, start, end Date, opts ...ListOption) iter.Seq2[Meal, error] {",
			"func (c *Client) MealsPage(ctx context.Context, start, end Date, nextToken string, opts ...ListOption) (*Page[Meal], error) {",
			"func (c *Client) MealByID(ctx context.Context, id string) (*Meal, error) {",
			"// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Multiple_meal_Documents_v2_usercollection_meal_get",
			"// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Single_meal_Document_v2_usercollection_meal__document_id__get",
		},
		"oura/webhook_fetch.go": {"case WebhookDataTypeMeal:\n\t\treturn document(c.MealByID(ctx, id))"},
		"oura/ouratest/collections.go": {
			`"meal": dayCollection("meal", 16,`,
			`routes{params: []string{"start_date", "end_date", "next_token", "fields"}, sandbox: []string{"start_date", "end_date", "next_token"}, byID: true, sandboxByID: false},
			nil,
			func(v *oura.Meal) string { return v.ID },`, // no synthetic meals yet: only those put are served
			"func (ds *Dataset) Meals(start, end oura.Date) []oura.Meal {",
		},
		"README.md": {"intro\n" + ReadmeBegin + "| collection | path | methods | range |\n| --- | --- | --- | --- |\n" +
			"| meals | `meal` | `Meals`, `MealsIter`, `MealsPage`, `MealByID` | days, by `day` |\n" +
			"| the user's profile | `personal_info` | `PersonalInfo` | none |\n" + ReadmeEnd + "rest\n"},
	} {
		for _, w := range want {
			if !strings.Contains(got[path], w) {
				t.Errorf("%s lacks %q:\n%s", path, w, got[path])
			}
		}
	}
	if diff := cmp.Diff([]string{"oura/collections.go", "oura/webhook_fetch.go", "oura/ouratest/collections.go", "README.md"},
		[]string{files[0].Path, files[1].Path, files[2].Path, files[3].Path}); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
}

func TestTableAndSpecMustAgree(t *testing.T) {
	t.Parallel()
	noByID := meal
	noByID.ByID = ""
	series := meal
	series.Kind = catalog.Series
	other := meal
	other.Path = "snack"
	readme := []byte(ReadmeBegin + ReadmeEnd)
	for _, tc := range []struct {
		name string
		col  catalog.Collection
		spec string
		want string
	}{
		{"by-id route without a method", noByID, mealSpec, "disagree on whether meal has a by-id route"},
		{"wrong kind", series, mealSpec, "takes no start_datetime, but the table says it is a series collection"},
		{"no route", other, mealSpec, "the spec has no GET /v2/usercollection/snack"},
		{"bad spec", meal, "{", "reading the spec"},
	} {
		_, err := Generated([]catalog.Collection{tc.col}, []byte(tc.spec), readme, nil)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", tc.name, err, tc.want)
		}
	}
	if _, err := Generated([]catalog.Collection{meal}, []byte(mealSpec), []byte("no markers"), nil); err == nil {
		t.Error("a README without markers was accepted")
	}
}

func TestFakeGeneratorsAreTheDatasetsMethods(t *testing.T) {
	t.Parallel()
	got, err := FakeGenerators("../../oura/ouratest")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"dailySleep", "sleepPeriods", "vO2Max", "heartRateAt", "heartRateEvery", "ringBatteryLevelAt", "ringConfigurations", "Put"} {
		if !got[m] {
			t.Errorf("FakeGenerators lacks %s", m)
		}
	}
	if got["DailySleep"] { // an accessor of the generated collections.go
		t.Error("FakeGenerators read the generated collections.go")
	}
}
